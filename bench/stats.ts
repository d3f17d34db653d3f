// Small statistics the benchmarks share, so every one of them means the same thing by "median".
import { performance } from 'node:perf_hooks';

/** The median of `values` (the mean of the two middle values when there is an even number); 0 when empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs `run` synchronously `repeats` times; returns the median wall time of one run, in milliseconds. */
export function medianRunMs(repeats: number, run: () => unknown): number {
  const times: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}
