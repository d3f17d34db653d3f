import { isJsonObject } from '../json-output';

/**
 * Bandit's JSON report as Bandit prints it (`-f json`), taken apart per file and put back together: how
 * several Bandit runs (shards, and results remembered from earlier scans) make the one report a single
 * `bandit -r .` would have printed. Bandit analyses each file on its own, so a file's part of the report
 * does not depend on which other files were in the run.
 */

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/** One file's part of a Bandit report, exactly as Bandit printed it. */
export interface BanditFilePart {
  /** Its results, in Bandit's order (the order its checks found them). */
  readonly results: readonly JsonObject[];
  /** Its entries under `errors` (a syntax error, an exception while scanning). */
  readonly errors: readonly JsonObject[];
  /** Its entry under `metrics` (lines of code, `# nosec` count, counts by severity and confidence); absent when Bandit never opened it. */
  readonly metrics?: JsonObject;
}

/** The parts of a report that the merge rebuilds; anything else Bandit prints (`generated_at`) is not kept. */
export interface BanditDocument extends JsonObject {
  readonly results: JsonObject[];
  readonly errors: JsonObject[];
  readonly metrics: Record<string, JsonObject>;
}

/** The key Bandit files an error without a file name under (it never does; kept so such an error is not lost). */
const NO_FILE = '';

/**
 * Splits a parsed report into its files' parts, keyed by the file name as Bandit printed it. The caller has
 * checked that `results` is a list (`parseBanditReport`); malformed entries are skipped here and reported there.
 */
export function splitBanditDocument(document: JsonObject): Map<string, BanditFilePart> {
  const parts = new Map<string, { results: JsonObject[]; errors: JsonObject[]; metrics?: JsonObject }>();
  const partOf = (file: unknown): { results: JsonObject[]; errors: JsonObject[]; metrics?: JsonObject } => {
    const key = typeof file === 'string' ? file : NO_FILE;
    let part = parts.get(key);
    if (part === undefined) {
      part = { results: [], errors: [] };
      parts.set(key, part);
    }
    return part;
  };
  for (const result of listOf(document['results'])) partOf(result['filename']).results.push(result);
  for (const error of listOf(document['errors'])) partOf(error['filename']).errors.push(error);
  const metrics = document['metrics'];
  if (isJsonObject(metrics)) {
    for (const [file, entry] of Object.entries(metrics)) {
      if (file !== '_totals' && isJsonObject(entry)) partOf(file).metrics = entry;
    }
  }
  return parts;
}

function listOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/**
 * Python's string order (by code point; UTF-8 byte order for well-formed text). JavaScript's `<` compares UTF-16
 * units, which differs where a character beyond U+FFFF (a surrogate pair) meets one from U+E000 to U+FFFF. Compared
 * in place: a sort of a large tree's file names would otherwise make thousands of buffers.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) index += 1;
  if (index === length) return a.length - b.length;
  // A difference in the second half of a surrogate pair is a difference of the whole character.
  const previous = index > 0 ? a.charCodeAt(index - 1) : 0;
  const start = previous >= 0xd800 && previous <= 0xdbff ? index - 1 : index;
  return (a.codePointAt(start) ?? 0) - (b.codePointAt(start) ?? 0);
}

/**
 * The report one Bandit run over all these files prints: Bandit scans its files in sorted order and sorts
 * its results by file name (a stable sort, so a file's results keep their order), and its `_totals` are the
 * sum of every file's metrics (`collections.Counter.update`).
 */
export function mergeBanditParts(parts: Iterable<readonly [file: string, part: BanditFilePart]>): BanditDocument {
  const sorted = [...parts].sort(([a], [b]) => (a === NO_FILE ? 1 : b === NO_FILE ? -1 : compareCodePoints(a, b)));
  const document: BanditDocument = { results: [], errors: [], metrics: {} };
  const totals: Record<string, number> = {};
  let anyMetrics = false;
  for (const [file, part] of sorted) {
    document.results.push(...part.results);
    document.errors.push(...part.errors);
    if (part.metrics === undefined) continue;
    anyMetrics = true;
    document.metrics[file] = part.metrics;
    for (const [name, value] of Object.entries(part.metrics)) {
      if (typeof value === 'number') totals[name] = (totals[name] ?? 0) + value;
    }
  }
  if (anyMetrics) document.metrics['_totals'] = totals;
  return document;
}
