// Loads the OSV database the engine matches against: the per-user download when
// there is one, else the bundled snapshot. A prebuilt index file, keyed by the
// zip's SHA-256, lives in the per-user cache so later loads skip unzipping, and
// is read one package at a time (see `advisory-index-file.ts`).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DevsecopsError } from '../../errors/devsecops-error';
import { jsonRecordCheck } from '../../json/json-fields';
import type { AdvisoryIndex } from './advisory-index';
import { encodeAdvisoryIndexFile, openAdvisoryIndexBytes, openAdvisoryIndexFile } from './advisory-index-file';
import { buildCompactIndex, COMPACT_INDEX_FORMAT, type CompactIndex } from './compact-index';
import {
  bundledSnapshotPath,
  BUNDLED_SNAPSHOT_FILE,
  cacheDirectory,
  cachePaths,
  CUSTOM_SOURCE_ATTRIBUTION,
  DEFAULT_OSV_EXPORT_URL,
  OSV_EXPORT_ATTRIBUTION,
  PYPA_ATTRIBUTION,
} from './database-location';
import { sha256OfFile } from './file-chunks';
import { readOsvZip } from './osv-zip';
import { VulnerabilityDatabase, type DatabaseSource } from './vulnerability-database';

export interface LoadDatabaseOptions {
  /** A database zip to use instead of the per-user download and the bundled snapshot. */
  readonly databasePath?: string;
  /** Per-user cache folder; default `cacheDirectory(env)`. */
  readonly cacheDir?: string;
  /** Environment for the cache folder lookup; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What `db update` writes beside the database it installs. */
export interface DownloadRecord {
  /** URL or file it came from. */
  readonly source: string;
  /** ISO date-time of the download. */
  readonly downloadedAt: string;
  /** SHA-256 of the zip, so a record never describes a different file. */
  readonly sha256: string;
  /** Latest `modified` time of any advisory in it (RFC 3339); absent in records of older versions. */
  readonly newestModified?: string;
}

const isDownloadRecord = jsonRecordCheck({ source: 'string', downloadedAt: 'string', sha256: 'string' });

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes a file so readers see the old or the new content, never a half-written one. */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temporary, data, { flush: true });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

interface ResolvedDatabase {
  readonly path: string;
  /** `newestModified`: the latest `modified` of the indexed advisories, empty when unknown. */
  readonly describe: (sha256: string, modifiedAt: Date, newestModified: string) => Promise<DatabaseSource>;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** Picks the database: explicit path, then the per-user download, then the bundled snapshot. */
async function resolveDatabase(options: LoadDatabaseOptions): Promise<ResolvedDatabase> {
  if (options.databasePath !== undefined) {
    const path = options.databasePath;
    if (!(await exists(path))) {
      throw new DevsecopsError(
        'DATABASE_MISSING',
        `The vulnerability database ${path} does not exist: fix the database path you set (--sca-database, DEVSECOPS_SCA_DATABASE or tools.sca.database in your own configuration) or run \`devsecops db update\`.`,
      );
    }
    return {
      path,
      describe: (_sha, modifiedAt, newestModified) => Promise.resolve(fileSource(path, modifiedAt, newestModified)),
    };
  }
  const paths = cachePaths(options.cacheDir ?? cacheDirectory(options.env));
  if (await exists(paths.database)) {
    return {
      path: paths.database,
      describe: async (sha256, modifiedAt, newestModified) => {
        const record = await readJson(paths.databaseRecord);
        if (isDownloadRecord(record) && record.sha256 === sha256) {
          return {
            source: record.source,
            sourceKind: 'downloaded',
            // A live download is as fresh as its download; a copied file is as old as its newest advisory.
            date: isUrl(record.source) ? record.downloadedAt : newestModified || record.downloadedAt,
            installedAt: record.downloadedAt,
            path: paths.database,
            attribution: record.source === DEFAULT_OSV_EXPORT_URL ? OSV_EXPORT_ATTRIBUTION : CUSTOM_SOURCE_ATTRIBUTION,
          };
        }
        return fileSource(paths.database, modifiedAt, newestModified);
      },
    };
  }
  const bundled = bundledSnapshotPath();
  if (bundled === undefined) {
    throw new DevsecopsError(
      'DATABASE_MISSING',
      `No vulnerability database: the bundled snapshot ${BUNDLED_SNAPSHOT_FILE} is missing from this installation. Run \`devsecops db update\` to download one.`,
    );
  }
  return {
    path: bundled,
    describe: () =>
      Promise.resolve({
        source: 'PyPA Advisory Database snapshot (bundled)',
        sourceKind: 'bundled',
        date: /\d{4}-\d{2}-\d{2}/.exec(BUNDLED_SNAPSHOT_FILE)?.[0] ?? '',
        path: bundled,
        attribution: PYPA_ATTRIBUTION,
      }),
  };
}

function fileSource(path: string, modifiedAt: Date, newestModified: string): DatabaseSource {
  return {
    source: path,
    sourceKind: 'file',
    // The file's own time says when it was copied, not how fresh its data is.
    date: newestModified || modifiedAt.toISOString(),
    path,
    attribution: CUSTOM_SOURCE_ATTRIBUTION,
  };
}

/**
 * Builds the compact index of an OSV export zip. Throws DATABASE_INVALID when the
 * zip cannot be read or holds no usable advisory.
 */
export function indexOsvZip(zip: Uint8Array, sha256: string, label: string): CompactIndex {
  const contents = readOsvZip(zip, label);
  const index = buildCompactIndex(contents.advisories, contents.counts, sha256);
  if (index.statistics.advisoryCount === 0) {
    throw new DevsecopsError(
      'DATABASE_INVALID',
      `The vulnerability database ${label} holds no usable PyPI advisory (${contents.recordCount} records, ${contents.counts.skippedAdvisoryCount} unreadable): run \`devsecops db update\`.`,
      { detail: contents.counts.skippedReasons.join('\n') },
    );
  }
  return index;
}

/**
 * The index of an OSV export zip exactly as a load reads it: built, laid out as an index
 * file and opened from those bytes. Throws DATABASE_INVALID as `indexOsvZip` does.
 */
export function advisoryIndexOfZip(zip: Uint8Array, sha256: string, label: string): AdvisoryIndex {
  return openBuiltIndexFile(encodeAdvisoryIndexFile(indexOsvZip(zip, sha256, label)), sha256);
}

function openBuiltIndexFile(bytes: Buffer, sha256: string): AdvisoryIndex {
  const index = openAdvisoryIndexBytes(bytes, sha256);
  if (!index) throw new Error('an index file just built does not open');
  return index;
}

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The prebuilt index of a zip: named by its hash and the index format, so neither a new zip nor a new format misreads an old file. */
export function indexPathFor(indexDir: string, sha256: string): string {
  return join(indexDir, `${sha256}.v${String(COMPACT_INDEX_FORMAT)}.jsonl`);
}

/** Where an index shipped with a zip sits: beside it, `<name>.index.v<format>.jsonl`. */
export function shippedIndexPath(zipPath: string): string {
  return `${zipPath.replace(/\.zip$/i, '')}.index.v${String(COMPACT_INDEX_FORMAT)}.jsonl`;
}

/**
 * Opens the shipped or cached index of the zip with this hash, or builds and caches it (best effort:
 * a read-only cache is fine). Only a build reads the whole zip, and it builds from the bytes it hashed.
 */
async function advisoryIndexFor(zipPath: string, sha256: string, indexDir: string): Promise<AdvisoryIndex> {
  // An index shipped beside the zip (the bundled snapshot's) spares a fresh machine, such as a CI
  // container, the one-off build; it is used only when it was built from this very zip in this format.
  const shipped = await openAdvisoryIndexFile(shippedIndexPath(zipPath), sha256);
  if (shipped) return shipped;
  const cached = await openAdvisoryIndexFile(indexPathFor(indexDir, sha256), sha256);
  if (cached) return cached;
  const zip = await readFile(zipPath).catch((error: unknown) => {
    throw unreadableDatabase(zipPath, error);
  });
  // The zip may have been replaced since it was hashed: the index is named by what it is built from.
  const builtFrom = sha256Of(zip);
  const indexPath = indexPathFor(indexDir, builtFrom);
  const bytes = encodeAdvisoryIndexFile(indexOsvZip(zip, builtFrom, zipPath));
  try {
    await mkdir(indexDir, { recursive: true });
    // Two processes building at once each write a whole file and rename it into place: either one wins.
    await writeFileAtomically(indexPath, bytes);
  } catch {
    // No writable cache: every load rebuilds the index, slower but correct.
  }
  // Opened from the same bytes a later load reads, so the first scan answers exactly as the next ones.
  return openBuiltIndexFile(bytes, builtFrom);
}

function unreadableDatabase(path: string, error: unknown): DevsecopsError {
  return new DevsecopsError('DATABASE_MISSING', `Cannot read the vulnerability database ${path}.`, { cause: error });
}

async function loadUncached(options: LoadDatabaseOptions, resolved: ResolvedDatabase): Promise<VulnerabilityDatabase> {
  let sha256: string;
  let modifiedAt: Date;
  try {
    // Hashed in chunks, not read whole: with an index at hand, the zip's content is never needed.
    [sha256, modifiedAt] = await Promise.all([
      sha256OfFile(resolved.path),
      stat(resolved.path).then((info) => info.mtime),
    ]);
  } catch (error) {
    throw unreadableDatabase(resolved.path, error);
  }
  const indexDir = cachePaths(options.cacheDir ?? cacheDirectory(options.env)).indexes;
  const index = await advisoryIndexFor(resolved.path, sha256, indexDir);
  const source = await resolved.describe(index.sourceSha256, modifiedAt, index.statistics.newestModified);
  return new VulnerabilityDatabase(index, source);
}

const loaded = new Map<string, Promise<VulnerabilityDatabase>>();

/**
 * The vulnerability database, loaded once per process per file version (path,
 * size and modification time), so a `db update` in the same process is picked up.
 */
export async function loadVulnerabilityDatabase(options: LoadDatabaseOptions = {}): Promise<VulnerabilityDatabase> {
  const resolved = await resolveDatabase(options);
  const info = await stat(resolved.path).catch(() => undefined);
  const key = [resolved.path, info?.size, info?.mtimeMs, options.cacheDir ?? cacheDirectory(options.env)].join(
    '\u0000',
  );
  let pending = loaded.get(key);
  if (!pending) {
    pending = loadUncached(options, resolved);
    loaded.set(key, pending);
    pending.catch(() => loaded.delete(key));
  }
  return pending;
}

/** Forgets loaded databases (tests, and after `db update` in a long-lived process). */
export function clearLoadedDatabases(): void {
  loaded.clear();
}
