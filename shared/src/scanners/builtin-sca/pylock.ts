// pylock.toml (PEP 751): `[[packages]]` tables with `name`, an optional `version`, and where the files
// come from: `vcs`, `directory` or `archive` (not releases of an index: noted, not checked), or `sdist`
// and `wheels` of an index. When `version` is left out (PEP 751 allows it), the wheel or sdist file
// name says which version it is.
import { isTable, parseTomlDocument, readLockedPackages, type ManifestReading } from './manifest-reading';
import { wheelNameAndVersion } from './requirements-file';

const NOT_AN_INDEX = ['vcs', 'directory', 'archive'] as const;

/** The version a wheel's or sdist's file name carries (`name-1.2.3.tar.gz`). */
function versionFromFiles(entry: Record<string, unknown>): string | undefined {
  const wheels: unknown = entry['wheels'];
  const listed: unknown[] = Array.isArray(wheels) ? wheels : [];
  const files = [...listed, entry['sdist']].filter(isTable);
  for (const file of files) {
    const fileName =
      typeof file['name'] === 'string' ? file['name'] : typeof file['url'] === 'string' ? file['url'] : '';
    const wheel = wheelNameAndVersion(fileName);
    if (wheel) return wheel.version;
    const sdist = /^[^/]*?-(\d[^-/]*)\.(?:tar\.gz|zip)$/i.exec(fileName.slice(fileName.lastIndexOf('/') + 1));
    if (sdist?.[1] !== undefined) return sdist[1];
  }
  return undefined;
}

/** Reads the packages of a pylock.toml. Never throws: what it cannot read becomes notes and problems. */
export function readPylock(text: string, path: string): ManifestReading {
  const parsed = parseTomlDocument(text, path);
  if ('invalid' in parsed) return parsed.invalid;
  return readLockedPackages(parsed.document, parsed.locations, path, 'packages', (entry) => {
    const source = NOT_AN_INDEX.find((key) => entry[key] !== undefined);
    if (source !== undefined)
      return { skip: `comes from a ${source === 'vcs' ? 'version control system' : source}, not from a package index` };
    return { version: entry['version'] ?? versionFromFiles(entry) };
  });
}
