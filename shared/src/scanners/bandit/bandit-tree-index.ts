import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ResultStore } from '../../cache/result-store';
import { jsonRecordCheck } from '../../json/json-fields';
import { isJsonObject } from '../json-output';
import type { BanditFilePart, JsonObject } from './bandit-document';
import type { FileSnapshot } from './bandit-result-cache';
import { fileStamp, rememberedPart, withoutFileName } from './bandit-result-cache';
import { compareText } from '../../findings/finding-order';

/**
 * What one tree's last scan with one Bandit setup found, in one entry of the store: per file, its stamp on
 * disk (device, inode, size, change and modification times), the SHA-256 of its content, Bandit's part of the
 * report and the text of the lines its findings are on (their fingerprints hash that text). A re-scan then
 * knows an unchanged file from one `stat`, without reading, hashing or looking up anything else, and gives
 * the fingerprints the lines they need without reading the file either.
 *
 * A stamp vouches for the content only when the file had last changed well before it was read
 * (`FileSnapshot.settled`): a file written in the same clock tick as that reading could have been written
 * again without changing its stamp (git's "racily clean" files). Such a file is read and hashed again, and its
 * entry serves only if the content is the same.
 *
 * The index is a cache like the per-file entries (`bandit-result-cache.ts`): it is found under a digest of the
 * setup and the tree's folder, holds them again to be checked, is written whole (temporary file and rename)
 * so two scans at once each leave a whole index, and anything in it that is malformed or names another
 * setup, tree or file is a miss.
 */

/** Bumped whenever what the index holds changes: older indexes are then never read. */
const INDEX_FORMAT = 1;

const DIGEST = /^[0-9a-f]{64}$/;

/** One file as the index remembers it. */
interface IndexEntry {
  readonly stamp: string;
  readonly settled: boolean;
  readonly digest: string;
  readonly lineCount: number;
  /** Bandit's results without file names, and its metrics for the file. */
  readonly results: readonly JsonObject[];
  readonly metrics: JsonObject;
  /** Line number (1-based, as text) → that line's text, for every line a result is on. */
  readonly lines: Readonly<Record<string, string>>;
}

/** A file found in the index: its part of the report, and the text of its findings' lines. */
export interface TreeIndexHit {
  readonly part: BanditFilePart;
  readonly lines: ReadonlyMap<number, string>;
}

export interface BanditTreeIndex {
  /** The file's part when its stamp is the remembered one and vouches for its content; no read, no hash. */
  unchanged(target: string, path: string): TreeIndexHit | undefined;
  /** The file's part when the remembered content is the snapshotted one (the file was read and hashed). */
  sameContent(snapshot: FileSnapshot): TreeIndexHit | undefined;
  /** Remembers a whole analysis of the file as snapshotted, with the text of its results' lines. */
  record(snapshot: FileSnapshot, part: BanditFilePart, lines: ReadonlyMap<number, string>): void;
  /**
   * Writes the index for this scan's files (files no longer scanned are dropped), when it differs from the one
   * read. Files neither found nor recorded in this scan are left out.
   */
  save(): Promise<void>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The numbers of the lines a file's results start on. */
export function resultLines(part: BanditFilePart): number[] {
  return [...new Set(part.results.map((result) => result['line_number']).filter(Number.isInteger) as number[])];
}

const hasEntryFields = jsonRecordCheck({ stamp: 'string', settled: 'boolean', lineCount: 'integer', lines: 'object' });

/** An entry as this code writes it, as far as the index itself goes; its results and metrics are checked on use. */
function validEntry(value: unknown): value is IndexEntry {
  if (!hasEntryFields(value)) return false;
  const digest = value['digest'];
  return (
    typeof digest === 'string' &&
    DIGEST.test(digest) &&
    Object.values(value.lines).every((text) => typeof text === 'string')
  );
}

/** The hit an entry stands for, validated as a remembered part for `target`; undefined when it is not one. */
function hitOf(entry: IndexEntry, target: string): TreeIndexHit | undefined {
  const part = rememberedPart(entry.results, entry.metrics, target, entry.lineCount);
  if (part === undefined) return undefined;
  const lines = new Map<number, string>();
  for (const line of resultLines(part)) {
    const text = entry.lines[String(line)];
    // Every result's line was remembered with it: an entry without one is not one this code wrote.
    if (text === undefined) return undefined;
    lines.set(line, text);
  }
  return { part, lines };
}

/** The store key of the note that names the index the tree's last scan saved. */
function lastScanDigest(root: string): string {
  return sha256(`last scan\0${root}`);
}

/** The valid entries of a stored index of `root` (with its setup, when `setupDigest` is given). */
function storedEntries(stored: unknown, root: string, setupDigest?: string): Map<string, IndexEntry> {
  const entries = new Map<string, IndexEntry>();
  if (
    isJsonObject(stored) &&
    stored['format'] === INDEX_FORMAT &&
    (setupDigest === undefined || stored['setup'] === setupDigest) &&
    stored['root'] === root &&
    isJsonObject(stored['files'])
  ) {
    for (const [path, entry] of Object.entries(stored['files'])) if (validEntry(entry)) entries.set(path, entry);
  }
  return entries;
}

/**
 * The index the tree's last scan saved, read before this scan knows its setup (which takes reading the
 * repository's Bandit settings), so that it can tell early whether any file changed. When the setup turns out
 * the same, `openBanditTreeIndex` takes this reading and the stamps read since instead of reading them again.
 */
export interface PriorTreeScan {
  readonly indexDigest: string;
  /** The setup the index was saved for, and its valid entries. */
  readonly setupDigest: unknown;
  readonly entries: ReadonlyMap<string, IndexEntry>;
  /** Stamps read by `priorFilesChanged`: file → stamp, or undefined when it is no longer a file. */
  readonly stamps: Map<string, string | undefined>;
}

export async function readPriorTreeScan(store: ResultStore, root: string): Promise<PriorTreeScan | undefined> {
  const note = await store.read(lastScanDigest(root));
  if (!isJsonObject(note) || note['root'] !== root) return undefined;
  const indexDigest = note['index'];
  if (typeof indexDigest !== 'string' || !DIGEST.test(indexDigest)) return undefined;
  const stored = await store.read(indexDigest);
  const setupDigest = isJsonObject(stored) ? stored['setup'] : undefined;
  return { indexDigest, setupDigest, entries: storedEntries(stored, root), stamps: new Map() };
}

/**
 * Whether a file the last scan remembered has another stamp now (or is gone): stat only, stopping at the first
 * change. A new file is not seen here, nor one rewritten within the clock tick its stamp was read in; the scan
 * finds both anyway.
 */
export function priorFilesChanged(prior: PriorTreeScan, root: string): boolean {
  for (const [path, entry] of prior.entries) {
    const target = join(root, path);
    const stamp = fileStamp(target)?.stamp;
    prior.stamps.set(target, stamp);
    if (stamp !== entry.stamp) return true;
  }
  return false;
}

/** Opens the index of one tree (`root`, absolute) for one Bandit setup; an unreadable or foreign one is empty. */
export async function openBanditTreeIndex(
  store: ResultStore,
  setupDigest: string,
  root: string,
  prior?: PriorTreeScan,
): Promise<BanditTreeIndex> {
  const indexDigest = sha256(`${setupDigest}\0${root}`);
  const samePrior = prior?.indexDigest === indexDigest && prior.setupDigest === setupDigest ? prior : undefined;
  const remembered = samePrior ? samePrior.entries : storedEntries(await store.read(indexDigest), root, setupDigest);
  const stampOf = (target: string): string | undefined =>
    samePrior?.stamps.has(target) ? samePrior.stamps.get(target) : fileStamp(target)?.stamp;
  const next = new Map<string, IndexEntry>();
  let changed = false;

  const keep = (path: string, entry: IndexEntry, target: string): TreeIndexHit | undefined => {
    const hit = hitOf(entry, target);
    if (hit !== undefined) next.set(path, entry);
    return hit;
  };

  return {
    unchanged: (target, path) => {
      const entry = remembered.get(path);
      if (entry === undefined || !entry.settled) return undefined;
      if (stampOf(target) !== entry.stamp) return undefined;
      return keep(path, entry, target);
    },
    sameContent: (snapshot) => {
      const entry = remembered.get(snapshot.path);
      if (entry === undefined || entry.digest !== snapshot.digest || entry.lineCount !== snapshot.lineCount) {
        return undefined;
      }
      // The same content under a newer stamp: remembered with it, so the next scan need not read the file.
      const renewed = { ...entry, stamp: snapshot.stamp, settled: snapshot.settled };
      if (renewed.stamp !== entry.stamp || renewed.settled !== entry.settled) changed = true;
      return keep(snapshot.path, renewed, snapshot.target);
    },
    record: (snapshot, part, lines) => {
      if (part.errors.length > 0 || part.metrics === undefined) return;
      changed = true;
      next.set(snapshot.path, {
        stamp: snapshot.stamp,
        settled: snapshot.settled,
        digest: snapshot.digest,
        lineCount: snapshot.lineCount,
        results: part.results.map(withoutFileName),
        metrics: part.metrics,
        lines: Object.fromEntries([...lines].map(([line, text]) => [String(line), text])),
      });
    },
    save: async () => {
      // The note that lets the next scan find this index before it knows its setup.
      if (samePrior === undefined) await store.write(lastScanDigest(root), { root, index: indexDigest });
      if (!changed && next.size === remembered.size) return;
      const files = Object.fromEntries([...next].sort(([a], [b]) => compareText(a, b)));
      if (!(await store.write(indexDigest, { format: INDEX_FORMAT, setup: setupDigest, root, files }))) return;
      await store.evictIfNeeded();
    },
  };
}
