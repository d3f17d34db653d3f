import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inMemoryAdvisoryIndex, type AdvisoryIndex } from '../../../src/scanners/builtin-sca/advisory-index';
import { encodeAdvisoryIndexFile, openAdvisoryIndexBytes } from '../../../src/scanners/builtin-sca/advisory-index-file';
import { COMPACT_INDEX_FORMAT } from '../../../src/scanners/builtin-sca/compact-index';
import {
  clearLoadedDatabases,
  indexOsvZip,
  indexPathFor,
  loadVulnerabilityDatabase,
  sha256Of,
} from '../../../src/scanners/builtin-sca/database-loader';
import { cachePaths } from '../../../src/scanners/builtin-sca/database-location';
import { claimAffects, VulnerabilityDatabase } from '../../../src/scanners/builtin-sca/vulnerability-database';
import { SNAPSHOT_ZIP, TEST_ZIP_SOURCE, freshCacheFolderPerTest, osvZip } from './osv-test-data';

// A pin newer than every version a package's advisories mention is the common line of a service's requirements.
// The index file's table keeps each package's newest version and whether any advisory covers the versions above
// it, so such a pin is answered without reading (and keeping) the package's record. These tests hold that answer
// to the one the record gives, and the table's new parts to what an index file must be.

/** The index, with the packages whose records were read and those asked about above their newest version, in order. */
function counting(index: AdvisoryIndex): { index: AdvisoryIndex; read: string[]; askedAbove: string[] } {
  const read: string[] = [];
  const askedAbove: string[] = [];
  return {
    read,
    askedAbove,
    index: {
      sourceSha256: index.sourceSha256,
      statistics: index.statistics,
      packageNames: () => index.packageNames(),
      hasPackage: (name) => index.hasPackage(name),
      packageRecord: (name) => {
        read.push(name);
        return index.packageRecord(name);
      },
      aboveNewest: (name) => {
        askedAbove.push(name);
        return index.aboveNewest(name);
      },
    },
  };
}

/** The same index without the table's answer: every question is answered from the record. */
function recordsOnly(index: AdvisoryIndex): AdvisoryIndex {
  return { ...counting(index).index, aboveNewest: () => undefined };
}

/** The index file's two lines before the records, and the records. */
function tableOf(bytes: Buffer): { table: Record<string, unknown>; records: string } {
  const text = bytes.toString('utf8');
  const sealEnd = text.indexOf('\n');
  const tableEnd = text.indexOf('\n', sealEnd + 1);
  return {
    table: JSON.parse(text.slice(sealEnd + 1, tableEnd)) as Record<string, unknown>,
    records: text.slice(tableEnd + 1),
  };
}

/** An index file with the given table and records, sealed as the writer seals it. */
function sealed(table: Record<string, unknown>, records: string): Buffer {
  const body = `${JSON.stringify(table)}\n${records}`;
  const seal = { format: COMPACT_INDEX_FORMAT, sha256: createHash('sha256').update(body).digest('hex') };
  return Buffer.from(`${JSON.stringify(seal)}\n${body}`);
}

describe('pins above every version the advisories mention', function () {
  this.timeout(120_000);
  const folder = freshCacheFolderPerTest('sca-above-newest-');

  /** alpha: fixed in 2.0 (closed above); beta: introduced in 1.0, never fixed (open above); gamma: listed only. */
  const zip = osvZip([
    { id: 'PYSEC-A', package: 'alpha', events: [[{ introduced: '0' }, { fixed: '2.0' }]] },
    { id: 'PYSEC-B', package: 'beta', events: [[{ introduced: '1.0' }]] },
    { id: 'PYSEC-G', package: 'gamma', versions: ['1.0', '1.1'] },
    { id: 'PYSEC-L', package: 'lastaffected', events: [[{ introduced: '0' }, { last_affected: '3.0' }]] },
  ]);
  const sha256 = sha256Of(zip);
  const bytes = encodeAdvisoryIndexFile(indexOsvZip(zip, sha256, 'test.zip'));

  it('for every package of the bundled data, the table says what its record says above its newest version', () => {
    const snapshot = readFileSync(SNAPSHOT_ZIP);
    const compact = indexOsvZip(snapshot, sha256Of(snapshot), SNAPSHOT_ZIP);
    const lazy = openAdvisoryIndexBytes(encodeAdvisoryIndexFile(compact), compact.sourceSha256) as AdvisoryIndex;
    const inMemory = inMemoryAdvisoryIndex(compact);
    let affected = 0;
    for (const name of lazy.packageNames()) {
      const pkg = lazy.packageRecord(name);
      ok(pkg, name);
      const aboveAll = 2 * pkg.versions.length;
      const expected =
        pkg.versions.length === 0
          ? undefined
          : {
              newest: pkg.versions[pkg.versions.length - 1],
              affected: pkg.affected.some((claim) => claimAffects(claim, aboveAll)),
            };
      deepStrictEqual(lazy.aboveNewest(name), expected, name);
      deepStrictEqual(inMemory.aboveNewest(name), expected, name);
      if (expected?.affected === true) affected += 1;
    }
    // Both answers occur in the real data: most packages are fixed, some never are.
    ok(affected > 0 && affected < lazy.packageNames().length, String(affected));
    strictEqual(lazy.aboveNewest('not-a-package'), undefined);
  });

  it('a pin above a package no advisory covers there is answered without reading its record, as the record answers', () => {
    const lazy = openAdvisoryIndexBytes(bytes, sha256) as AdvisoryIndex;
    const { index, read } = counting(lazy);
    const db = new VulnerabilityDatabase(index, TEST_ZIP_SOURCE);
    const fromRecords = new VulnerabilityDatabase(recordsOnly(lazy), TEST_ZIP_SOURCE);
    for (const [name, version] of [
      ['alpha', '2.1'],
      ['alpha', '2.0.post1'],
      ['alpha', '3'],
      ['lastaffected', '3.0.1'],
      ['gamma', '1.2'],
    ] as const) {
      deepStrictEqual(db.advisoriesAffecting(name, version), [], `${name} ${version}`);
      deepStrictEqual(fromRecords.advisoriesAffecting(name, version), [], `${name} ${version} from the record`);
    }
    deepStrictEqual(read, []);
  });

  it('a file rescanned asks the table once per pin: the answer is memoised like any other', () => {
    const { index, read, askedAbove } = counting(openAdvisoryIndexBytes(bytes, sha256) as AdvisoryIndex);
    const db = new VulnerabilityDatabase(index, TEST_ZIP_SOURCE);
    for (let scan = 0; scan < 3; scan += 1) {
      deepStrictEqual(db.advisoriesAffecting('alpha', '2.1'), []);
      deepStrictEqual(db.advisoriesAffecting('lastaffected', '4'), []);
    }
    deepStrictEqual(askedAbove, ['alpha', 'lastaffected']);
    deepStrictEqual(read, []);
  });

  it('every other pin is read from the record: open above, at or below the newest version, or not PEP 440', () => {
    const lazy = openAdvisoryIndexBytes(bytes, sha256) as AdvisoryIndex;
    const { index, read } = counting(lazy);
    const db = new VulnerabilityDatabase(index, TEST_ZIP_SOURCE);
    const ids = (name: string, version: string): string[] =>
      db.advisoriesAffecting(name, version).map((match) => match.advisory.id);
    deepStrictEqual(ids('beta', '99'), ['PYSEC-B']);
    deepStrictEqual(ids('alpha', '2.0'), []);
    deepStrictEqual(ids('alpha', '1.9'), ['PYSEC-A']);
    deepStrictEqual(ids('lastaffected', '3.0'), ['PYSEC-L']);
    deepStrictEqual(ids('gamma', '1.1'), ['PYSEC-G']);
    deepStrictEqual(ids('gamma', 'not-a-version'), []);
    deepStrictEqual(read, ['beta', 'alpha', 'lastaffected', 'gamma']);
  });

  it('refuses a table whose newest versions or positions do not fit its packages', () => {
    const { table, records } = tableOf(bytes);
    ok(openAdvisoryIndexBytes(sealed(table, records), sha256), 'the table as written opens');
    const packages = table['packages'] as string[];
    const damaged: Record<string, unknown>[] = [
      { ...table, newest: undefined },
      { ...table, affectedAboveNewest: undefined },
      { ...table, newest: [...packages.map(() => '1.0'), '1.0'] },
      { ...table, newest: packages.map(() => 1) },
      { ...table, affectedAboveNewest: [packages.length] },
      { ...table, affectedAboveNewest: [1, 0] },
      { ...table, affectedAboveNewest: [0, 0] },
      { ...table, affectedAboveNewest: [0.5] },
      { ...table, affectedAboveNewest: ['0'] },
    ];
    for (const changed of damaged) {
      strictEqual(openAdvisoryIndexBytes(sealed(changed, records), sha256), undefined, JSON.stringify(changed));
    }
  });

  it('an index file written before the table kept them is rebuilt on the next load, and then answers from its table', async () => {
    const databasePath = join(folder.path, 'db.zip');
    writeFileSync(databasePath, zip);
    const { table, records } = tableOf(bytes);
    const older = { ...table };
    delete older['newest'];
    delete older['affectedAboveNewest'];
    const indexPath = indexPathFor(cachePaths(folder.path).indexes, sha256);
    await loadVulnerabilityDatabase({ databasePath, cacheDir: folder.path });
    clearLoadedDatabases();
    writeFileSync(indexPath, sealed(older, records));
    const db = await loadVulnerabilityDatabase({ databasePath, cacheDir: folder.path });
    deepStrictEqual(readFileSync(indexPath), bytes);
    deepStrictEqual(db.advisoryIndex.aboveNewest('alpha'), { newest: '2.0', affected: false });
    deepStrictEqual(db.advisoryIndex.aboveNewest('beta'), { newest: '1.0', affected: true });
  });

  it('a database replaced in the same process answers from its own table, never the one loaded before', async () => {
    const databasePath = join(folder.path, 'replaced.zip');
    writeFileSync(databasePath, zip);
    const before = await loadVulnerabilityDatabase({ databasePath, cacheDir: folder.path });
    deepStrictEqual(before.advisoriesAffecting('alpha', '2.1'), []);
    // The update: alpha's newer releases are affected by a new advisory that nothing fixes yet.
    const updated = osvZip([
      { id: 'PYSEC-A', package: 'alpha', events: [[{ introduced: '0' }, { fixed: '2.0' }]] },
      { id: 'PYSEC-A2', package: 'alpha', events: [[{ introduced: '2.0.1' }]] },
    ]);
    writeFileSync(databasePath, updated);
    const after = await loadVulnerabilityDatabase({ databasePath, cacheDir: folder.path });
    deepStrictEqual(
      after.advisoriesAffecting('alpha', '2.1').map((match) => match.advisory.id),
      ['PYSEC-A2'],
    );
    deepStrictEqual(before.advisoriesAffecting('alpha', '2.1'), [], 'the earlier instance keeps its own answer');
  });
});
