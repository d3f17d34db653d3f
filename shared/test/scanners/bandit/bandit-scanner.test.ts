import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevsecopsConfig, ToolsConfig } from '../../../src/config/config';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import type { ExecutionSettings } from '../../../src/config/execution-settings';
import { runProcess } from '../../../src/process/process-runner';
import { createBanditScanner } from '../../../src/scanners/bandit/bandit-scanner';
import { chunkByArgumentBytes } from '../../../src/scanners/bandit/bandit-targets';
import type { ScanContext, ScannerOutcome } from '../../../src/scanners/scanner';
import { configWithTool, createFakeToolDir, createProject, executionWith, onlyToolRun } from '../../scan/fake-tools';
import { skipUnlessInstalled } from '../../require-in-ci';
import { recordedVariableNames } from '../../scan/recorded-environment';
import { BANDIT_GIVES_UP_MS, DEEP_EXPRESSION } from './deep-expression';

const REAL_BANDIT = '/usr/bin/bandit';

function withBandit(bandit: Partial<ToolsConfig['bandit']>): DevsecopsConfig {
  return configWithTool('bandit', bandit);
}

/** The user's Bandit settings (a flag or their own config file; never the repository's). */
function banditRuns(bandit: ExecutionSettings['bandit']): ExecutionSettings {
  return executionWith('bandit', bandit);
}

/** Scans `root` running Bandit as the user's `bandit` settings say, under the default policy unless `context` says. */
function scanWithBandit(
  bandit: ExecutionSettings['bandit'],
  root: string,
  context: Partial<ScanContext> = {},
): Promise<ScannerOutcome> {
  return createBanditScanner().scan({
    root,
    config: DEFAULT_CONFIG,
    execution: banditRuns(bandit),
    runProcess,
    ...context,
  });
}

/** Scans `root` with the real Bandit at REAL_BANDIT. */
function scanWithRealBandit(root: string, context: Partial<ScanContext> = {}): Promise<ScannerOutcome> {
  return scanWithBandit({ path: REAL_BANDIT }, root, context);
}

/**
 * A fake `bandit` that records its arguments, working folder and environment (of its last run) and one line
 * per run, and prints a Bandit 1.7.5 JSON report naming every file it was given in `metrics` (as the real
 * one does), with no findings.
 */
function recordingBandit(fakes: ReturnType<typeof createFakeToolDir>, record: string): string {
  return fakes.add(
    'bandit',
    `case "$1" in --version) echo "bandit 1.7.5"; exit 0;; esac
echo run >> ${record}.runs
printf '%s\n' "$@" > ${record}.args
pwd > ${record}.cwd
env > ${record}.env
metrics='"_totals": {}'
seen=0
for f in "$@"; do
  if [ "$seen" = 1 ]; then metrics="$metrics, \\"$f\\": {}"; fi
  if [ "$f" = "--" ]; then seen=1; fi
done
echo "{\\"results\\": [], \\"errors\\": [], \\"metrics\\": {$metrics}}"`,
  );
}

const VULNERABLE = ['import subprocess', '', 'def run(cmd):', '    subprocess.call(cmd, shell=True)', ''].join('\n');

function summary(outcome: ScannerOutcome): string[] {
  return outcome.findings.map((finding) => `${finding.location.path}:${finding.location.line} ${finding.ruleId}`);
}

describe('Bandit scanner (real /usr/bin/bandit)', () => {
  let project: ReturnType<typeof createProject>;
  beforeEach(() => {
    project = createProject({ 'app/run.py': VULNERABLE, 'app/clean.py': 'print("hello")\n' });
  });
  afterEach(() => project.remove());

  it('scans the tree and reports Bandit findings with repository paths and its version', async () => {
    const outcome = await scanWithRealBandit(project.root);
    deepStrictEqual(summary(outcome), ['app/run.py:1 B404', 'app/run.py:4 B602']);
    strictEqual(onlyToolRun(outcome).status, 'ok');
    ok(/^\d+\.\d+/.test(onlyToolRun(outcome).version ?? ''), 'version probed');
  });

  it('scans an unsaved buffer through a private temporary file and maps its path back', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('devsecops-buffers-')));
    const outcome = await scanWithRealBandit(project.root, {
      // The clean file on disk has an eval in its unsaved buffer; the Dockerfile buffer is not Bandit's.
      buffers: new Map([
        ['app/clean.py', 'print("hello")\nresult = eval(data)\n'],
        ['Dockerfile', 'FROM python:3.12\n'],
      ]),
    });
    deepStrictEqual(summary(outcome), ['app/clean.py:2 B307']);
    const after = readdirSync(tmpdir()).filter((name) => name.startsWith('devsecops-buffers-') && !before.has(name));
    deepStrictEqual(after, [], 'temporary copies are removed');
  });

  it('honours the project .bandit file (skips) and a -c config file', async () => {
    const withIni = createProject({ 'run.py': VULNERABLE, '.bandit': '[bandit]\nskips: B404\n' });
    try {
      const outcome = await scanWithRealBandit(withIni.root);
      deepStrictEqual(summary(outcome), ['run.py:4 B602']);
    } finally {
      withIni.remove();
    }
    const withConfig = createProject({ 'run.py': VULNERABLE, 'bandit.yaml': 'skips: ["B602"]\n' });
    try {
      const outcome = await scanWithRealBandit(withConfig.root, { config: withBandit({ configFile: 'bandit.yaml' }) });
      deepStrictEqual(summary(outcome), ['run.py:1 B404']);
    } finally {
      withConfig.remove();
    }
  });

  it('applies [tool.bandit] of pyproject.toml only as `bandit -c pyproject.toml` does, agreeing with the real Bandit', async function () {
    skipUnlessInstalled(this, existsSync(REAL_BANDIT), 'Bandit is installed with apt-get install bandit');
    const tree = createProject({
      'app/run.py': VULNERABLE,
      'tests/test_run.py': VULNERABLE,
      'pyproject.toml': '[project]\nname = "svc"\n\n[tool.bandit]\nexclude_dirs = ["tests"]\nskips = ["B404"]\n',
      // The same settings as YAML: Bandit 1.6.2 has no TOML support (`-c pyproject.toml` fails to parse there).
      'bandit-equivalent.yaml': 'exclude_dirs: ["tests"]\nskips: ["B404"]\n',
    });
    /** What the real Bandit reports when run in the tree as a user would. */
    const realBandit = (args: readonly string[]): string[] => {
      const run = spawnSync(REAL_BANDIT, [...args, '-r', '.', '-f', 'json'], { cwd: tree.root, encoding: 'utf8' });
      const report = JSON.parse(run.stdout) as {
        results: { filename: string; line_number: number; test_id: string }[];
      };
      return report.results
        .map((result) => `${result.filename.replace(/^\.\//, '')}:${String(result.line_number)} ${result.test_id}`)
        .sort();
    };
    try {
      // No -c: Bandit never looks for pyproject.toml, so the table does not apply; a note says how to apply it.
      const plain = await scanWithRealBandit(tree.root);
      deepStrictEqual(summary(plain).sort(), realBandit([]));
      deepStrictEqual(summary(plain).sort(), [
        'app/run.py:1 B404',
        'app/run.py:4 B602',
        'tests/test_run.py:1 B404',
        'tests/test_run.py:4 B602',
      ]);
      ok(
        onlyToolRun(plain).notes?.includes(
          'pyproject.toml has a [tool.bandit] table, which Bandit reads only when run as `bandit -c pyproject.toml` (no Bandit version looks for it by itself), so it was not applied; set `tools.bandit.configFile: pyproject.toml` in .devsecops.yml to apply it.',
        ),
        JSON.stringify(onlyToolRun(plain).notes),
      );
      // configFile: pyproject.toml: as `bandit -c pyproject.toml -r .` (run here with the YAML twin).
      const configured = await scanWithRealBandit(tree.root, { config: withBandit({ configFile: 'pyproject.toml' }) });
      deepStrictEqual(summary(configured), realBandit(['-c', 'bandit-equivalent.yaml']));
      deepStrictEqual(summary(configured), ['app/run.py:4 B602']);
      strictEqual(onlyToolRun(configured).unscanned, undefined);
      ok(!(onlyToolRun(configured).notes ?? []).some((note) => note.includes('[tool.bandit]')));
    } finally {
      tree.remove();
    }
  });

  it('runs Bandit as `python -I -m bandit` when the user sets tools.bandit.python', async function () {
    skipUnlessInstalled(
      this,
      existsSync('/usr/lib/python3/dist-packages/bandit'),
      "Debian's python3 has the bandit module only when the bandit package is installed (apt-get install bandit)",
    );
    const outcome = await scanWithBandit({ python: '/usr/bin/python3' }, project.root);
    deepStrictEqual(summary(outcome), ['app/run.py:1 B404', 'app/run.py:4 B602']);
  });

  it('does not import a bandit/ package from the repository in the module form (python -I, private cwd)', async function () {
    skipUnlessInstalled(
      this,
      existsSync('/usr/lib/python3/dist-packages/bandit'),
      "Debian's python3 has the bandit module only when the bandit package is installed (apt-get install bandit)",
    );
    const marker = join(tmpdir(), `devsecops-shadow-${String(process.pid)}-${String(Date.now())}`);
    const shadowing = createProject({
      'run.py': VULNERABLE,
      'bandit/__init__.py': `open(${JSON.stringify(marker)}, "w").write("imported")\n`,
      'bandit/__main__.py': `open(${JSON.stringify(marker)}, "w").write("ran")\n`,
    });
    try {
      const outcome = await scanWithBandit({ python: '/usr/bin/python3' }, shadowing.root, {
        // The shadowing routes a hostile environment could add, too.
        env: {
          ...process.env,
          PYTHONPATH: shadowing.root,
          PYTHONSTARTUP: join(shadowing.root, 'bandit', '__init__.py'),
        },
      });
      strictEqual(existsSync(marker), false, 'the repository module ran');
      // Bandit itself ran, and scanned the repository's files (its `bandit/` package included, as source).
      ok(summary(outcome).includes('run.py:4 B602'));
    } finally {
      shadowing.remove();
    }
  });

  it('lists a file Bandit cannot parse as unscanned, keeping the other files’ findings', async () => {
    const broken = createProject({ 'bad.py': 'def broken(:\n', 'run.py': VULNERABLE });
    try {
      const outcome = await scanWithRealBandit(broken.root);
      deepStrictEqual(onlyToolRun(outcome).unscanned, [
        { path: 'bad.py', reason: 'Bandit could not scan it: syntax error while parsing AST from file' },
      ]);
      strictEqual(onlyToolRun(outcome).status, 'ok');
      strictEqual(onlyToolRun(outcome).notes, undefined);
      deepStrictEqual(summary(outcome), ['run.py:1 B404', 'run.py:4 B602']);
    } finally {
      broken.remove();
    }
  });

  it('lists a valid file whose 1,500-term expression makes Bandit give up (its shell=True call would be lost)', async function () {
    this.timeout(BANDIT_GIVES_UP_MS);
    const tree = createProject({ 'deep.py': DEEP_EXPRESSION, 'run.py': VULNERABLE });
    try {
      const outcome = await scanWithRealBandit(tree.root);
      deepStrictEqual(onlyToolRun(outcome).unscanned, [
        { path: 'deep.py', reason: 'Bandit could not scan it: exception while scanning file' },
      ]);
      deepStrictEqual(summary(outcome), ['run.py:1 B404', 'run.py:4 B602']);
    } finally {
      tree.remove();
    }
  });

  it('lists an unsaved buffer Bandit cannot parse under its repository path', async () => {
    const outcome = await scanWithRealBandit(project.root, {
      buffers: new Map([['app/clean.py', 'def half(:\n']]),
    });
    deepStrictEqual(onlyToolRun(outcome).unscanned, [
      { path: 'app/clean.py', reason: 'Bandit could not scan it: syntax error while parsing AST from file' },
    ]);
  });
});

describe('Bandit scanner (missing or misbehaving)', () => {
  let project: ReturnType<typeof createProject>;
  let fakes: ReturnType<typeof createFakeToolDir>;
  beforeEach(() => {
    project = createProject({ 'run.py': VULNERABLE });
    fakes = createFakeToolDir();
  });
  afterEach(() => {
    project.remove();
    fakes.remove();
  });

  it('is skipped with the install hint when bandit is not installed', async () => {
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: DEFAULT_CONFIG,
      runProcess,
      env: { PATH: fakes.dir },
    });
    deepStrictEqual(outcome, {
      findings: [],
      tools: [
        {
          name: 'bandit',
          category: 'sast',
          status: 'skipped',
          reason:
            'Bandit (`bandit`) was not found. Install Bandit: `pipx install bandit` or `apt-get install bandit`, or point --bandit-path (or --bandit-python, DEVSECOPS_BANDIT_PATH, tools.bandit.path in ~/.config/devsecops/config.yml) at it.',
        },
      ],
    });
  });

  it('fails with TOOL_NOT_FOUND when enabled: on and bandit is missing', async () => {
    const outcome = await scanWithBandit({ path: '/nonexistent/bandit' }, project.root, {
      config: withBandit({ enabled: 'on' }),
    });
    strictEqual(onlyToolRun(outcome).status, 'failed');
    strictEqual(onlyToolRun(outcome).errorCode, 'TOOL_NOT_FOUND');
  });

  it('fails naming where the user set the path when it does not exist (even with enabled: auto)', async () => {
    const outcome = await scanWithBandit(
      { path: '/nonexistent/bandit', sources: { path: '--bandit-path' } },
      project.root,
    );
    deepStrictEqual(outcome, {
      findings: [],
      tools: [
        {
          name: 'bandit',
          category: 'sast',
          status: 'failed',
          errorCode: 'TOOL_NOT_FOUND',
          reason:
            'Bandit (`/nonexistent/bandit`, set in --bandit-path) was not found: it is not an executable file. Fix the path, or remove the setting to use Bandit from PATH.',
        },
      ],
    });
  });

  it('stops a Bandit that runs longer than its time limit and reports TOOL_TIMEOUT', async () => {
    // Answers the version probe at once, then hangs like a Bandit stuck on a broken interpreter.
    const bandit = fakes.add(
      'bandit',
      'if [ "$1" = "--version" ]; then echo "bandit 1.7.5"; exit 0; fi\nexec sleep 30',
    );
    const outcome = await scanWithBandit({ path: bandit, timeoutSeconds: 0.5 }, project.root);
    const run = onlyToolRun(outcome);
    deepStrictEqual(
      [run.status, run.errorCode, run.version, run.reason],
      [
        'failed',
        'TOOL_TIMEOUT',
        '1.7.5',
        'Bandit timed out and was stopped. Did not finish within 0.5 s. If it needs longer on this repository, raise its time limit (default 600 s) with --bandit-timeout, DEVSECOPS_BANDIT_TIMEOUT_SECONDS or tools.bandit.timeoutSeconds in your own configuration file.',
      ],
    );
    deepStrictEqual(outcome.findings, []);
  });

  it('is skipped when the configured Python has no bandit module', async () => {
    const python = fakes.add('python3', 'echo "/usr/bin/python3: No module named bandit" >&2\nexit 1');
    const outcome = await scanWithBandit({ python }, project.root);
    strictEqual(onlyToolRun(outcome).status, 'skipped');
    ok((onlyToolRun(outcome).reason ?? '').includes('has no bandit module'));
    ok((onlyToolRun(outcome).reason ?? '').includes('pipx install bandit'));
  });

  it('fails with TOOL_OUTPUT_INVALID naming Bandit and quoting a bounded excerpt of malformed output', async () => {
    const bandit = fakes.add(
      'bandit',
      `case "$1" in --version) echo "bandit 9.9.9"; exit 0;; esac
echo "Traceback (most recent call last):"
i=0; while [ $i -lt 200 ]; do echo "  File \\"/usr/lib/python3/x.py\\", line $i, in crash"; i=$((i+1)); done
exit 1`,
    );
    const outcome = await scanWithBandit({ path: bandit }, project.root);
    const run = onlyToolRun(outcome);
    strictEqual(run.status, 'failed');
    strictEqual(run.errorCode, 'TOOL_OUTPUT_INVALID');
    strictEqual(run.version, '9.9.9');
    ok((run.reason ?? '').startsWith('Bandit printed output that is not valid Bandit JSON'), run.reason);
    ok((run.reason ?? '').includes('Traceback (most recent call last):'));
    ok((run.reason ?? '').length < 800, `bounded, was ${(run.reason ?? '').length}`);
    ok((run.reason ?? '').includes('more characters)'));
  });

  it('calls a file unscanned when Bandit’s report does not cover it, whatever the reason', async () => {
    const tree = createProject({ 'a.py': 'print(1)\n', 'pkg/b.py': 'print(2)\n', '.github/scripts/c.py': 'x = 1\n' });
    // A Bandit that reports on a.py only: pkg/b.py silently missing (.github is one Bandit's excludes drop).
    const bandit = fakes.add(
      'bandit',
      `case "$1" in --version) echo "bandit 1.8.6"; exit 0;; esac
echo '{"errors": [], "results": [], "metrics": {"./a.py": {"loc": 1}, "_totals": {"loc": 1}}}'`,
    );
    try {
      const outcome = await scanWithBandit({ path: bandit }, tree.root);
      const missing = [{ path: 'pkg/b.py', reason: 'Bandit was asked to scan it, but its report does not cover it' }];
      deepStrictEqual(onlyToolRun(outcome).unscanned, missing);
      // Bandit is given an exact file list, so the user's own arguments (which may exclude files) cannot hide one.
      const withArgs = await scanWithBandit({ path: bandit, args: ['--exclude', './pkg'] }, tree.root);
      deepStrictEqual(onlyToolRun(withArgs).unscanned, missing);
    } finally {
      tree.remove();
    }
  });

  it('says output over 64 MiB is too much output, not a broken installation', async () => {
    const bandit = fakes.add('bandit', 'echo "bandit 1.8.6"');
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: DEFAULT_CONFIG,
      execution: banditRuns({ path: bandit }),
      runProcess: async (request) => {
        const result = await runProcess(request);
        return request.args.includes('--version') ? result : { ...result, stdout: '{"results": [', truncated: true };
      },
    });
    deepStrictEqual(onlyToolRun(outcome), {
      name: 'bandit',
      category: 'sast',
      status: 'failed',
      reason: "Bandit's output exceeded 64 MiB: narrow the scan with ignore globs or split it.",
      errorCode: 'TOOL_OUTPUT_TOO_LARGE',
      version: '1.8.6',
      durationMs: onlyToolRun(outcome).durationMs,
    });
  });

  it('fails with TOOL_FAILED and the exit code when Bandit exits with an error', async () => {
    const bandit = fakes.add('bandit', 'echo "ERROR: Could not read config file." >&2\nexit 2');
    const outcome = await scanWithBandit({ path: bandit }, project.root);
    strictEqual(onlyToolRun(outcome).errorCode, 'TOOL_FAILED');
    ok((onlyToolRun(outcome).reason ?? '').includes('exit code 2'));
    ok((onlyToolRun(outcome).reason ?? '').includes('Could not read config file.'));
  });

  it('leaves a root virtualenv out of the file list it gives Bandit, from a private folder', async () => {
    const record = join(fakes.dir, 'record');
    const bandit = recordingBandit(fakes, record);
    const withVenv = createProject({
      'run.py': VULNERABLE,
      'venv/lib/x.py': 'eval("1")\n',
      'node_modules/pkg/y.py': '',
      // Bandit's own default `__pycache__` exclude (a substring, as no root folder has that name).
      'lib/__pycache__/z.py': '',
    });
    try {
      const outcome = await scanWithBandit({ path: bandit }, withVenv.root);
      deepStrictEqual(onlyToolRun(outcome), {
        name: 'bandit',
        category: 'sast',
        status: 'ok',
        version: '1.7.5',
        durationMs: onlyToolRun(outcome).durationMs,
        // Bandit itself would scan the virtualenv and node_modules: the note does not say it would not.
        notes: [
          "1 Python file(s) left out by Bandit's excludes (.bandit, exclude_dirs or its defaults), as `bandit -r .` would.",
          '2 Python file(s) left out as third-party code (node_modules, venv at the root), which `bandit -r .` would scan: add a .bandit to let its exclude decide instead.',
        ],
      });
      deepStrictEqual(readFileSync(`${record}.args`, 'utf8').trim().split('\n'), [
        '-f',
        'json',
        '-x',
        '',
        '--',
        join(withVenv.root, 'run.py'),
      ]);
      const cwd = readFileSync(`${record}.cwd`, 'utf8').trim();
      ok(!cwd.startsWith(withVenv.root) && cwd.startsWith(tmpdir()), `Bandit ran in ${cwd}`);
      strictEqual(existsSync(cwd), false, 'the private folder is removed afterwards');
    } finally {
      withVenv.remove();
    }
  });
  it('does not run Bandit when .bandit or the -c file is a FIFO or a link out of the repository (Bandit would read it)', async () => {
    const argsFile = `${fakes.dir}/args`;
    const bandit = fakes.add('bandit', `printf '%s\\n' "$@" > ${argsFile}\necho '{"results": [], "errors": []}'`);
    const outside = createProject({ 'bandit.yaml': 'skips: [B602]\n' });
    try {
      symlinkSync(join(outside.root, 'bandit.yaml'), join(project.root, 'bandit.yaml'));
      const fifo = await runProcess({ command: 'mkfifo', args: [join(project.root, '.bandit')], timeoutMs: 10_000 });
      strictEqual(fifo.exitCode, 0, fifo.stderr);
      const scan = (config: DevsecopsConfig): Promise<ScannerOutcome> =>
        createBanditScanner().scan({ root: project.root, config, execution: banditRuns({ path: bandit }), runProcess });
      const fromFifo = onlyToolRun(await scan(DEFAULT_CONFIG));
      deepStrictEqual(
        [fromFifo.status, fromFifo.errorCode, fromFifo.reason],
        [
          'failed',
          'FILE_UNREADABLE',
          '.bandit is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
        ],
      );
      rmSync(join(project.root, '.bandit'));
      const fromLink = onlyToolRun(await scan(withBandit({ configFile: 'bandit.yaml' })));
      deepStrictEqual(
        [fromLink.status, fromLink.errorCode, fromLink.reason],
        [
          'failed',
          'FILE_UNREADABLE',
          'tools.bandit.configFile (bandit.yaml) is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it.',
        ],
      );
      strictEqual(existsSync(argsFile), false, 'Bandit never ran');
    } finally {
      outside.remove();
    }
  });
});

describe('Bandit scanner: what the repository can and cannot do', () => {
  let fakes: ReturnType<typeof createFakeToolDir>;
  let record: string;
  let bandit: string;
  beforeEach(() => {
    fakes = createFakeToolDir();
    record = join(fakes.dir, 'record');
    bandit = recordingBandit(fakes, record);
  });
  afterEach(() => fakes.remove());

  const scan = (
    root: string,
    config: DevsecopsConfig = DEFAULT_CONFIG,
    env?: NodeJS.ProcessEnv,
  ): Promise<ScannerOutcome> =>
    createBanditScanner().scan({
      root,
      config,
      execution: banditRuns({ path: bandit }),
      runProcess,
      ...(env === undefined ? {} : { env }),
    });
  const givenFiles = (root: string): string[] => {
    const args = readFileSync(`${record}.args`, 'utf8').trim().split('\n');
    return args.slice(args.indexOf('--') + 1).map((file) => file.slice(root.length + 1));
  };

  it('gives Bandit a minimal environment: no AWS keys, tokens, PYTHON* or BANDIT_* variables', async () => {
    const project = createProject({ 'run.py': VULNERABLE });
    try {
      await scan(project.root, DEFAULT_CONFIG, {
        PATH: `/usr/bin:/bin`,
        HOME: '/home/someone',
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
        TZ: 'UTC',
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret-value',
        GITHUB_TOKEN: 'ghp_example',
        PYTHONPATH: project.root,
        PYTHONSTARTUP: join(project.root, 'run.py'),
        BANDIT_CONFIG: 'x',
        NODE_OPTIONS: '--require /tmp/evil.js',
      });
      const env = recordedVariableNames(`${record}.env`);
      deepStrictEqual(env, ['HOME', 'LANG', 'LC_ALL', 'PATH', 'TZ']);
    } finally {
      project.remove();
    }
  });

  it('hands Bandit regular files and links inside the repository (under their own names); a link out, a dangling link, a FIFO and a device are listed as unscanned', async () => {
    const outside = createProject({ 'secret.py': 'password = "hunter2"\n' });
    const project = createProject({ 'run.py': VULNERABLE, 'pkg/inside.py': 'x = 1\n' });
    try {
      symlinkSync(join(outside.root, 'secret.py'), join(project.root, 'escape.py'));
      symlinkSync('/dev/zero', join(project.root, 'zero.py'));
      symlinkSync(join(project.root, 'pkg', 'inside.py'), join(project.root, 'alias.py'));
      symlinkSync('pkg/inside.py', join(project.root, 'relative_alias.py'));
      symlinkSync(join(project.root, 'missing.py'), join(project.root, 'dangling.py'));
      execFileSync('mkfifo', [join(project.root, 'pipe.py')]);
      const outcome = await scan(project.root);
      // As `bandit -r .` would, and as every read of the repository does: a link that stays inside is read
      // under its own name, even when its target is scanned too.
      deepStrictEqual(givenFiles(project.root), ['alias.py', 'pkg/inside.py', 'relative_alias.py', 'run.py']);
      const ignoreAdvice = ', or add it to `ignore` in .devsecops.yml to leave it out on purpose.';
      const linkOut = (name: string): string =>
        `${name} is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it${ignoreAdvice}`;
      deepStrictEqual(onlyToolRun(outcome).unscanned, [
        { path: 'dangling.py', reason: `dangling.py does not exist: not read. Check the path${ignoreAdvice}` },
        { path: 'escape.py', reason: linkOut('escape.py') },
        {
          path: 'pipe.py',
          reason: `pipe.py is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file${ignoreAdvice}`,
        },
        { path: 'zero.py', reason: linkOut('zero.py') },
      ]);
    } finally {
      project.remove();
      outside.remove();
    }
  });

  it('applies .bandit exclude, skips and tests itself, and never passes the file (or its output/baseline keys) on', async () => {
    const project = createProject({
      'run.py': VULNERABLE,
      'tests/test_run.py': VULNERABLE,
      '.bandit':
        '[bandit]\nexclude: ./tests\nskips: B404\ntests: B602,B404\noutput: /tmp/owned.txt\nbaseline: /etc/passwd\n',
    });
    try {
      const outcome = await scan(project.root);
      const args = readFileSync(`${record}.args`, 'utf8').trim().split('\n');
      deepStrictEqual(args, [
        '-f',
        'json',
        '-x',
        '',
        '-s',
        'B404',
        '-t',
        'B602,B404',
        '--',
        join(project.root, 'run.py'),
      ]);
      deepStrictEqual(onlyToolRun(outcome).notes, [
        '.bandit sets baseline, output: not passed to Bandit (devsecops applies only exclude, skips and tests from it).',
        "1 Python file(s) left out by Bandit's excludes (.bandit, exclude_dirs or its defaults), as `bandit -r .` would.",
      ]);
    } finally {
      project.remove();
    }
  });

  it('refuses two .bandit files, as Bandit does', async () => {
    const project = createProject({ 'run.py': VULNERABLE, '.bandit': '[bandit]\n', 'sub/.bandit': '[bandit]\n' });
    try {
      const run = onlyToolRun(await scan(project.root));
      deepStrictEqual([run.status, run.errorCode], ['failed', 'CONFIG_INVALID']);
      ok(run.reason?.startsWith('Multiple .bandit files found (.bandit, sub/.bandit)'), run.reason);
    } finally {
      project.remove();
    }
  });

  it('fails at once, without hanging, on a .bandit listing a hundred thousand distinct excludes', async function () {
    // A hang guard, not a speed goal: before the cap this scan was busy for about two minutes.
    this.timeout(60_000);
    const files = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`pkg/m${String(index)}.py`, '']));
    // Half a megabyte: within the 1 MB Bandit configs may have.
    const excludes = Array.from({ length: 100_001 }, (_, index) => `z${index.toString(36)}`).join(',');
    const project = createProject({ ...files, 'run.py': VULNERABLE, '.bandit': `[bandit]\nexclude: ${excludes}\n` });
    try {
      const run = onlyToolRun(await scan(project.root));
      deepStrictEqual(
        [run.status, run.errorCode, run.reason],
        [
          'failed',
          'CONFIG_INVALID',
          "Bandit's excludes (.bandit, exclude_dirs) list 100001 distinct patterns for 201 files: too many to apply (over 20000000 tests). Exclude whole folders with a few patterns instead.",
        ],
      );
    } finally {
      project.remove();
    }
  });

  it('refuses a .bandit that is not UTF-8, on which Bandit stops, instead of applying what a lossy reading says', async () => {
    const project = createProject({ 'run.py': VULNERABLE });
    writeFileSync(join(project.root, '.bandit'), Buffer.from('[bandit]\n# caf\xe9\nexclude: ./run.py\n', 'latin1'));
    try {
      const run = onlyToolRun(await scan(project.root));
      deepStrictEqual(
        [run.status, run.errorCode, run.reason],
        [
          'failed',
          'CONFIG_INVALID',
          ".bandit is not valid UTF-8: Bandit stops on it (Python's configparser reads it as UTF-8) and scans nothing. Save it as UTF-8.",
        ],
      );
    } finally {
      project.remove();
    }
  });

  it('reads a -c config inside the repository only, and applies its exclude_dirs to repository paths', async () => {
    // The repository sits in a folder named `tests`: Bandit matching exclude_dirs on absolute paths would drop everything.
    const parent = createProject({});
    const root = join(parent.root, 'tests', 'project');
    mkdirSync(join(root, 'tests'), { recursive: true });
    writeFileSync(join(root, 'run.py'), VULNERABLE);
    writeFileSync(join(root, 'tests', 'test_run.py'), VULNERABLE);
    writeFileSync(join(root, 'bandit.yaml'), 'exclude_dirs: ["tests"]\nskips: ["B101"]\n');
    try {
      const outcome = await scan(root, withBandit({ configFile: 'bandit.yaml' }));
      strictEqual(onlyToolRun(outcome).status, 'ok', onlyToolRun(outcome).reason);
      deepStrictEqual(givenFiles(root), ['run.py']);
      const args = readFileSync(`${record}.args`, 'utf8').trim().split('\n');
      const config = args[args.indexOf('-c') + 1] ?? '';
      ok(!config.startsWith(root), 'Bandit gets a copy without exclude_dirs');

      const outside = onlyToolRun(await scan(root, withBandit({ configFile: '../../../../etc/passwd' })));
      deepStrictEqual([outside.status, outside.errorCode], ['failed', 'CONFIG_INVALID']);
      ok(outside.reason?.includes('is outside the repository'), outside.reason);
    } finally {
      parent.remove();
    }
  });

  it('splits a long file list into several runs and merges their reports (every file accounted for)', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 60; index++)
      files[`package_${String(index % 3)}/module_${String(index)}.py`] = 'x = 1\n';
    const project = createProject(files);
    try {
      const outcome = await createBanditScanner({ maxArgumentBytesPerRun: 1500 }).scan({
        root: project.root,
        config: DEFAULT_CONFIG,
        execution: banditRuns({ path: bandit }),
        runProcess,
      });
      const run = onlyToolRun(outcome);
      deepStrictEqual([run.status, run.unscanned], ['ok', undefined]);
      const expectedRuns = chunkByArgumentBytes(
        Object.keys(files)
          .sort()
          .map((file) => join(project.root, file)),
        1500,
      ).length;
      ok(expectedRuns >= 3, `${String(expectedRuns)} runs`);
      strictEqual(readFileSync(`${record}.runs`, 'utf8').trim().split('\n').length, expectedRuns);
    } finally {
      project.remove();
    }
  });
});
