import type { LineReader } from '../findings/fingerprint';
import { readRepositoryFileSync } from './repository-file';

/** Files larger than this are not read for fingerprints; the fallback content is used. */
const MAX_FINGERPRINT_FILE_BYTES = 8 * 1024 * 1024;

/** Splits text into lines the way editors count them (\n, \r\n or \r). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * A line reader over files under `root`, each read once. `overrides` maps a
 * repository-relative path to buffer text (an unsaved editor buffer wins over disk).
 * `known` holds lines already known per repository-relative path (a scanner's,
 * for the content it scanned): a line found there is not read from disk.
 */
export function fileLineReader(
  root: string,
  overrides: ReadonlyMap<string, string> = new Map(),
  known: ReadonlyMap<string, ReadonlyMap<number, string>> = new Map(),
): LineReader {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (path: string): string[] | undefined => {
    if (cache.has(path)) return cache.get(path);
    let lines: string[] | undefined;
    const override = overrides.get(path);
    if (override !== undefined) {
      lines = splitLines(override);
    } else {
      // A finding's path comes from a tool's report: read it only as a file of the tree, like any other.
      const read = readRepositoryFileSync({ root, path, maxBytes: MAX_FINGERPRINT_FILE_BYTES });
      lines = read.ok ? splitLines(read.text) : undefined;
    }
    cache.set(path, lines);
    return lines;
  };
  return (path, line) => (overrides.has(path) ? undefined : known.get(path)?.get(line)) ?? linesOf(path)?.[line - 1];
}
