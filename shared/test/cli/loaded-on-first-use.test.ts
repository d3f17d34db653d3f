import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN_FILE, CODE_CACHE_FILE } from '../../src/cli/bin';
import { runProcess } from '../../src/process/process-runner';
import type { JsonReport } from '../../src/reporters/json';
import { skipUnlessInstalled } from '../require-in-ci';
import { createProject } from '../scan/fake-tools';
import { buildCliInto } from './cli-bundle';

/**
 * dist/cli-main.js holds what a scan of Python files runs (dist/cli.js, the executable, loads it with its code
 * cache); the other commands, the built-in engines and the YAML, TOML and schema readers are files beside it,
 * loaded on first use (shared/build.mjs). Run from a folder that holds those three start files and nothing else,
 * such a scan must still work: it then provably loaded no other file.
 */
const START_FILES = ['cli.js', CLI_MAIN_FILE, CODE_CACHE_FILE];

describe('the CLI bundle: what a scan of Python files does not use is loaded on first use', function () {
  this.timeout(180_000);
  let work: string;
  let alone: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'devsecops-cli-parts-'));
    const full = join(work, 'full');
    await buildCliInto(full);
    alone = join(work, 'alone');
    mkdirSync(alone);
    for (const name of START_FILES) copyFileSync(join(full, name), join(alone, name));
    ok(
      readdirSync(full).filter((name) => name.endsWith('.js')).length > START_FILES.length,
      'the build writes files beside the start files',
    );
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const runAlone = (args: readonly string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof runProcess> =>
    runProcess({
      command: process.execPath,
      args: [join(alone, 'cli.js'), ...args],
      timeoutMs: 120_000,
      // No user configuration file either: that one is YAML too.
      env: { PATH: '/usr/bin:/bin', NO_COLOR: '1', XDG_CONFIG_HOME: join(work, 'no-config'), ...env },
    });

  it('scans a tree of Python files (no .devsecops.yml) with the start files alone, cached or not', async function () {
    skipUnlessInstalled(this, existsSync('/usr/bin/bandit'), 'Bandit is not installed: apt-get install bandit');
    const project = createProject({
      'app/run.py': 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n',
      'app/clean.py': 'print("hello")\n',
    });
    try {
      const env = { DEVSECOPS_CACHE_DIR: join(work, 'cache') };
      const args = ['scan', project.root, '--only', 'sast', '--format', 'json', '--fail-on', 'none'];
      for (const expectedUnchanged of [0, 2]) {
        const result = await runAlone(args, env);
        strictEqual(result.exitCode, 0, result.stderr);
        ok(result.stderr.includes(`bandit: ${String(expectedUnchanged)} of 2 files unchanged`), result.stderr);
        const report = JSON.parse(result.stdout) as JsonReport;
        deepStrictEqual(
          report.findings.map((finding) => `${finding.path}:${String(finding.line)} ${finding.ruleId}`),
          ['app/run.py:1 B404', 'app/run.py:4 B602'],
        );
      }
    } finally {
      project.remove();
    }
  });

  it('prints the help of every command with the start files alone: options are registered there, only actions load later', async () => {
    for (const command of [[], ['scan'], ['rules'], ['db', 'update'], ['pipeline', 'run'], ['pipeline', 'baseline']]) {
      const result = await runAlone([...command, '--help']);
      strictEqual(result.exitCode, 0, result.stderr);
      ok(result.stdout.startsWith(`Usage: devsecops ${command.join(' ')}`.trimEnd()), result.stdout);
    }
  });
});
