import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSuppression, DEFAULT_CONFIG, loadConfig, parseConfig } from '../../src/config';
import { DevsecopsError } from '../../src/errors';
import type { DevsecopsConfig } from '../../src/config';
import { MAX_CONFIG_FILE_BYTES } from '../../src/config/load-config';
import { runProcess } from '../../src/process/process-runner';

const FULL_CONFIG = `# Security scanning settings for this repository.
version: 1
tools:
  bandit:
    enabled: on            # always run Bandit
    python: /usr/bin/python3
    configFile: .bandit
    args: [--severity-level, low]
    timeoutSeconds: 900
  hadolint:
    enabled: auto
    path: /opt/bin/hadolint
  dependencyCheck:
    enabled: false
  sca:
    enabled: true
    database: .cache/osv.zip
  dockerfile:
    enabled: off
ignore:
  - tests/fixtures/**
  - "**/*.min.js"
severity:
  B101: info
  DL3007: High
gate:
  failOn: medium
suppressions:
  - rule: B602
    path: scripts/**
    reason: build scripts run trusted input only
    expires: 2026-12-31
  - rule: "*"
    fingerprint: v1:0123456789abcdef0123456789abcdef
    reason: reviewed false positive
`;

// The execution keys (python, args, timeoutSeconds, path, database) are read and validated, but only kept as
// requests with their line: a repository's file never decides what runs (see trust.ts).
const FULL_EXPECTED: DevsecopsConfig = {
  tools: {
    bandit: { enabled: 'on', configFile: '.bandit' },
    hadolint: { enabled: 'auto' },
    dependencyCheck: { enabled: 'off' },
    sca: { enabled: true },
    dockerfile: { enabled: false },
  },
  ignore: ['tests/fixtures/**', '**/*.min.js'],
  severity: { B101: 'info', DL3007: 'high' },
  gate: { failOn: 'medium' },
  suppressions: [
    { rule: 'B602', path: 'scripts/**', reason: 'build scripts run trusted input only', expires: '2026-12-31' },
    { rule: '*', fingerprint: 'v1:0123456789abcdef0123456789abcdef', reason: 'reviewed false positive' },
  ],
  executionRequests: [
    { key: 'tools.bandit.python', where: '.devsecops.yml:6' },
    { key: 'tools.bandit.args', where: '.devsecops.yml:8' },
    { key: 'tools.bandit.timeoutSeconds', where: '.devsecops.yml:9', timeoutSeconds: 900 },
    { key: 'tools.hadolint.path', where: '.devsecops.yml:12' },
    { key: 'tools.sca.database', where: '.devsecops.yml:17' },
  ],
};

function configError(text: string): string {
  try {
    parseConfig(text, '.devsecops.yml');
  } catch (error) {
    assert.ok(error instanceof DevsecopsError);
    assert.equal(error.code, 'CONFIG_INVALID');
    return error.message;
  }
  assert.fail('expected CONFIG_INVALID');
}

/** Every invalid case, with the exact message a user sees (file:line and what to write instead). */
const INVALID_CASES: readonly { name: string; text: string; problems: string[] }[] = [
  {
    name: 'YAML syntax error',
    text: 'tools:\n  bandit\n    enabled: on\n',
    problems: [
      '2: Implicit keys need to be on a single line: fix the YAML syntax (indent with spaces, one "key: value" per line).',
    ],
  },
  {
    name: 'duplicate key',
    text: 'ignore:\n  - a\nignore:\n  - b\n',
    problems: ['3: this key appears twice in the same mapping; keep one of them.'],
  },
  {
    name: 'duplicate keys in a flow mapping and in a suppression',
    text: 'gate: {failOn: high, failOn: low}\nsuppressions:\n  - rule: B101\n    reason: r\n    rule: B102\n',
    problems: [
      '1: this key appears twice in the same mapping; keep one of them.',
      '5: this key appears twice in the same mapping; keep one of them.',
    ],
  },
  {
    name: 'top level is a list',
    text: '- a\n',
    problems: [
      '1: the top level must be a mapping of "key: value" lines; write one of its keys (version, tools, ignore, severity, gate, suppressions).',
    ],
  },
  {
    name: 'unsupported version',
    text: 'version: 2\n',
    problems: ['1: version 2 is not supported; write "version: 1".'],
  },
  {
    name: 'version as text',
    text: 'version: "1"\n',
    problems: ['1: version "1" is not supported; write "version: 1".'],
  },
  {
    name: 'misspelt top-level key',
    text: 'igonre: []\n',
    problems: ['1: unknown key "igonre" in the top level; did you mean "ignore"?'],
  },
  {
    name: 'unknown top-level key',
    text: 'colour: red\n',
    problems: [
      '1: unknown key "colour" in the top level; allowed keys: version, tools, ignore, severity, gate, suppressions.',
    ],
  },
  {
    name: 'tool spelt with a dash',
    text: 'tools:\n  dependency-check:\n    enabled: on\n',
    problems: ['2: unknown key "dependency-check" in tools; did you mean "dependencyCheck"?'],
  },
  {
    name: 'tools is a list',
    text: 'tools: [bandit]\n',
    problems: [
      '1: tools must be a mapping of "key: value" lines; write one of its keys (bandit, hadolint, dependencyCheck, sca, dockerfile).',
    ],
  },
  {
    name: 'bad tool fields',
    text: 'tools:\n  bandit:\n    enabled: yes\n    args: --skip B101\n    path: []\n',
    problems: [
      '3: tools.bandit.enabled is "yes"; write auto, on, off, true or false.',
      '4: tools.bandit.args must be a list; write each item on its own line, e.g. "- --verbose".',
      '5: tools.bandit.path is a list; write an executable name or path as text.',
    ],
  },
  {
    name: 'bad tool timeouts',
    text: 'tools:\n  bandit:\n    timeoutSeconds: 0\n  hadolint:\n    timeoutSeconds: 10m\n  dependencyCheck:\n    timeoutSecond: 60\n',
    problems: [
      '3: tools.bandit.timeoutSeconds is 0; write a number of seconds greater than 0 and at most 86400, e.g. 900.',
      '5: tools.hadolint.timeoutSeconds is "10m"; write a number of seconds greater than 0 and at most 86400, e.g. 900.',
      '7: unknown key "timeoutSecond" in tools.dependencyCheck; did you mean "timeoutSeconds"?',
    ],
  },
  {
    name: 'bad built-in engine fields',
    text: 'tools:\n  sca:\n    enabled: maybe\n    databse: x.zip\n',
    problems: [
      '3: tools.sca.enabled is "maybe"; write true or false.',
      '4: unknown key "databse" in tools.sca; did you mean "database"?',
    ],
  },
  {
    name: 'ignore is not a list',
    text: 'ignore: tests/**\n',
    problems: ['1: ignore must be a list; write each item on its own line, e.g. "- tests/**".'],
  },
  {
    name: 'unknown severity word',
    text: 'severity:\n  B101: informational\n',
    problems: ['2: severity.B101 is "informational"; write critical, high, medium, low or info.'],
  },
  {
    name: 'severity is a list',
    text: 'severity: [B101]\n',
    problems: ['1: severity must be a mapping of rule ids to severities; write e.g. "B101: info".'],
  },
  {
    name: 'unknown gate threshold',
    text: 'gate:\n  failOn: severe\n',
    problems: ['2: gate.failOn is "severe"; write critical, high, medium, low, info or none.'],
  },
  {
    name: 'gate key in snake case',
    text: 'gate:\n  fail_on: high\n',
    problems: ['2: unknown key "fail_on" in gate; did you mean "failOn"?'],
  },
  {
    name: 'suppressions is a mapping',
    text: 'suppressions:\n  rule: B101\n',
    problems: ['2: suppressions must be a list; write each as "- rule: B101" with a "reason:" line below it.'],
  },
  {
    name: 'suppression problems, all reported at once',
    text:
      'suppressions:\n  - rule: B101\n  - reason: because\n    expires: 2025-02-30\n' +
      '  - rule: B102\n    reason: ""\n    expires: 31/12/2025\n    reson: x\n',
    problems: [
      '2: suppressions[0] has no "reason"; write why the finding is acceptable (e.g. reason: "test fixture, never deployed").',
      '3: suppressions[1] has no "rule"; write the rule id it silences (e.g. "rule: B101"), or "*" for any rule.',
      '4: suppressions[1].expires is "2025-02-30"; write a date as YYYY-MM-DD (e.g. expires: 2026-12-31).',
      '6: suppressions[2].reason is ""; write why the finding is acceptable as text.',
      '7: suppressions[2].expires is "31/12/2025"; write a date as YYYY-MM-DD (e.g. expires: 2026-12-31).',
      '8: unknown key "reson" in suppressions[2]; did you mean "reason"?',
    ],
  },
  {
    name: 'expiry with a time',
    text: 'suppressions:\n  - rule: B101\n    reason: r\n    expires: 2025-12-31T10:00:00\n',
    problems: [
      '4: suppressions[0].expires is "2025-12-31T10:00:00"; write a date as YYYY-MM-DD (e.g. expires: 2026-12-31).',
    ],
  },
];

describe('parseConfig', () => {
  it('reads every field of a full configuration (comments, flow lists, on/off/true/false, any-case severities)', () => {
    assert.deepStrictEqual(parseConfig(FULL_CONFIG, '.devsecops.yml'), FULL_EXPECTED);
  });

  it('gives the defaults for an empty or comment-only file', () => {
    assert.deepStrictEqual(parseConfig('', '.devsecops.yml'), DEFAULT_CONFIG);
    assert.deepStrictEqual(parseConfig('# nothing yet\n', '.devsecops.yml'), DEFAULT_CONFIG);
  });

  it('fills unspecified parts with defaults', () => {
    assert.deepStrictEqual(parseConfig('gate:\n  failOn: none\n', '.devsecops.yml'), {
      ...DEFAULT_CONFIG,
      gate: { failOn: 'none' },
    });
  });

  for (const { name, text, problems } of INVALID_CASES) {
    it(`rejects: ${name}`, () => {
      assert.equal(
        configError(text),
        `.devsecops.yml is not valid:\n${problems.map((problem) => `.devsecops.yml:${problem}`).join('\n')}`,
      );
    });
  }

  it('keeps each problem on one line when a key holds a line break, so a file cannot forge problems (fuzz)', () => {
    assert.throws(
      () => parseConfig('severity:\n  "B101\\n.devsecops.yml:1: fake": nope\n', '.devsecops.yml'),
      (error: unknown) =>
        error instanceof DevsecopsError &&
        error.message ===
          '.devsecops.yml is not valid:\n.devsecops.yml:2: severity.B101\\u000a.devsecops.yml:1: fake is "nope"; write critical, high, medium, low or info.',
    );
  });

  it('refuses globs the matcher does not support, at their line (fuzz: picomatch backtracked for hours)', () => {
    assert.throws(
      () =>
        parseConfig(
          'ignore:\n  - docs/**\n  - "+(a|aa)x"\nsuppressions:\n  - rule: B101\n    path: "[[:alpha:]]"\n    reason: r\n',
          '.devsecops.yml',
        ),
      (error: unknown) =>
        error instanceof DevsecopsError &&
        error.message ===
          [
            '.devsecops.yml is not valid:',
            '.devsecops.yml:3: ignore[1]: The glob "+(a|aa)x" uses an extended glob (+(…)), which globs here do not support: write it with *, **, ?, [...] and {a,b}.',
            '.devsecops.yml:6: suppressions[0].path: The glob "[[:alpha:]]" uses a POSIX character class ([[:alpha:]]), which globs here do not support: write it with *, **, ?, [...] and {a,b}.',
          ].join('\n'),
    );
  });
});

describe('loadConfig', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'devsecops-config-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('gives the defaults when there is no file', async () => {
    assert.deepStrictEqual(await loadConfig(root), DEFAULT_CONFIG);
  });
  it('reads .devsecops.yml', async () => {
    await writeFile(join(root, '.devsecops.yml'), FULL_CONFIG);
    assert.deepStrictEqual(await loadConfig(root), FULL_EXPECTED);
  });
  it('reads .devsecops.yaml and names it in errors', async () => {
    await writeFile(join(root, '.devsecops.yaml'), 'gate:\n  failOn: severe\n');
    await assert.rejects(loadConfig(root), {
      code: 'CONFIG_INVALID',
      message:
        '.devsecops.yaml is not valid:\n.devsecops.yaml:2: gate.failOn is "severe"; write critical, high, medium, low, info or none.',
    });
  });
  it('refuses two config files rather than guess', async () => {
    await writeFile(join(root, '.devsecops.yml'), '');
    await writeFile(join(root, '.devsecops.yaml'), '');
    await assert.rejects(loadConfig(root), {
      code: 'CONFIG_INVALID',
      message: `Both .devsecops.yml and .devsecops.yaml exist in ${root}: keep one of them (the CLI, the extension and the bot read the same file).`,
    });
  });
  it('refuses, without blocking or reading, a config that is a FIFO, a link out of the repository, or huge', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'devsecops-config-outside-'));
    try {
      await writeFile(join(outside, 'config.yml'), 'gate: {failOn: none}\n');
      const fifo = await runProcess({ command: 'mkfifo', args: [join(root, '.devsecops.yml')], timeoutMs: 10_000 });
      assert.strictEqual(fifo.exitCode, 0, fifo.stderr);
      await assert.rejects(loadConfig(root), {
        code: 'FILE_UNREADABLE',
        message: '.devsecops.yml is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
      });
      await rm(join(root, '.devsecops.yml'));
      for (const target of ['/dev/zero', join(outside, 'config.yml')]) {
        await symlink(target, join(root, '.devsecops.yaml'));
        await assert.rejects(loadConfig(root), {
          code: 'FILE_UNREADABLE',
          message:
            '.devsecops.yaml is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it.',
        });
        await rm(join(root, '.devsecops.yaml'));
      }
      await writeFile(join(root, '.devsecops.yml'), `# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`);
      await assert.rejects(loadConfig(root), {
        code: 'FILE_UNREADABLE',
        message: `.devsecops.yml is larger than 1 MB (${(MAX_CONFIG_FILE_BYTES + 3).toLocaleString('en-US')} bytes): not read. Make it smaller.`,
      });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
  it('follows a link that stays inside the repository', async () => {
    await mkdir(join(root, 'config'));
    await writeFile(join(root, 'config', 'devsecops.yml'), FULL_CONFIG);
    await symlink('config/devsecops.yml', join(root, '.devsecops.yml'));
    assert.deepStrictEqual(await loadConfig(root), FULL_EXPECTED);
  });
});

describe('addSuppression', () => {
  const suppression = {
    rule: 'B101',
    path: 'tests/**',
    reason: 'pytest asserts: tests never ship',
    expires: '2027-01-31',
  };

  it('appends to an existing list, keeping comments, blank lines, quoting and order', () => {
    const before = `# Our settings — keep this comment.
version: 1 # schema version

ignore:
  - "vendor/**" # third-party code

suppressions:
  # Reviewed 2026-01-10.
  - rule: B602
    reason: 'trusted input only'
`;
    assert.equal(
      addSuppression(before, suppression),
      `${before}  - rule: B101
    path: tests/**
    reason: "pytest asserts: tests never ship"
    expires: 2027-01-31
`,
    );
  });

  it('adds a suppressions list to a file without one', () => {
    const after = addSuppression('# settings\ngate:\n  failOn: high\n', {
      rule: 'DL3007',
      reason: 'base image pinned by digest',
    });
    assert.equal(
      after,
      '# settings\ngate:\n  failOn: high\nsuppressions:\n  - rule: DL3007\n    reason: base image pinned by digest\n',
    );
  });

  it('records where the finding was as a comment above the entry, one line, secrets masked', () => {
    const text = addSuppression(
      '',
      { rule: 'B602', path: 'app.py', fingerprint: 'v1:abc', reason: 'constant command' },
      { where: 'app.py:5', snippet: '    subprocess.call(cmd, shell=True)\nsuppressions: []  # injected' },
    );
    assert.equal(
      text,
      'suppressions:\n  # app.py:5: subprocess.call(cmd, shell=True) suppressions: []  # injected\n  - rule: B602\n    path: app.py\n    fingerprint: v1:abc\n    reason: constant command\n',
    );
    // The comment changes nothing the file says.
    assert.deepEqual(parseConfig(text, '.devsecops.yml').suppressions, [
      { rule: 'B602', path: 'app.py', fingerprint: 'v1:abc', reason: 'constant command' },
    ]);
    const secret = addSuppression(
      '',
      { rule: 'B105', reason: 'test fixture' },
      { where: 'tests/conf.py:9', snippet: 'DB_PASSWORD = "correct-horse-battery"' },
    );
    assert.ok(!secret.includes('correct-horse-battery'), secret);
    assert.match(secret, /# tests\/conf\.py:9: DB_PASSWORD = "co…ry \(masked, 21 characters\)"/);
  });

  it('creates the file content from nothing, and turns an empty flow list into a block list', () => {
    assert.equal(addSuppression('', { rule: '*', reason: 'r' }), 'suppressions:\n  - rule: "*"\n    reason: r\n');
    assert.equal(
      addSuppression('suppressions: []\n', { rule: 'B1', reason: 'r' }),
      'suppressions:\n  - rule: B1\n    reason: r\n',
    );
  });

  it('writes text that reads back as the same suppression', () => {
    const text = addSuppression(FULL_CONFIG, suppression);
    assert.deepStrictEqual(parseConfig(text, '.devsecops.yml').suppressions.at(-1), suppression);
  });

  it('refuses a suppression path the glob matcher does not support, which the reader would refuse (fuzz)', () => {
    assert.throws(
      () => addSuppression('version: 1\n', { rule: 'B101', reason: 'test only', path: '@(a|b)' }),
      (error: unknown) =>
        error instanceof DevsecopsError &&
        error.code === 'CONFIG_INVALID' &&
        error.message.startsWith('The glob "@(a|b)" uses an extended glob'),
    );
  });

  it('refuses a blank path or fingerprint, which would leave a file the reader refuses (fuzz)', () => {
    for (const blank of [{ path: '' }, { path: '  ' }, { fingerprint: '' }]) {
      assert.throws(
        () => addSuppression('version: 1\n', { rule: 'B101', reason: 'test only', ...blank }),
        (error: unknown) =>
          error instanceof DevsecopsError &&
          error.code === 'CONFIG_INVALID' &&
          error.message ===
            `A suppression's ${Object.keys(blank)[0] ?? ''} cannot be blank: leave it out to match any.`,
      );
    }
  });

  it('refuses a suppression without a reason, with a bad expiry, or into an invalid file', () => {
    assert.throws(() => addSuppression('', { rule: 'B101', reason: ' ' }), {
      code: 'CONFIG_INVALID',
      message: 'A suppression needs a reason: say why the finding is acceptable.',
    });
    assert.throws(() => addSuppression('', { rule: 'B101', reason: 'r', expires: '2026-02-30' }), {
      code: 'CONFIG_INVALID',
      message: 'The suppression\'s expiry "2026-02-30" is not a date; write YYYY-MM-DD (e.g. 2026-12-31).',
    });
    assert.throws(() => addSuppression('gate: {failOn: severe}\n', { rule: 'B101', reason: 'r' }), {
      code: 'CONFIG_INVALID',
    });
  });
});
