import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runProcess } from '@devsecops/shared/process';
import { removeCliBundle, runCli } from '../../shared/test/cli/cli-bundle';

/**
 * Must hold: on a Python project, `devsecops scan --only sast
 * --format json` reports exactly the findings raw Bandit reports — same
 * files, lines and test ids, `# nosec` respected — none lost, none invented.
 * Both run for real: /usr/bin/bandit (Debian's, `apt-get install bandit`) and
 * the bundled CLI, which finds the same bandit on PATH.
 */
const BANDIT = '/usr/bin/bandit';
const PROJECTS = [
  join(__dirname, '..', '..', 'shared', 'test', 'scan', 'fixtures', 'python-service'),
  join(__dirname, '..', '..', 'examples', 'todo-app'),
].filter((project) => existsSync(project));

interface RawBanditReport {
  results: { filename: string; line_number: number; test_id: string; issue_severity: string }[];
  errors: { filename: string; reason: string }[];
}

interface CliJsonReport {
  findings: { tool: string; path: string; line: number; ruleId: string; severity: string; nativeSeverity?: string }[];
  tools: { name: string; status: string; version: string | null; unscanned?: { path: string; reason: string }[] }[];
}

const key = (path: string, line: number, testId: string): string => `${path}:${String(line)} ${testId}`;

/**
 * A tree that exercises Bandit's own file selection, which devsecops now reproduces (it gives Bandit a list
 * of files): a `.bandit` with excludes (a folder, and a plain substring) and skips, nested folders, a `.pyw`,
 * files Bandit does not read, and excluded files with findings that must stay out.
 */
const SELECTION_TREE: Readonly<Record<string, string>> = {
  '.bandit': '[bandit]\nexclude: ./tests,vendored\nskips: B404\n',
  'app/main.py': 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n',
  'app/gui.pyw': 'def evaluate(text):\n    return eval(text)\n',
  'app/deep/nested/more/mod.py': 'import pickle\n\ndef load(data):\n    exec(data)\n    return pickle.loads(data)\n',
  'app/deep/__init__.py': '',
  'tests/test_main.py': 'def test_it():\n    assert eval("1") == 1\n',
  'src/vendored_lib/x.py': 'exec("print(1)")\n',
  'scripts/tool': '#!/usr/bin/env python3\nexec("print(1)")\n',
  'notes.txt': 'exec("not python")\n',
  Dockerfile: 'FROM python:3.12-slim\n',
};

function createTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'devsecops-parity-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('devsecops scan --only sast agrees with raw Bandit', function () {
  this.timeout(120_000);
  after(removeCliBundle);

  const generated = createTree(SELECTION_TREE);
  after(() => rmSync(generated, { recursive: true, force: true }));

  for (const project of [...PROJECTS, generated]) {
    const name =
      project === generated
        ? 'a tree with .bandit excludes, nested folders and a .pyw'
        : project.split('/').slice(-2).join('/');
    it(`reports exactly Bandit's findings on ${name}`, async () => {
      const raw = await runProcess({ command: BANDIT, args: ['-r', '.', '-f', 'json'], cwd: project });
      ok(raw.exitCode === 0 || raw.exitCode === 1, `bandit ran: ${raw.stderr}`);
      const rawReport = JSON.parse(raw.stdout) as RawBanditReport;
      const expected = rawReport.results
        .map((result) => key(result.filename.replace(/^\.\//, ''), result.line_number, result.test_id))
        .sort();

      const cli = await runCli(['scan', project, '--only', 'sast', '--format', 'json', '--fail-on', 'none'], {
        env: { PATH: `/usr/bin:/bin` },
      });
      // A file Bandit could not scan leaves the result incomplete (exit 2) whatever --fail-on says.
      strictEqual(cli.exitCode, rawReport.errors.length > 0 ? 2 : 0, cli.stderr);
      const report = JSON.parse(cli.stdout) as CliJsonReport;
      const actual = report.findings.map((finding) => key(finding.path, finding.line, finding.ruleId)).sort();

      deepStrictEqual(actual, expected);
      // The files Bandit could not scan are exactly the ones it lists, with its reason.
      deepStrictEqual(
        (report.tools[0]?.unscanned ?? []).map((file) => `${file.path}: ${file.reason}`),
        rawReport.errors
          .map((error) => `${error.filename.replace(/^\.\//, '')}: Bandit could not scan it: ${error.reason}`)
          .sort(),
      );
      ok(expected.length > 0, 'the project has findings to compare');
      if (project === generated) {
        // What Bandit 1.6.2 itself selects here: the .pyw and the nested module in; tests/, vendored and B404 out.
        deepStrictEqual(expected, [
          'app/deep/nested/more/mod.py:1 B403',
          'app/deep/nested/more/mod.py:4 B102',
          'app/deep/nested/more/mod.py:5 B301',
          'app/gui.pyw:2 B307',
          'app/main.py:4 B602',
        ]);
      }
      ok(report.findings.every((finding) => finding.tool === 'bandit'));
      deepStrictEqual(
        report.tools.map((tool) => [tool.name, tool.status]),
        [['bandit', 'ok']],
      );
      // Severity is Bandit's, lower-cased.
      const nativeByKey = new Map(
        rawReport.results.map((r) => [
          key(r.filename.replace(/^\.\//, ''), r.line_number, r.test_id),
          r.issue_severity,
        ]),
      );
      for (const finding of report.findings) {
        strictEqual(finding.nativeSeverity, nativeByKey.get(key(finding.path, finding.line, finding.ruleId)));
        strictEqual(finding.severity, finding.nativeSeverity?.toLowerCase());
      }
    });
  }

  it('respects # nosec on the fixture (lines Bandit would otherwise flag are absent)', async () => {
    const project = PROJECTS[0] ?? '';
    const cli = await runCli(['scan', project, '--only', 'sast', '--format', 'json', '--fail-on', 'none'], {
      env: { PATH: `/usr/bin:/bin` },
    });
    const report = JSON.parse(cli.stdout) as CliJsonReport;
    const handlerLines = report.findings
      .filter((finding) => finding.path === 'orders/api/handlers.py')
      .map((finding) => finding.line);
    // Line 36 is `hashlib.md5(...)  # nosec`, line 40 `subprocess.call(..., shell=True)  # nosec B602`.
    ok(!handlerLines.includes(36) && !handlerLines.includes(40), `nosec lines reported: ${handlerLines.join(',')}`);
    ok(handlerLines.includes(28) && handlerLines.includes(16), 'the same calls without # nosec are reported');
    // And Bandit does flag those lines when told to ignore `# nosec`, so the check above is not vacuous.
    const ignoringNosec = await runProcess({
      command: BANDIT,
      args: ['-r', '.', '-f', 'json', '--ignore-nosec'],
      cwd: project,
    });
    const flagged = (JSON.parse(ignoringNosec.stdout) as RawBanditReport).results
      .filter((result) => result.filename === './orders/api/handlers.py')
      .map((result) => result.line_number);
    ok(flagged.includes(36) && flagged.includes(40));
  });
});
