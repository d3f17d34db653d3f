import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../src/process/process-runner';
import { probeVersion } from '../../src/scanners/tool-discovery';
import { forgetVersionsInMemory } from '../../src/scanners/tool-version-cache';

describe('tool version probe cache', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let tool: string;
  let calls: string;

  /** A fake tool that counts its runs and prints `fake <version>`. */
  function writeTool(version: string): void {
    writeFileSync(tool, `#!/bin/sh\necho run >> '${calls}'\necho "fake ${version}"\n`);
    chmodSync(tool, 0o755);
  }
  const runs = (): number => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean).length : 0);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devsecops-version-cache-'));
    env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', DEVSECOPS_CACHE_DIR: join(dir, 'cache') };
    tool = join(dir, 'fake-tool');
    calls = join(dir, 'calls');
    forgetVersionsInMemory();
  });
  afterEach(() => {
    forgetVersionsInMemory();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks an installed tool once, in this process and in the next', async () => {
    writeTool('1.7.5');
    const request = { command: tool, args: ['--version'], env };
    strictEqual(await probeVersion(runProcess, request), '1.7.5');
    strictEqual(await probeVersion(runProcess, request), '1.7.5');
    forgetVersionsInMemory(); // as a new CLI process: only the file in the cache folder remains
    strictEqual(await probeVersion(runProcess, request), '1.7.5');
    strictEqual(runs(), 1);
  });

  it('asks again when the executable changes (an upgrade)', async () => {
    writeTool('1.7.5');
    strictEqual(await probeVersion(runProcess, { command: tool, args: ['--version'], env }), '1.7.5');
    writeTool('1.8.6-upgraded');
    strictEqual(await probeVersion(runProcess, { command: tool, args: ['--version'], env }), '1.8.6');
    strictEqual(runs(), 2);
  });

  it('never caches `python -m tool`, whose module can change under the same interpreter', async () => {
    writeTool('3.11.7');
    const request = { command: tool, args: ['-m', 'bandit', '--version'], env };
    await probeVersion(runProcess, request);
    await probeVersion(runProcess, request);
    deepStrictEqual([runs(), existsSync(join(dir, 'cache', 'tool-versions.json'))], [2, false]);
  });
});
