import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseFailOnOption, parseFormatOption, parseOnlyOption, scanExitCode } from '../../src/cli/commands/scan';
import { errorWithCode } from '../error-with-code';
import type { JsonReport } from '../../src/reporters/json';
import { createFakeToolDir, createProject } from '../scan/fake-tools';
import { BUNDLED_SNAPSHOT_FILE } from '../../src/scanners/builtin-sca/database-location';
import { cliBundle, removeCliBundle, runCli } from './cli-bundle';

const PYTHON_SERVICE = join(__dirname, '..', 'scan', 'fixtures', 'python-service');
/** Bandit from Debian, and nothing else: hadolint and Dependency-Check are absent, as on a fresh machine. */
const ENV = { PATH: '/usr/bin:/bin' };

const isUsageError = errorWithCode('USAGE');

describe('scan option parsing', () => {
  it('--only takes a comma-separated list of categories', () => {
    deepStrictEqual(parseOnlyOption('sast'), ['sast']);
    deepStrictEqual(parseOnlyOption('sca, Dockerfile,sca'), ['sca', 'dockerfile']);
    throws(() => parseOnlyOption('sast,secrets'), isUsageError);
    throws(() => parseOnlyOption(','), isUsageError);
  });

  it('--fail-on takes a severity or none; --format a report format', () => {
    strictEqual(parseFailOnOption('HIGH'), 'high');
    strictEqual(parseFailOnOption('none'), 'none');
    throws(() => parseFailOnOption('severe'), isUsageError);
    strictEqual(parseFormatOption('sarif'), 'sarif');
    throws(() => parseFormatOption('xml'), isUsageError);
  });

  it('a failed tool wins over the gate; otherwise the gate decides', () => {
    deepStrictEqual(
      [scanExitCode(true, false), scanExitCode(false, false), scanExitCode(true, true), scanExitCode(false, true)],
      [0, 1, 2, 2],
    );
  });

  it('a scan in which no tool ran is a tool error, whatever the gate says', () => {
    deepStrictEqual([scanExitCode(true, false, true), scanExitCode(false, false, true)], [2, 2]);
  });
});

describe('devsecops CLI (bundled, run as a child process)', function () {
  this.timeout(120_000);
  after(removeCliBundle);

  /**
   * The fixture holds a file Bandit cannot parse (scripts/broken.py), which makes a scan of it incomplete:
   * the gate tests scan a copy whose `.devsecops.yml` leaves that file out on purpose.
   */
  let complete: { root: string; remove(): void };
  before(() => {
    complete = createProject({ '.devsecops.yml': 'version: 1\nignore:\n  - scripts/broken.py\n' });
    cpSync(PYTHON_SERVICE, complete.root, { recursive: true });
  });
  after(() => complete.remove());

  it('scan exits 2 on the fixture as it is: a file Bandit cannot parse leaves the result incomplete', async () => {
    const result = await runCli(['scan', PYTHON_SERVICE, '--only', 'sast', '--format', 'json'], { env: ENV });
    strictEqual(result.exitCode, 2, result.stderr);
    const report = JSON.parse(result.stdout) as JsonReport;
    deepStrictEqual(report.tools[0]?.unscanned, [
      { path: 'scripts/broken.py', reason: 'Bandit could not scan it: syntax error while parsing AST from file' },
    ]);
    strictEqual(report.gate.status, 'incomplete');
    ok(
      report.findings.some((finding) => finding.severity === 'high'),
      'the findings it has are still printed',
    );
  });

  it('scan exits 1 when the gate fails, printing JSON on stdout and progress on stderr', async () => {
    const result = await runCli(['scan', complete.root, '--only', 'sast', '--format', 'json'], { env: ENV });
    strictEqual(result.exitCode, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { findings: { severity: string }[]; gate: { passed: boolean } };
    ok(report.findings.some((finding) => finding.severity === 'high'));
    strictEqual(report.gate.passed, false);
    ok(result.stderr.includes('devsecops: bandit: '), result.stderr);
    ok(!result.stderr.includes('NodeVersionSupportWarning'));
  });

  it('says on stderr how old the advisory database is when past 30 days, and carries its date in JSON', async () => {
    const project = createProject({
      'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["flask==2.2.4"]\n',
      '.devsecops.yml': 'version: 1\n',
    });
    const cache = createProject({});
    // The bundle sits in a temporary folder: give it the snapshot where an installation has it (data/osv/).
    const snapshot = join(dirname(await cliBundle()), 'data', 'osv', BUNDLED_SNAPSHOT_FILE);
    if (!existsSync(snapshot)) {
      mkdirSync(dirname(snapshot), { recursive: true });
      symlinkSync(join(__dirname, '..', '..', 'data', 'osv', BUNDLED_SNAPSHOT_FILE), snapshot);
    }
    try {
      const result = await runCli(['scan', project.root, '--only', 'sca', '--format', 'json', '--fail-on', 'none'], {
        env: { ...ENV, DEVSECOPS_CACHE_DIR: cache.root },
      });
      strictEqual(result.exitCode, 0, result.stderr);
      // The bundled snapshot is of 2024-10-10; the age is counted to the real clock here.
      const days = Math.floor((Date.now() - Date.parse('2024-10-10T00:00:00Z')) / 86_400_000);
      ok(
        result.stderr.includes(
          `devsecops: devsecops-sca: warning: the advisory database is ${String(days)} days old (data of 2024-10-10, PyPA Advisory Database snapshot (bundled); tools.sca.maxDatabaseAgeDays is 30)`,
        ),
        result.stderr,
      );
      ok(result.stderr.includes('Run `devsecops db update`.'), result.stderr);
      const report = JSON.parse(result.stdout) as JsonReport;
      deepStrictEqual(
        report.tools.map((tool) => [
          tool.advisoryDatabase?.date,
          tool.advisoryDatabase?.ageDays,
          tool.advisoryDatabase?.stale,
        ]),
        [['2024-10-10', days, true]],
      );
      // The finding is on the pyproject.toml line that pins flask (PYSEC-2023-62: fixed in 2.2.5).
      ok(
        report.findings.some(
          (finding) => finding.path === 'pyproject.toml' && finding.line === 3 && finding.ruleId === 'PYSEC-2023-62',
        ),
      );
    } finally {
      project.remove();
      cache.remove();
    }
  });

  it('--fail-on moves the gate: none and critical pass (exit 0)', async () => {
    for (const failOn of ['none', 'critical']) {
      const result = await runCli(['scan', complete.root, '--only', 'sast', '--format', 'json', '--fail-on', failOn], {
        env: ENV,
      });
      strictEqual(result.exitCode, 0, `${failOn}: ${result.stderr}`);
    }
  });

  it('takes the default gate from .devsecops.yml, and --fail-on overrides it', async () => {
    const project = createProject({
      'app.py': 'import subprocess\nsubprocess.call(cmd, shell=True)\n',
      '.devsecops.yml': 'version: 1\ngate:\n  failOn: critical\n',
    });
    try {
      strictEqual((await runCli(['scan', project.root, '--only', 'sast'], { env: ENV })).exitCode, 0);
      strictEqual(
        (await runCli(['scan', project.root, '--only', 'sast', '--fail-on', 'high'], { env: ENV })).exitCode,
        1,
      );
    } finally {
      project.remove();
    }
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const project = createProject({ 'app.py': 'print(1)\n' });
    try {
      const output = join(project.root, 'report.sarif');
      const result = await runCli(['scan', project.root, '--only', 'sast', '--format', 'sarif', '--output', output], {
        env: ENV,
      });
      strictEqual(result.exitCode, 0, result.stderr);
      strictEqual(result.stdout, '');
      strictEqual((JSON.parse(readFileSync(output, 'utf8')) as { version: string }).version, '2.1.0');
    } finally {
      project.remove();
    }
  });

  it('exits 2 on usage errors, naming what is wrong', async () => {
    const cases: [string[], string][] = [
      [['scan', PYTHON_SERVICE, '--only', 'secrets'], '"secrets" is not a scan category'],
      [['scan', PYTHON_SERVICE, '--fail-on', 'severe'], '--fail-on severe is not a severity'],
      [['scan', PYTHON_SERVICE, '--format', 'xml'], '--format xml is not a report format'],
      [['scan', join(PYTHON_SERVICE, 'missing')], 'is not a folder'],
      [['scan', '--frobnicate'], "unknown option '--frobnicate'"],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { env: ENV });
      strictEqual(result.exitCode, 2, args.join(' '));
      ok(result.stderr.includes(message), `${args.join(' ')}: ${result.stderr}`);
      strictEqual(result.stdout, '');
    }
  });

  it('exits 2 when a tool fails, still reporting the other tools and the failure', async () => {
    const fakes = createFakeToolDir();
    const brokenBandit = fakes.add('bandit', 'echo "Segmentation fault"\nexit 1');
    const project = createProject({ 'app.py': 'print(1)\n', Dockerfile: 'FROM python:latest\n' });
    try {
      const result = await runCli(
        ['scan', project.root, '--format', 'json', '--fail-on', 'none', '--bandit-path', brokenBandit],
        { env: ENV },
      );
      strictEqual(result.exitCode, 2, result.stderr);
      const report = JSON.parse(result.stdout) as {
        findings: { ruleId: string }[];
        tools: { name: string; status: string; reason?: string }[];
      };
      const bandit = report.tools.find((tool) => tool.name === 'bandit');
      strictEqual(bandit?.status, 'failed');
      ok(bandit.reason?.includes('Segmentation fault'));
      ok(
        report.findings.some((finding) => finding.ruleId === 'DL3007'),
        'the Dockerfile engine still reports',
      );
    } finally {
      project.remove();
      fakes.remove();
    }
  });

  it('exits 2 naming --bandit-path when that path does not exist (it used to be skipped, exit 0)', async () => {
    const project = createProject({ 'app.py': 'print(1)\n' });
    try {
      const result = await runCli(
        ['scan', project.root, '--only', 'sast', '--format', 'json', '--bandit-path', '/nonexistent/bandit'],
        { env: ENV },
      );
      strictEqual(result.exitCode, 2, result.stderr);
      const report = JSON.parse(result.stdout) as { tools: { name: string; status: string }[] };
      deepStrictEqual(
        report.tools.map((tool) => [tool.name, tool.status]),
        [['bandit', 'failed']],
      );
      ok(
        result.stderr.includes(
          'devsecops: bandit failed: Bandit (`/nonexistent/bandit`, set in --bandit-path) was not found: it is not an executable file',
        ),
        result.stderr,
      );
    } finally {
      project.remove();
    }
  });

  it('exits 2 when every selected tool was skipped, and 0 when a missing default Bandit sits beside a tool that ran', async () => {
    const project = createProject({ 'app.py': 'print(1)\n', Dockerfile: 'FROM python:3.12-slim\nUSER 1000\n' });
    try {
      const noBandit = { PATH: '/nonexistent' };
      const sastOnly = await runCli(['scan', project.root, '--only', 'sast', '--format', 'json'], { env: noBandit });
      strictEqual(sastOnly.exitCode, 2, sastOnly.stderr);
      ok(
        sastOnly.stderr.includes('devsecops: no scanner ran (bandit skipped), so nothing was checked'),
        sastOnly.stderr,
      );

      const mixed = await runCli(['scan', project.root, '--only', 'sast,dockerfile', '--format', 'json'], {
        env: noBandit,
      });
      strictEqual(mixed.exitCode, 0, mixed.stderr);
      const report = JSON.parse(mixed.stdout) as { tools: { name: string; status: string }[] };
      deepStrictEqual(
        report.tools.map((tool) => [tool.name, tool.status]),
        [
          ['bandit', 'skipped'],
          ['devsecops-dockerfile', 'ok'],
          ['shellcheck', 'skipped'],
        ],
      );
      ok(!mixed.stderr.includes('no scanner ran'), mixed.stderr);
    } finally {
      project.remove();
    }
  });

  it('strips terminal escape sequences from tool output it prints on stderr', async () => {
    const fakes = createFakeToolDir();
    const noisyBandit = fakes.add('bandit', "printf '\\033[31mTraceback garbage\\033[0m\\n'\nexit 3");
    const project = createProject({ 'app.py': 'print(1)\n' });
    try {
      // The user's way to choose the program: an environment variable (a repository cannot).
      const result = await runCli(['scan', project.root, '--only', 'sast', '--format', 'console'], {
        env: { ...ENV, DEVSECOPS_BANDIT_PATH: noisyBandit },
      });
      strictEqual(result.exitCode, 2, result.stderr);
      ok(result.stderr.includes('Traceback garbage'), result.stderr);
      ok(!result.stderr.includes('\u001b'), JSON.stringify(result.stderr));
    } finally {
      project.remove();
      fakes.remove();
    }
  });

  it('exits 2 on a rule id in the wrong case in .devsecops.yml, and warns on stderr about one no scanner reports', async () => {
    // `b602: critical` would leave B602 at high: under failOn critical the gate would pass what the file fails.
    const project = createProject({
      'app.py': 'import subprocess\nsubprocess.call(cmd, shell=True)\n',
      '.devsecops.yml': 'version: 1\ngate:\n  failOn: critical\nseverity:\n  b602: critical\n',
    });
    try {
      const refused = await runCli(['scan', project.root, '--only', 'sast'], { env: ENV });
      strictEqual(refused.exitCode, 2, refused.stderr);
      ok(
        refused.stderr.includes(
          '.devsecops.yml:5: severity key "b602" matches no finding: rule ids are case-sensitive; did you mean B602?',
        ),
        refused.stderr,
      );
      writeFileSync(join(project.root, '.devsecops.yml'), 'version: 1\nseverity:\n  B6022: info\n');
      const warned = await runCli(['scan', project.root, '--only', 'sast', '--format', 'json'], { env: ENV });
      strictEqual(warned.exitCode, 1, warned.stderr);
      deepStrictEqual(
        warned.stderr.split('\n').filter((line) => line.startsWith('devsecops: warning:')),
        [
          'devsecops: warning: .devsecops.yml:3: severity key "B6022" is a rule no scanner of this version reports, so it applies to nothing; did you mean B602?',
        ],
      );
    } finally {
      project.remove();
    }
  });

  it('exits 2 on an ignore list whose "!" glob would leave nothing to scan (it passed the gate, exit 0)', async () => {
    const project = createProject({
      'app.py': 'import subprocess\nsubprocess.call(cmd, shell=True)\n',
      'tests/security/test_app.py': 'print(1)\n',
      '.devsecops.yml': 'version: 1\nignore:\n  - tests/**\n  - "!tests/security/**"\n',
    });
    try {
      const result = await runCli(['scan', project.root, '--only', 'sast'], { env: ENV });
      strictEqual(result.exitCode, 2, result.stderr);
      ok(result.stderr.includes('.devsecops.yml:4: ignore[1]: "!tests/security/**" matches every path'), result.stderr);
    } finally {
      project.remove();
    }
  });

  it("quotes an expired suppression's rule from .devsecops.yml without its escape sequences or line breaks", async () => {
    // A repository's file is hostile input: its rule text must not clear the terminal or start a line of its own.
    const project = createProject({
      'app.py': 'print(1)\n',
      '.devsecops.yml': [
        'version: 1',
        'suppressions:',
        '  - rule: "B101\\e[2J\\n[PASS] gate passed"',
        '    reason: old exception',
        '    expires: 2020-01-01',
        '',
      ].join('\n'),
    });
    try {
      const result = await runCli(['scan', project.root, '--only', 'sast', '--format', 'console'], { env: ENV });
      strictEqual(result.exitCode, 0, result.stderr);
      const expiredLines = result.stderr.split('\n').filter((line) => line.includes('expired on 2020-01-01'));
      deepStrictEqual(expiredLines, [
        'devsecops: a suppression of B101\uFFFD[2J [PASS] gate passed expired on 2020-01-01 and no longer applies; renew or remove it in .devsecops.yml.',
      ]);
      ok(!result.stderr.includes('\u001b'), JSON.stringify(result.stderr));
      ok(!result.stderr.includes('\n[PASS]'), JSON.stringify(result.stderr));
    } finally {
      project.remove();
    }
  });

  it('gates Dockerfiles on what a finding means: MAINTAINER passes the default gate, a credential in ENV fails it, severity: overrides', async () => {
    const dockerfile = (extra: string): string => `FROM python:3.12-slim\n${extra}\nUSER 10001\nCMD ["python"]\n`;
    const deprecated = createProject({ Dockerfile: dockerfile('MAINTAINER someone@example.com') });
    const secret = createProject({ Dockerfile: dockerfile('ENV DB_PASSWORD=correct-horse-battery') });
    const overridden = createProject({
      Dockerfile: dockerfile('MAINTAINER someone@example.com'),
      '.devsecops.yml': 'version: 1\nseverity:\n  DL4000: high\n',
    });
    try {
      const scan = (root: string) => runCli(['scan', root, '--only', 'dockerfile', '--format', 'json'], { env: ENV });
      const severities = (stdout: string): string[] =>
        (JSON.parse(stdout) as JsonReport).findings.map((finding) => `${finding.ruleId} ${finding.severity}`);
      const passed = await scan(deprecated.root);
      strictEqual(passed.exitCode, 0, passed.stderr);
      deepStrictEqual(severities(passed.stdout), ['DL4000 info']);
      const failed = await scan(secret.root);
      strictEqual(failed.exitCode, 1, failed.stderr);
      deepStrictEqual(severities(failed.stdout), ['DL3064 medium', 'DS001 high']);
      const strict = await scan(overridden.root);
      strictEqual(strict.exitCode, 1, strict.stderr);
      deepStrictEqual(severities(strict.stdout), ['DL4000 high']);
    } finally {
      deprecated.remove();
      secret.remove();
      overridden.remove();
    }
  });

  it('rules --format json lists the built-in rules as {id, tool, severity, severityReason, description, helpUri, differsFromHadolint}', async () => {
    const result = await runCli(['rules', '--format', 'json'], { env: ENV });
    strictEqual(result.exitCode, 0, result.stderr);
    const rules = JSON.parse(result.stdout) as Record<string, unknown>[];
    ok(rules.length > 0);
    for (const rule of rules) {
      deepStrictEqual(Object.keys(rule), [
        'id',
        'tool',
        'severity',
        'severityReason',
        'description',
        'helpUri',
        'differsFromHadolint',
      ]);
      ok(typeof rule['severityReason'] === 'string' && rule['severityReason'] !== '', String(rule['id']));
    }
    const maintainer = rules.find((rule) => rule['id'] === 'DL4000');
    strictEqual(maintainer?.['severity'], 'info');
    ok(String(maintainer['severityReason']).includes('MAINTAINER'));
    strictEqual(rules.find((rule) => rule['id'] === 'DS001')?.['severity'], 'high');
    ok(rules.some((rule) => rule['id'] === 'DL3007' && rule['tool'] === 'devsecops-dockerfile'));
    strictEqual(rules.find((rule) => rule['id'] === 'DL3007')?.['differsFromHadolint'], null);
    ok(String(rules.find((rule) => rule['id'] === 'DL3014')?.['differsFromHadolint']).includes('-qqq'));
    strictEqual((await runCli(['rules', '--format', 'xml'], { env: ENV })).exitCode, 2);
  });
});

describe('devsecops scan: one scan, every report', function () {
  this.timeout(120_000);
  after(removeCliBundle);

  it('writes SARIF, JUnit, JSON and Markdown from one scan: Bandit runs as often as for one report', async () => {
    const fakes = createFakeToolDir();
    const log = join(fakes.dir, 'bandit-runs.log');
    // The real Bandit behind a wrapper that records each run (the log path is written in: tools get a minimal
    // environment). `--version` probes are not scans.
    const countingBandit = fakes.add(
      'bandit',
      `case "$1" in --version) ;; *) echo run >> '${log}' ;; esac\nexec /usr/bin/bandit "$@"`,
    );
    const project = createProject({ 'app.py': 'import subprocess\nsubprocess.call(cmd, shell=True)\n' });
    const runs = (): number =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line === 'run').length;
    try {
      writeFileSync(log, '');
      const one = await runCli(
        // No result cache: the second scan must run Bandit again for the count to compare (cache hits are
        // another test's subject).
        ['scan', project.root, '--only', 'sast', '--format', 'json', '--bandit-path', countingBandit, '--no-cache'],
        {
          env: ENV,
        },
      );
      strictEqual(one.exitCode, 1, one.stderr);
      const runsForOneReport = runs();
      ok(runsForOneReport > 0, 'the wrapper saw Bandit run');

      writeFileSync(log, '');
      const reports = join(project.root, 'reports');
      const result = await runCli(
        [
          'scan',
          project.root,
          '--only',
          'sast',
          '--bandit-path',
          countingBandit,
          '--no-cache',
          '--output',
          `sarif=${join(reports, 'sast.sarif')}`,
          '--output',
          `junit=${join(reports, 'sast-junit.xml')}`,
          '--output',
          `json=${join(reports, 'sast.json')}`,
          '--output',
          'markdown=-',
        ],
        { env: ENV },
      );
      strictEqual(result.exitCode, 1, 'the gate is unchanged: a high finding fails it');
      strictEqual(runs(), runsForOneReport);

      const sarif = JSON.parse(readFileSync(join(reports, 'sast.sarif'), 'utf8')) as {
        runs: { results: { ruleId: string }[] }[];
      };
      const json = JSON.parse(readFileSync(join(reports, 'sast.json'), 'utf8')) as JsonReport;
      const sarifRules = sarif.runs.flatMap((run) => run.results.map((finding) => finding.ruleId)).sort();
      deepStrictEqual(sarifRules, ['B404', 'B602']);
      deepStrictEqual(json.findings.map((finding) => finding.ruleId).sort(), sarifRules);
      strictEqual(json.gate.status, 'failed');
      ok(readFileSync(join(reports, 'sast-junit.xml'), 'utf8').startsWith('<?xml'));
      ok(result.stdout.startsWith('#'), `Markdown on stdout: ${result.stdout.slice(0, 80)}`);
      for (const name of ['sast.sarif', 'sast-junit.xml', 'sast.json']) {
        ok(result.stderr.includes(`report to ${join(reports, name)}`), result.stderr);
      }
    } finally {
      project.remove();
      fakes.remove();
    }
  });

  it('refuses, before scanning, to write through a link or into a FIFO planted in the scanned repository', async () => {
    const project = createProject({ 'app.py': 'print(1)\n', 'home/.bashrc': 'mine\n' });
    try {
      const bashrc = join(project.root, 'home', '.bashrc');
      const repo = join(project.root, 'repo');
      mkdirSync(join(repo, 'reports'), { recursive: true });
      writeFileSync(join(repo, 'app.py'), 'print(1)\n');
      symlinkSync(bashrc, join(repo, 'reports', 'sast.sarif'));
      symlinkSync(join(project.root, 'home'), join(repo, 'linked'));
      symlinkSync(bashrc, join(repo, 'top.sarif'));
      execFileSync('mkfifo', [join(repo, 'reports', 'fifo.sarif')]);
      const cases: [string, string][] = [
        [join(repo, 'reports', 'sast.sarif'), 'reports/sast.sarif is a symbolic link, where the scan writes a report'],
        [join(repo, 'linked', 'x.sarif'), 'linked is a symbolic link, where the scan writes a report'],
        [
          join(repo, 'reports', 'fifo.sarif'),
          'reports/fifo.sarif is not a regular file, where the scan writes a report',
        ],
        [
          join(repo, 'top.sarif'),
          `${join(repo, 'top.sarif')} is a symbolic link: the report is not written through it`,
        ],
      ];
      for (const [file, message] of cases) {
        const result = await runCli(
          ['scan', repo, '--only', 'sast', '--output', 'junit=-', '--output', `sarif=${file}`],
          {
            env: ENV,
          },
        );
        strictEqual(result.exitCode, 2, file);
        ok(result.stderr.includes(message), result.stderr);
        strictEqual(result.stdout, '', 'nothing was scanned or printed');
      }
      strictEqual(readFileSync(bashrc, 'utf8'), 'mine\n');
    } finally {
      project.remove();
    }
  });

  it('exits 2 naming the conflict when two reports would go to standard output', async () => {
    const result = await runCli(['scan', PYTHON_SERVICE, '--format', 'json', '--output', 'sarif=-'], { env: ENV });
    strictEqual(result.exitCode, 2);
    ok(result.stderr.includes('2 reports would go to standard output (json, sarif)'), result.stderr);
    strictEqual(result.stdout, '');
  });
});
