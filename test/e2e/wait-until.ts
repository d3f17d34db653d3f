import { readFile } from 'node:fs/promises';

/** What `waitUntil` waits for, in words, for its failure message. */
export interface Expectation<T> {
  /** What must come to pass ("a B602 row at line 5"). */
  readonly expected: string;
  /** How to show what was seen instead; JSON by default. */
  readonly describe?: (seen: T) => string;
}

/** How long and how often `waitUntil` reads. */
export interface WaitOptions {
  /** Give up after this long, in milliseconds. */
  readonly timeoutMs: number;
  /** Pause between two reads, in milliseconds. */
  readonly intervalMs?: number;
  /** The clock, replaced in the helper's own tests. */
  readonly clock?: { now(): number; sleep(ms: number): Promise<void> };
}

const REAL_CLOCK = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Reads until `accept` holds for what `read` returns, and returns that. A test waits for the state it needs
 * (a row, a status text, a file's content) instead of sleeping: a fixed pause is too short on a loaded machine
 * and wasted time on a fast one. After the deadline it throws with what was expected and what was last seen.
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  accept: (seen: T) => boolean,
  expectation: Expectation<T>,
  options: WaitOptions,
): Promise<T> {
  const clock = options.clock ?? REAL_CLOCK;
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    const seen = await read();
    if (accept(seen)) return seen;
    if (clock.now() >= deadline) {
      const shown = expectation.describe ? expectation.describe(seen) : JSON.stringify(seen);
      throw new Error(`Waited ${options.timeoutMs} ms for ${expectation.expected}; last seen:\n${shown}`);
    }
    await clock.sleep(options.intervalMs ?? 100);
  }
}

/** Waits until the text of the file at `path` satisfies `accept` (a save or an edit reached the disk); returns it. */
export function waitForFileText(
  path: string,
  accept: (text: string) => boolean,
  expected: string,
  timeoutMs = 15_000,
): Promise<string> {
  const read = (): Promise<string> => readFile(path, 'utf8').catch(() => '(no such file)');
  return waitUntil(read, accept, { expected: `${path} to hold ${expected}`, describe: (text) => text }, { timeoutMs });
}
