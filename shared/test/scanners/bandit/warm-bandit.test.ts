import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import { runProcess } from '../../../src/process/process-runner';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../../src/process/process-runner';
import { banditArguments, banditCommand } from '../../../src/scanners/bandit/bandit-command';
import type { BanditForm } from '../../../src/scanners/bandit/bandit-command';
import { createBanditScanner } from '../../../src/scanners/bandit/bandit-scanner';
import {
  consoleScriptInterpreter,
  startWarmBandit,
  WARM_BANDIT_PRELUDE,
  warmBanditCommand,
} from '../../../src/scanners/bandit/warm-bandit';
import { executionWith, createProject } from '../../scan/fake-tools';
import { skipUnlessInstalled } from '../../require-in-ci';
import { childrenOf, isWatchdog, survivors } from '../../pipeline/process-helpers';
import { useTemporaryDirectory } from '../../temporary-directory';

const SRC = join(__dirname, '..', '..', '..', 'src');

const REAL_BANDIT = '/usr/bin/bandit';
const PYTHON = '/usr/bin/python3';
const BANDIT_MODULE = '/usr/lib/python3/dist-packages/bandit';

/** pip's (distlib's) console script, as `pip install bandit` writes it into a virtualenv. */
const PIP_SCRIPT = `#!/home/me/.venv/bin/python3
# -*- coding: utf-8 -*-
import re
import sys
from bandit.cli.main import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
`;

/** uv's console script. */
const UV_SCRIPT = `#!/home/me/.local/share/uv/tools/bandit/bin/python
# -*- coding: utf-8 -*-
import sys
from bandit.cli.main import main
if __name__ == "__main__":
    if sys.argv[0].endswith("-script.pyw"):
        sys.argv[0] = sys.argv[0][:-11]
    elif sys.argv[0].endswith(".exe"):
        sys.argv[0] = sys.argv[0][:-4]
    sys.exit(main())
`;

/** Debian's (PBR's) /usr/bin/bandit. */
const PBR_SCRIPT = `#! /usr/bin/python3
# PBR Generated from 'console_scripts'

import sys

from bandit.cli.main import main


if __name__ == "__main__":
    sys.exit(main())
`;

describe('warm Bandit', () => {
  describe('which console scripts it stands in for', () => {
    it('takes the interpreter (and its one flag) of the scripts pip, uv and PBR write', () => {
      deepStrictEqual(consoleScriptInterpreter(PIP_SCRIPT), { command: '/home/me/.venv/bin/python3', args: [] });
      deepStrictEqual(consoleScriptInterpreter(UV_SCRIPT), {
        command: '/home/me/.local/share/uv/tools/bandit/bin/python',
        args: [],
      });
      deepStrictEqual(consoleScriptInterpreter(PBR_SCRIPT), { command: '/usr/bin/python3', args: [] });
      deepStrictEqual(consoleScriptInterpreter(PBR_SCRIPT.replace('#! /usr/bin/python3', '#!/usr/bin/python3 -I')), {
        command: '/usr/bin/python3',
        args: ['-I'],
      });
      deepStrictEqual(
        consoleScriptInterpreter(PBR_SCRIPT.replace('#! /usr/bin/python3', '#!/usr/bin/python3 -Es \t')),
        {
          command: '/usr/bin/python3',
          args: ['-Es'],
        },
      );
    });

    const refused: Record<string, string> = {
      'a #!/usr/bin/env line (the interpreter is found on PATH at run time)': PBR_SCRIPT.replace(
        '#! /usr/bin/python3',
        '#!/usr/bin/env python3',
      ),
      'a relative interpreter': PBR_SCRIPT.replace('#! /usr/bin/python3', '#!python3'),
      'a #! argument that is not a flag': PBR_SCRIPT.replace('#! /usr/bin/python3', '#!/usr/bin/python3 /tmp/x.py'),
      'no #! line': PBR_SCRIPT.split('\n').slice(1).join('\n'),
      'a script that changes the module path first': PIP_SCRIPT.replace(
        'import sys\n',
        "import sys\nsys.path.insert(0, '/opt/plugins')\n",
      ),
      'a script that sets the environment': PBR_SCRIPT.replace(
        'import sys\n',
        "import sys, os\nos.environ['X'] = '1'\n",
      ),
      'a script that calls another main': PBR_SCRIPT.replace(
        'from bandit.cli.main import main',
        'from other import main',
      ),
      'a script that never calls main': PBR_SCRIPT.replace('    sys.exit(main())\n', '    pass\n'),
      'a shell wrapper': '#!/bin/sh\nexec /usr/bin/python3 -m bandit "$@"\n',
      'an empty file': '',
    };
    for (const [name, text] of Object.entries(refused)) {
      it(`leaves ${name} to run as it is`, () => {
        strictEqual(consoleScriptInterpreter(text), undefined);
      });
    }

    it('reads the script the user chose, and runs the module form as `python -I`', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'devsecops-warm-bandit-'));
      try {
        const script = join(dir, 'bandit');
        writeFileSync(script, PIP_SCRIPT);
        deepStrictEqual(await warmBanditCommand({ executable: script, form: 'script' }), {
          command: '/home/me/.venv/bin/python3',
          args: ['-c', WARM_BANDIT_PRELUDE, script],
        });
        deepStrictEqual(await warmBanditCommand({ executable: PYTHON, form: 'module' }), {
          command: PYTHON,
          args: ['-I', '-c', WARM_BANDIT_PRELUDE, ''],
        });
        // Bandit reads -d/--debug before it loads its plugins: such a run starts cold.
        strictEqual(await warmBanditCommand({ executable: script, form: 'script', userArgs: ['--debug'] }), undefined);
        strictEqual(await warmBanditCommand({ executable: PYTHON, form: 'module', userArgs: ['-d'] }), undefined);
        // A binary, a script too large to be a console script, a missing file.
        writeFileSync(script, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
        strictEqual(await warmBanditCommand({ executable: script, form: 'script' }), undefined);
        writeFileSync(script, PBR_SCRIPT + '#'.repeat(9000));
        strictEqual(await warmBanditCommand({ executable: script, form: 'script' }), undefined);
        strictEqual(await warmBanditCommand({ executable: join(dir, 'missing'), form: 'script' }), undefined);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('against the real Bandit', function () {
    this.timeout(120_000);
    let project: { root: string; remove(): void };
    before(function () {
      skipUnlessInstalled(this, existsSync(REAL_BANDIT), 'Bandit is not installed: apt-get install bandit');
      project = createProject({
        'app/run.py': 'import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n',
        'app/quiet.py': 'import pickle\n\n\ndef load(data):\n    return pickle.loads(data)  # nosec\n',
        'app/broken.py': 'def broken(:\n    pass\n',
        'app/données.py': 'def go(text):\n    return eval(text)\n',
        'bandit.yaml': 'skips: ["B404"]\n',
      });
    });
    after(() => project.remove());

    /** What a run printed, without the one thing that differs between any two runs: the time of the report. */
    const comparable = (result: ProcessResult | undefined): unknown => {
      ok(result);
      return {
        exitCode: result.exitCode,
        stderr: result.stderr,
        stdout: result.stdout.replace(/"generated_at": "[^"]*"/, '"generated_at": ""'),
      };
    };
    const env = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };
    const targets = (): string[] =>
      ['app/run.py', 'app/quiet.py', 'app/broken.py', 'app/données.py'].map((path) => join(project.root, path));

    const cases: {
      name: string;
      options: { skips?: string; tests?: string; config?: boolean; userArgs?: string[] };
    }[] = [
      { name: 'the default run', options: {} },
      { name: '-s and -t from .bandit', options: { skips: 'B602', tests: 'B307,B301' } },
      { name: 'a -s and -t that Bandit refuses', options: { skips: 'B602', tests: 'B602' } },
      { name: 'a -c config', options: { config: true } },
      { name: "the user's own arguments", options: { userArgs: ['--ignore-nosec', '-iii'] } },
    ];
    for (const form of ['script', 'module'] as BanditForm[]) {
      for (const { name, options } of cases) {
        it(`prints exactly what the cold command prints: ${form} form, ${name}`, async function () {
          if (form === 'module') {
            skipUnlessInstalled(this, existsSync(BANDIT_MODULE), "Debian's python3 has no bandit module");
          }
          const executable = form === 'module' ? PYTHON : REAL_BANDIT;
          const input = {
            targets: targets(),
            ...(options.skips === undefined ? {} : { skips: options.skips }),
            ...(options.tests === undefined ? {} : { tests: options.tests }),
            ...(options.config ? { configFile: join(project.root, 'bandit.yaml') } : {}),
            ...(options.userArgs === undefined ? {} : { userArgs: options.userArgs }),
          };
          const cold = await runProcess({ ...banditCommand({ executable, form, ...input }), cwd: tmpdir(), env });
          const command = await warmBanditCommand({ executable, form, ...input });
          ok(command, 'a warm Bandit stands in for it');
          const warm = startWarmBandit(runProcess, command, { cwd: tmpdir(), env, timeoutMs: 60_000 });
          deepStrictEqual(comparable(await warm.run(banditArguments(input))), comparable(cold));
        });
      }
    }

    it('takes file names a repository chose (a line break, quotes, a leading dash) as names, exactly as the cold command does', async () => {
      const names = ['app/line\nbreak.py', 'app/"quoted" \\ name.py', 'app/-d.py'];
      for (const name of names) writeFileSync(join(project.root, name), 'import os\nos.system(input())\n');
      try {
        const input = { targets: names.map((name) => join(project.root, name)) };
        const cold = await runProcess({
          ...banditCommand({ executable: REAL_BANDIT, form: 'script', ...input }),
          cwd: tmpdir(),
          env,
        });
        const command = await warmBanditCommand({ executable: REAL_BANDIT, form: 'script' });
        ok(command);
        const warm = startWarmBandit(runProcess, command, { cwd: tmpdir(), env, timeoutMs: 60_000 });
        const result = await warm.run(banditArguments(input));
        deepStrictEqual(comparable(result), comparable(cold));
        // Every name is scanned as one file: none split the line the arguments travel on, none became an option.
        const report = JSON.parse(result?.stdout ?? '{}') as { results: { filename: string }[] };
        deepStrictEqual(
          [...new Set(report.results.map((finding) => finding.filename))].sort(),
          input.targets.slice().sort(),
        );
      } finally {
        for (const name of names) rmSync(join(project.root, name), { force: true });
      }
    });

    it('leaves the run to the cold command when Bandit cannot be imported', async () => {
      // -S: no site-packages, so no bandit module.
      const warm = startWarmBandit(
        runProcess,
        { command: PYTHON, args: ['-I', '-S', '-c', WARM_BANDIT_PRELUDE, ''] },
        { cwd: tmpdir(), env, timeoutMs: 60_000 },
      );
      strictEqual(await warm.run(banditArguments({ targets: targets() })), undefined);
      const missing = startWarmBandit(
        runProcess,
        { command: join(project.root, 'no-python'), args: [] },
        { cwd: tmpdir(), env, timeoutMs: 60_000 },
      );
      strictEqual(await missing.run(banditArguments({ targets: targets() })), undefined);
    });

    it('stops a dismissed warm Bandit without running it', async () => {
      const started: Promise<ProcessResult>[] = [];
      const recording: ProcessRunner = (request: ProcessRequest) => {
        const result = runProcess(request);
        started.push(result);
        return result;
      };
      const command = await warmBanditCommand({ executable: REAL_BANDIT, form: 'script' });
      ok(command);
      const warm = startWarmBandit(recording, command, { cwd: tmpdir(), env, timeoutMs: 60_000 });
      warm.dismiss();
      const result = await started[0];
      ok(result);
      strictEqual(result.stdout, '', 'no report: Bandit never ran');
      ok(result.failure?.kind === 'cancelled' || result.exitCode === 0, JSON.stringify(result));
    });
  });

  describe('in a scan', function () {
    this.timeout(120_000);
    before(function () {
      skipUnlessInstalled(this, existsSync(REAL_BANDIT), 'Bandit is not installed: apt-get install bandit');
    });

    /** Scans with the real Bandit and a cache folder, counting the warm Bandits started and used. */
    const scanCounting = async (
      root: string,
      cacheDirectory: string,
      bandit: { path: string } | { python: string } = { path: REAL_BANDIT },
    ): Promise<{ findings: string[]; started: number; used: number; log: string[] }> => {
      let started = 0;
      let used = 0;
      const log: string[] = [];
      const counting: ProcessRunner = (request) => {
        if (!request.args.includes(WARM_BANDIT_PRELUDE)) return runProcess(request);
        started += 1;
        const input = Promise.resolve(request.input ?? '').then((line) => {
          if (String(line) !== '') used += 1;
          return line;
        });
        return runProcess({ ...request, input });
      };
      const outcome = await createBanditScanner().scan({
        root,
        config: DEFAULT_CONFIG,
        execution: executionWith('bandit', bandit),
        runProcess: counting,
        env: { PATH: '/usr/bin:/bin' },
        cacheDirectory,
        log: (line) => log.push(line),
      });
      const findings = outcome.findings.map(
        (finding) => `${finding.location.path}:${String(finding.location.line)} ${finding.ruleId}`,
      );
      return { findings: findings.sort(), started, used, log };
    };

    it('starts Bandit ahead only when a file changed since the last scan, and reports what a cold scan reports', async () => {
      const project = createProject({
        'a.py': 'import subprocess\nsubprocess.call("ls", shell=True)\n',
        'b.py': 'x = 1\n',
      });
      const cacheDirectory = mkdtempSync(join(tmpdir(), 'devsecops-warm-cache-'));
      try {
        const first = await scanCounting(project.root, cacheDirectory);
        strictEqual(first.started, 0, 'a first scan has nothing to compare with');
        const unchanged = await scanCounting(project.root, cacheDirectory);
        strictEqual(unchanged.started, 0, 'an unchanged tree never starts Python');
        deepStrictEqual(unchanged.findings, first.findings);

        appendFileSync(join(project.root, 'b.py'), 'eval(input())\n');
        const changed = await scanCounting(project.root, cacheDirectory);
        deepStrictEqual([changed.started, changed.used], [1, 1]);
        ok(
          changed.log.some((line) => line.includes('(1 files, started ahead)')),
          changed.log.join('\n'),
        );
        const cold = await scanCounting(project.root, mkdtempSync(join(tmpdir(), 'devsecops-warm-cold-')));
        deepStrictEqual(changed.findings, cold.findings);
        ok(changed.findings.includes('b.py:2 B307'), changed.findings.join());

        // A new file alone moves no stamp the last scan read: it is scanned, cold.
        writeFileSync(join(project.root, 'c.py'), 'eval(input())\n');
        const added = await scanCounting(project.root, cacheDirectory);
        deepStrictEqual([added.started, added.used], [0, 0]);
        ok(added.findings.includes('c.py:1 B307'));

        // A change whose file is then excluded leaves nothing to scan: the warm Bandit is stopped unused.
        rmSync(join(project.root, 'b.py'));
        const removed = await scanCounting(project.root, cacheDirectory);
        deepStrictEqual([removed.started, removed.used], [1, 0]);
        ok(!removed.findings.some((finding) => finding.startsWith('b.py')));
      } finally {
        project.remove();
        rmSync(cacheDirectory, { recursive: true, force: true });
      }
    });

    it('never imports a bandit/ package of the repository, in either form', async function () {
      skipUnlessInstalled(this, existsSync(BANDIT_MODULE), "Debian's python3 has no bandit module");
      const marker = join(tmpdir(), `devsecops-warm-shadow-${String(process.pid)}-${String(Date.now())}`);
      const project = createProject({
        'run.py': 'import subprocess\nsubprocess.call("ls", shell=True)\n',
        'bandit/__init__.py': `open(${JSON.stringify(marker)}, "w").write("imported")\n`,
        'bandit/cli/__init__.py': `open(${JSON.stringify(marker)}, "w").write("imported")\n`,
        'bandit/cli/main.py': `open(${JSON.stringify(marker)}, "w").write("imported")\n`,
      });
      const cacheDirectory = mkdtempSync(join(tmpdir(), 'devsecops-warm-cache-'));
      try {
        for (const bandit of [{ path: REAL_BANDIT }, { python: PYTHON }]) {
          await scanCounting(project.root, cacheDirectory, bandit);
          appendFileSync(join(project.root, 'run.py'), 'eval(input())\n');
          const changed = await scanCounting(project.root, cacheDirectory, bandit);
          strictEqual(changed.used, 1, JSON.stringify(bandit));
          ok(changed.findings.some((finding) => finding.startsWith('run.py:') && finding.endsWith('B307')));
          strictEqual(existsSync(marker), false, `the repository's module ran (${JSON.stringify(bandit)})`);
        }
      } finally {
        project.remove();
        rmSync(cacheDirectory, { recursive: true, force: true });
        rmSync(marker, { force: true });
      }
    });
  });
  describe('when the scan that started it dies', function () {
    this.timeout(60_000);
    const scratch = useTemporaryDirectory('devsecops-warm-orphan-');

    it('ends by itself while Bandit runs, with no watchdog process started for it', async function () {
      const dir = scratch();
      skipUnlessInstalled(this, existsSync(PYTHON), 'no /usr/bin/python3');
      // A console script as PBR writes it, beside a "Bandit" whose main() notes its pid and runs for minutes: its
      // folder comes first on sys.path, as for any console script.
      const bin = join(dir, 'bin');
      mkdirSync(join(bin, 'bandit', 'cli'), { recursive: true });
      const script = join(bin, 'run-bandit');
      writeFileSync(script, PBR_SCRIPT, { mode: 0o755 });
      writeFileSync(join(bin, 'bandit', '__init__.py'), '');
      writeFileSync(join(bin, 'bandit', 'cli', '__init__.py'), '');
      writeFileSync(
        join(bin, 'bandit', 'cli', 'main.py'),
        'import os, sys, time\ndef main():\n    open(sys.argv[1], "w").write(str(os.getpid()))\n    time.sleep(300)\n',
      );
      const pidFile = join(dir, 'bandit.pid');
      // A stand-in for the CLI: it starts the warm Bandit, hands it its arguments and waits.
      const cliScript = join(dir, 'cli.ts');
      writeFileSync(
        cliScript,
        `import { runProcess } from ${JSON.stringify(join(SRC, 'process', 'process-runner.ts'))};
import { startWarmBandit, warmBanditCommand } from ${JSON.stringify(join(SRC, 'scanners', 'bandit', 'warm-bandit.ts'))};
void (async () => {
  const command = await warmBanditCommand({ executable: ${JSON.stringify(script)}, form: 'script' });
  if (command === undefined) throw new Error('not a console script');
  const warm = startWarmBandit(runProcess, command, { cwd: ${JSON.stringify(dir)}, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 600_000 });
  await warm.run([${JSON.stringify(pidFile)}]);
})();
setInterval(() => undefined, 1000);
`,
      );
      const cli = spawn(process.execPath, ['-r', 'tsx/cjs', cliScript], {
        detached: true,
        stdio: 'ignore',
        cwd: join(__dirname, '..', '..', '..', '..'),
      });
      const cliPid = cli.pid;
      ok(cliPid !== undefined);
      const deadline = Date.now() + 30_000;
      while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') {
        ok(Date.now() < deadline, 'the warm Bandit never ran');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const bandit = Number(readFileSync(pidFile, 'utf8'));
      ok(childrenOf(cliPid).includes(bandit));
      deepStrictEqual(childrenOf(cliPid).filter(isWatchdog), [], 'no watchdog beside the warm Bandit');
      process.kill(-cliPid, 'SIGKILL');
      deepStrictEqual(await survivors([cliPid, bandit]), []);
    });
  });
});
