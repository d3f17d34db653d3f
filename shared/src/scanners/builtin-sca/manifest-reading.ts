// What reading one Python manifest (pyproject.toml) or lockfile gives, whatever its format, and the
// pieces every TOML reader shares: parsing with a maintained parser, positions, and the notes a
// malformed or oddly typed file earns.
import { parse as parseToml, TomlError } from 'smol-toml';
import { isJsonObject } from '../../json/json-object';
import { isValidPackageName, normalizePackageName } from './package-name';
import type { RequirementNote, RequirementNoteKind } from './requirement-note';
import type { ParsedRequirement, RequirementLocation } from './requirements-file';
import type { TextRange } from './text-positions';
import { locateTomlValues, type TomlLocations, type TomlPath, type TomlSpan } from './toml-locations';

/** One requirement of a manifest or lockfile, and where in the file it is declared. */
export interface ManifestRequirement {
  readonly requirement: ParsedRequirement;
  /** The table or list it comes from: `[project] dependencies`, `[tool.poetry.group.dev.dependencies]`, `[[package]]`. */
  readonly section: string;
  /** For a lockfile: true (its versions are what gets installed). */
  readonly locked: boolean;
  /** For Poetry's `a || b` constraints: the other alternatives share the declaration's location. */
  readonly alternative?: number;
  /**
   * For a manifest's declaration written as a plain single-line string: the string's text and where its
   * characters are (quotes excluded), so an editor can rewrite the version in place (`manifest-edits.ts`).
   */
  readonly declared?: DeclaredText;
}

/** A declaration's string as written in the manifest, and its range (quotes excluded). */
export interface DeclaredText {
  /** `pep508`: a requirement string (`"flask>=2.0"`); `poetry`: a Poetry constraint (`"^2.0"`). */
  readonly syntax: 'pep508' | 'poetry';
  readonly text: string;
  readonly range: TextRange;
}

/** Everything one manifest or lockfile says, with what could not be read. */
export interface ManifestReading {
  readonly requirements: readonly ManifestRequirement[];
  readonly notes: readonly RequirementNote[];
  /**
   * The notes (also in `notes`) that say part of the file was not read (invalid syntax, a key of the wrong type):
   * any makes the file unscanned, since requirements may be missing from what was checked.
   */
  readonly problems: readonly RequirementNote[];
}

/** A mutable reading under construction. */
export interface ReadingBuilder {
  readonly requirements: ManifestRequirement[];
  readonly notes: RequirementNote[];
  readonly problems: RequirementNote[];
}

/** The declared text of a plain single-line string value (undefined for escapes or multi-line strings). */
export function declaredText(
  span: TomlSpan | undefined,
  syntax: DeclaredText['syntax'],
  text: string,
): DeclaredText | undefined {
  if (span?.content === undefined || span.literal !== true) return undefined;
  return { syntax, text, range: span.content };
}

export function newReading(): ReadingBuilder {
  return { requirements: [], notes: [], problems: [] };
}

/** Text from the file, shortened for a message (a hostile file may hold megabytes in one string). */
export function excerptOf(text: string, max = 80): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** A table (not an array, not a date): TOML tables and JSON objects alike. */
export function isTable(value: unknown): value is Record<string, unknown> {
  return isJsonObject(value) && !(value instanceof Date);
}

export function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isTable(value)) return 'a table';
  if (value === null) return 'null';
  if (value instanceof Date) return 'a date';
  return `a ${typeof value}`;
}

/** A requirement's location from a span: the key (when there is one) through the end of the value. */
export function spanLocation(path: string, span: TomlSpan | undefined): RequirementLocation {
  if (!span) return { path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const start = span.key?.start ?? span.value.start;
  return {
    path,
    line: start.line,
    column: start.column,
    endLine: span.value.end.line,
    endColumn: span.value.end.column,
  };
}

/** Adds a note at a span, and when `problem` a reason the file is incomplete. */
export function noteAt(
  reading: ReadingBuilder,
  path: string,
  span: TomlSpan | undefined,
  kind: RequirementNoteKind,
  message: string,
  problem = false,
): void {
  const start = span?.key?.start ?? span?.value.start;
  const note = { path, line: start?.line ?? 1, column: start?.column ?? 1, kind, message };
  reading.notes.push(note);
  if (problem) reading.problems.push(note);
}

/** A key holding the wrong type: a note, and the file is incomplete. */
export function wrongType(
  reading: ReadingBuilder,
  path: string,
  locations: TomlLocations,
  at: TomlPath,
  what: string,
  expected: string,
  value: unknown,
): void {
  noteAt(
    reading,
    path,
    locations.get(at),
    'wrong-type',
    `${what} should be ${expected}, not ${typeName(value)}: not checked. Fix the file.`,
    true,
  );
}

/** The nesting depth a TOML document may reach (smol-toml's own default); deeper is refused, not parsed. */
const MAX_TOML_DEPTH = 1000;

/** A parsed TOML document with its positions, or the reading that says it is not valid TOML. */
export function parseTomlDocument(
  text: string,
  path: string,
): { document: Record<string, unknown>; locations: TomlLocations } | { invalid: ManifestReading } {
  const body = text.replace(/^\uFEFF/, '');
  try {
    const document = parseToml(body, { maxDepth: MAX_TOML_DEPTH }) as Record<string, unknown>;
    return { document, locations: locateTomlValues(body) };
  } catch (error) {
    const reading = newReading();
    const line = error instanceof TomlError ? error.line : 1;
    const column = error instanceof TomlError ? error.column : 1;
    // smol-toml's message is a sentence, then the offending lines: keep the sentence only.
    const reason = excerptOf((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '', 200);
    const message = `${path} is not valid TOML (${reason}): nothing in it was checked. Fix its syntax.`;
    const note: RequirementNote = { path, line, column, kind: 'invalid-file', message };
    reading.notes.push(note);
    reading.problems.push(note);
    return { invalid: reading };
  }
}

/** A package a lockfile installs at an exact version. */
export function lockedRequirement(
  name: string,
  version: string,
  location: RequirementLocation,
  section: string,
  marker?: string,
): ManifestRequirement {
  return {
    requirement: {
      name,
      normalizedName: normalizePackageName(name),
      extras: [],
      specifier: `==${version}`,
      exactVersion: version,
      ...(marker !== undefined && marker !== '' ? { marker } : {}),
      location,
    },
    section,
    locked: true,
  };
}

/** Longest name or version a lockfile entry may have; real ones are short, a hostile one could be megabytes. */
export const MAX_LOCKED_FIELD_LENGTH = 200;

/**
 * Reads the `[[package]]`-style list of a TOML lockfile: each entry's name and version through `readEntry`,
 * which says what to make of its source. Checks the shared shape (a list of tables, names and versions as
 * strings) and notes what is wrong.
 */
export function readLockedPackages(
  document: Record<string, unknown>,
  locations: TomlLocations,
  path: string,
  listKey: string,
  readEntry: (entry: Record<string, unknown>, at: TomlPath) => LockedEntry,
): ManifestReading {
  const reading = newReading();
  const packages = document[listKey];
  if (packages === undefined) return reading;
  const section = `[[${listKey}]]`;
  if (!Array.isArray(packages)) {
    wrongType(reading, path, locations, [listKey], section, 'a list of tables', packages);
    return reading;
  }
  packages.forEach((entry, index) => {
    const at: TomlPath = [listKey, index];
    if (!isTable(entry)) {
      wrongType(reading, path, locations, at, `Entry ${String(index + 1)} of ${section}`, 'a table', entry);
      return;
    }
    const name = entry['name'];
    const nameSpan = locations.get([...at, 'name']);
    if (typeof name !== 'string' || !isValidPackageName(name) || name.length > MAX_LOCKED_FIELD_LENGTH) {
      const what = `The name of entry ${String(index + 1)} of ${section}`;
      if (typeof name !== 'string') wrongType(reading, path, locations, [...at, 'name'], what, 'a string', name);
      else
        noteAt(
          reading,
          path,
          nameSpan,
          'unparseable',
          `${what}, "${excerptOf(name)}", is not a valid package name: not checked. Fix the file.`,
          true,
        );
      return;
    }
    const location = spanLocation(path, nameSpan);
    const read = readEntry(entry, at);
    if ('skip' in read) {
      if (read.skip !== '') noteAt(reading, path, nameSpan, 'not-a-release', `${name} ${read.skip}: not checked.`);
      return;
    }
    const version = read.version;
    if (typeof version !== 'string' || version === '' || version.length > MAX_LOCKED_FIELD_LENGTH) {
      const what = `The version of ${name} in ${section}`;
      if (typeof version === 'string')
        noteAt(
          reading,
          path,
          nameSpan,
          'unparseable',
          `${what} is ${version === '' ? 'empty' : 'too long'}: not checked. Fix the file.`,
          true,
        );
      else if (version === undefined)
        noteAt(
          reading,
          path,
          nameSpan,
          'wrong-type',
          `${what} is missing: not checked. Fix the file or lock again.`,
          true,
        );
      else wrongType(reading, path, locations, [...at, 'version'], what, 'a string', version);
      return;
    }
    // PEP 751 writes `marker`; poetry.lock 2.1 `markers` (a string, or a table per group, not kept).
    const written = entry['marker'] ?? entry['markers'];
    const marker = typeof written === 'string' ? written : undefined;
    reading.requirements.push(lockedRequirement(name, version, location, section, marker));
  });
  return reading;
}

/** What a lockfile's entry installs: a version from an index, or why it is skipped ('' to skip silently). */
export type LockedEntry = { readonly version: unknown } | { readonly skip: string };
