// Reads one OSV record (https://ossf.github.io/osv-schema/) into the few facts
// the engine matches on. Anything malformed skips the record with a reason,
// never throws: one bad advisory must not cost the user the other thousands.
import type { Severity } from '../../findings/severity';
import { advisorySeverity, type OsvSeverityEntry } from './advisory-severity';
import { normalizePackageName } from './package-name';
import { isJsonObject } from '../../json/json-object';

/** One event of an ECOSYSTEM range, as written in the record (versions not yet validated). */
export type RangeEvent =
  | { readonly kind: 'introduced'; readonly version: string }
  | { readonly kind: 'fixed'; readonly version: string }
  | { readonly kind: 'last_affected'; readonly version: string };

/** A PyPI package's part of an advisory. */
export interface ParsedAffected {
  /** PEP 503 normalised name. */
  readonly packageName: string;
  /** ECOSYSTEM ranges, each a list of events in record order. */
  readonly ranges: readonly (readonly RangeEvent[])[];
  /** The record's explicit `versions` list. */
  readonly versions: readonly string[];
}

/** The facts of one advisory the engine needs. */
export interface ParsedAdvisory {
  readonly id: string;
  readonly aliases: readonly string[];
  /** The summary, or the first sentence of the details. */
  readonly summary: string;
  readonly severity?: Severity;
  /** CVSS vector and score, or the database's severity word. */
  readonly nativeSeverity?: string;
  /** CWE numbers (79 for CWE-79). */
  readonly cwe: readonly number[];
  /** RFC 3339 time of the last change. */
  readonly modified: string;
  readonly affected: readonly ParsedAffected[];
}

/** What reading one record gave. */
export type AdvisoryParseResult =
  | { readonly kind: 'advisory'; readonly advisory: ParsedAdvisory; readonly gitRanges: number }
  | { readonly kind: 'withdrawn'; readonly id: string }
  /** Valid, but names no PyPI package. */
  | { readonly kind: 'not-pypi'; readonly id: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const MAX_SUMMARY_CHARS = 240;

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Thrown inside this module only, turned into an `invalid` result. */
class FieldError extends Error {}

function fail(reason: string): never {
  throw new FieldError(reason);
}

function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : fail(`"${key}" is not a string`);
}

function optionalArray(record: Record<string, unknown>, key: string): unknown[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : fail(`"${key}" is not an array`);
}

/**
 * The summary, else the start of the details. Not just their first sentence: in
 * PYSEC records it is often only "X is a HTTP library.", the vulnerability comes next.
 */
function summaryOf(summary: string | undefined, details: string | undefined): string {
  const text = (summary?.trim() || details?.trim() || '').replace(/\s+/g, ' ');
  if (text.length <= MAX_SUMMARY_CHARS) return text;
  const cut = text.slice(0, MAX_SUMMARY_CHARS - 1);
  const wordEnd = cut.lastIndexOf(' ');
  return `${wordEnd > MAX_SUMMARY_CHARS / 2 ? cut.slice(0, wordEnd) : cut}…`;
}

function parseEvents(events: unknown[]): RangeEvent[] {
  const parsed: RangeEvent[] = [];
  for (const event of events) {
    if (!isJsonObject(event)) fail('a range event is not an object');
    const introduced = optionalString(event, 'introduced');
    const fixed = optionalString(event, 'fixed');
    const lastAffected = optionalString(event, 'last_affected');
    const limit = optionalString(event, 'limit');
    const given = [introduced, fixed, lastAffected, limit].filter((value) => value !== undefined).length;
    if (given !== 1) fail('a range event does not have exactly one of introduced, fixed, last_affected, limit');
    if (introduced !== undefined) parsed.push({ kind: 'introduced', version: introduced });
    else if (fixed !== undefined) parsed.push({ kind: 'fixed', version: fixed });
    else if (lastAffected !== undefined) parsed.push({ kind: 'last_affected', version: lastAffected });
    // `limit` only bounds GIT commit walks; for version ranges it has no meaning.
  }
  return parsed;
}

function parseCwes(databaseSpecific: Record<string, unknown> | undefined): number[] {
  const ids = databaseSpecific?.['cwe_ids'];
  if (!isStringArray(ids)) return [];
  return ids.map((id) => /^CWE-(\d+)$/i.exec(id.trim())?.[1]).flatMap((digits) => (digits ? [Number(digits)] : []));
}

function parseRecord(record: Record<string, unknown>): AdvisoryParseResult {
  const id = optionalString(record, 'id');
  if (!id) fail('no "id"');
  if (optionalString(record, 'withdrawn') !== undefined) return { kind: 'withdrawn', id };
  const aliasesValue = record['aliases'] ?? [];
  if (!isStringArray(aliasesValue)) fail(`"aliases" is not a list of strings`);
  const severityEntries = optionalArray(record, 'severity').map((entry): OsvSeverityEntry => {
    if (!isJsonObject(entry)) fail(`a "severity" entry is not an object`);
    return { type: optionalString(entry, 'type') ?? '', score: optionalString(entry, 'score') ?? '' };
  });
  const databaseSpecific = isJsonObject(record['database_specific']) ? record['database_specific'] : undefined;
  const severityWord = databaseSpecific?.['severity'];
  const severity = advisorySeverity(severityEntries, typeof severityWord === 'string' ? severityWord : undefined);

  let gitRanges = 0;
  const affected: ParsedAffected[] = [];
  for (const entry of optionalArray(record, 'affected')) {
    if (!isJsonObject(entry)) fail(`an "affected" entry is not an object`);
    const pkg = entry['package'];
    if (!isJsonObject(pkg)) continue; // OSV allows affected entries without a package (GIT-only); nothing to match.
    if (optionalString(pkg, 'ecosystem') !== 'PyPI') continue;
    const name = optionalString(pkg, 'name');
    if (!name) fail(`an affected PyPI package has no name`);
    const versions = entry['versions'] ?? [];
    if (!isStringArray(versions)) fail(`"versions" is not a list of strings`);
    const ranges: RangeEvent[][] = [];
    for (const range of optionalArray(entry, 'ranges')) {
      if (!isJsonObject(range)) fail(`a range is not an object`);
      const type = optionalString(range, 'type');
      if (type === 'GIT') {
        gitRanges += 1; // Commit hashes, not versions: OSV resolves them into `versions` already.
        continue;
      }
      if (type !== 'ECOSYSTEM') continue; // SEMVER does not apply to PyPI.
      ranges.push(parseEvents(optionalArray(range, 'events')));
    }
    affected.push({ packageName: normalizePackageName(name), ranges, versions });
  }
  if (affected.length === 0) return { kind: 'not-pypi', id };

  const advisory: ParsedAdvisory = {
    id,
    aliases: aliasesValue,
    summary: summaryOf(optionalString(record, 'summary'), optionalString(record, 'details')),
    ...(severity ? { severity: severity.severity, nativeSeverity: severity.native } : {}),
    cwe: parseCwes(databaseSpecific),
    modified: optionalString(record, 'modified') ?? '',
    affected,
  };
  return { kind: 'advisory', advisory, gitRanges };
}

/** Reads one OSV JSON text. Never throws. */
export function parseOsvAdvisory(jsonText: string): AdvisoryParseResult {
  let record: unknown;
  try {
    record = JSON.parse(jsonText);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isJsonObject(record)) return { kind: 'invalid', reason: 'not a JSON object' };
  try {
    return parseRecord(record);
  } catch (error) {
    if (error instanceof FieldError) return { kind: 'invalid', reason: error.message };
    throw error;
  }
}
