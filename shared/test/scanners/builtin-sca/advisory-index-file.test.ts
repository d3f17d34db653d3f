import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inMemoryAdvisoryIndex, type AdvisoryIndex } from '../../../src/scanners/builtin-sca/advisory-index';
import {
  encodeAdvisoryIndexFile,
  openAdvisoryIndexBytes,
  openAdvisoryIndexFile,
} from '../../../src/scanners/builtin-sca/advisory-index-file';
import { COMPACT_INDEX_FORMAT, type CompactIndex } from '../../../src/scanners/builtin-sca/compact-index';
import {
  clearLoadedDatabases,
  indexOsvZip,
  indexPathFor,
  loadVulnerabilityDatabase,
  sha256Of,
} from '../../../src/scanners/builtin-sca/database-loader';
import { cachePaths } from '../../../src/scanners/builtin-sca/database-location';
import { VulnerabilityDatabase } from '../../../src/scanners/builtin-sca/vulnerability-database';
import { SNAPSHOT_ZIP, TEST_ZIP_SOURCE, freshCacheFolderPerTest, osvZip } from './osv-test-data';

/**
 * The questions the engine asks about a package: pins at every version the index knows, and at
 * versions between and outside them; ranges from its oldest, middle and newest versions (each range
 * walks every version it allows, so all of them would take minutes).
 */
function answers(db: VulnerabilityDatabase, name: string, versions: readonly string[]): unknown[] {
  const asked: unknown[] = [db.hasPackage(name), db.newestKnownVersion(name)];
  const bounds = [versions[0], versions[versions.length >> 1], versions[versions.length - 1], '0.0.0.dev0', '99999'];
  for (const version of versions) asked.push(db.advisoriesAffecting(name, version));
  versions.forEach((version, at) => {
    if (at % 4 === 0) asked.push(db.advisoriesAffecting(name, `${version}.post0.dev1`));
  });
  for (const bound of bounds) {
    if (bound === undefined) continue;
    asked.push(db.advisoriesAffecting(name, bound));
    asked.push(db.advisoriesReachable(name, `>=${bound}`), db.advisoriesReachable(name, `<${bound}`));
  }
  return asked;
}

describe('the advisory index file (read one package at a time)', function () {
  this.timeout(120_000);
  let zip: Buffer;
  let sha256: string;
  let compact: CompactIndex;
  let bytes: Buffer;

  before(() => {
    zip = readFileSync(SNAPSHOT_ZIP);
    sha256 = sha256Of(zip);
    compact = indexOsvZip(zip, sha256, SNAPSHOT_ZIP);
    bytes = encodeAdvisoryIndexFile(compact);
  });

  it('answers exactly as the whole index in memory, for every package of the bundled data', () => {
    const lazy = openAdvisoryIndexBytes(bytes, sha256);
    ok(lazy);
    const whole = inMemoryAdvisoryIndex(compact);
    deepStrictEqual(lazy.packageNames(), whole.packageNames());
    deepStrictEqual(lazy.statistics, whole.statistics);
    strictEqual(lazy.packageNames().length, 658);
    const fromFile = new VulnerabilityDatabase(lazy, TEST_ZIP_SOURCE);
    const fromMemory = new VulnerabilityDatabase(whole, TEST_ZIP_SOURCE);
    deepStrictEqual(fromFile.info, fromMemory.info);
    let matches = 0;
    for (const name of whole.packageNames()) {
      const record = whole.packageRecord(name);
      ok(record);
      deepStrictEqual(lazy.packageRecord(name), record, name);
      const expected = answers(fromMemory, name, record.versions);
      deepStrictEqual(answers(fromFile, name, record.versions), expected, name);
      matches += expected.filter((answer) => Array.isArray(answer) && answer.length > 0).length;
    }
    // The comparison covered real answers, not only empty ones.
    ok(matches > 10_000, `only ${String(matches)} non-empty answers`);
    for (const name of ['not-a-package', '__proto__', 'constructor', '']) {
      strictEqual(lazy.hasPackage(name), false, name);
      strictEqual(lazy.packageRecord(name), undefined, name);
      deepStrictEqual(answers(fromFile, name, ['1.0']), answers(fromMemory, name, ['1.0']), name);
    }
  });

  it('the database a scan loads (the shipped index) answers as one built in memory from the zip', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'sca-index-file-'));
    try {
      clearLoadedDatabases();
      const loaded = await loadVulnerabilityDatabase({ cacheDir: cache });
      const fromMemory = new VulnerabilityDatabase(inMemoryAdvisoryIndex(compact), loaded.info);
      for (const name of ['django', 'jinja2', 'pillow', 'requests', 'urllib3', 'tensorflow']) {
        const versions = loaded.advisoryIndex.packageRecord(name)?.versions ?? [];
        ok(versions.length > 0, name);
        deepStrictEqual(answers(loaded, name, versions), answers(fromMemory, name, versions), name);
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
      clearLoadedDatabases();
    }
  });

  it('opening parses only the table: records are read when a package is first asked about', () => {
    const lazy = openAdvisoryIndexBytes(bytes, sha256) as AdvisoryIndex;
    // Damage one record after the seal was checked: only asking for that package can notice.
    const firstRecordAt = bytes.indexOf('"versions"', bytes.indexOf('\n', bytes.indexOf('\n') + 1));
    ok(firstRecordAt > 0);
    const damaged = Buffer.from(bytes);
    const lazyOnDamaged = openAdvisoryIndexBytes(damaged, sha256) as AdvisoryIndex;
    damaged.fill(0x20, firstRecordAt, firstRecordAt + 10);
    const first = lazy.packageNames()[0] ?? '';
    strictEqual(lazyOnDamaged.hasPackage(first), true);
    strictEqual(lazyOnDamaged.packageRecord('django')?.versions.length, lazy.packageRecord('django')?.versions.length);
    let threw = false;
    try {
      lazyOnDamaged.packageRecord(first);
    } catch {
      threw = true;
    }
    ok(threw, 'the damaged first record is refused when read, never half-used');
  });

  it('refuses a file that does not match its seal, another format, another zip, or a torn write', () => {
    strictEqual(openAdvisoryIndexBytes(bytes, sha256) === undefined, false);
    strictEqual(openAdvisoryIndexBytes(bytes, 'f'.repeat(64)), undefined, 'built from another zip');
    // One byte changed anywhere (the seal, the table, the first and last records) is caught by the checksum.
    const sealEnd = bytes.indexOf('\n');
    const tableEnd = bytes.indexOf('\n', sealEnd + 1);
    for (const at of [20, sealEnd + 5, Math.floor((sealEnd + tableEnd) / 2), tableEnd + 5, bytes.length - 3]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      strictEqual(openAdvisoryIndexBytes(flipped, sha256), undefined, `byte ${String(at)} flipped`);
    }
    for (const length of [0, 10, sealEnd, sealEnd + 1, tableEnd, tableEnd + 1, bytes.length - 1]) {
      strictEqual(openAdvisoryIndexBytes(bytes.subarray(0, length), sha256), undefined, `cut at ${String(length)}`);
    }
    strictEqual(openAdvisoryIndexBytes(Buffer.concat([bytes, Buffer.from('\n')]), sha256), undefined, 'grown');
    // Well sealed, but of the format before (the whole index as one JSON document): never read as this one.
    const sealedBody = bytes.subarray(sealEnd + 1);
    const digest = createHash('sha256').update(sealedBody).digest('hex');
    const older = Buffer.concat([
      Buffer.from(`${JSON.stringify({ format: COMPACT_INDEX_FORMAT - 1, sha256: digest })}\n`),
      sealedBody,
    ]);
    strictEqual(openAdvisoryIndexBytes(older, sha256), undefined, 'an older format');
    const v2 = Buffer.from(JSON.stringify({ ...compact, format: 2 }));
    strictEqual(openAdvisoryIndexBytes(v2, sha256), undefined, 'a format-2 index');
  });

  it('read from its file, answers as from its bytes; a damaged, cut, foreign or missing file is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sca-index-file-'));
    try {
      const path = join(dir, 'index.jsonl');
      writeFileSync(path, bytes);
      const fromFile = await openAdvisoryIndexFile(path, sha256);
      const fromBytes = openAdvisoryIndexBytes(bytes, sha256);
      ok(fromFile && fromBytes);
      deepStrictEqual(fromFile.packageNames(), fromBytes.packageNames());
      for (const name of fromBytes.packageNames())
        deepStrictEqual(fromFile.packageRecord(name), fromBytes.packageRecord(name));
      strictEqual(await openAdvisoryIndexFile(path, 'f'.repeat(64)), undefined, 'built from another zip');
      strictEqual(await openAdvisoryIndexFile(join(dir, 'missing.jsonl'), sha256), undefined, 'missing');
      // Beyond the first read chunk (1 MiB): the checksum covers every chunk.
      const flipped = Buffer.from(bytes);
      flipped[bytes.length - 100] = (flipped[bytes.length - 100] ?? 0) ^ 0x01;
      const cases: [string, Buffer][] = [
        ['a byte flipped near the end', flipped],
        ['cut', bytes.subarray(0, bytes.length - 1)],
        ['empty', Buffer.alloc(0)],
        ['no seal line in its first kilobyte', Buffer.alloc(4096, 0x7b)],
      ];
      for (const [label, content] of cases) {
        writeFileSync(path, content);
        strictEqual(await openAdvisoryIndexFile(path, sha256), undefined, label);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a table longer than one read chunk (an export with tens of thousands of packages)', async () => {
    const names = Array.from({ length: 60_000 }, (_, at) => `package-number-${String(at).padStart(6, '0')}`);
    const large: CompactIndex = {
      ...compact,
      advisories: [{ id: 'PYSEC-0', aliases: [], summary: 'one advisory for every package' }],
      packages: Object.fromEntries(
        names.map((name, at) => [
          name,
          { versions: [`${String(at)}.0`], affected: [{ advisory: 0, ranges: [], listed: [1] }] },
        ]),
      ),
    };
    const dir = mkdtempSync(join(tmpdir(), 'sca-index-file-'));
    try {
      const path = join(dir, 'index.jsonl');
      const encoded = encodeAdvisoryIndexFile(large);
      ok(encoded.indexOf('\n', encoded.indexOf('\n') + 1) > 1024 * 1024, 'the table spans more than one chunk');
      writeFileSync(path, encoded);
      const index = await openAdvisoryIndexFile(path, compact.sourceSha256);
      ok(index);
      deepStrictEqual(index.packageNames(), names);
      for (const at of [0, 12_345, 59_999])
        deepStrictEqual(index.packageRecord(names[at] ?? '')?.versions, [`${String(at)}.0`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a sealed table whose offsets do not fit its records (a writer bug, not a crash later)', () => {
    const tiny = encodeAdvisoryIndexFile(
      indexOsvZip(
        osvZip([
          { id: 'PYSEC-1', package: 'alpha', versions: ['1.0'] },
          { id: 'PYSEC-2', package: 'beta', versions: ['2.0'] },
        ]),
        'sha',
        'tiny',
      ),
    );
    const [, table = '', ...records] = tiny.toString('utf8').split('\n');
    const parsed = JSON.parse(table) as { ends: number[] };
    for (const ends of [[...parsed.ends].reverse(), [parsed.ends[0] ?? 0, (parsed.ends[1] ?? 0) + 1], [1.5, 2], []]) {
      const body = `${JSON.stringify({ ...parsed, ends })}\n${records.join('\n')}`;
      const seal = JSON.stringify({
        format: COMPACT_INDEX_FORMAT,
        sha256: createHash('sha256').update(body).digest('hex'),
      });
      strictEqual(openAdvisoryIndexBytes(Buffer.from(`${seal}\n${body}`), 'sha'), undefined, JSON.stringify(ends));
    }
    ok(openAdvisoryIndexBytes(tiny, 'sha'));
  });
});

describe('the index file in the user cache', function () {
  this.timeout(120_000);
  const cache = freshCacheFolderPerTest('sca-index-cache-');

  const zip = osvZip([
    { id: 'PYSEC-1', package: 'alpha', events: [[{ introduced: '0' }, { fixed: '1.0' }]] },
    { id: 'PYSEC-2', package: 'beta', versions: ['2.0'] },
  ]);

  it('a record damaged on disk is rebuilt on the next load, never read', async () => {
    writeFileSync(join(cache.path, 'db.zip'), zip);
    await loadVulnerabilityDatabase({ databasePath: join(cache.path, 'db.zip'), cacheDir: cache.path });
    const indexFile = indexPathFor(cachePaths(cache.path).indexes, sha256Of(zip));
    const good = readFileSync(indexFile);
    const damaged = Buffer.from(good);
    const at = damaged.lastIndexOf('"2.0"');
    damaged.write('"9.0"', at);
    writeFileSync(indexFile, damaged);
    clearLoadedDatabases();
    const db = await loadVulnerabilityDatabase({ databasePath: join(cache.path, 'db.zip'), cacheDir: cache.path });
    deepStrictEqual(
      db.advisoriesAffecting('beta', '2.0').map((match) => match.advisory.id),
      ['PYSEC-2'],
    );
    deepStrictEqual(readFileSync(indexFile), good);
  });

  it('loads built at the same moment (no index yet) all succeed and leave one whole index, no temporary file', async () => {
    writeFileSync(join(cache.path, 'db.zip'), zip);
    const loads = Array.from({ length: 4 }, () => {
      // Each load of its own: none waits for another's index.
      clearLoadedDatabases();
      return loadVulnerabilityDatabase({ databasePath: join(cache.path, 'db.zip'), cacheDir: cache.path });
    });
    const databases = await Promise.all(loads);
    deepStrictEqual(
      databases.map((db) => db.advisoriesAffecting('alpha', '0.9').map((match) => match.advisory.id)),
      [['PYSEC-1'], ['PYSEC-1'], ['PYSEC-1'], ['PYSEC-1']],
    );
    const indexFile = indexPathFor(cachePaths(cache.path).indexes, sha256Of(zip));
    deepStrictEqual(readdirSync(cachePaths(cache.path).indexes), [indexFile.slice(indexFile.lastIndexOf('/') + 1)]);
    ok(openAdvisoryIndexBytes(readFileSync(indexFile), sha256Of(zip)));
  });
});
