// Reads an OSV export zip (one JSON record per file, the layout of osv.dev's
// `PyPI/all.zip`) in batches, so a large export never sits fully inflated in memory.
import type * as Fflate from 'fflate';
import { loadedOnFirstUse } from '../../modules/loaded-on-first-use';
import { DevsecopsError } from '../../errors/devsecops-error';
import type { ReadCounts } from './compact-index';
import { parseOsvAdvisory, type ParsedAdvisory } from './osv-advisory';

/** fflate builds its inflate tables when evaluated: only reading an OSV zip needs them. */
const fflate = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require the bundler keeps lazy
  (): typeof Fflate => require('fflate') as typeof Fflate,
);

/** Inflate at most this many bytes of records at once. */
const BATCH_BYTES = 32 * 1024 * 1024;
/** Skip reasons kept for the log. */
const MAX_REASONS = 10;
/**
 * A single OSV record is a few kilobytes (the largest PyPI ones are well under 1 MB); a bigger
 * entry is skipped without being inflated. fflate inflates into a buffer of the size the entry
 * declares and never grows it, so checking the declared size bounds the memory used.
 */
export const MAX_RECORD_BYTES = 10 * 1024 * 1024;
/** All records together, inflated; the full OSV PyPI export is a few hundred MB. */
export const MAX_TOTAL_RECORD_BYTES = 2 * 1024 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What reading an export gave. */
export interface OsvZipContents {
  readonly advisories: ParsedAdvisory[];
  readonly counts: ReadCounts;
  /** Entries ending in `.json` found in the zip. */
  readonly recordCount: number;
  /** Records that were not JSON at all: a sign of a corrupt download rather than an odd advisory. */
  readonly notJsonCount: number;
  /** Records larger than MAX_RECORD_BYTES, skipped without being inflated. */
  readonly oversizedCount: number;
  /** Up to 10 `name: reason` texts for the not-JSON and oversized records alone. */
  readonly unreadableReasons: readonly string[];
}

/**
 * Above this ratio of inflated to compressed bytes, an entry of more than ZIP_BOMB_MIN_BYTES is a
 * zip bomb: JSON records compress about 10 times, and deflate cannot exceed about 1,030.
 */
export const MAX_COMPRESSION_RATIO = 200;
const ZIP_BOMB_MIN_BYTES = 1024 * 1024;

/** An archive built to inflate far beyond its size (or lying about it): refused before anything is inflated. */
export class ZipBombError extends DevsecopsError {
  constructor(message: string) {
    super('DATABASE_INVALID', message);
  }
}

interface ZipRecord {
  readonly name: string;
  /** Inflated size the archive declares. */
  readonly size: number;
  /** Compressed size in the archive. */
  readonly compressedSize: number;
}

/**
 * Why the archive is a zip bomb, judged on its directory alone, or undefined. fflate inflates an
 * entry into a buffer of its declared size and stops there, so declared sizes bound the memory
 * used; an entry holding more compressed data than it declares inflated would be cut off, and is
 * reported here as what it is rather than as a corrupt record.
 */
function zipBombProblem(records: readonly ZipRecord[], label: string): string | undefined {
  const declared = records.reduce((sum, record) => sum + record.size, 0);
  if (declared > MAX_TOTAL_RECORD_BYTES) {
    return `The archive ${label} inflates beyond ${megabytes(MAX_TOTAL_RECORD_BYTES)}: its records declare ${megabytes(declared)}, more than the ${megabytes(MAX_TOTAL_RECORD_BYTES)} an OSV PyPI export could hold. Refusing it.`;
  }
  for (const record of records) {
    const ratio = record.size / Math.max(1, record.compressedSize);
    // An entry declaring more than MAX_RECORD_BYTES is never inflated (skipped as oversized): only judge the rest.
    if (record.size > ZIP_BOMB_MIN_BYTES && record.size <= MAX_RECORD_BYTES && ratio > MAX_COMPRESSION_RATIO) {
      return `The archive ${label} has an entry ${record.name} that inflates ${String(Math.round(ratio))} times (${megabytes(record.size)} from ${megabytes(record.compressedSize)}), far beyond what JSON compresses to: refusing it as a zip bomb.`;
    }
    // Deflate adds at most a few bytes per 64 KB block to data it cannot compress.
    if (record.compressedSize > record.size + 64 + record.size / 100) {
      return `The archive ${label} has an entry ${record.name} that declares ${String(record.size)} bytes but holds ${String(record.compressedSize)} compressed bytes: it inflates beyond what it declares (forged sizes): refusing it.`;
    }
  }
  return undefined;
}

function listRecords(zip: Uint8Array, label: string): ZipRecord[] {
  const records: ZipRecord[] = [];
  try {
    fflate().unzipSync(zip, {
      filter: (file) => {
        if (file.name.toLowerCase().endsWith('.json')) {
          records.push({ name: file.name, size: file.originalSize, compressedSize: file.size });
        }
        return false;
      },
    });
  } catch (error) {
    throw new DevsecopsError(
      'DATABASE_INVALID',
      `The vulnerability database ${label} is not a readable zip (truncated or corrupt): run \`devsecops db update\` to fetch a fresh copy.`,
      { cause: error },
    );
  }
  return records;
}

/**
 * Parses every record of an OSV export zip. Throws DATABASE_INVALID when the zip
 * itself cannot be read; a record that cannot be read is counted and skipped.
 */
export function readOsvZip(zip: Uint8Array, label: string): OsvZipContents {
  const records = listRecords(zip, label);
  const bomb = zipBombProblem(records, label);
  if (bomb !== undefined) throw new ZipBombError(bomb);
  const decoder = new TextDecoder('utf-8');
  const advisories: ParsedAdvisory[] = [];
  const skippedReasons: string[] = [];
  let withdrawnCount = 0;
  let skippedAdvisoryCount = 0;
  let gitRangeCount = 0;
  let notJsonCount = 0;
  let oversizedCount = 0;
  const unreadableReasons: string[] = [];
  const skip = (name: string, reason: string, unreadable: boolean): void => {
    skippedAdvisoryCount += 1;
    if (skippedReasons.length < MAX_REASONS) skippedReasons.push(`${name}: ${reason}`);
    if (unreadable && unreadableReasons.length < MAX_REASONS) unreadableReasons.push(`${name}: ${reason}`);
  };

  for (let start = 0; start < records.length;) {
    const batch = new Set<string>();
    let bytes = 0;
    while (start < records.length && (batch.size === 0 || bytes < BATCH_BYTES)) {
      const record = records[start++];
      if (record === undefined) break;
      if (record.size > MAX_RECORD_BYTES) {
        oversizedCount += 1;
        skip(record.name, `larger than ${megabytes(MAX_RECORD_BYTES)} (${megabytes(record.size)}), not unpacked`, true);
        continue;
      }
      batch.add(record.name);
      bytes += record.size;
    }
    let files;
    try {
      files = fflate().unzipSync(zip, { filter: (file) => batch.has(file.name) });
    } catch (error) {
      throw new DevsecopsError(
        'DATABASE_INVALID',
        `The vulnerability database ${label} has records that cannot be unpacked (corrupt zip): run \`devsecops db update\` to fetch a fresh copy.`,
        { cause: error },
      );
    }
    for (const name of [...batch].sort()) {
      const data = files[name];
      const result = data ? parseOsvAdvisory(decoder.decode(data)) : { kind: 'invalid' as const, reason: 'missing' };
      switch (result.kind) {
        case 'advisory':
          advisories.push(result.advisory);
          gitRangeCount += result.gitRanges;
          break;
        case 'withdrawn':
          withdrawnCount += 1;
          break;
        case 'not-pypi':
          break;
        case 'invalid':
          if (result.reason.startsWith('not JSON')) notJsonCount += 1;
          skip(name, result.reason, result.reason.startsWith('not JSON'));
          break;
      }
    }
  }
  return {
    advisories,
    counts: { withdrawnCount, skippedAdvisoryCount, skippedReasons, gitRangeCount },
    recordCount: records.length,
    notJsonCount,
    oversizedCount,
    unreadableReasons,
  };
}
