// `devsecops db update`: fetch an OSV export, prove it is usable, and only then
// swap it in. The download goes to a temporary file in the same folder, is
// flushed to disk, parsed in full, and renamed over the old database; any
// failure before the rename leaves the working database as it was.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DevsecopsError } from '../../errors/devsecops-error';
import { encodeAdvisoryIndexFile } from './advisory-index-file';
import { buildCompactIndex } from './compact-index';
import {
  clearLoadedDatabases,
  indexPathFor,
  loadVulnerabilityDatabase,
  sha256Of,
  writeFileAtomically,
  type DownloadRecord,
} from './database-loader';
import { cacheDirectory, cachePaths, DEFAULT_OSV_EXPORT_URL } from './database-location';
import { readOsvZip, ZipBombError } from './osv-zip';

/** No OSV export comes close; a larger response is not one. */
const MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;
/** A download that has not finished after this long is abandoned. */
const DOWNLOAD_TIMEOUT_MS = 15 * 60 * 1000;
/**
 * Unreadable records (not JSON, or too large) tolerated before an export is rejected. One bad
 * upstream record must not block every future update; many of them mean a corrupt download.
 */
export const MAX_UNREADABLE_RECORD_FRACTION = 0.01;
/** A new database with fewer than this share of the current one's advisories needs `force`. */
export const MIN_ADVISORY_RATIO_WITHOUT_FORCE = 0.5;

export interface UpdateDatabaseOptions {
  /** URL (http/https) or file path of an OSV export zip; default the official PyPI export. */
  readonly from?: string;
  /** Per-user cache folder; default `cacheDirectory(env)`. */
  readonly cacheDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (bytes received, validation); the CLI writes them to stderr. */
  readonly progress?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Install even when the new export has less than half the advisories of the current per-user database. */
  readonly force?: boolean;
}

/** What was installed. */
export interface UpdateDatabaseResult {
  readonly path: string;
  readonly source: string;
  readonly sha256: string;
  readonly advisoryCount: number;
  readonly packageCount: number;
  readonly bytes: number;
  /** Records skipped because a field could not be read (includes `unreadableRecordCount`). */
  readonly skippedRecordCount: number;
  /** Records skipped because they were not JSON or larger than the per-record limit. */
  readonly unreadableRecordCount: number;
  /** Latest `modified` time of any advisory in the export (RFC 3339). */
  readonly newestModified: string;
}

function plural(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** The advisory count of the per-user database now installed, or undefined when there is none or it cannot be read. */
async function currentAdvisoryCount(databasePath: string, cacheDir: string): Promise<number | undefined> {
  try {
    const current = await loadVulnerabilityDatabase({ databasePath, cacheDir });
    return current.info.advisoryCount;
  } catch {
    // Missing or damaged: replacing it with anything readable is an improvement.
    return undefined;
  }
}

function isUrl(from: string): boolean {
  return /^https?:\/\//i.test(from);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Streams `source` into `target`, then flushes it to disk. Returns the byte count. */
async function copyInto(
  target: string,
  chunks: AsyncIterable<Uint8Array>,
  expectedBytes: number | undefined,
  progress: (line: string) => void,
  verb = 'downloaded',
  signal?: AbortSignal,
): Promise<number> {
  const file = await open(target, 'wx');
  let bytes = 0;
  let reportedStep = -1;
  try {
    for await (const chunk of chunks) {
      if (signal?.aborted) throw new DevsecopsError('CANCELLED', 'The database update was cancelled.');
      bytes += chunk.byteLength;
      if (bytes > MAX_DOWNLOAD_BYTES) {
        throw new DevsecopsError(
          'DATABASE_INVALID',
          `The download is larger than ${megabytes(MAX_DOWNLOAD_BYTES)}: not an OSV export.`,
        );
      }
      await file.write(chunk);
      // A line per 10 % (or per 5 MB when the size is unknown) keeps logs short.
      const step = expectedBytes ? Math.floor((bytes / expectedBytes) * 10) : Math.floor(bytes / (5 * 1024 * 1024));
      if (step !== reportedStep) {
        reportedStep = step;
        progress(
          expectedBytes
            ? `${verb} ${megabytes(bytes)} of ${megabytes(expectedBytes)} (${String(Math.floor((bytes / expectedBytes) * 100))}%)`
            : `${verb} ${megabytes(bytes)}`,
        );
      }
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return bytes;
}

async function download(
  url: string,
  target: string,
  options: UpdateDatabaseOptions,
  progress: (line: string) => void,
): Promise<number> {
  const timeout = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw new DevsecopsError(
      'NETWORK',
      `Cannot download ${url}: check the network or pass --from with a local copy of the export.`,
      {
        cause: error,
      },
    );
  }
  if (!response.ok || !response.body) {
    throw new DevsecopsError(
      'NETWORK',
      `Downloading ${url} failed with HTTP ${String(response.status)}: check the URL.`,
    );
  }
  const length = Number(response.headers.get('content-length') ?? NaN);
  const expected = Number.isFinite(length) && length > 0 ? length : undefined;
  let bytes: number;
  try {
    bytes = await copyInto(target, response.body, expected, progress);
  } catch (error) {
    if (error instanceof DevsecopsError) throw error;
    throw new DevsecopsError('NETWORK', `The download of ${url} was interrupted: run \`devsecops db update\` again.`, {
      cause: error,
    });
  }
  if (expected !== undefined && bytes !== expected) {
    throw new DevsecopsError(
      'NETWORK',
      `The download of ${url} stopped after ${String(bytes)} of ${String(expected)} bytes: run \`devsecops db update\` again.`,
    );
  }
  return bytes;
}

async function copyFile(
  path: string,
  target: string,
  progress: (line: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  // Open first, so a missing file is an error here rather than an unhandled stream event.
  let source;
  try {
    source = await open(path, 'r');
  } catch (error) {
    throw new DevsecopsError('FILE_UNREADABLE', `Cannot read ${path}: check the path given to --from.`, {
      cause: error,
    });
  }
  try {
    return await copyInto(target, source.createReadStream(), undefined, progress, 'read', signal);
  } catch (error) {
    if (error instanceof DevsecopsError) throw error;
    throw new DevsecopsError('FILE_UNREADABLE', `Cannot read ${path}: check the path given to --from.`, {
      cause: error,
    });
  } finally {
    await source.close().catch(() => undefined);
  }
}

/**
 * Downloads (or copies) an OSV export, validates it (every record parsed, at
 * least one PyPI advisory, at most 1% of records unreadable, not less than half the
 * advisories of the current database unless `force`), builds its index, and
 * atomically replaces the per-user database. Throws DevsecopsError; on any error
 * the previous database is untouched.
 */
export async function updateVulnerabilityDatabase(options: UpdateDatabaseOptions = {}): Promise<UpdateDatabaseResult> {
  const from = options.from ?? DEFAULT_OSV_EXPORT_URL;
  const progress = options.progress ?? (() => undefined);
  const cacheDir = options.cacheDir ?? cacheDirectory(options.env);
  const paths = cachePaths(cacheDir);
  const folder = join(paths.database, '..');
  await mkdir(folder, { recursive: true });
  await removeStaleTemporaryFiles([folder, paths.indexes]);
  const temporary = `${paths.database}${DOWNLOAD_MARK}${String(process.pid)}-${randomBytes(4).toString('hex')}`;
  try {
    progress(`fetching ${from}`);
    const bytes = isUrl(from)
      ? await download(from, temporary, options, progress)
      : await copyFile(from, temporary, progress, options.signal);
    progress('validating');
    const zip = await readFile(temporary);
    const sha256 = sha256Of(zip);
    let contents;
    try {
      contents = readOsvZip(zip, from);
    } catch (error) {
      if (error instanceof ZipBombError) {
        throw new DevsecopsError('DATABASE_INVALID', `${error.message} The current database was kept.`, {
          cause: error,
        });
      }
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `${from} is not a readable OSV export zip (truncated or corrupt): the current database was kept.`,
        { cause: error },
      );
    }
    const unreadable = contents.notJsonCount + contents.oversizedCount;
    if (unreadable > contents.recordCount * MAX_UNREADABLE_RECORD_FRACTION) {
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `${from} has ${plural(unreadable, 'unreadable record')} of ${String(contents.recordCount)} (not JSON or too large; more than ${String(MAX_UNREADABLE_RECORD_FRACTION * 100)}% means a corrupt download): the current database was kept.`,
        { detail: contents.unreadableReasons.join('\n') },
      );
    }
    if (unreadable > 0) {
      progress(
        `skipping ${plural(unreadable, 'unreadable record')} (not JSON or too large): ${contents.unreadableReasons.slice(0, 3).join('; ')}${unreadable > 3 ? '; …' : ''}`,
      );
    }
    const index = buildCompactIndex(contents.advisories, contents.counts, sha256);
    if (index.statistics.advisoryCount === 0) {
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `${from} holds no usable PyPI advisory (${String(contents.recordCount)} records): the current database was kept.`,
      );
    }
    const currentCount = options.force ? undefined : await currentAdvisoryCount(paths.database, cacheDir);
    const newCount = index.statistics.advisoryCount;
    if (currentCount !== undefined && newCount < currentCount * MIN_ADVISORY_RATIO_WITHOUT_FORCE) {
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `${from} has ${String(newCount)} ${newCount === 1 ? 'advisory' : 'advisories'}, less than half of the ${String(currentCount)} in the current database: the current database was kept. If the smaller export is intended, run the same \`devsecops db update\` again with --force.`,
      );
    }
    // The index first: if we stop after it, the old database is still in place and the index is just spare.
    await mkdir(paths.indexes, { recursive: true });
    const indexPath = indexPathFor(paths.indexes, sha256);
    await writeFileAtomically(indexPath, encodeAdvisoryIndexFile(index));
    await rename(temporary, paths.database);
    const record: DownloadRecord = {
      source: from,
      downloadedAt: new Date().toISOString(),
      sha256,
      newestModified: index.statistics.newestModified,
    };
    await writeFileAtomically(paths.databaseRecord, `${JSON.stringify(record, null, 2)}\n`);
    await syncFolder(folder);
    // Each update adds an index named by its zip's hash; the previous ones would otherwise pile up for ever.
    await removeIndexesOtherThan(paths.indexes, indexPath);
    clearLoadedDatabases();
    progress(`installed ${String(index.statistics.advisoryCount)} advisories`);
    return {
      path: paths.database,
      source: from,
      sha256,
      advisoryCount: index.statistics.advisoryCount,
      packageCount: index.statistics.packageCount,
      bytes,
      skippedRecordCount: index.statistics.skippedAdvisoryCount,
      unreadableRecordCount: unreadable,
      newestModified: index.statistics.newestModified,
    };
  } catch (error) {
    if (options.signal?.aborted) {
      throw new DevsecopsError('CANCELLED', 'The database update was cancelled; the current database was kept.', {
        cause: error,
      });
    }
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** What `db update` puts between the database's name and its own process id in a download's file name. */
const DOWNLOAD_MARK = '.download-';
/** What `writeFileAtomically` puts in its temporary files' names, before the process id. */
const TEMPORARY_MARK = '.tmp-';
/** A temporary file untouched for this long is abandoned even if its process id is in use again. */
const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

/** The process id a temporary file's name ends with (`<name>.download-<pid>-<hex>`), or undefined. */
function ownerPid(name: string): number | undefined {
  for (const mark of [DOWNLOAD_MARK, TEMPORARY_MARK]) {
    const at = name.lastIndexOf(mark);
    if (at < 0) continue;
    const match = /^(\d+)-[0-9a-f]+$/.exec(name.slice(at + mark.length));
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes downloads and half-written files that an update killed before its cleanup left behind:
 * those whose process is gone, or that nobody touched for hours. A concurrent update's are kept.
 */
export async function removeStaleTemporaryFiles(folders: readonly string[], now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const pid = ownerPid(name);
      if (pid === undefined) continue;
      const path = join(folder, name);
      const info = await lstat(path).catch(() => undefined);
      if (info === undefined || !info.isFile()) continue;
      const abandoned = pid === process.pid ? false : !isRunning(pid) || now - info.mtimeMs > STALE_AFTER_MS;
      if (
        abandoned &&
        (await unlink(path).then(
          () => true,
          () => false,
        ))
      )
        removed.push(path);
    }
  }
  return removed;
}

/** An index of any format: `<sha256>.v<format>.json` (format 2) or `.jsonl` (format 3 on). */
const INDEX_FILE_NAME = /^[0-9a-f]{64}\.v\d+\.jsonl?$/;

/** Keeps only `current` among the prebuilt indexes (best effort: an index left behind only costs disk). */
async function removeIndexesOtherThan(indexDir: string, current: string): Promise<void> {
  const names = await readdir(indexDir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(indexDir, name);
    if (path === current || !INDEX_FILE_NAME.test(name)) continue;
    await unlink(path).catch(() => undefined);
  }
}

/** Flushes the folder entry so the rename survives a crash (best effort; not every platform allows it). */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open folders for syncing; the rename is still atomic.
  }
}
