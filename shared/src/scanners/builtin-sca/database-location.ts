// Where databases live: the per-user cache (downloads and prebuilt indexes) and the
// snapshot shipped with the product.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the bundled PyPA Advisory Database snapshot (see shared/data/README.md). */
export const BUNDLED_SNAPSHOT_FILE = 'PyPI-pypa-advisory-database-2024-10-10.zip';

/** The credit CC-BY-4.0 asks for, shown wherever the bundled data is used. */
export const PYPA_ATTRIBUTION =
  'PyPA Advisory Database (https://github.com/pypa/advisory-database), licensed CC-BY-4.0.';

/** The credit for a database downloaded from osv.dev. */
export const OSV_EXPORT_ATTRIBUTION =
  'OSV.dev PyPI export (https://osv.dev), aggregating the PyPA Advisory Database and the GitHub Advisory Database, both CC-BY-4.0.';

/** The credit line for a database from elsewhere (a mirror, a file): we cannot know its licence. */
export const CUSTOM_SOURCE_ATTRIBUTION =
  'OSV records from the source above; OSV.dev, PyPA Advisory Database and GitHub Advisory Database data are CC-BY-4.0: credit your source.';

/** Official OSV export of every PyPI advisory. */
export const DEFAULT_OSV_EXPORT_URL = 'https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip';

/** The per-user cache folder (see `cache/cache-directory.ts`). */
export { cacheDirectory } from '../../cache/cache-directory';

/** Paths inside the cache folder. */
export interface CachePaths {
  /** The database `devsecops db update` installs. */
  readonly database: string;
  /** Where it came from and when (JSON, see `DownloadRecord`). */
  readonly databaseRecord: string;
  /** Folder of prebuilt indexes, one per database hash. */
  readonly indexes: string;
}

export function cachePaths(cacheDir: string): CachePaths {
  const osv = join(cacheDir, 'osv');
  return {
    database: join(osv, 'PyPI-all.zip'),
    databaseRecord: join(osv, 'PyPI-all.source.json'),
    indexes: join(osv, 'index'),
  };
}

/**
 * The bundled snapshot: next to the bundled CLI (`dist/../data/osv`), next to the
 * sources (`src/scanners/builtin-sca/../../../data/osv`), or in a `data/osv` folder
 * beside a bundle that copied it (the extension). Undefined when none is there.
 */
export function bundledSnapshotPath(): string | undefined {
  const candidates = [
    join(__dirname, '..', 'data', 'osv', BUNDLED_SNAPSHOT_FILE),
    join(__dirname, '..', '..', '..', 'data', 'osv', BUNDLED_SNAPSHOT_FILE),
    join(__dirname, 'data', 'osv', BUNDLED_SNAPSHOT_FILE),
  ];
  return candidates.find((candidate) => existsSync(candidate));
}
