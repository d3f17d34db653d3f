// Times a parser on inputs of one repeated pattern at two sizes: linear work takes about
// GROWTH_FACTOR times longer on the large input, quadratic work GROWTH_FACTOR² times. The baseline
// is the same parser on the small input, measured in the same process in turn with the large one,
// so the bound holds on a fast or a loaded machine alike.
import type { GrowthResult } from './child-protocol';
import type { GrowthCheck } from './fuzz-target';
import type { InputRecorder } from './input-recorder';

/** Growth: the large input is this many times the small one. */
export const GROWTH_FACTOR = 8;
/**
 * The large input may take at most this many times the small one's time: ×GROWTH_FACTOR for linear
 * work, 5× slack for n·log n and garbage collection; quadratic work (×GROWTH_FACTOR²) is 1.6× past it.
 */
export const GROWTH_BOUND = GROWTH_FACTOR * 5;
/**
 * The small input grows until one run takes at least this long: timer noise does not dominate, and
 * the parser's garbage already outgrows the young generation (below that, a linear parser's cost
 * per unit jumps between the small and the large size, up to ×7 measured).
 */
const MIN_SMALL_MS = 20;
/** Calibration stops at this size even when the parser is still faster than MIN_SMALL_MS. */
const MAX_SMALL_SIZE = 1 << 16;
const TIMING_REPEATS = 2;
/**
 * Attempts at most: a ratio over the bound is measured again at twice the sizes. A super-linear
 * parser stays over the bound; a pause of the machine does not repeat.
 */
const ATTEMPTS = 3;
/** A known issue is measured once, at this factor: it is reported, not judged, and a quadratic large input takes seconds. */
const KNOWN_ISSUE_FACTOR = 4;

/** CPU time of this process so far, in ms. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * CPU time of one run, not wall time: other processes on a busy machine take wall time from a run
 * at random (a 2-core machine shared by several test runs), but not CPU time. The parser's own
 * garbage collection and compilation threads count, as they should.
 */
function timeOnce(run: () => unknown): number {
  const start = cpuMs();
  run();
  return cpuMs() - start;
}

/** large ÷ small, with the small time floored at 2 ms (below that the timer and the JIT are noise). */
export function growthRatio(result: Pick<GrowthResult, 'smallMs' | 'largeMs'>): number {
  return result.largeMs / Math.max(result.smallMs, 2);
}

/**
 * Calibrates the small size, then times the small and the large size in turn (the fastest of
 * each), so both see the same state of the machine. A ratio over GROWTH_BOUND is measured again at
 * twice the sizes; the attempt with the lowest ratio is returned.
 */
export function measureGrowth(check: GrowthCheck, recorder: InputRecorder): GrowthResult {
  let size = 16;
  for (;;) {
    recorder.record(`growth "${check.name}": calibrating at size ${String(size)}`);
    const run = check.prepare(size);
    run(); // warm-up: the first runs include compiling the parser
    if (timeOnce(run) >= MIN_SMALL_MS || size >= MAX_SMALL_SIZE) break;
    size *= 2;
  }
  const known = check.knownIssue !== undefined;
  const factor = known ? KNOWN_ISSUE_FACTOR : GROWTH_FACTOR;
  let best: GrowthResult | undefined;
  for (let attempt = 1; attempt <= (known ? 1 : ATTEMPTS); attempt++) {
    const largeSize = size * factor;
    const small = check.prepare(size);
    const large = check.prepare(largeSize);
    let smallMs = Infinity;
    let largeMs = Infinity;
    for (let repeat = 0; repeat < (known ? 1 : TIMING_REPEATS); repeat++) {
      // Recorded before every run: the parent's watchdog allows each run its own input deadline.
      recorder.record(`growth "${check.name}": size ${String(size)}, attempt ${String(attempt)}`);
      smallMs = Math.min(smallMs, timeOnce(small));
      recorder.record(`growth "${check.name}": size ${String(largeSize)}, attempt ${String(attempt)}`);
      largeMs = Math.min(largeMs, timeOnce(large));
    }
    const result: GrowthResult = {
      name: check.name,
      smallSize: size,
      largeSize,
      smallMs,
      largeMs,
      ...(check.knownIssue === undefined ? {} : { knownIssue: check.knownIssue }),
    };
    if (best === undefined || growthRatio(result) < growthRatio(best)) best = result;
    if (growthRatio(best) <= GROWTH_BOUND) break;
    size *= 2;
  }
  return best ?? { name: check.name, smallSize: size, largeSize: size * factor, smallMs: 0, largeMs: 0 };
}
