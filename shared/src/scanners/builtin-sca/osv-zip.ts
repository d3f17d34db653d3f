// Reads an OSV export zip (one JSON record per file, the layout of osv.dev's
// `PyPI/all.zip`) in batches, so a large export never sits fully inflated in memory.
import { unzipSync } from 'fflate';
import { DevsecopsError } from '../../errors/devsecops-error';
import type { ReadCounts } from './compact-index';
import { parseOsvAdvisory, type ParsedAdvisory } from './osv-advisory';

/** Inflate at most this many bytes of records at once. */
const BATCH_BYTES = 32 * 1024 * 1024;
/** Skip reasons kept for the log. */
const MAX_REASONS = 10;

/** What reading an export gave. */
export interface OsvZipContents {
  readonly advisories: ParsedAdvisory[];
  readonly counts: ReadCounts;
  /** Entries ending in `.json` found in the zip. */
  readonly recordCount: number;
  /** Records that were not JSON at all: a sign of a corrupt download rather than an odd advisory. */
  readonly notJsonCount: number;
}

function listRecords(zip: Uint8Array, label: string): { name: string; size: number }[] {
  const records: { name: string; size: number }[] = [];
  try {
    unzipSync(zip, {
      filter: (file) => {
        if (file.name.toLowerCase().endsWith('.json')) records.push({ name: file.name, size: file.originalSize });
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
  const decoder = new TextDecoder('utf-8');
  const advisories: ParsedAdvisory[] = [];
  const skippedReasons: string[] = [];
  let withdrawnCount = 0;
  let skippedAdvisoryCount = 0;
  let gitRangeCount = 0;
  let notJsonCount = 0;

  for (let start = 0; start < records.length;) {
    const batch = new Set<string>();
    let bytes = 0;
    while (start < records.length && (batch.size === 0 || bytes < BATCH_BYTES)) {
      const record = records[start++];
      if (record === undefined) break;
      batch.add(record.name);
      bytes += record.size;
    }
    let files;
    try {
      files = unzipSync(zip, { filter: (file) => batch.has(file.name) });
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
          skippedAdvisoryCount += 1;
          if (result.reason.startsWith('not JSON')) notJsonCount += 1;
          if (skippedReasons.length < MAX_REASONS) skippedReasons.push(`${name}: ${result.reason}`);
          break;
      }
    }
  }
  return {
    advisories,
    counts: { withdrawnCount, skippedAdvisoryCount, skippedReasons, gitRangeCount },
    recordCount: records.length,
    notJsonCount,
  };
}
