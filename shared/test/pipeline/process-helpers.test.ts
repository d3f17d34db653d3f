import { strictEqual } from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { abortWhenPids } from './process-helpers';
import { useTemporaryDirectory } from '../temporary-directory';

/**
 * Timers that keep this process alive (unref'd ones are not listed), counted after the current timer phase: a
 * timer counts as live while its own callback runs, and mocha arms a test's timeout only once the test's
 * function has returned its promise.
 */
async function liveTimers(): Promise<number> {
  await new Promise((done) => setImmediate(done));
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * The cancellation tests start this poll from log lines; a poll that outlived its test kept a whole mocha run
 * alive after its summary (a `setInterval` polling a removed folder, forever).
 */
describe('abortWhenPids', () => {
  const scratch = useTemporaryDirectory('devsecops-abort-when-pids-');

  it('aborts once the file holds that many pids, and stops polling', async () => {
    const pidFile = join(scratch(), 'pids');
    const controller = new AbortController();
    const before = await liveTimers();
    abortWhenPids(pidFile, 2, controller);
    appendFileSync(pidFile, '101\n102\n');
    await pause(100);
    strictEqual(controller.signal.aborted, true);
    strictEqual(await liveTimers(), before);
  });

  it('stops polling when something else aborts first, though the pids never come', async () => {
    const controller = new AbortController();
    const before = await liveTimers();
    abortWhenPids(join(scratch(), 'pids'), 2, controller);
    controller.abort();
    await pause(100);
    strictEqual(await liveTimers(), before);
  });

  it('starts no poll when called after the abort (a log line read late), even for a file that is gone', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = await liveTimers();
    abortWhenPids(join(scratch(), 'removed', 'pids'), 2, controller);
    await pause(100);
    strictEqual(await liveTimers(), before);
  });

  it('stops every poll of one controller (one per action that logged its command) when one of them aborts', async () => {
    const pidFile = join(scratch(), 'pids');
    const controller = new AbortController();
    const before = await liveTimers();
    abortWhenPids(pidFile, 2, controller);
    abortWhenPids(join(scratch(), 'elsewhere'), 2, controller);
    appendFileSync(pidFile, '101\n102\n');
    await pause(100);
    strictEqual(controller.signal.aborted, true);
    strictEqual(await liveTimers(), before);
  });
});
