import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LineReader } from './fingerprint';

/** Files larger than this are not read for fingerprints; the fallback content is used. */
const MAX_FINGERPRINT_FILE_BYTES = 8 * 1024 * 1024;

/** Splits text into lines the way editors count them (\n, \r\n or \r). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * A line reader over files under `root`, each read once. `overrides` maps a
 * repository-relative path to buffer text (an unsaved editor buffer wins over disk).
 */
export function fileLineReader(root: string, overrides: ReadonlyMap<string, string> = new Map()): LineReader {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (path: string): string[] | undefined => {
    if (cache.has(path)) return cache.get(path);
    let lines: string[] | undefined;
    const override = overrides.get(path);
    if (override !== undefined) {
      lines = splitLines(override);
    } else {
      try {
        const buffer = readFileSync(join(root, path));
        lines = buffer.length <= MAX_FINGERPRINT_FILE_BYTES ? splitLines(buffer.toString('utf8')) : undefined;
      } catch {
        lines = undefined;
      }
    }
    cache.set(path, lines);
    return lines;
  };
  return (path, line) => linesOf(path)?.[line - 1];
}
