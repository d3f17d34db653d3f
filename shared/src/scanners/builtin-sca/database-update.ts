// `devsecops db update`: fetch an OSV export, prove it is usable, and only then
// swap it in. The download goes to a temporary file in the same folder, is
// flushed to disk, parsed in full, and renamed over the old database; any
// failure before the rename leaves the working database as it was.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DevsecopsError } from '../../errors/devsecops-error';
import { buildCompactIndex } from './compact-index';
import {
  clearLoadedDatabases,
  indexPathFor,
  sha256Of,
  writeFileAtomically,
  type DownloadRecord,
} from './database-loader';
import { cacheDirectory, cachePaths, DEFAULT_OSV_EXPORT_URL } from './database-location';
import { readOsvZip } from './osv-zip';

/** No OSV export comes close; a larger response is not one. */
const MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;
/** A download that has not finished after this long is abandoned. */
const DOWNLOAD_TIMEOUT_MS = 15 * 60 * 1000;

export interface UpdateDatabaseOptions {
  /** URL (http/https) or file path of an OSV export zip; default the official PyPI export. */
  readonly from?: string;
  /** Per-user cache folder; default `cacheDirectory(env)`. */
  readonly cacheDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (bytes received, validation); the CLI writes them to stderr. */
  readonly progress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** What was installed. */
export interface UpdateDatabaseResult {
  readonly path: string;
  readonly source: string;
  readonly sha256: string;
  readonly advisoryCount: number;
  readonly packageCount: number;
  readonly bytes: number;
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
): Promise<number> {
  const file = await open(target, 'wx');
  let bytes = 0;
  let reportedStep = -1;
  try {
    for await (const chunk of chunks) {
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

async function copyFile(path: string, target: string, progress: (line: string) => void): Promise<number> {
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
    return await copyInto(target, source.createReadStream(), undefined, progress, 'read');
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
 * least one PyPI advisory, no record that is not JSON), builds its index, and
 * atomically replaces the per-user database. Throws DevsecopsError; on any error
 * the previous database is untouched.
 */
export async function updateVulnerabilityDatabase(options: UpdateDatabaseOptions = {}): Promise<UpdateDatabaseResult> {
  const from = options.from ?? DEFAULT_OSV_EXPORT_URL;
  const progress = options.progress ?? (() => undefined);
  const paths = cachePaths(options.cacheDir ?? cacheDirectory(options.env));
  const folder = join(paths.database, '..');
  await mkdir(folder, { recursive: true });
  const temporary = `${paths.database}.download-${String(process.pid)}-${randomBytes(4).toString('hex')}`;
  try {
    progress(`fetching ${from}`);
    const bytes = isUrl(from)
      ? await download(from, temporary, options, progress)
      : await copyFile(from, temporary, progress);
    progress('validating');
    const zip = await readFile(temporary);
    const sha256 = sha256Of(zip);
    let contents;
    try {
      contents = readOsvZip(zip, from);
    } catch (error) {
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `${from} is not a readable OSV export zip (truncated or corrupt): the current database was kept.`,
        { cause: error },
      );
    }
    if (contents.notJsonCount > 0) {
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `${from} has ${String(contents.notJsonCount)} records that are not JSON (corrupt download): the current database was kept.`,
        { detail: contents.counts.skippedReasons.join('\n') },
      );
    }
    const index = buildCompactIndex(contents.advisories, contents.counts, sha256);
    if (index.statistics.advisoryCount === 0) {
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `${from} holds no usable PyPI advisory (${String(contents.recordCount)} records): the current database was kept.`,
      );
    }
    // The index first: if we stop after it, the old database is still in place and the index is just spare.
    await mkdir(paths.indexes, { recursive: true });
    await writeFileAtomically(indexPathFor(paths.indexes, sha256), JSON.stringify(index));
    await rename(temporary, paths.database);
    const record: DownloadRecord = { source: from, downloadedAt: new Date().toISOString(), sha256 };
    await writeFileAtomically(paths.databaseRecord, `${JSON.stringify(record, null, 2)}\n`);
    await syncFolder(folder);
    clearLoadedDatabases();
    progress(`installed ${String(index.statistics.advisoryCount)} advisories`);
    return {
      path: paths.database,
      source: from,
      sha256,
      advisoryCount: index.statistics.advisoryCount,
      packageCount: index.statistics.packageCount,
      bytes,
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
