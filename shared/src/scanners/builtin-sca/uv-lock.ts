// uv.lock: `[[package]]` tables with `name`, `version` and a `source` inline table: `registry` for a
// package index (checked); `git`, `url`, `path`, `directory`, `editable` or `virtual` otherwise (noted,
// not checked). The project itself (`editable = "."` or `virtual = "."`) is what is being scanned, not a
// dependency, so it is left out without a note.
import { excerptOf, isTable, parseTomlDocument, readLockedPackages, type ManifestReading } from './manifest-reading';

const NOT_AN_INDEX = ['git', 'url', 'path', 'directory', 'editable', 'virtual'] as const;

/** Reads the packages of a uv.lock. Never throws: what it cannot read becomes notes and problems. */
export function readUvLock(text: string, path: string): ManifestReading {
  const parsed = parseTomlDocument(text, path);
  if ('invalid' in parsed) return parsed.invalid;
  return readLockedPackages(parsed.document, parsed.locations, path, 'package', (entry) => {
    const source = entry['source'];
    if (isTable(source)) {
      if (source['editable'] === '.' || source['virtual'] === '.') return { skip: '' };
      for (const key of NOT_AN_INDEX) {
        const value = source[key];
        if (typeof value === 'string')
          return { skip: `comes from ${key} ${excerptOf(value, 60)}, not from a package index` };
      }
    }
    return { version: entry['version'] };
  });
}
