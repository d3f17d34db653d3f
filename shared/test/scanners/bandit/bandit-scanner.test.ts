import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { DevsecopsConfig, ToolsConfig } from '../../../src/config/config';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import { runProcess } from '../../../src/process/process-runner';
import { createBanditScanner } from '../../../src/scanners/bandit/bandit-scanner';
import type { ScannerOutcome } from '../../../src/scanners/scanner';
import { configWithTool, createFakeToolDir, createProject, onlyToolRun } from '../../scan/fake-tools';
import { skipUnlessInstalled } from '../../require-in-ci';

const REAL_BANDIT = '/usr/bin/bandit';

function withBandit(bandit: Partial<ToolsConfig['bandit']>): DevsecopsConfig {
  return configWithTool('bandit', bandit);
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
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: REAL_BANDIT }),
      runProcess,
    });
    deepStrictEqual(summary(outcome), ['app/run.py:1 B404', 'app/run.py:4 B602']);
    strictEqual(onlyToolRun(outcome).status, 'ok');
    ok(/^\d+\.\d+/.test(onlyToolRun(outcome).version ?? ''), 'version probed');
  });

  it('scans an unsaved buffer through a private temporary file and maps its path back', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('devsecops-buffers-')));
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: REAL_BANDIT }),
      runProcess,
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
      const outcome = await createBanditScanner().scan({
        root: withIni.root,
        config: withBandit({ path: REAL_BANDIT }),
        runProcess,
      });
      deepStrictEqual(summary(outcome), ['run.py:4 B602']);
    } finally {
      withIni.remove();
    }
    const withConfig = createProject({ 'run.py': VULNERABLE, 'bandit.yaml': 'skips: ["B602"]\n' });
    try {
      const outcome = await createBanditScanner().scan({
        root: withConfig.root,
        config: withBandit({ path: REAL_BANDIT, configFile: 'bandit.yaml' }),
        runProcess,
      });
      deepStrictEqual(summary(outcome), ['run.py:1 B404']);
    } finally {
      withConfig.remove();
    }
  });

  it('runs Bandit as `python -m bandit` when tools.bandit.python is set', async function () {
    skipUnlessInstalled(
      this,
      existsSync('/usr/lib/python3/dist-packages/bandit'),
      "Debian's python3 has the bandit module only when the bandit package is installed (apt-get install bandit)",
    );
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ python: '/usr/bin/python3' }),
      runProcess,
    });
    deepStrictEqual(summary(outcome), ['app/run.py:1 B404', 'app/run.py:4 B602']);
  });

  it('lists a file Bandit cannot parse as unscanned, keeping the other files’ findings', async () => {
    const broken = createProject({ 'bad.py': 'def broken(:\n', 'run.py': VULNERABLE });
    try {
      const outcome = await createBanditScanner().scan({
        root: broken.root,
        config: withBandit({ path: REAL_BANDIT }),
        runProcess,
      });
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
    // Bandit itself needs 15-20 s on this file (it formats a 1,000-frame traceback).
    this.timeout(120_000);
    const deep = [
      'import subprocess',
      '',
      '',
      'def total(x):',
      `    return ${Array.from({ length: 1500 }, () => 'x').join(' + ')}`,
      '',
      '',
      'def run(cmd):',
      '    subprocess.call(cmd, shell=True)',
      '',
    ].join('\n');
    const tree = createProject({ 'deep.py': deep, 'run.py': VULNERABLE });
    try {
      const outcome = await createBanditScanner().scan({
        root: tree.root,
        config: withBandit({ path: REAL_BANDIT }),
        runProcess,
      });
      deepStrictEqual(onlyToolRun(outcome).unscanned, [
        { path: 'deep.py', reason: 'Bandit could not scan it: exception while scanning file' },
      ]);
      deepStrictEqual(summary(outcome), ['run.py:1 B404', 'run.py:4 B602']);
    } finally {
      tree.remove();
    }
  });

  it('lists an unsaved buffer Bandit cannot parse under its repository path', async () => {
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: REAL_BANDIT }),
      runProcess,
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
            'Bandit (`bandit`) was not found. Install Bandit: `pipx install bandit` or `apt-get install bandit`, or set tools.bandit.path (or tools.bandit.python) in .devsecops.yml.',
        },
      ],
    });
  });

  it('fails with TOOL_NOT_FOUND when enabled: on and bandit is missing', async () => {
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ enabled: 'on', path: '/nonexistent/bandit' }),
      runProcess,
    });
    strictEqual(onlyToolRun(outcome).status, 'failed');
    strictEqual(onlyToolRun(outcome).errorCode, 'TOOL_NOT_FOUND');
  });

  it('fails naming tools.bandit.path when that explicitly configured path does not exist (even with enabled: auto)', async () => {
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: '/nonexistent/bandit' }),
      runProcess,
    });
    deepStrictEqual(outcome, {
      findings: [],
      tools: [
        {
          name: 'bandit',
          category: 'sast',
          status: 'failed',
          errorCode: 'TOOL_NOT_FOUND',
          reason:
            'Bandit (`/nonexistent/bandit`, set in tools.bandit.path) was not found: it is not an executable file. Fix the path, or remove the setting to use Bandit from PATH.',
        },
      ],
    });
  });

  it('stops a Bandit that runs longer than tools.bandit.timeoutSeconds and reports TOOL_TIMEOUT', async () => {
    // Answers the version probe at once, then hangs like a Bandit stuck on a broken interpreter.
    const bandit = fakes.add(
      'bandit',
      'if [ "$1" = "--version" ]; then echo "bandit 1.7.5"; exit 0; fi\nexec sleep 30',
    );
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: bandit, timeoutSeconds: 0.5 }),
      runProcess,
    });
    const run = onlyToolRun(outcome);
    deepStrictEqual(
      [run.status, run.errorCode, run.version, run.reason],
      [
        'failed',
        'TOOL_TIMEOUT',
        '1.7.5',
        'Bandit timed out and was stopped. Did not finish within 0.5 s. If it needs longer on this repository, raise tools.bandit.timeoutSeconds in .devsecops.yml (default 600).',
      ],
    );
    deepStrictEqual(outcome.findings, []);
  });

  it('is skipped when the configured Python has no bandit module', async () => {
    const python = fakes.add('python3', 'echo "/usr/bin/python3: No module named bandit" >&2\nexit 1');
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ python }),
      runProcess,
    });
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
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: bandit }),
      runProcess,
    });
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
      const outcome = await createBanditScanner().scan({
        root: tree.root,
        config: withBandit({ path: bandit }),
        runProcess,
      });
      deepStrictEqual(onlyToolRun(outcome).unscanned, [
        { path: 'pkg/b.py', reason: 'Bandit was asked to scan it, but its report does not cover it' },
      ]);
      const withArgs = await createBanditScanner().scan({
        root: tree.root,
        config: withBandit({ path: bandit, args: ['--exclude', './pkg'] }),
        runProcess,
      });
      strictEqual(onlyToolRun(withArgs).unscanned, undefined, 'extra arguments may exclude files: no metrics check');
    } finally {
      tree.remove();
    }
  });

  it('says output over 64 MiB is too much output, not a broken installation', async () => {
    const bandit = fakes.add('bandit', 'echo "bandit 1.8.6"');
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: bandit }),
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
    const bandit = fakes.add('bandit', 'echo "ERROR: Multiple .bandit files found" >&2\nexit 2');
    const outcome = await createBanditScanner().scan({
      root: project.root,
      config: withBandit({ path: bandit }),
      runProcess,
    });
    strictEqual(onlyToolRun(outcome).errorCode, 'TOOL_FAILED');
    ok((onlyToolRun(outcome).reason ?? '').includes('exit code 2'));
    ok((onlyToolRun(outcome).reason ?? '').includes('Multiple .bandit files found'));
  });

  it('excludes a root virtualenv with -x, keeping Bandit defaults', async () => {
    const argsFile = `${fakes.dir}/args`;
    const bandit = fakes.add('bandit', `printf '%s\\n' "$@" > ${argsFile}\necho '{"results": [], "errors": []}'`);
    const withVenv = createProject({ 'run.py': VULNERABLE, 'venv/lib/x.py': 'eval("1")\n' });
    try {
      const outcome = await createBanditScanner().scan({
        root: withVenv.root,
        config: withBandit({ path: bandit }),
        runProcess,
      });
      strictEqual(onlyToolRun(outcome).status, 'ok');
      const args = readFileSync(argsFile, 'utf8').trim().split('\n');
      deepStrictEqual(args, [
        '-r',
        '.',
        '-f',
        'json',
        '-x',
        '.svn,CVS,.bzr,.hg,.git,__pycache__,.tox,.eggs,*.egg,./venv',
      ]);
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
        createBanditScanner().scan({ root: project.root, config, runProcess });
      const fromFifo = onlyToolRun(await scan(withBandit({ path: bandit })));
      deepStrictEqual(
        [fromFifo.status, fromFifo.errorCode, fromFifo.reason],
        [
          'failed',
          'FILE_UNREADABLE',
          '.bandit is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
        ],
      );
      rmSync(join(project.root, '.bandit'));
      const fromLink = onlyToolRun(await scan(withBandit({ path: bandit, configFile: 'bandit.yaml' })));
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
