// Pipfile.lock (JSON): every key but `_meta` is a category (`default`, `develop`, or a custom one)
// mapping names to `{"version": "==1.2.3", "hashes": […], "markers": …}`; entries with `git`, `path`,
// `file` or `editable` are not releases of an index (noted, not checked). JSON.parse reads it; each
// package's line comes from a walk of the same text for its key (`json-key-locations.ts`).
import { locateJsonKeys } from './json-key-locations';
import {
  excerptOf,
  isTable,
  lockedRequirement,
  MAX_LOCKED_FIELD_LENGTH,
  newReading,
  typeName,
  type ManifestReading,
  type ReadingBuilder,
} from './manifest-reading';
import { isValidPackageName } from './package-name';
import type { RequirementNoteKind } from './requirement-note';
import type { RequirementLocation } from './requirements-file';
import { positionsIn } from './text-positions';

const NOT_AN_INDEX = ['git', 'path', 'file', 'editable'] as const;

/** Reads the packages of a Pipfile.lock. Never throws: what it cannot read becomes notes and problems. */
export function readPipfileLock(text: string, path: string): ManifestReading {
  const reading = newReading();
  const body = text.replace(/^\uFEFF/, '');
  const positionAt = positionsIn(body);
  const note = (offset: number, kind: RequirementNoteKind, message: string, problem: boolean): void => {
    const { line, column } = positionAt(offset);
    const note = { path, line, column, kind, message };
    reading.notes.push(note);
    if (problem) reading.problems.push(note);
  };
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    const reason = excerptOf(error instanceof Error ? error.message : String(error), 200);
    note(
      0,
      'invalid-file',
      `${path} is not valid JSON (${reason}): nothing in it was checked. Fix it, or lock again with pipenv lock.`,
      true,
    );
    return reading;
  }
  if (!isTable(document)) {
    note(
      0,
      'wrong-type',
      `${path} should hold a JSON object, not ${typeName(document)}: not checked. Lock again with pipenv lock.`,
      true,
    );
    return reading;
  }
  const locations = locateJsonKeys(body, 2);
  const at = (keys: string[]): RequirementLocation => {
    const key = locations.get(keys);
    const start = key?.start ?? positionAt(0);
    const end = key?.end ?? start;
    return { path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  };
  for (const [category, entries] of Object.entries(document)) {
    if (category === '_meta') continue;
    readCategory(reading, path, category, entries, at);
  }
  return reading;
}

function readCategory(
  reading: ReadingBuilder,
  path: string,
  category: string,
  entries: unknown,
  at: (keys: string[]) => RequirementLocation,
): void {
  const section = `"${excerptOf(category, 40)}"`;
  const noteAtKeys = (keys: string[], kind: RequirementNoteKind, message: string, problem: boolean): void => {
    const location = at(keys);
    const note = { path, line: location.line, column: location.column, kind, message };
    reading.notes.push(note);
    if (problem) reading.problems.push(note);
  };
  if (!isTable(entries)) {
    noteAtKeys(
      [category],
      'wrong-type',
      `${section} should be an object of packages, not ${typeName(entries)}: not checked. Lock again with pipenv lock.`,
      true,
    );
    return;
  }
  for (const [name, entry] of Object.entries(entries)) {
    const keys = [category, name];
    if (!isValidPackageName(name) || name.length > MAX_LOCKED_FIELD_LENGTH) {
      noteAtKeys(
        keys,
        'unparseable',
        `"${excerptOf(name)}" in ${section} is not a valid package name: not checked. Fix the file.`,
        true,
      );
      continue;
    }
    if (!isTable(entry)) {
      noteAtKeys(
        keys,
        'wrong-type',
        `${name} in ${section} should be an object, not ${typeName(entry)}: not checked. Lock again with pipenv lock.`,
        true,
      );
      continue;
    }
    const source = NOT_AN_INDEX.find((key) => entry[key] !== undefined && entry[key] !== false);
    if (source !== undefined) {
      const where = typeof entry[source] === 'string' ? ` ${excerptOf(entry[source], 60)}` : '';
      noteAtKeys(
        keys,
        'not-a-release',
        `${name} comes from ${source}${where}, not from a package index: not checked.`,
        false,
      );
      continue;
    }
    const version = entry['version'];
    const exact = typeof version === 'string' ? /^===?\s*(\S+)$/.exec(version)?.[1] : undefined;
    if (exact === undefined || exact.length > MAX_LOCKED_FIELD_LENGTH) {
      const shown = typeof version === 'string' ? `"${excerptOf(version)}"` : typeName(version);
      noteAtKeys(
        keys,
        'wrong-type',
        `The version of ${name} in ${section} should be an exact pin like "==1.2.3", not ${shown}: not checked. Lock again with pipenv lock.`,
        true,
      );
      continue;
    }
    const marker = typeof entry['markers'] === 'string' ? entry['markers'] : undefined;
    reading.requirements.push(lockedRequirement(name, exact, at(keys), `${section} in Pipfile.lock`, marker));
  }
}
