import { deepStrictEqual, equal, rejects } from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitForFileText, waitUntil } from '../../../test/e2e/wait-until';
import { useTemporaryDirectory } from '../temporary-directory';

/** A clock that moves only when the code under test sleeps, so no test here waits for real. */
function fakeClock(): { now(): number; sleep(ms: number): Promise<void>; slept: number[] } {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    slept,
  };
}

/** A read that plays back `answers`, then repeats the last. */
function playback<T>(answers: readonly T[]): () => Promise<T> {
  let reads = 0;
  return () => Promise.resolve(answers[Math.min(reads++, answers.length - 1)] as T);
}

describe('waitUntil (the e2e tests wait for a state, never for a fixed time)', () => {
  it('returns the first answer that is accepted, without sleeping when it is accepted at once', async () => {
    const clock = fakeClock();
    const seen = await waitUntil(
      playback(['done']),
      (text) => text === 'done',
      { expected: 'done' },
      {
        timeoutMs: 1_000,
        clock,
      },
    );
    equal(seen, 'done');
    deepStrictEqual(clock.slept, []);
  });

  it('reads again, at its interval, until the answer is accepted', async () => {
    const clock = fakeClock();
    const rows = await waitUntil(
      playback([[], ['B602 app.py:5'], ['B602 app.py:5', 'B602 app.py:9']]),
      (answer) => answer.length === 2,
      { expected: 'two rows' },
      { timeoutMs: 1_000, intervalMs: 50, clock },
    );
    deepStrictEqual(rows, ['B602 app.py:5', 'B602 app.py:9']);
    deepStrictEqual(clock.slept, [50, 50]);
  });

  it('after its deadline says what it expected and what it saw last', async () => {
    const clock = fakeClock();
    await rejects(
      waitUntil(
        playback(['DevSecOps: scanning…', 'DevSecOps: 3 findings']),
        (text) => text.includes('bandit missing'),
        {
          expected: 'the status to say bandit missing',
        },
        { timeoutMs: 1_000, intervalMs: 250, clock },
      ),
      (error: Error) => {
        equal(
          error.message,
          'Waited 1000 ms for the status to say bandit missing; last seen:\n"DevSecOps: 3 findings"',
        );
        return true;
      },
    );
    equal(clock.now() >= 1_000, true);
  });

  it('shows the last answer as the caller describes it', async () => {
    await rejects(
      waitUntil(
        playback([['a', 'b']]),
        () => false,
        { expected: 'nothing', describe: (rows) => rows.join(' + ') },
        {
          timeoutMs: 0,
          clock: fakeClock(),
        },
      ),
      /last seen:\na \+ b$/,
    );
  });

  it('lets a read that fails end the wait at once with its own error', async () => {
    const clock = fakeClock();
    await rejects(
      waitUntil(
        () => Promise.reject(new Error('code-server exited (1)')),
        () => true,
        { expected: 'an answer' },
        {
          timeoutMs: 60_000,
          clock,
        },
      ),
      /code-server exited \(1\)/,
    );
    deepStrictEqual(clock.slept, []);
  });
});

describe('waitForFileText', () => {
  const folder = useTemporaryDirectory('wait-for-file-');

  it("returns the file's text once it holds what is expected", async () => {
    const path = join(folder(), '.devsecops.yml');
    await writeFile(path, 'rule: B602\n');
    equal(await waitForFileText(path, (text) => text.includes('B602'), 'rule: B602'), 'rule: B602\n');
  });

  it('says which file, what it should hold and what it holds when it never does', async () => {
    const path = join(folder(), 'requirements.txt');
    await writeFile(path, 'jinja2==2.10\n');
    await rejects(
      waitForFileText(path, (text) => !text.includes('2.10'), 'the upgraded pin', 0),
      (error: Error) => {
        equal(error.message, `Waited 0 ms for ${path} to hold the upgraded pin; last seen:\njinja2==2.10\n`);
        return true;
      },
    );
  });

  it('reads a missing file as such, and waits for it', async () => {
    await rejects(
      waitForFileText(join(folder(), 'absent'), () => false, 'anything', 0),
      /last seen:\n\(no such file\)$/,
    );
  });
});
