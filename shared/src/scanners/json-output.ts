/**
 * Parses a tool's JSON output. Some tool versions print a banner or warnings
 * before the document on stdout, so when the whole text is not JSON the
 * document starting at the first line that opens with `{` or `[` is tried.
 * Throws the JSON.parse error when neither works.
 */
export function parseToolJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const start = /^[[{]/m.exec(text);
    if (!start || start.index === 0) throw error;
    return JSON.parse(text.slice(start.index)) as unknown;
  }
}

/**
 * `table[key]` for a key a report supplies: only the table's own entries, so a level written as
 * `constructor` or `__proto__` is unknown rather than Object.prototype's function or object.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A reported 1-based line as findings hold it: a whole number from 1 (tools write 0 for whole-file problems). */
export function lineNumber(reported: number): number {
  return Math.max(1, Math.trunc(reported));
}

/** A reported 1-based column, or undefined when it is not a whole number from 1. */
export function columnNumber(reported: number | undefined): number | undefined {
  return reported !== undefined && Number.isInteger(reported) && reported >= 1 ? reported : undefined;
}

/**
 * True when `value` can be written as JSON again. A value parsed from a report can be nested deeper
 * than JSON.stringify recurses (JSON.parse does not recurse), and a finding's properties are written
 * to every report.
 */
export function survivesJson(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}

/** Tools' reports are read with the same object check as every other parsed input. */
export { isJsonObject } from '../json/json-object';

/** The string at `key`, or undefined when absent or not a string. */
export function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** The number at `key` (numeric strings accepted, as some tools quote numbers), or undefined. */
export function numberField(object: Record<string, unknown>, key: string): number | undefined {
  const value = object[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
