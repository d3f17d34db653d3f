// Builds small OSV export zips in memory, so tests state exactly which advisories exist.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { advisoryIndexOfZip, clearLoadedDatabases, sha256Of } from '../../../src/scanners/builtin-sca/database-loader';
import { VulnerabilityDatabase } from '../../../src/scanners/builtin-sca/vulnerability-database';

/** The OSV snapshot the repository ships (`shared/data/osv`), for tests that need real advisories. */
export const SNAPSHOT_ZIP = join(
  __dirname,
  '..',
  '..',
  '..',
  'data',
  'osv',
  'PyPI-pypa-advisory-database-2024-10-10.zip',
);

/** Where a test's index says its zip came from: what `indexOsvZip` records, with no meaning of its own. */
export const TEST_ZIP_SOURCE = {
  source: 'test',
  sourceKind: 'file',
  date: '',
  path: 'test.zip',
  attribution: '',
} as const;

/** The fields of an OSV record the tests vary; everything else gets a plausible default. */
export interface TestAdvisory {
  readonly id: string;
  readonly package?: string;
  readonly events?: readonly Record<string, string>[][];
  readonly versions?: readonly string[];
  readonly aliases?: readonly string[];
  readonly summary?: string;
  readonly severity?: readonly { type: string; score: string }[];
  readonly withdrawn?: string;
  readonly databaseSpecific?: Record<string, unknown>;
  readonly gitRange?: boolean;
}

/** An OSV record as the export stores it. */
export function osvRecord(advisory: TestAdvisory): Record<string, unknown> {
  const ranges: unknown[] = (advisory.events ?? []).map((events) => ({ type: 'ECOSYSTEM', events }));
  if (advisory.gitRange) {
    ranges.unshift({
      type: 'GIT',
      repo: 'https://example.invalid/repo',
      events: [{ introduced: '0' }, { fixed: 'abc123' }],
    });
  }
  return {
    id: advisory.id,
    modified: '2024-01-01T00:00:00Z',
    schema_version: '1.6.0',
    aliases: advisory.aliases ?? [],
    ...(advisory.summary !== undefined
      ? { summary: advisory.summary }
      : { details: `Details of ${advisory.id}. More.` }),
    ...(advisory.severity ? { severity: advisory.severity } : {}),
    ...(advisory.withdrawn ? { withdrawn: advisory.withdrawn } : {}),
    ...(advisory.databaseSpecific ? { database_specific: advisory.databaseSpecific } : {}),
    affected: [
      {
        package: { ecosystem: 'PyPI', name: advisory.package ?? 'demo' },
        ranges,
        ...(advisory.versions ? { versions: advisory.versions } : {}),
      },
    ],
  };
}

/** A zip of one JSON file per record (raw strings are stored as they are, for malformed records). */
export function osvZip(
  records: readonly (TestAdvisory | { readonly file: string; readonly text: string })[],
): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const record of records) {
    if ('file' in record) files[record.file] = new TextEncoder().encode(record.text);
    else files[`${record.id}.json`] = new TextEncoder().encode(JSON.stringify(osvRecord(record)));
  }
  return zipSync(files);
}

/** A database over the given advisories, built by the same code path as a real load. */
export function databaseOf(records: Parameters<typeof osvZip>[0]): VulnerabilityDatabase {
  const zip = osvZip(records);
  const sha256 = sha256Of(zip);
  return new VulnerabilityDatabase(advisoryIndexOfZip(zip, sha256, 'test.zip'), {
    source: 'test',
    sourceKind: 'file',
    date: '2024-01-01',
    path: 'test.zip',
    attribution: 'test data',
  });
}

/** A fresh cache folder for each test of the calling suite (`.path`), and no database kept loaded between tests. */
export function freshCacheFolderPerTest(prefix: string): { readonly path: string } {
  const folder = { path: '' };
  beforeEach(() => {
    folder.path = mkdtempSync(join(tmpdir(), prefix));
    clearLoadedDatabases();
  });
  afterEach(() => {
    rmSync(folder.path, { recursive: true, force: true });
    clearLoadedDatabases();
  });
  return folder;
}
