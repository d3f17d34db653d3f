import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessRequest, ProcessResult } from '../../src/process/process-runner';
import { runProcess } from '../../src/process/process-runner';
import { childrenOf, isAlive, isWatchdog } from '../pipeline/process-helpers';
import { useTemporaryDirectory } from '../temporary-directory';

/** The handles Node reports as keeping this process alive (unref'd ones are left out). */
function refHandles(): object[] {
  return (process as NodeJS.Process & { _getActiveHandles(): object[] })._getActiveHandles();
}

/** What keeps this process alive, or runs beside it, right now. */
interface Footprint {
  readonly handles: ReadonlySet<object>;
  readonly timers: number;
  readonly children: readonly number[];
}

/** Measured after the current timer phase: a timer counts as live while its own callback runs. */
async function footprint(): Promise<Footprint> {
  await new Promise((done) => setImmediate(done));
  return {
    handles: new Set(refHandles()),
    timers: process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length,
    // The watchdog lives as long as this process by design (it holds no handle of ours: see watchdog.ts).
    children: childrenOf(process.pid).filter((pid) => isAlive(pid) && !isWatchdog(pid)),
  };
}

/** Waits up to ~3 s for the footprint to come back to `before`; returns what is left over. */
async function leftSince(before: Footprint): Promise<{ handles: string[]; timers: number; children: number[] }> {
  let left = { handles: [] as string[], timers: 0, children: [] as number[] };
  for (let attempt = 0; attempt < 30; attempt++) {
    const now = await footprint();
    left = {
      handles: [...now.handles].filter((handle) => !before.handles.has(handle)).map((h) => h.constructor.name),
      timers: Math.max(0, now.timers - before.timers),
      children: now.children.filter((pid) => !before.children.includes(pid)),
    };
    if (left.handles.length === 0 && left.timers === 0 && left.children.length === 0) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  return left;
}

const NOTHING = { handles: [], timers: 0, children: [] };

/**
 * Whatever order events come in (the program ends at once or never starts, the caller aborts, stdin is closed
 * or never written, many run at once), once runProcess has resolved nothing of it keeps this process alive
 * or runs on: a CLI that ran a tool returns, a Lambda that ran one ends.
 */
describe('runProcess leaves no handle, timer or process behind', function () {
  this.timeout(30_000);
  const scratch = useTemporaryDirectory('devsecops-runner-leaves-');

  const check = async (run: () => Promise<ProcessResult | ProcessResult[]>): Promise<ProcessResult[]> => {
    const before = await footprint();
    const results = await run();
    deepStrictEqual(await leftSince(before), NOTHING);
    return Array.isArray(results) ? results : [results];
  };

  it('when the program exits at once', async () => {
    const [result] = await check(() => runProcess({ command: 'true', args: [] }));
    strictEqual(result?.exitCode, 0);
  });

  it('when the program is not found (ENOENT)', async () => {
    const [result] = await check(() => runProcess({ command: join(scratch(), 'missing'), args: [] }));
    strictEqual(result?.failure?.kind, 'not-found');
  });

  it('when the program may not be run (EACCES)', async () => {
    const file = join(scratch(), 'not-executable');
    writeFileSync(file, '#!/bin/sh\necho hi\n');
    chmodSync(file, 0o644);
    const [result] = await check(() => runProcess({ command: file, args: [] }));
    strictEqual(result?.failure?.kind, 'spawn-error');
  });

  it('when the caller aborts before it starts', async () => {
    const [result] = await check(() => runProcess({ command: 'sleep', args: ['30'], signal: AbortSignal.abort() }));
    strictEqual(result?.failure?.kind, 'cancelled');
  });

  it('when the caller aborts in the same tick as the spawn', async () => {
    const controller = new AbortController();
    const [result] = await check(() => {
      const running = runProcess({ command: 'sh', args: ['-c', 'sleep 30 & wait'], signal: controller.signal });
      controller.abort();
      return running;
    });
    strictEqual(result?.failure?.kind, 'cancelled');
  });

  it('when it times out while its input promise is still pending', async () => {
    const [result] = await check(() =>
      runProcess({ command: 'cat', args: [], input: new Promise<string>(() => undefined), timeoutMs: 300 }),
    );
    strictEqual(result?.failure?.kind, 'timeout');
  });

  it('when the program exits without reading the input it is given (EPIPE)', async () => {
    const [result] = await check(() =>
      runProcess({ command: 'sh', args: ['-c', 'exec 0<&-; exit 4'], input: 'x'.repeat(4 * 1024 * 1024) }),
    );
    strictEqual(result?.exitCode, 4);
  });

  it('when the input promise settles after the program has exited', async () => {
    let late: (text: string) => void = () => undefined;
    const input = new Promise<string>((resolve) => (late = resolve));
    const [result] = await check(async () => {
      const ended = await runProcess({ command: 'true', args: [], input });
      late('too late');
      return ended;
    });
    strictEqual(result?.exitCode, 0);
  });

  it('when many run at once, some of them aborted', async () => {
    const controller = new AbortController();
    const requests: ProcessRequest[] = Array.from({ length: 24 }, (_, index) =>
      index % 3 === 0
        ? { command: 'sleep', args: ['30'], signal: controller.signal }
        : { command: index % 3 === 1 ? 'true' : join(scratch(), 'missing'), args: [] },
    );
    const results = await check(() => {
      const running = Promise.all(requests.map((request) => runProcess(request)));
      setTimeout(() => controller.abort(), 200);
      return running;
    });
    deepStrictEqual(
      results.map((result) => result.failure?.kind ?? result.exitCode),
      requests.map((_, index) => ['cancelled', 0, 'not-found'][index % 3]),
    );
  });
});
