import { lstat, mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readWholeFile } from '../files/read-whole-file';
import { replaceFilePrivately, TEMPORARY_SUFFIX } from './replace-file';
import { appendToSizeLedger, readSizeLedger, writeSizeLedger } from './size-ledger';
import { compareText } from '../findings/finding-order';

/**
 * A folder of remembered results, one JSON file per entry, named by the SHA-256 of everything the result
 * depends on (the caller builds that digest). Made for several scans at once and for a folder someone else
 * may have tampered with:
 * - an entry is written to a temporary file and renamed into place, so a reader sees a whole entry or none,
 *   and two scans writing the same entry both leave a whole one;
 * - a read is bounded, never follows a link, refuses anything that is not a regular file, and returns the
 *   parsed JSON as `unknown`: the caller validates it, and anything it cannot vouch for is a miss;
 * - the folder is bounded in size: `evict` removes the oldest entries once it is over its budget, and its size
 *   is kept in a ledger (`size-ledger.ts`) so that a scan that writes a few entries need not list it.
 * Every failure (a read-only home, a full disk, a race with another scan's eviction) costs a recomputation,
 * never a scan.
 */
export interface ResultStore {
  /** The entry stored under `digest`, parsed; undefined when there is none or it cannot be read whole. */
  read(digest: string): Promise<unknown>;
  /** Stores `value` under `digest`; false when it could not be written. */
  write(digest: string, value: unknown): Promise<boolean>;
  /** Removes the oldest entries while the folder holds more than its budget, and stale temporary files. */
  evict(): Promise<void>;
  /**
   * `evict`, unless the folder's size (as the last `evict` of this store left it, else as its ledger says) and
   * what was written through this store since fit the budget: then the folder is not listed. A writer can check
   * early, while other work runs, and again once it is done.
   */
  evictIfNeeded(): Promise<void>;
}

export interface ResultStoreOptions {
  /** The folder (created with mode 0700 on the first write). */
  readonly directory: string;
  /** Total bytes of entries kept; eviction brings the folder down to 80% of it. */
  readonly maxBytes: number;
  /** Largest entry read or written, in bytes. Default 4 MiB. */
  readonly maxEntryBytes?: number;
}

const DIGEST = /^[0-9a-f]{64}$/;
const ENTRY_SUFFIX = '.json';
/** A temporary file this old belongs to a writer that died. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;
const DEFAULT_MAX_ENTRY_BYTES = 4 * 1024 * 1024;

export function openResultStore(options: ResultStoreOptions): ResultStore {
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  /** Bytes of entries the folder held when last counted, and bytes written through this store since (not counted). */
  let keptBytes: number | undefined;
  let writtenBytes = 0;
  const entryPath = (digest: string): string => {
    // The digest names a file: anything but 64 hex digits could name another one.
    if (!DIGEST.test(digest)) throw new Error(`not a SHA-256 digest: ${digest}`);
    return join(options.directory, `${digest}${ENTRY_SUFFIX}`);
  };

  const store: ResultStore = {
    read: async (digest) => {
      const content = await readWholeFile(entryPath(digest), { maxBytes: maxEntryBytes, followLinks: false });
      if (content === undefined) return undefined;
      try {
        return JSON.parse(content.toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    },

    write: async (digest, value) => {
      const target = entryPath(digest);
      const text = JSON.stringify(value);
      if (Buffer.byteLength(text) > maxEntryBytes) return false;
      try {
        await mkdir(options.directory, { recursive: true, mode: 0o700 });
      } catch {
        return false;
      }
      if (!(await replaceFilePrivately(target, text))) return false;
      writtenBytes += Buffer.byteLength(text);
      await appendToSizeLedger(options.directory, Buffer.byteLength(text));
      return true;
    },

    evict: async () => {
      // Writes during this pass may or may not be in what it counts: they stay counted after it, to be safe.
      const writtenBefore = writtenBytes;
      let names: string[];
      try {
        names = await readdir(options.directory);
      } catch {
        keptBytes = undefined;
        return;
      }
      const now = Date.now();
      const entries: { path: string; bytes: number; mtimeMs: number }[] = [];
      await Promise.all(
        names.map(async (name) => {
          const path = join(options.directory, name);
          const info = await lstat(path).catch(() => undefined);
          if (info === undefined || !info.isFile()) return;
          if (name.endsWith(TEMPORARY_SUFFIX)) {
            if (now - info.mtimeMs > STALE_TEMPORARY_MS) await unlink(path).catch(() => undefined);
          } else if (name.endsWith(ENTRY_SUFFIX)) {
            entries.push({ path, bytes: info.size, mtimeMs: info.mtimeMs });
          }
        }),
      );
      let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
      writtenBytes -= writtenBefore;
      if (total > options.maxBytes) {
        const target = Math.floor(options.maxBytes * 0.8);
        entries.sort((a, b) => a.mtimeMs - b.mtimeMs || compareText(a.path, b.path));
        for (const entry of entries) {
          if (total <= target) break;
          // Another scan may have removed it already: it is gone either way.
          await unlink(entry.path).catch(() => undefined);
          total -= entry.bytes;
        }
      }
      keptBytes = total;
      await writeSizeLedger(options.directory, total);
    },

    evictIfNeeded: async () => {
      keptBytes ??= await readSizeLedger(options.directory);
      if (keptBytes !== undefined && keptBytes + writtenBytes <= options.maxBytes) return;
      await store.evict();
    },
  };
  return store;
}
