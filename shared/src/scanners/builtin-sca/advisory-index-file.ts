// The index file: a compact index laid out so that opening it parses only a table of
// package names, and each package's record is parsed when a requirement first names it.
// At the size of the OSV PyPI export, parsing the whole index as one JSON document cost
// more than the load budget; hashing and slicing the same bytes costs a fraction of it.
//
// Three parts, each ending in a newline, all UTF-8 JSON (so `head -2` shows what it is):
//   1. the seal:   {"format":3,"sha256":"<SHA-256 of every byte after this line>"}
//   2. the table:  {"sourceSha256":…,"statistics":{…},"packages":[names…],"ends":[…]}
//   3. one record per package, in table order, `ends[i]` being where record i ends
//      (byte offset from the first record); record i starts one byte (a newline) after
//      record i-1 ends: {"versions":[…],"affected":[…],"advisories":[[number,{advisory}],…]}
// The whole file is checked against its seal when opened: a file from another format,
// a torn write or a damaged disk block is refused (and rebuilt by the loader), never
// half-read in the middle of a scan.
import { createHash } from 'node:crypto';
import { advisoriesNamedBy, byCodeUnit, type AdvisoryIndex, type IndexedPackage } from './advisory-index';
import {
  COMPACT_INDEX_FORMAT,
  type CompactAdvisory,
  type CompactIndex,
  type CompactPackage,
  type IndexStatistics,
} from './compact-index';

const NEWLINE = 0x0a;

interface Seal {
  readonly format: number;
  readonly sha256: string;
}

interface Table {
  readonly sourceSha256: string;
  readonly statistics: IndexStatistics;
  readonly packages: readonly string[];
  readonly ends: readonly number[];
}

interface StoredRecord extends CompactPackage {
  readonly advisories: readonly (readonly [number, CompactAdvisory])[];
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The index file's bytes for a compact index (deterministic: the same index gives the same bytes). */
export function encodeAdvisoryIndexFile(index: CompactIndex): Buffer {
  const names = Object.keys(index.packages).sort(byCodeUnit);
  const ends: number[] = [];
  let offset = -1;
  const records = names.map((name) => {
    const pkg = index.packages[name] as CompactPackage;
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
  };
  const sealed = Buffer.from(`${JSON.stringify(table)}\n${records.map((text) => `${text}\n`).join('')}`);
  const seal: Seal = { format: COMPACT_INDEX_FORMAT, sha256: sha256Hex(sealed) };
  return Buffer.concat([Buffer.from(`${JSON.stringify(seal)}\n`), sealed]);
}

function parseJson(bytes: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', start, end)) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeal(value: unknown): value is Seal {
  return isObject(value) && typeof value['format'] === 'number' && typeof value['sha256'] === 'string';
}

/** The table's shape, and offsets that rise and stay inside the records' `length` bytes. */
function isTable(value: unknown, recordsLength: number): value is Table {
  if (!isObject(value)) return false;
  const { sourceSha256, statistics, packages, ends } = value;
  if (typeof sourceSha256 !== 'string' || !isObject(statistics)) return false;
  if (!Array.isArray(packages) || !Array.isArray(ends) || packages.length !== ends.length) return false;
  if (!packages.every((name) => typeof name === 'string')) return false;
  let previous = -1;
  for (const end of ends) {
    if (typeof end !== 'number' || !Number.isInteger(end) || end <= previous + 1) return false;
    previous = end;
  }
  // Every record is followed by its newline, and nothing follows the last one.
  return previous + 1 === recordsLength;
}

/**
 * Opens an index file built from the zip with SHA-256 `sourceSha256`. Undefined when the
 * file is of another format, does not match its seal, or was built from another zip:
 * the caller builds a new one.
 */
export function openAdvisoryIndexFile(bytes: Buffer, sourceSha256: string): AdvisoryIndex | undefined {
  const sealEnd = bytes.indexOf(NEWLINE);
  if (sealEnd < 0) return undefined;
  const seal = parseJson(bytes, 0, sealEnd);
  if (!isSeal(seal) || seal.format !== COMPACT_INDEX_FORMAT) return undefined;
  const sealed = bytes.subarray(sealEnd + 1);
  if (sha256Hex(sealed) !== seal.sha256) return undefined;
  const tableEnd = sealed.indexOf(NEWLINE);
  if (tableEnd < 0) return undefined;
  const recordBytes = sealed.subarray(tableEnd + 1);
  const table = parseJson(sealed, 0, tableEnd);
  if (!isTable(table, recordBytes.length) || table.sourceSha256 !== sourceSha256) return undefined;
  return lazyAdvisoryIndex(table, recordBytes);
}

function lazyAdvisoryIndex(table: Table, recordBytes: Buffer): AdvisoryIndex {
  const positions = new Map(table.packages.map((name, at) => [name, at]));
  const names = [...table.packages].sort(byCodeUnit);
  return {
    sourceSha256: table.sourceSha256,
    statistics: table.statistics,
    packageNames: () => names,
    hasPackage: (name) => positions.has(name),
    packageRecord: (name): IndexedPackage | undefined => {
      const at = positions.get(name);
      if (at === undefined) return undefined;
      const start = at === 0 ? 0 : (table.ends[at - 1] ?? 0) + 1;
      const stored = parseJson(recordBytes, start, table.ends[at] ?? 0) as StoredRecord | undefined;
      // The seal proved these bytes are the ones written; a record that does not parse means a writer bug.
      if (!isObject(stored)) throw new Error(`the advisory index's record of ${name} is not JSON`);
      return { versions: stored.versions, affected: stored.affected, advisories: new Map(stored.advisories) };
    },
  };
}
