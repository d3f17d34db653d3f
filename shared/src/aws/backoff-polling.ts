import { DevsecopsError } from '../errors/devsecops-error';

/** How to poll a long-running cloud job. */
export interface PollSchedule {
  /** First wait between polls, milliseconds. Default 2000. */
  readonly initialDelayMs?: number;
  /** Longest wait between polls, milliseconds. Default 15000. */
  readonly maxDelayMs?: number;
  /** Growth of the wait per poll. Default 1.5. */
  readonly factor?: number;
  /** Uniform random in [0, 1) for jitter; tests inject a fixed one. */
  readonly random?: () => number;
}

/**
 * The wait before poll number `attempt` (0-based): exponential growth capped at
 * `maxDelayMs`, with "equal jitter" (half fixed, half random) so many clients
 * following the same pipeline do not poll in lockstep. Milliseconds.
 */
export function pollDelayMs(attempt: number, schedule: PollSchedule = {}): number {
  const initial = schedule.initialDelayMs ?? 2000;
  const max = schedule.maxDelayMs ?? 15_000;
  const factor = schedule.factor ?? 1.5;
  const random = schedule.random ?? Math.random;
  const ceiling = Math.min(max, initial * factor ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Waits `ms`, or rejects with DevsecopsError('CANCELLED') as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DevsecopsError('CANCELLED', 'Cancelled.'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DevsecopsError('CANCELLED', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `probe` until `isDone(value)`, waiting `pollDelayMs` between calls. Each value
 * is passed to `onValue` first (progress views). Cancelling rejects with CANCELLED.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  isDone: (value: T) => boolean,
  options: { schedule?: PollSchedule; signal?: AbortSignal; onValue?: (value: T) => void } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new DevsecopsError('CANCELLED', 'Cancelled.');
    const value = await probe();
    options.onValue?.(value);
    if (isDone(value)) return value;
    await abortableSleep(pollDelayMs(attempt, options.schedule), options.signal);
  }
}
