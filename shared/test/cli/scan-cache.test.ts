import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultCacheDirectory } from '../../src/cache/cache-directory';
import type { JsonReport } from '../../src/reporters/json';
import { skipUnlessInstalled } from '../require-in-ci';
import { createProject } from '../scan/fake-tools';
import { removeCliBundle, runCli } from './cli-bundle';

const VULNERABLE = 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n';

describe('scan remembers Bandit results in the user’s cache folder', function () {
  this.timeout(120_000);
  after(removeCliBundle);
  before(function () {
    skipUnlessInstalled(this, existsSync('/usr/bin/bandit'), 'Bandit is not installed: apt-get install bandit');
  });

  let project: ReturnType<typeof createProject>;
  let cache: string;
  beforeEach(() => {
    project = createProject({ 'app/run.py': VULNERABLE, 'app/clean.py': 'print("hello")\n' });
    cache = mkdtempSync(join(tmpdir(), 'devsecops-cli-cache-'));
  });
  afterEach(() => {
    project.remove();
    rmSync(cache, { recursive: true, force: true });
  });

  const scan = (extraArgs: readonly string[] = [], env: NodeJS.ProcessEnv = {}): ReturnType<typeof runCli> =>
    runCli(['scan', project.root, '--only', 'sast', '--format', 'json', '--fail-on', 'none', ...extraArgs], {
      env: { PATH: '/usr/bin:/bin', DEVSECOPS_CACHE_DIR: cache, ...env },
    });
  const findingsOf = (stdout: string): string[] =>
    (JSON.parse(stdout) as JsonReport).findings.map((f) => `${f.path}:${String(f.line)} ${f.ruleId}`);

  it('scans unchanged files once: the second scan reports the same findings without running Bandit on them', async () => {
    const first = await scan();
    strictEqual(first.exitCode, 0, first.stderr);
    ok(first.stderr.includes('bandit: 0 of 2 files unchanged since an earlier scan'), first.stderr);
    // One entry per file and the folder's size ledger; in a folder of their own, the tree's index, the note that
    // names it as the tree's last scan, and their ledger.
    const entries = (folder: string): string[] => readdirSync(folder).filter((name) => name.endsWith('.json'));
    strictEqual(entries(join(cache, 'bandit-results')).length, 2);
    ok(existsSync(join(cache, 'bandit-results', 'size-ledger')));
    strictEqual(entries(join(cache, 'bandit-results', 'trees')).length, 2);
    ok(existsSync(join(cache, 'bandit-results', 'trees', 'size-ledger')));
    const second = await scan();
    strictEqual(second.exitCode, 0, second.stderr);
    ok(second.stderr.includes('bandit: 2 of 2 files unchanged since an earlier scan'), second.stderr);
    ok(!second.stderr.includes('/usr/bin/bandit -f json'), 'Bandit did not run');
    deepStrictEqual(findingsOf(second.stdout), findingsOf(first.stdout));
    deepStrictEqual(findingsOf(second.stdout), ['app/run.py:1 B404', 'app/run.py:4 B602']);
  });

  it('remembers nothing with --no-cache or DEVSECOPS_NO_CACHE=1', async () => {
    for (const [args, env] of [
      [['--no-cache'], {}],
      [[], { DEVSECOPS_NO_CACHE: '1' }],
    ] as const) {
      const result = await scan(args, env);
      strictEqual(result.exitCode, 0, result.stderr);
      ok(!result.stderr.includes('unchanged since an earlier scan'), result.stderr);
      deepStrictEqual(findingsOf(result.stdout), ['app/run.py:1 B404', 'app/run.py:4 B602']);
    }
    strictEqual(existsSync(join(cache, 'bandit-results')), false);
    deepStrictEqual(
      [undefined, '', '0', 'false', 'FALSE', '1', 'yes'].map((value) =>
        resultCacheDirectory({
          DEVSECOPS_CACHE_DIR: '/c',
          ...(value === undefined ? {} : { DEVSECOPS_NO_CACHE: value }),
        }),
      ),
      ['/c', '/c', '/c', '/c', '/c', undefined, undefined],
    );
    strictEqual(resultCacheDirectory({ DEVSECOPS_CACHE_DIR: '/c' }, true), undefined);
  });

  it('takes its cache folder from the user, never from the repository’s .devsecops.yml', async () => {
    const planted = join(project.root, 'planted-cache');
    writeFileSync(join(project.root, '.devsecops.yml'), `version: 1\ncache: { directory: ${planted} }\n`);
    const result = await scan();
    strictEqual(result.exitCode, 2, 'an unknown key is a configuration error');
    ok(/cache/.test(result.stderr), result.stderr);
    strictEqual(existsSync(planted), false);
    strictEqual(existsSync(join(cache, 'bandit-results')), false);
  });
});
