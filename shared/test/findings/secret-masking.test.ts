import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { FindingDraft } from '../../src/findings/finding';
import { assignFingerprints, fingerprintOf } from '../../src/findings/fingerprint';
import { maskFindingSecrets, maskSecret, maskSecretsInText } from '../../src/findings/secret-masking';
import { renderReport, REPORT_FORMATS } from '../../src/reporters/render-report';

function banditPasswordDraft(literal: string, ruleId = 'B105'): FindingDraft {
  return {
    tool: 'bandit',
    category: 'sast',
    ruleId,
    message: `Possible hardcoded password: '${literal}'`,
    severity: 'low',
    location: { path: 'app/settings.py', line: 3 },
  };
}

describe('maskSecret', () => {
  it('masks values under 12 characters whole, showing only their length', () => {
    deepStrictEqual(['', 'x', 'hunter2', 'elevenchars'].map(maskSecret), [
      '*** (masked, 0 characters)',
      '*** (masked, 1 character)',
      '*** (masked, 7 characters)',
      '*** (masked, 11 characters)',
    ]);
  });

  it('keeps the first and last two characters of longer values, and their length', () => {
    strictEqual(maskSecret('correct-horse-battery'), 'co…ry (masked, 21 characters)');
    strictEqual(maskSecret('twelve_chars'), 'tw…rs (masked, 12 characters)');
  });

  it('counts and cuts code points, never half a surrogate pair', () => {
    strictEqual(maskSecret('🔑🔑secret-value🗝🗝'), '🔑🔑…🗝🗝 (masked, 16 characters)');
  });
});

describe('maskSecretsInText', () => {
  it("masks the literal Bandit's B105/B106/B107 quote, quotes inside it included", () => {
    deepStrictEqual(
      [
        "Possible hardcoded password: 'hunter2'",
        "Possible hardcoded password: 'it's a long passphrase'",
        "Possible hardcoded password: ''",
      ].map(maskSecretsInText),
      [
        'Possible hardcoded password: *** (masked, 7 characters)',
        'Possible hardcoded password: it…se (masked, 22 characters)',
        'Possible hardcoded password: *** (masked, 0 characters)',
      ],
    );
  });

  it('masks credential shapes anywhere: AWS key ids, GitHub/GitLab/Slack tokens, private keys, URL passwords', () => {
    const github = `ghp_${'a'.repeat(36)}`;
    strictEqual(
      maskSecretsInText(
        `key AKIAIOSFODNN7EXAMPLE, token ${github}, glpat-abcdefghijklmnopqrst, xoxb-1234567890-abc and ` +
          'https://deploy:s3cr3t-pass@example.com/repo.git',
      ),
      'key AK…LE (masked, 20 characters), token gh…aa (masked, 40 characters), gl…st (masked, 26 characters), ' +
        'xo…bc (masked, 19 characters) and https://deploy:***@example.com/repo.git',
    );
    strictEqual(
      maskSecretsInText('found -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- here'),
      'found --…-- (masked, 78 characters) here',
    );
  });

  it('masks a URL password whatever precedes the scheme, keeping that text', () => {
    deepStrictEqual(
      [
        'x1https://u:pass@h',
        '+.-git+ssh://u:pass@h',
        'see:https://u:pass@h and ftp://v:word@i',
        `${'a'.repeat(5000)}https://u:pass@h`,
        'https://u:pass@h://v:word@i',
      ].map(maskSecretsInText),
      [
        'x1https://u:***@h',
        '+.-git+ssh://u:***@h',
        'see:https://u:***@h and ftp://v:***@i',
        `${'a'.repeat(5000)}https://u:***@h`,
        'https://u:***@h://v:***@i',
      ],
    );
  });

  it('is idempotent: masking a masked text changes nothing', () => {
    for (const text of [
      "Possible hardcoded password: 'hunter2'",
      "Possible hardcoded password: 'correct-horse-battery'",
      'AKIAIOSFODNN7EXAMPLE at https://u:p4ssw0rd@host/',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----',
    ]) {
      const once = maskSecretsInText(text);
      strictEqual(maskSecretsInText(once), once);
    }
  });

  it('leaves ordinary text alone', () => {
    const text = 'subprocess call with shell=True identified, security issue. See https://bandit.readthedocs.io/';
    strictEqual(maskSecretsInText(text), text);
  });
});

describe('maskFindingSecrets', () => {
  it('masks message, fix description and every string in properties; keeps identity fields', () => {
    const finding = {
      ...banditPasswordDraft('hunter2'),
      fingerprint: 'v1:00000000000000000000000000000001',
      fix: { description: 'Rotate AKIAIOSFODNN7EXAMPLE and read it from the environment.' },
      properties: { snippet: 'aws_key = "AKIAIOSFODNN7EXAMPLE"', nested: [{ line: 'x' }], count: 2 },
    };
    deepStrictEqual(maskFindingSecrets(finding), {
      ...finding,
      message: 'Possible hardcoded password: *** (masked, 7 characters)',
      fix: { description: 'Rotate AK…LE (masked, 20 characters) and read it from the environment.' },
      properties: { snippet: 'aws_key = "AK…LE (masked, 20 characters)"', nested: [{ line: 'x' }], count: 2 },
    });
  });

  it('returns the very same object when there is nothing to mask', () => {
    const finding = {
      ...banditPasswordDraft('x'),
      message: 'Use of assert detected.',
      fingerprint: 'v1:1',
      properties: { testName: 'assert_used' },
    };
    strictEqual(maskFindingSecrets(finding), finding);
  });
});

describe('masking in assignFingerprints', () => {
  it('masks every finding made from drafts without changing its fingerprint (line known)', () => {
    const line = "    password = 'hunter2'";
    const [finding] = assignFingerprints([banditPasswordDraft('hunter2')], () => line);
    deepStrictEqual(finding, {
      ...banditPasswordDraft('hunter2'),
      message: 'Possible hardcoded password: *** (masked, 7 characters)',
      fingerprint: fingerprintOf({
        tool: 'bandit',
        ruleId: 'B105',
        path: 'app/settings.py',
        lineContent: line,
        occurrence: 0,
      }),
    });
  });

  it('hashes the unmasked message when the line is unknown, so the fingerprint is the one it always was', () => {
    const [finding] = assignFingerprints([banditPasswordDraft('hunter2', 'B106')], () => undefined);
    strictEqual(
      finding?.fingerprint,
      fingerprintOf({
        tool: 'bandit',
        ruleId: 'B106',
        path: 'app/settings.py',
        lineContent: "B106 Possible hardcoded password: 'hunter2'",
        occurrence: 0,
      }),
    );
    strictEqual(finding.message, 'Possible hardcoded password: *** (masked, 7 characters)');
  });
});

describe('masked findings in every report format', () => {
  it('never show the literal, whichever format renders them', () => {
    const drafts: FindingDraft[] = [
      banditPasswordDraft('correct-horse-battery-staple', 'B106'),
      { ...banditPasswordDraft('hunter2', 'B107'), location: { path: 'app/settings.py', line: 9 } },
      {
        tool: 'devsecops-dockerfile',
        category: 'dockerfile',
        ruleId: 'DS002',
        message: 'A RUN command contains a literal credential: https://admin:curl-s3cret@example.com',
        severity: 'high',
        location: { path: 'Dockerfile', line: 3 },
        properties: { line: 'RUN curl https://admin:curl-s3cret@example.com && echo AKIAIOSFODNN7EXAMPLE' },
      },
    ];
    const findings = assignFingerprints(drafts, () => undefined);
    for (const format of REPORT_FORMATS) {
      const text = renderReport(format, {
        result: { findings, tools: [{ name: 'bandit', category: 'sast', status: 'ok' }] },
        root: '/repo',
        gate: { failOn: 'high', passed: false },
      });
      for (const secret of ['correct-horse-battery-staple', 'hunter2', 'curl-s3cret', 'AKIAIOSFODNN7EXAMPLE']) {
        strictEqual(text.includes(secret), false, `${format} shows ${secret}`);
      }
    }
  });
});
