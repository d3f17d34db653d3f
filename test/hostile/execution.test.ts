import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '@devsecops/shared/reports';
import {
  childrenOf,
  isWatchdog,
  processesLeftIn,
  processGroupMembers,
  survivors,
} from '../../shared/test/pipeline/process-helpers';
import { recordedVariableNames } from '../../shared/test/scan/recorded-environment';
import type { Entry, HostileRepository } from './hostile-repository';
import { hostileCli, hostileRepository, removeHostileCli, runDevsecops, userEnvironment } from './hostile-repository';

/**
 * A cloned repository must not pick what runs (no scanner path, module, PATH entry or pipeline of its own),
 * must not pass the user's secrets to a scanner, and a stopped CLI stops every process it started.
 * Each attack is a real repository on disk, run through the real CLI bundle (and the local pipeline), with
 * Debian's Bandit. A canary the repository points at writes a marker outside it if it ever runs.
 */

const VULNERABLE = 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n';

/** A program of the user's, outside the repository: it records its environment, then runs the real Bandit. */
function userBandit(repository: HostileRepository): { path: string; envFile: string } {
  const bin = join(repository.outside, 'bin');
  mkdirSync(bin, { recursive: true });
  const envFile = join(repository.outside, 'bandit-env');
  const path = join(bin, 'bandit');
  writeFileSync(path, `#!/bin/sh\nenv > ${JSON.stringify(envFile)}\nexec /usr/bin/bandit "$@"\n`);
  chmodSync(path, 0o755);
  return { path, envFile };
}

describe('hostile repository (real CLI bundle, real Bandit)', function () {
  // Building the CLI bundle takes a while; every test below has its own, shorter deadline.
  this.timeout(180_000);
  const repositories: HostileRepository[] = [];
  const repository = async (entries: Readonly<Record<string, Entry>> = {}): Promise<HostileRepository> => {
    const created = await hostileRepository(entries);
    repositories.push(created);
    return created;
  };
  before(async () => {
    await hostileCli();
  });
  after(() => {
    for (const created of repositories) created.dispose();
    removeHostileCli();
  });

  describe('the repository never picks what runs', () => {
    it('tools.bandit.path / hadolint.path / dependencyCheck.path in .devsecops.yml never run, with one warning each', async function () {
      this.timeout(60_000);
      const repo = await repository({
        'app.py': VULNERABLE,
        Dockerfile: 'FROM python:3.12\n',
        'requirements.txt': 'six==1.16.0\n',
      });
      repo.canaryProgram('e.sh', 'bandit');
      repo.canaryProgram('tools/hadolint', 'hadolint');
      repo.canaryProgram('tools/dc.sh', 'dependency-check');
      repo.write(
        '.devsecops.yml',
        [
          'version: 1',
          'tools:',
          '  bandit: { path: ./e.sh }',
          '  hadolint: { enabled: on, path: tools/hadolint }',
          '  dependencyCheck: { enabled: on, path: ./tools/dc.sh }',
          '',
        ].join('\n'),
      );
      const result = await runDevsecops(['scan', repo.root, '--format', 'json', '--fail-on', 'none'], {
        env: userEnvironment(repo),
        cwd: repo.root,
      });
      deepStrictEqual(
        ['bandit', 'hadolint', 'dependency-check'].filter((name) => repo.canaryProgramRan(name)),
        [],
      );
      const warnings = result.stderr.split('\n').filter((line) => line.startsWith('devsecops: warning:'));
      deepStrictEqual(
        warnings.map((line) => line.slice(0, line.indexOf(' is ignored'))),
        [
          'devsecops: warning: .devsecops.yml:3: tools.bandit.path',
          'devsecops: warning: .devsecops.yml:4: tools.hadolint.path',
          'devsecops: warning: .devsecops.yml:5: tools.dependencyCheck.path',
        ],
      );
      ok(
        warnings[0]?.includes(
          'use --bandit-path, DEVSECOPS_BANDIT_PATH, or tools.bandit.path in your own configuration file',
        ),
      );
      // Bandit still ran, the real one from PATH; hadolint and Dependency-Check (enabled: on) are missing: exit 2.
      const report = JSON.parse(result.stdout) as JsonReport;
      deepStrictEqual(
        report.tools.filter((tool) => tool.name === 'bandit').map((tool) => tool.status),
        ['ok'],
      );
      ok(report.findings.some((finding) => finding.ruleId === 'B602'));
      strictEqual(result.exitCode, 2, result.stderr);
    });

    it("tools.bandit.python and a bandit/ package in the repository: the repository's module is never imported", async function () {
      this.timeout(60_000);
      const repo = await repository({ 'app.py': VULNERABLE });
      const payload = (name: string): string => `open(${JSON.stringify(repo.marker(name))}, "w").write("imported")\n`;
      repo.write('bandit/__init__.py', payload('bandit-package'));
      repo.write('bandit/__main__.py', payload('bandit-main'));
      repo.write('bandit/cli/__init__.py', payload('bandit-cli'));
      repo.write('.devsecops.yml', 'version: 1\ntools:\n  bandit:\n    python: python3\n');
      // From the repository root, as a user would, with the interpreter form chosen by the user this time too.
      for (const extra of [[], ['--bandit-python', '/usr/bin/python3']]) {
        const result = await runDevsecops(
          ['scan', '.', '--only', 'sast', '--format', 'json', '--fail-on', 'none', ...extra],
          { env: userEnvironment(repo, { PYTHONPATH: repo.root }), cwd: repo.root },
        );
        deepStrictEqual(
          ['bandit-package', 'bandit-main', 'bandit-cli'].filter((name) => repo.canaryProgramRan(name)),
          [],
          `${extra.join(' ')}: ${result.stderr}`,
        );
        const report = JSON.parse(result.stdout) as JsonReport;
        ok(
          report.findings.some((finding) => finding.path === 'app.py' && finding.ruleId === 'B602'),
          result.stderr,
        );
      }
    });

    it('no AWS_SECRET_ACCESS_KEY (or token, or PYTHON* hook) reaches a scanner, even the one the user chose', async function () {
      this.timeout(60_000);
      const repo = await repository({ 'app.py': VULNERABLE });
      const bandit = userBandit(repo);
      const result = await runDevsecops(
        ['scan', repo.root, '--only', 'sast', '--format', 'json', '--bandit-path', bandit.path],
        { env: userEnvironment(repo, { PYTHONSTARTUP: join(repo.root, 'app.py'), BANDIT_CONFIG: 'x' }) },
      );
      strictEqual(result.exitCode, 1, result.stderr);
      const names = recordedVariableNames(bandit.envFile);
      deepStrictEqual(names, ['HOME', 'LANG', 'PATH']);
    });

    it('tools.bandit.args and a .bandit `output` cannot make Bandit write outside the repository', async function () {
      this.timeout(60_000);
      const repo = await repository({ 'app.py': VULNERABLE });
      const target = join(repo.outside, 'owned-by-args.txt');
      const viaIni = join(repo.outside, 'owned-by-ini.txt');
      repo.write(
        '.devsecops.yml',
        `version: 1\ntools:\n  bandit:\n    args: [-o, ${JSON.stringify(target)}, -f, txt]\n`,
      );
      repo.write('.bandit', `[bandit]\noutput = ${viaIni}\nformat = txt\n`);
      const result = await runDevsecops(['scan', repo.root, '--only', 'sast', '--format', 'json'], {
        env: userEnvironment(repo),
      });
      deepStrictEqual([existsSync(target), existsSync(viaIni)], [false, false]);
      ok(result.stderr.includes('.devsecops.yml:4: tools.bandit.args is ignored'), result.stderr);
      // Bandit's JSON still reached us (the repository's `-f txt` did not apply either): findings, exit 1.
      strictEqual(result.exitCode, 1, result.stderr);
    });

    it('a repository cannot raise the time limit, nor name a database file outside itself', async function () {
      this.timeout(60_000);
      const repo = await repository({ 'app.py': 'print(1)\n', 'requirements.txt': 'jinja2==2.10\n' });
      repo.write(
        '.devsecops.yml',
        'version: 1\ntools:\n  bandit:\n    timeoutSeconds: 86400\n  sca:\n    database: /etc/passwd\n',
      );
      // A Bandit of the user's that hangs: the user's 1 s limit holds, not the repository's day.
      const bin = join(repo.outside, 'bin');
      mkdirSync(bin);
      const hanging = join(bin, 'bandit');
      writeFileSync(hanging, '#!/bin/sh\n[ "$1" = --version ] && { echo "bandit 1.7.5"; exit 0; }\nexec sleep 60\n');
      chmodSync(hanging, 0o755);
      const started = Date.now();
      const result = await runDevsecops(
        [
          'scan',
          repo.root,
          '--only',
          'sast,sca',
          '--format',
          'json',
          '--bandit-path',
          hanging,
          '--bandit-timeout',
          '1',
        ],
        { env: userEnvironment(repo) },
      );
      ok(Date.now() - started < 30_000, 'the user limit held');
      const report = JSON.parse(result.stdout) as JsonReport;
      const bandit = report.tools.find((tool) => tool.name === 'bandit');
      strictEqual(bandit?.status, 'failed');
      ok(bandit.reason?.includes('Did not finish within 1 s'), bandit.reason);
      // The database the repository named was not read: the bundled snapshot found jinja2 2.10's advisories.
      ok(result.stderr.includes('.devsecops.yml:6: tools.sca.database is ignored'), result.stderr);
      ok(report.findings.some((finding) => finding.path === 'requirements.txt'));
      strictEqual(result.exitCode, 2);
    });

    it("a bandit/ or bin/ folder of the repository on the user's PATH does not provide the scanner", async function () {
      this.timeout(60_000);
      const repo = await repository({ 'app.py': VULNERABLE });
      repo.canaryProgram('.venv/bin/bandit', 'path-bandit');
      repo.canaryProgram('.venv/bin/shellcheck', 'path-shellcheck');
      repo.canaryProgram('bandit', 'dot-bandit');
      repo.write('Dockerfile', 'FROM python:3.12\nRUN echo $x\n');
      const env = userEnvironment(repo, { PATH: `${join(repo.root, '.venv', 'bin')}:.:/usr/bin:/bin` });
      const result = await runDevsecops(['scan', repo.root, '--format', 'json', '--fail-on', 'none'], {
        env,
        cwd: repo.root,
      });
      deepStrictEqual(
        [
          repo.canaryProgramRan('path-bandit'),
          repo.canaryProgramRan('dot-bandit'),
          repo.canaryProgramRan('path-shellcheck'),
        ],
        [false, false, false],
      );
      const report = JSON.parse(result.stdout) as JsonReport;
      // The real Bandit further down PATH ran instead.
      ok(
        report.findings.some((finding) => finding.ruleId === 'B602'),
        result.stderr,
      );
    });
  });

  describe('scanners stop when the CLI stops', () => {
    /** Starts `devsecops <args>` as a shell would (its own process group), with a Bandit that hangs and records pids. */
    async function startHanging(args: (repo: HostileRepository, bandit: string) => string[]): Promise<{
      cli: ReturnType<typeof spawn>;
      pids: () => number[];
      repo: HostileRepository;
      exited: Promise<number | null>;
      /** The CLI's process watchdog (`shared/src/process/watchdog.ts`), found once Bandit runs. */
      watchdogs: number[];
    }> {
      const repo = await repository({ 'app.py': VULNERABLE });
      const pidFile = join(repo.outside, 'pids');
      const bin = join(repo.outside, 'bin');
      mkdirSync(bin);
      const bandit = join(bin, 'bandit');
      writeFileSync(
        bandit,
        // It waits a second before saying it runs: the CLI is killed a moment after the start, as a person would.
        `#!/bin/sh\n[ "$1" = --version ] && { echo "bandit 1.7.5"; exit 0; }\nsleep 1\necho $$ >> ${pidFile}\nsleep 300 &\necho $! >> ${pidFile}\nwait\n`,
      );
      chmodSync(bandit, 0o755);
      const cli = await hostileCli();
      const child = spawn(process.execPath, [cli, ...args(repo, bandit)], {
        detached: true,
        stdio: 'ignore',
        env: userEnvironment(repo),
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const pids = (): number[] =>
        existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
      const deadline = Date.now() + 60_000;
      while (pids().length < 2) {
        if (Date.now() > deadline) throw new Error('Bandit never started');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { cli: child, pids, repo, exited, watchdogs: childrenOf(child.pid ?? 0).filter(isWatchdog) };
    }

    const scanArgs = (repo: HostileRepository, bandit: string): string[] => [
      'scan',
      repo.root,
      '--only',
      'sast',
      '--bandit-path',
      bandit,
    ];

    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      it(`scan: ${signal} to the CLI's process group stops Bandit and its children, and the CLI exits 2 leaving nothing running`, async function () {
        this.timeout(60_000);
        const run = await startHanging(scanArgs);
        deepStrictEqual(run.watchdogs.length, 1, 'one watchdog beside Bandit');
        process.kill(-(run.cli.pid ?? 0), signal);
        strictEqual(await run.exited, 2);
        // The CLI returned and left nothing running: not Bandit nor its child (groups of their own), not its
        // watchdog (a session of its own, which ends once the CLI has), nothing in the CLI's own group.
        deepStrictEqual(await survivors([...run.pids(), ...run.watchdogs]), []);
        deepStrictEqual(processGroupMembers(run.cli.pid ?? 0), []);
      });
    }

    it("scan: SIGKILL to the CLI's process group still stops Bandit (the watchdog)", async function () {
      this.timeout(60_000);
      const run = await startHanging(scanArgs);
      process.kill(-(run.cli.pid ?? 0), 'SIGKILL');
      deepStrictEqual(await survivors([run.cli.pid ?? 0, ...run.pids()]), []);
    });

    it("pipeline run: SIGKILL to the CLI's process group stops every action and scanner", async function () {
      this.timeout(90_000);
      const run = await startHanging((repo, bandit) => ['pipeline', 'run', repo.root, '--bandit-path', bandit]);
      process.kill(-(run.cli.pid ?? 0), 'SIGKILL');
      deepStrictEqual(await survivors([run.cli.pid ?? 0, ...run.pids()]), []);
      deepStrictEqual(await processesLeftIn(run.repo.root), []);
    });
  });

  describe('a scanner that leaves a process behind', () => {
    it('scan: a helper Bandit leaves holding its output neither holds the scan nor outlives it', async function () {
      this.timeout(90_000);
      const repo = await repository({ 'app.py': VULNERABLE });
      const pidFile = join(repo.outside, 'helpers');
      const bandit = join(repo.outside, 'bandit');
      // The user's Bandit, as a wrapper that starts a helper (a daemon) with the output inherited.
      writeFileSync(
        bandit,
        `#!/bin/sh\nsleep 300 &\necho $! >> ${JSON.stringify(pidFile)}\nexec /usr/bin/bandit "$@"\n`,
      );
      chmodSync(bandit, 0o755);
      const result = await runDevsecops(
        ['scan', repo.root, '--only', 'sast', '--format', 'json', '--bandit-path', bandit, '--bandit-timeout', '40'],
        { env: userEnvironment(repo) },
      );
      // Findings, not a time-out: Bandit's report was read when Bandit exited.
      strictEqual(result.exitCode, 1, result.stderr);
      const report = JSON.parse(result.stdout) as JsonReport;
      ok(
        report.findings.some((finding) => finding.ruleId === 'B602'),
        result.stderr,
      );
      const helpers = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
      ok(helpers.length > 0);
      deepStrictEqual(await survivors(helpers), []);
    });
  });

  describe('pipeline run runs the product pipeline', () => {
    it("ignores the project's own pipeline/pipeline.yml (its buildspecs would run as the user) and gives no secrets to scanners", async function () {
      this.timeout(120_000);
      const repo = await repository({ 'app.py': VULNERABLE, Dockerfile: 'FROM python:3.12-slim\nUSER 1000\n' });
      const stolen = join(repo.outside, 'stolen-environment');
      repo.write(
        'pipeline/pipeline.yml',
        'version: 1\nstages:\n  - name: own\n    actions:\n      - name: own\n        buildspec: own.yml\n',
      );
      repo.write(
        'pipeline/own.yml',
        `version: 0.2\nphases:\n  build:\n    commands:\n      - env > ${JSON.stringify(stolen)}\n`,
      );
      repo.canaryProgram('e.sh', 'pipeline-bandit');
      repo.write('.devsecops.yml', 'version: 1\ntools:\n  bandit: { path: ./e.sh }\n');
      const bandit = userBandit(repo);
      const result = await runDevsecops(
        ['pipeline', 'run', repo.root, '--continue-on-failure', '--bandit-path', bandit.path],
        { env: userEnvironment(repo), deadlineMs: 110_000 },
      );
      strictEqual(existsSync(stolen), false, "the project's buildspec ran");
      strictEqual(repo.canaryProgramRan('pipeline-bandit'), false);
      ok(result.stderr.includes('.devsecops.yml:3: tools.bandit.path is ignored'), result.stderr);
      const report = JSON.parse(readFileSync(join(repo.root, 'reports', 'pipeline-run.json'), 'utf8')) as {
        stages: { name: string }[];
      };
      deepStrictEqual(
        report.stages.map((stage) => stage.name),
        ['source', 'application-validation', 'dockerfile-validation', 'image-build'],
      );
      // The user's Bandit ran inside the SAST action, and saw none of the user's secrets.
      const seen = readFileSync(bandit.envFile, 'utf8');
      deepStrictEqual(
        ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN'].filter((name) => seen.includes(`${name}=`)),
        [],
      );
    });
  });
});
