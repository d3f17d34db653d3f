import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedDebouncer } from '../../src/model/keyed-debouncer';

/** Error handler for tasks that must not fail. */
function unexpected(error: unknown): void {
  assert.fail(String(error));
}

describe('KeyedDebouncer', () => {
  it('runs only the last of several quick schedules for a key', async () => {
    const debouncer = new KeyedDebouncer();
    const ran: number[] = [];
    for (const value of [1, 2, 3]) {
      debouncer.schedule('doc', 20, () => Promise.resolve(void ran.push(value)), unexpected);
    }
    await sleep(60);
    assert.deepEqual(ran, [3]);
    assert.equal(debouncer.size, 0);
  });

  it('aborts running work that newer work supersedes, and keeps keys apart', async () => {
    const debouncer = new KeyedDebouncer();
    const signals: AbortSignal[] = [];
    const slow = (signal: AbortSignal): Promise<void> => {
      signals.push(signal);
      return sleep(30);
    };
    debouncer.schedule('a', 0, slow, unexpected);
    debouncer.schedule('b', 0, slow, unexpected);
    await sleep(5);
    debouncer.schedule('a', 0, slow, unexpected);
    await sleep(5);
    assert.deepEqual(
      signals.map((signal) => signal.aborted),
      [true, false, false],
    );
    await sleep(50);
    assert.equal(debouncer.size, 0);
  });

  it('never runs work inside the caller, even with no delay', () => {
    const debouncer = new KeyedDebouncer();
    let ran = false;
    debouncer.schedule('doc', 0, () => Promise.resolve(void (ran = true)), unexpected);
    assert.equal(ran, false);
    debouncer.dispose();
  });

  it('cancels pending work and reports task errors to the error handler', async () => {
    const debouncer = new KeyedDebouncer();
    let ran = false;
    debouncer.schedule('doc', 10, () => Promise.resolve(void (ran = true)), unexpected);
    debouncer.cancel('doc');
    const errors: unknown[] = [];
    debouncer.schedule(
      'other',
      0,
      () => Promise.reject(new Error('boom')),
      (error) => errors.push(error),
    );
    await sleep(30);
    assert.equal(ran, false);
    assert.deepEqual(
      errors.map((error) => (error as Error).message),
      ['boom'],
    );
  });
});
