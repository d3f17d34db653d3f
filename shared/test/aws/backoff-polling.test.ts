import assert from 'node:assert/strict';
import { abortableSleep, pollDelayMs, pollUntil } from '../../src/aws/backoff-polling';

describe('backoff polling', () => {
  it('grows the wait exponentially to a cap, with half of it jittered', () => {
    const schedule = { initialDelayMs: 1000, maxDelayMs: 8000, factor: 2 };
    const lowest = [0, 1, 2, 3, 4, 5].map((attempt) => pollDelayMs(attempt, { ...schedule, random: () => 0 }));
    const highest = [0, 1, 2, 3, 4, 5].map((attempt) => pollDelayMs(attempt, { ...schedule, random: () => 0.999999 }));
    assert.deepEqual(lowest, [500, 1000, 2000, 4000, 4000, 4000]);
    assert.deepEqual(highest, [1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('polls until done and shows every value', async () => {
    let calls = 0;
    const seen: number[] = [];
    const result = await pollUntil(
      () => Promise.resolve(++calls),
      (value) => value === 3,
      { schedule: { initialDelayMs: 1, maxDelayMs: 2 }, onValue: (v) => seen.push(v) },
    );
    assert.equal(result, 3);
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('stops waiting with CANCELLED as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await assert.rejects(sleeping, { name: 'DevsecopsError', code: 'CANCELLED' });
    await assert.rejects(
      pollUntil(
        () => Promise.resolve(0),
        () => false,
        { signal: controller.signal },
      ),
      { code: 'CANCELLED' },
    );
  });
});
