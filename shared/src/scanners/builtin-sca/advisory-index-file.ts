// The index file: a compact index laid out so that opening it parses only a table of
// package names, and each package's record is parsed when a requirement first names it.
// At the size of the OSV PyPI export, parsing the whole index as one JSON document cost
// more than the load budget; hashing the same bytes costs a fraction of it.
//
// Three parts, each ending in a newline, all UTF-8 JSON (so `head -2` shows what it is):
//   1. the seal:   {"format":3,"sha256":"<SHA-256 of every byte after this line>"}
//   2. the table:  {"sourceSha256":…,"statistics":{…},"packages":[names…],"ends":[…],
//                   "newest":[each package's newest version, "" when none],"affectedAboveNewest":[positions…]}
//      (the last two answer a pin above every version the advisories mention without reading a record;
//      a file written before they were kept is refused like any other stale file, and rebuilt once)
//   3. one record per package, in table order, `ends[i]` being where record i ends
//      (byte offset from the first record); record i starts one byte (a newline) after
//      record i-1 ends: {"versions":[…],"affected":[…],"advisories":[[number,{advisory}],…]}
// The whole file is checked against its seal when opened: a file from another format,
// a torn write or a damaged disk block is refused (and rebuilt by the loader), never
// half-read in the middle of a scan. Records are then read by position from the file
// opened then: writers only ever rename a new file into place, so what was checked is
// what is read.
import { createHash } from 'node:crypto';
import { close, readSync } from 'node:fs';
import { compareText } from '../../findings/finding-order';
import {
  aboveNewestOf,
  advisoriesNamedBy,
  type AboveNewest,
  type AdvisoryIndex,
  type IndexedPackage,
} from './advisory-index';
import { COMPACT_INDEX_FORMAT, type CompactAdvisory, type CompactIndex, type CompactPackage } from './compact-index';
import { closeFile, forEachChunk, openFile, readAt } from './file-chunks';
import { isJsonObject } from '../../json/json-object';

const NEWLINE = 0x0a;

interface Seal {
  readonly format: number;
  readonly sha256: string;
}

/** The index's facts about itself, then the packages' names, their records' ends and their newest versions. */
interface Table extends Pick<CompactIndex, 'sourceSha256' | 'statistics'> {
  readonly packages: readonly string[];
  readonly ends: readonly number[];
  /** Each package's newest version (`""` when it has none). */
  readonly newest: readonly string[];
  /** Positions in `packages` of those some advisory covers above their newest version, ascending. */
  readonly affectedAboveNewest: readonly number[];
}

interface StoredRecord extends CompactPackage {
  readonly advisories: readonly (readonly [number, CompactAdvisory])[];
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The index file's bytes for a compact index (deterministic: the same index gives the same bytes). */
export function encodeAdvisoryIndexFile(index: CompactIndex): Buffer {
  const names = Object.keys(index.packages).sort(compareText);
  const ends: number[] = [];
  const newest: string[] = [];
  const affectedAboveNewest: number[] = [];
  let offset = -1;
  const records = names.map((name, at) => {
    const pkg = index.packages[name] as CompactPackage;
    const above = aboveNewestOf(pkg);
    newest.push(above?.newest ?? '');
    if (above?.affected === true) affectedAboveNewest.push(at);
    const stored: StoredRecord = {
      versions: pkg.versions,
      affected: pkg.affected,
      advisories: [...advisoriesNamedBy(pkg, (at) => index.advisories[at])],
    };
    const text = JSON.stringify(stored);
    offset += 1 + Buffer.byteLength(text);
    ends.push(offset);
    return text;
  });
  const table: Table = {
    sourceSha256: index.sourceSha256,
    statistics: index.statistics,
    packages: names,
    ends,
    newest,
    affectedAboveNewest,
  };
  const sealed = Buffer.from(`${JSON.stringify(table)}\n${records.map((text) => `${text}\n`).join('')}`);
  const seal: Seal = { format: COMPACT_INDEX_FORMAT, sha256: sha256Hex(sealed) };
  return Buffer.concat([Buffer.from(`${JSON.stringify(seal)}\n`), sealed]);
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseJson(bytes: Buffer, start: number, end: number): unknown {
  return parseText(bytes.toString('utf8', start, end));
}

function isSeal(value: unknown): value is Seal {
  return isJsonObject(value) && typeof value['format'] === 'number' && typeof value['sha256'] === 'string';
}

/** The table's shape, and offsets that rise and stay inside the records' `length` bytes. */
function isTable(value: unknown, recordsLength: number): value is Table {
  if (!isJsonObject(value)) return false;
  const { sourceSha256, statistics, packages, ends } = value;
  if (typeof sourceSha256 !== 'string' || !isJsonObject(statistics)) return false;
  if (!Array.isArray(packages) || !Array.isArray(ends) || packages.length !== ends.length) return false;
  if (!packages.every((name) => typeof name === 'string')) return false;
  let previous = -1;
  for (const end of ends) {
    if (typeof end !== 'number' || !Number.isInteger(end) || end <= previous + 1) return false;
    previous = end;
  }
  // Every record is followed by its newline, and nothing follows the last one.
  return previous + 1 === recordsLength && isAboveNewest(value, packages.length);
}

/** `newest` and `affectedAboveNewest` there and fitting the packages (a file written before they were kept has neither). */
function isAboveNewest(table: Record<string, unknown>, packageCount: number): boolean {
  const { newest, affectedAboveNewest } = table;
  if (!Array.isArray(newest) || !Array.isArray(affectedAboveNewest) || newest.length !== packageCount) return false;
  if (!newest.every((version) => typeof version === 'string')) return false;
  let previous = -1;
  for (const at of affectedAboveNewest) {
    if (typeof at !== 'number' || !Number.isInteger(at) || at <= previous || at >= packageCount) return false;
    previous = at;
  }
  return true;
}

/** Reads the text between two byte offsets of the records part. */
type RecordReader = (start: number, end: number) => string;

/** The table, if `text` is one and fits records of `recordsLength` bytes built from `sourceSha256`. */
function tableOf(text: Buffer, recordsLength: number, sourceSha256: string): Table | undefined {
  const table = parseJson(text, 0, text.length);
  return isTable(table, recordsLength) && table.sourceSha256 === sourceSha256 ? table : undefined;
}

/** The seal, if `text` is one of this format. */
function sealOf(text: Buffer): Seal | undefined {
  const seal = parseJson(text, 0, text.length);
  return isSeal(seal) && seal.format === COMPACT_INDEX_FORMAT ? seal : undefined;
}

/**
 * Opens an index file's bytes, built from the zip with SHA-256 `sourceSha256`. Undefined when
 * they are of another format, do not match their seal, or were built from another zip.
 */
export function openAdvisoryIndexBytes(bytes: Buffer, sourceSha256: string): AdvisoryIndex | undefined {
  const sealEnd = bytes.indexOf(NEWLINE);
  const seal = sealEnd < 0 ? undefined : sealOf(bytes.subarray(0, sealEnd));
  if (!seal) return undefined;
  const sealed = bytes.subarray(sealEnd + 1);
  if (sha256Hex(sealed) !== seal.sha256) return undefined;
  const tableEnd = sealed.indexOf(NEWLINE);
  if (tableEnd < 0) return undefined;
  const records = sealed.subarray(tableEnd + 1);
  const table = tableOf(sealed.subarray(0, tableEnd), records.length, sourceSha256);
  return table && lazyAdvisoryIndex(table, (start, end) => records.toString('utf8', start, end));
}

/** No seal is longer: a first line without a newline in this many bytes is not an index file. */
const MAX_SEAL_BYTES = 1024;

/** Closes the file of an index nobody holds any more. */
const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  close(fd, () => undefined);
});

/** The records part of a checked index file: its table, and where its records start. */
interface CheckedFile {
  readonly table: Table;
  readonly recordsStart: number;
}

/** Checks the open file against its seal, and reads its table on the way. */
async function checkFile(fd: number, sourceSha256: string): Promise<CheckedFile | undefined> {
  const head = Buffer.alloc(MAX_SEAL_BYTES);
  const { bytesRead } = await readAt(fd, head, 0, MAX_SEAL_BYTES, 0);
  const sealEnd = head.subarray(0, bytesRead).indexOf(NEWLINE);
  const seal = sealEnd < 0 ? undefined : sealOf(head.subarray(0, sealEnd));
  if (!seal) return undefined;
  const hash = createHash('sha256');
  const tableParts: Buffer[] = [];
  let tableEnd = -1;
  const end = await forEachChunk(fd, sealEnd + 1, (chunk, position) => {
    hash.update(chunk);
    if (tableEnd >= 0) return;
    const at = chunk.indexOf(NEWLINE);
    tableParts.push(Buffer.from(at < 0 ? chunk : chunk.subarray(0, at)));
    if (at >= 0) tableEnd = position + at;
  });
  if (hash.digest('hex') !== seal.sha256 || tableEnd < 0) return undefined;
  const table = tableOf(Buffer.concat(tableParts), end - (tableEnd + 1), sourceSha256);
  return table && { table, recordsStart: tableEnd + 1 };
}

/** Reads records by position through one buffer, grown to the longest record read so far. */
function recordReaderOf(fd: number, recordsStart: number): RecordReader {
  let buffer = Buffer.allocUnsafeSlow(64 * 1024);
  return (start, end) => {
    const length = end - start;
    if (length > buffer.length) buffer = Buffer.allocUnsafeSlow(length);
    let done = 0;
    while (done < length) {
      const count = readSync(fd, buffer, done, length - done, recordsStart + start + done);
      if (count === 0) throw new Error('the advisory index file ends before its table says');
      done += count;
    }
    return buffer.toString('utf8', 0, length);
  };
}

/**
 * Opens the index file at `path`, built from the zip with SHA-256 `sourceSha256`. Undefined
 * when it is missing, of another format, does not match its seal, or was built from another
 * zip: the caller builds a new one. The file stays open while the index is in use.
 */
export async function openAdvisoryIndexFile(path: string, sourceSha256: string): Promise<AdvisoryIndex | undefined> {
  const fd = await openFile(path, 'r').catch(() => undefined);
  if (fd === undefined) return undefined;
  let checked: CheckedFile | undefined;
  try {
    checked = await checkFile(fd, sourceSha256);
  } catch {
    checked = undefined;
  }
  if (!checked) {
    await closeFile(fd).catch(() => undefined);
    return undefined;
  }
  const { table, recordsStart } = checked;
  const index = lazyAdvisoryIndex(table, recordReaderOf(fd, recordsStart));
  closeWhenCollected.register(index, fd);
  return index;
}

function lazyAdvisoryIndex(table: Table, readText: RecordReader): AdvisoryIndex {
  const positions = new Map(table.packages.map((name, at) => [name, at]));
  const names = [...table.packages].sort(compareText);
  const affectedAbove = new Set(table.affectedAboveNewest);
  return {
    sourceSha256: table.sourceSha256,
    statistics: table.statistics,
    packageNames: () => names,
    hasPackage: (name) => positions.has(name),
    packageRecord: (name): IndexedPackage | undefined => {
      const at = positions.get(name);
      if (at === undefined) return undefined;
      const start = at === 0 ? 0 : (table.ends[at - 1] ?? 0) + 1;
      const stored = parseText(readText(start, table.ends[at] ?? 0)) as StoredRecord | undefined;
      // The seal proved these bytes are the ones written; a record that does not parse means a writer bug.
      if (!isJsonObject(stored)) throw new Error(`the advisory index's record of ${name} is not JSON`);
      return { versions: stored.versions, affected: stored.affected, advisories: new Map(stored.advisories) };
    },
    aboveNewest: (name): AboveNewest | undefined => {
      const at = positions.get(name);
      const newest = at === undefined ? undefined : table.newest[at];
      if (at === undefined || newest === undefined || newest === '') return undefined;
      return { newest, affected: affectedAbove.has(at) };
    },
  };
}
