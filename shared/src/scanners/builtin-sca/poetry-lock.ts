// poetry.lock: `[[package]]` tables with the exact `name` and `version` Poetry installs, and a
// `[package.source]` table when the package does not come from PyPI (`type` git, directory, file or
// url are not releases of an index and are noted; `legacy`, a private index, is checked by name).
import { excerptOf, isTable, parseTomlDocument, readLockedPackages, type ManifestReading } from './manifest-reading';

const NOT_AN_INDEX = new Set(['git', 'directory', 'file', 'url']);

/** Reads the packages of a poetry.lock. Never throws: what it cannot read becomes notes and problems. */
export function readPoetryLock(text: string, path: string): ManifestReading {
  const parsed = parseTomlDocument(text, path);
  if ('invalid' in parsed) return parsed.invalid;
  return readLockedPackages(parsed.document, parsed.locations, path, 'package', (entry) => {
    const source = entry['source'];
    if (isTable(source) && typeof source['type'] === 'string' && NOT_AN_INDEX.has(source['type'])) {
      const url = typeof source['url'] === 'string' ? ` ${excerptOf(source['url'], 60)}` : '';
      return { skip: `comes from ${source['type']}${url}, not from a package index` };
    }
    return { version: entry['version'] };
  });
}
