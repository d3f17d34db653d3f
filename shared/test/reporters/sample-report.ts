import type { Finding } from '../../src/findings';
import type { ReportInput } from '../../src/reports';
import type { Suppression } from '../../src/config';
import type { ToolRun } from '../../src/engines';

/**
 * A realistic multi-tool scan for reporter tests: columns and ranges, CWE,
 * fixes, tool properties, unicode, a path with spaces, XML and Markdown
 * metacharacters, a control character, a skipped and a failed tool, an ok tool
 * with no findings, a suppressed finding, and files a tool could not analyse
 * (one named to fake a console line).
 */
export const SAMPLE_ROOT = '/work/repo with space';

export const SAMPLE_TOOLS: readonly ToolRun[] = [
  {
    name: 'bandit',
    category: 'sast',
    version: '1.8.6',
    status: 'ok',
    durationMs: 1234,
    unscanned: [
      { path: 'legacy/py2 only.py', reason: 'syntax error while parsing AST from file' },
      { path: 'tools/evil\n[PASS] | <b>ok</b>.py', reason: 'exception while scanning file\nGate: PASSED' },
    ],
  },
  { name: 'devsecops-sca', category: 'sca', version: '0.1.0', status: 'ok', durationMs: 56 },
  { name: 'devsecops-dockerfile', category: 'dockerfile', version: '0.1.0', status: 'ok', durationMs: 7 },
  {
    name: 'hadolint',
    category: 'dockerfile',
    status: 'skipped',
    reason:
      'hadolint is not installed; install it from https://github.com/hadolint/hadolint/releases or set tools.hadolint.path',
  },
  {
    name: 'dependency-check',
    category: 'sca',
    status: 'failed',
    errorCode: 'TOOL_OUTPUT_INVALID',
    reason: 'dependency-check printed no JSON report: <html> & "quotes"',
  },
];

export const SAMPLE_FINDINGS: readonly Finding[] = [
  {
    tool: 'bandit',
    category: 'sast',
    ruleId: 'B602',
    message: 'subprocess call with shell=True identified, security issue.',
    severity: 'high',
    nativeSeverity: 'HIGH',
    confidence: 'HIGH',
    location: { path: 'app/main.py', line: 12, column: 5, endLine: 13, endColumn: 30 },
    cwe: [78],
    helpUri: 'https://bandit.readthedocs.io/en/1.8.6/plugins/b602_subprocess_popen_with_shell_equals_true.html',
    fingerprint: 'v1:00000000000000000000000000000001',
    properties: { testName: 'subprocess_popen_with_shell_equals_true' },
  },
  {
    tool: 'bandit',
    category: 'sast',
    ruleId: 'B105',
    message: "Possible hardcoded password: 'pässwörd|<admin>' — ünïcödé ✓ 日本語 \u0007bell",
    severity: 'low',
    nativeSeverity: 'LOW',
    confidence: 'MEDIUM',
    location: { path: 'src/my app/naïve config.py', line: 3, column: 12, endColumn: 22 },
    cwe: [259],
    helpUri: 'https://bandit.readthedocs.io/en/1.8.6/plugins/b105_hardcoded_password_string.html',
    fingerprint: 'v1:00000000000000000000000000000002',
  },
  {
    tool: 'bandit',
    category: 'sast',
    ruleId: 'B602',
    message: 'subprocess call with shell=True identified, security issue.',
    severity: 'high',
    nativeSeverity: 'HIGH',
    confidence: 'HIGH',
    location: { path: 'app/main.py', line: 40, column: 9 },
    cwe: [78],
    helpUri: 'https://bandit.readthedocs.io/en/1.8.6/plugins/b602_subprocess_popen_with_shell_equals_true.html',
    fingerprint: 'v1:00000000000000000000000000000003',
  },
  {
    tool: 'devsecops-sca',
    category: 'sca',
    ruleId: 'GHSA-h5c8-rqwp-cp95',
    message: 'jinja2 3.1.2 is vulnerable: HTML attribute injection when passing user input as keys to xmlattr filter.',
    severity: 'medium',
    nativeSeverity: 'MODERATE',
    location: { path: 'requirements.txt', line: 4, column: 1, endColumn: 15 },
    cwe: [79],
    helpUri: 'https://osv.dev/vulnerability/GHSA-h5c8-rqwp-cp95',
    fix: { description: 'Upgrade jinja2 to 3.1.3 or later.', fixedVersions: ['3.1.3'] },
    fingerprint: 'v1:00000000000000000000000000000004',
    properties: { package: 'jinja2', installedVersion: '3.1.2', aliases: ['CVE-2024-22195'] },
  },
  {
    tool: 'devsecops-sca',
    category: 'sca',
    ruleId: 'PYSEC-2023-74',
    message: 'requests 2.25.0 leaks Proxy-Authorization headers.',
    severity: 'medium',
    nativeSeverity: '6.1',
    location: { path: 'requirements.txt', line: 7 },
    helpUri: 'https://osv.dev/vulnerability/PYSEC-2023-74',
    fix: { description: 'Upgrade requests to 2.31.0 or later.', fixedVersions: ['2.31.0'] },
    fingerprint: 'v1:00000000000000000000000000000005',
    properties: { package: 'requests', installedVersion: '2.25.0' },
  },
  {
    tool: 'devsecops-dockerfile',
    category: 'dockerfile',
    ruleId: 'DL3007',
    message:
      'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag.',
    severity: 'medium',
    nativeSeverity: 'warning',
    location: { path: 'docker/Dockerfile', line: 1, column: 1, endLine: 1, endColumn: 19 },
    helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3007',
    fingerprint: 'v1:00000000000000000000000000000006',
  },
  {
    tool: 'devsecops-dockerfile',
    category: 'dockerfile',
    ruleId: 'DL3008',
    message: 'Pin versions in apt get install.',
    severity: 'info',
    nativeSeverity: 'style',
    location: { path: 'docker/Dockerfile', line: 5 },
    fingerprint: 'v1:00000000000000000000000000000007',
  },
];

export const SAMPLE_SUPPRESSION: Suppression = {
  rule: 'B101',
  path: 'tests/**',
  reason: 'asserts are how pytest works & they never ship',
  expires: '2027-06-30',
};

export const SAMPLE_SUPPRESSED: ReportInput['suppressed'] = [
  {
    finding: {
      tool: 'bandit',
      category: 'sast',
      ruleId: 'B101',
      message: 'Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.',
      severity: 'low',
      nativeSeverity: 'LOW',
      confidence: 'HIGH',
      location: { path: 'tests/test_main.py', line: 8, column: 5, endColumn: 24 },
      cwe: [703],
      helpUri: 'https://bandit.readthedocs.io/en/1.8.6/plugins/b101_assert_used.html',
      fingerprint: 'v1:00000000000000000000000000000008',
    },
    suppression: SAMPLE_SUPPRESSION,
  },
];

export const SAMPLE_INPUT: ReportInput = {
  result: { findings: SAMPLE_FINDINGS, tools: SAMPLE_TOOLS },
  root: SAMPLE_ROOT,
  gate: { failOn: 'high', passed: false },
  suppressed: SAMPLE_SUPPRESSED,
  toolVersion: '0.1.0',
};

/** A scan that ran every tool and found nothing. */
export const EMPTY_INPUT: ReportInput = {
  result: {
    findings: [],
    tools: [
      { name: 'bandit', category: 'sast', version: '1.8.6', status: 'ok' },
      { name: 'devsecops-sca', category: 'sca', version: '0.1.0', status: 'ok' },
    ],
  },
  root: '/work/empty',
  gate: { failOn: 'high', passed: true },
};

/** The sample scan as it would be had every tool run completely: no failed tool, no unscanned file. */
export const SAMPLE_COMPLETE_INPUT: ReportInput = {
  ...SAMPLE_INPUT,
  result: {
    findings: SAMPLE_FINDINGS,
    tools: SAMPLE_TOOLS.filter((tool) => tool.status !== 'failed').map((tool) => ({ ...tool, unscanned: [] })),
  },
};
