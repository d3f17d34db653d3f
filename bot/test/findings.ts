import type { Finding } from '@devsecops/shared/findings';

/** Findings used across the bot's tests: what the pipeline reports on the fixture PR (test/fixtures/diffs). */
export const SHELL_TRUE: Finding = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B602',
  message: 'subprocess call with shell=True identified, security issue.',
  severity: 'high',
  nativeSeverity: 'HIGH',
  confidence: 'HIGH',
  location: { path: 'app/main.py', line: 14, column: 12 },
  cwe: [78],
  helpUri: 'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html',
  fingerprint: 'v1:0a1b2c3d4e5f60718293a4b5c6d7e8f9',
};

export const EVAL: Finding = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B307',
  message: 'Use of possibly insecure function - consider using safer ast.literal_eval.',
  severity: 'medium',
  nativeSeverity: 'MEDIUM',
  location: { path: 'app/main.py', line: 29, column: 12 },
  cwe: [78],
  fingerprint: 'v1:1111111111111111aaaaaaaaaaaaaaaa',
};

/** On an unchanged line inside a hunk's context (line 12 `def run(command):` is context). */
export const CONTEXT_LINE: Finding = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B404',
  message: 'Consider possible security implications associated with the subprocess module.',
  severity: 'low',
  location: { path: 'app/main.py', line: 2 },
  fingerprint: 'v1:22222222222222222222222222222222',
};

export const LATEST_TAG: Finding = {
  tool: 'hadolint',
  category: 'dockerfile',
  ruleId: 'DL3007',
  message: 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag',
  severity: 'medium',
  location: { path: 'Dockerfile', line: 1 },
  helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3007',
  fingerprint: 'v1:33333333333333333333333333333333',
};

/** In a file the PR does not touch. */
export const VULNERABLE_PACKAGE: Finding = {
  tool: 'devsecops-sca',
  category: 'sca',
  ruleId: 'GHSA-m2qf-hxjv-5gpq',
  message:
    'flask 2.0.1: Flask vulnerable to possible disclosure of permanent session cookie due to missing Vary: Cookie header',
  severity: 'high',
  location: { path: 'requirements.txt', line: 1 },
  fix: { description: 'Upgrade flask to 2.2.5', fixedVersions: ['2.2.5', '2.3.2'] },
  fingerprint: 'v1:44444444444444444444444444444444',
};

export const ALL_FINDINGS: readonly Finding[] = [SHELL_TRUE, EVAL, CONTEXT_LINE, LATEST_TAG, VULNERABLE_PACKAGE];
