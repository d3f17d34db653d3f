import { availableParallelism } from 'node:os';
import { compareCodePoints } from './bandit-document';

/**
 * How the files of one scan are split between Bandit processes, one per core: Bandit analyses a file at a
 * time on one core, and its cost grows with the file's size, so the shards are balanced by bytes. The
 * reports are merged afterwards in Bandit's own order (`bandit-document.ts`), so the split never shows.
 */

/** A file to scan, with its size in bytes (the proxy for Bandit's time on it). */
export interface SizedFile {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Below this many bytes per shard a second Bandit start-up (about half a second of one core, loading its
 * plugins) costs more than it saves.
 */
export const MIN_BYTES_PER_SHARD = 32 * 1024;

/** One shard per core, no more than the files (or their bytes) can keep busy; at least one. */
export function shardCount(files: readonly SizedFile[], parallelism: number = availableParallelism()): number {
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const byBytes = Math.ceil(bytes / MIN_BYTES_PER_SHARD);
  return Math.max(1, Math.min(Math.floor(parallelism), files.length, byBytes));
}

/**
 * Splits `files` into `count` shards of nearly equal bytes: the largest file first, each to the shard with
 * the fewest bytes so far (ties to the lower shard), which stays within the largest file of the best split.
 * Deterministic; each shard lists its files in Bandit's (sorted) order; empty shards are dropped.
 */
export function planShards(files: readonly SizedFile[], count: number): string[][] {
  const loads = Array.from({ length: Math.max(1, count) }, () => ({ bytes: 0, files: [] as SizedFile[] }));
  const largestFirst = [...files].sort((a, b) => b.bytes - a.bytes || compareCodePoints(a.path, b.path));
  for (const file of largestFirst) {
    let lightest = loads[0];
    for (const load of loads) if (lightest === undefined || load.bytes < lightest.bytes) lightest = load;
    lightest?.files.push(file);
    if (lightest) lightest.bytes += file.bytes;
  }
  return loads
    .filter((load) => load.files.length > 0)
    .map((load) => load.files.map((file) => file.path).sort(compareCodePoints));
}
