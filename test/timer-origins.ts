import timers from 'node:timers';

/**
 * Where each pending timer of this process was made, so a run that ends with a timer still holding the process
 * open can say which line started it. `getActiveResourcesInfo()` only counts timers ("Timeout").
 *
 * Covers `setTimeout` and `setInterval`, called as globals or through `node:timers`; `node:timers/promises`
 * and modules that kept a reference from before this ran (mocha's own) are not seen.
 */
const origins = new Map<NodeJS.Timeout, Error>();

type Schedule = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => NodeJS.Timeout;
type Cancel = (timer: NodeJS.Timeout | string | number | undefined) => void;

let installed = false;

/** Starts recording; call it before the code whose timers should be named is loaded. */
export function recordTimerOrigins(): void {
  if (installed) return;
  installed = true;
  const originalTimeout = timers.setTimeout as unknown as Schedule;
  const originalInterval = timers.setInterval as unknown as Schedule;
  const originalClearTimeout = timers.clearTimeout;
  const originalClearInterval = timers.clearInterval;

  const setTimeoutRecorded: Schedule = (callback, ms, ...args) => {
    // A fired timeout is forgotten, so neither it nor what its callback holds stays in memory.
    const timer = originalTimeout(
      function (this: unknown, ...callArgs: unknown[]) {
        origins.delete(timer);
        callback.apply(this, callArgs);
      },
      ms,
      ...args,
    );
    origins.set(timer, new Error('timer made here'));
    return timer;
  };
  const setIntervalRecorded: Schedule = (callback, ms, ...args) => {
    const timer = originalInterval(callback, ms, ...args);
    origins.set(timer, new Error('timer made here'));
    return timer;
  };
  const forget =
    (cancel: Cancel): Cancel =>
    (timer) => {
      if (typeof timer === 'object') origins.delete(timer);
      cancel(timer);
    };
  // `util.promisify(setTimeout)` looks this up on the function itself.
  Object.assign(setTimeoutRecorded, {
    [Symbol.for('nodejs.util.promisify.custom')]: (timers.setTimeout as unknown as Record<symbol, unknown>)[
      Symbol.for('nodejs.util.promisify.custom')
    ],
  });

  const replacements = {
    setTimeout: setTimeoutRecorded,
    setInterval: setIntervalRecorded,
    clearTimeout: forget(originalClearTimeout),
    clearInterval: forget(originalClearInterval),
  };
  for (const target of [globalThis, timers] as Record<string, unknown>[]) Object.assign(target, replacements);
}

/** The frames of `origin` below the recording wrapper: who made the timer, and who called that. */
function callers(origin: Error): string {
  const frames = String(origin.stack).split('\n').slice(2, 6);
  return frames.map((frame) => frame.trim().replace(/^at /, '')).join(' ← ');
}

/** The recorded timers that would keep this process alive now, each with the stack that made it. */
export function pendingTimerOrigins(): string[] {
  const pending: string[] = [];
  for (const [timer, origin] of origins) {
    // Cleared by `close()` or by a timers module this did not wrap: forgotten here, alive nowhere.
    const destroyed = (timer as NodeJS.Timeout & { _destroyed?: boolean })._destroyed === true;
    if (destroyed) origins.delete(timer);
    else if (timer.hasRef()) pending.push(`timer made at ${callers(origin)}`);
  }
  return pending;
}
