import { deepStrictEqual, ok, rejects } from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { ErrorCode } from '../../../src/errors/devsecops-error';
import { encodeAdvisoryIndexFile } from '../../../src/scanners/builtin-sca/advisory-index-file';
import { COMPACT_INDEX_FORMAT } from '../../../src/scanners/builtin-sca/compact-index';
import {
  clearLoadedDatabases,
  indexOsvZip,
  indexPathFor,
  loadVulnerabilityDatabase,
  sha256Of,
  shippedIndexPath,
} from '../../../src/scanners/builtin-sca/database-loader';
import { cachePaths } from '../../../src/scanners/builtin-sca/database-location';
import { updateVulnerabilityDatabase } from '../../../src/scanners/builtin-sca/database-update';
import { SNAPSHOT_ZIP, freshCacheFolderPerTest, osvRecord, osvZip } from './osv-test-data';
import { errorWithCode } from '../../error-with-code';

const GOOD_ZIP = osvZip([
  { id: 'PYSEC-1', package: 'alpha', events: [[{ introduced: '0' }, { fixed: '1.0' }]] },
  { id: 'PYSEC-2', package: 'beta', versions: ['2.0'] },
]);

/** The bundled snapshot plus extra entries: a realistic export with a few bad records in it. */
function snapshotWith(extra: Record<string, string>): Uint8Array {
  const files = unzipSync(readFileSync(SNAPSHOT_ZIP));
  for (const [name, text] of Object.entries(extra)) files[name] = new TextEncoder().encode(text);
  return zipSync(files);
}

/**
 * `zip` with the uncompressed size its central directory declares for `name` set to `bytes`: what a
 * hostile or broken export claims, without the test having to build an entry that large.
 */
function withDeclaredSize(zip: Uint8Array, name: string, bytes: number): Uint8Array {
  const data = Buffer.from(zip);
  for (let at = data.indexOf('PK\u0001\u0002'); at !== -1; at = data.indexOf('PK\u0001\u0002', at + 4)) {
    const nameLength = data.readUInt16LE(at + 28);
    if (data.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      data.writeUInt32LE(bytes, at + 24);
      return data;
    }
  }
  throw new Error(`${name} is not in the zip`);
}

describe('OSV database loading', function () {
  this.timeout(60_000);
  const folder = freshCacheFolderPerTest('sca-db-');

  it('loads the bundled PyPA snapshot with its shipped index, and credits it', async () => {
    const db = await loadVulnerabilityDatabase({ cacheDir: folder.path });
    const { path, ...info } = db.info;
    deepStrictEqual(info, {
      source: 'PyPA Advisory Database snapshot (bundled)',
      sourceKind: 'bundled',
      date: '2024-10-10',
      attribution: 'PyPA Advisory Database (https://github.com/pypa/advisory-database), licensed CC-BY-4.0.',
      advisoryCount: 2651,
      packageCount: 658,
      withdrawnCount: 10,
      skippedAdvisoryCount: 0,
      skippedReasons: [],
      invalidVersionCount: 110,
      gitRangeCount: 1391,
      newestModified: '2024-10-10T17:22:00.587279Z',
      sha256: '53f234cab5b7ff623df4c12bcd8b936961cb36bb9a7aa9c5260f78ece37759ae',
    });
    ok(path.endsWith('PyPI-pypa-advisory-database-2024-10-10.zip'));
    // The index shipped beside the snapshot was used: nothing had to be built into the user cache.
    deepStrictEqual(existsSync(cachePaths(folder.path).indexes), false);
    clearLoadedDatabases();
    const again = await loadVulnerabilityDatabase({ cacheDir: folder.path });
    deepStrictEqual(again.info, db.info);
    deepStrictEqual(
      again.advisoriesAffecting('django', '3.2.1').map((m) => m.advisory.id),
      db.advisoriesAffecting('django', '3.2.1').map((m) => m.advisory.id),
    );
  });

  it('the index shipped beside the bundled snapshot is exactly what the current code builds', () => {
    // Regenerate after changing the index format or the parser: UPDATE_GOLDENS=1 npx --no -- mocha this file.
    const zip = readFileSync(SNAPSHOT_ZIP);
    const fresh = encodeAdvisoryIndexFile(indexOsvZip(zip, sha256Of(zip), SNAPSHOT_ZIP));
    if (process.env['UPDATE_GOLDENS'] === '1') writeFileSync(shippedIndexPath(SNAPSHOT_ZIP), fresh);
    deepStrictEqual(readFileSync(shippedIndexPath(SNAPSHOT_ZIP)).toString('utf8'), fresh.toString('utf8'));
  });

  it('builds the index of any other zip once into the user cache, and rebuilds it when damaged', async () => {
    const first = await loadVulnerabilityDatabase({
      databasePath: join(folder.path, 'x.zip'),
      cacheDir: folder.path,
    }).catch(() => undefined);
    deepStrictEqual(first, undefined);
    writeFileSync(join(folder.path, 'good.zip'), GOOD_ZIP);
    const db = await loadVulnerabilityDatabase({ databasePath: join(folder.path, 'good.zip'), cacheDir: folder.path });
    const indexFile = indexPathFor(cachePaths(folder.path).indexes, db.info.sha256);
    writeFileSync(indexFile, '{"format": 0');
    clearLoadedDatabases();
    const rebuilt = await loadVulnerabilityDatabase({
      databasePath: join(folder.path, 'good.zip'),
      cacheDir: folder.path,
    });
    deepStrictEqual(rebuilt.info.advisoryCount, 2);
    const seal = readFileSync(indexFile, 'utf8').split('\n')[0] ?? '';
    deepStrictEqual((JSON.parse(seal) as { format: unknown }).format, COMPACT_INDEX_FORMAT);
  });

  it('a missing database is DATABASE_MISSING, with what to do', async () => {
    await rejects(
      loadVulnerabilityDatabase({ databasePath: join(folder.path, 'nope.zip'), cacheDir: folder.path }),
      (error: unknown) => errorWithCode('DATABASE_MISSING')(error) && (error as Error).message.includes('db update'),
    );
  });

  it('a truncated or corrupt zip is DATABASE_INVALID, never a crash or an empty database', async () => {
    const snapshot = readFileSync(SNAPSHOT_ZIP);
    writeFileSync(join(folder.path, 'truncated.zip'), snapshot.subarray(0, snapshot.length / 2));
    writeFileSync(join(folder.path, 'noise.zip'), Buffer.from('PK\u0003\u0004 this is not really a zip file at all'));
    writeFileSync(join(folder.path, 'empty.zip'), Buffer.alloc(0));
    for (const name of ['truncated.zip', 'noise.zip', 'empty.zip']) {
      await rejects(
        loadVulnerabilityDatabase({ databasePath: join(folder.path, name), cacheDir: folder.path }),
        errorWithCode('DATABASE_INVALID'),
        name,
      );
    }
  });

  it('a zip whose records are damaged in place loads what it can and counts the rest', async () => {
    // Stored (uncompressed) entries, so flipping bytes damages one record's JSON, not the zip structure.
    const text = (id: string) =>
      new TextEncoder().encode(JSON.stringify(osvRecord({ id, package: 'alpha', versions: ['1.0'] })));
    const zip = zipSync({ 'A-1.json': text('A-1'), 'A-2.json': text('A-2') }, { level: 0 });
    const at = Buffer.from(zip).indexOf('"A-2"');
    zip.fill(0x7b, at, at + 6);
    writeFileSync(join(folder.path, 'damaged.zip'), zip);
    const db = await loadVulnerabilityDatabase({
      databasePath: join(folder.path, 'damaged.zip'),
      cacheDir: folder.path,
    });
    deepStrictEqual([db.info.advisoryCount, db.info.skippedAdvisoryCount], [1, 1]);
    ok(db.info.skippedReasons[0]?.startsWith('A-2.json: not JSON'));
  });

  it('advisories with unparseable fields are skipped with a count and a reason; the rest load', async () => {
    const zip = osvZip([
      { id: 'GOOD-1', package: 'alpha', events: [[{ introduced: '0' }, { fixed: '1.0' }]] },
      { file: 'BAD-aliases.json', text: JSON.stringify({ id: 'BAD-aliases', aliases: 'CVE-1', affected: [] }) },
      { file: 'BAD-affected.json', text: JSON.stringify({ id: 'BAD-affected', affected: 'everything' }) },
      {
        file: 'BAD-event.json',
        text: JSON.stringify({
          id: 'BAD-event',
          affected: [
            {
              package: { ecosystem: 'PyPI', name: 'x' },
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1', fixed: '2' }] }],
            },
          ],
        }),
      },
      { file: 'BAD-noid.json', text: JSON.stringify({ affected: [] }) },
      { file: 'BAD-array.json', text: '[1, 2, 3]' },
      {
        file: 'NPM-1.json',
        text: JSON.stringify({
          id: 'NPM-1',
          affected: [{ package: { ecosystem: 'npm', name: 'x' }, versions: ['1'] }],
        }),
      },
    ]);
    writeFileSync(join(folder.path, 'mixed.zip'), zip);
    const db = await loadVulnerabilityDatabase({ databasePath: join(folder.path, 'mixed.zip'), cacheDir: folder.path });
    deepStrictEqual([db.info.advisoryCount, db.info.packageCount, db.info.skippedAdvisoryCount], [1, 1, 5]);
    deepStrictEqual(db.info.skippedReasons, [
      'BAD-affected.json: "affected" is not an array',
      'BAD-aliases.json: "aliases" is not a list of strings',
      'BAD-array.json: not a JSON object',
      'BAD-event.json: a range event does not have exactly one of introduced, fixed, last_affected, limit',
      'BAD-noid.json: no "id"',
    ]);
  });

  it('a record declaring more than 10 MB is skipped without being unpacked; more than 2 GB in all is DATABASE_INVALID', async () => {
    const zip = osvZip([
      { id: 'GOOD-1', package: 'alpha', versions: ['1.0'] },
      { id: 'HUGE-1', package: 'beta', versions: ['1.0'] },
    ]);
    writeFileSync(join(folder.path, 'huge-record.zip'), withDeclaredSize(zip, 'HUGE-1.json', 300 * 1024 * 1024));
    const db = await loadVulnerabilityDatabase({
      databasePath: join(folder.path, 'huge-record.zip'),
      cacheDir: folder.path,
    });
    deepStrictEqual(
      [db.info.advisoryCount, db.info.skippedAdvisoryCount, db.info.skippedReasons],
      [1, 1, ['HUGE-1.json: larger than 10.0 MB (300.0 MB), not unpacked']],
    );
    writeFileSync(join(folder.path, 'huge-total.zip'), withDeclaredSize(zip, 'HUGE-1.json', 3 * 1024 * 1024 * 1024));
    await rejects(
      loadVulnerabilityDatabase({ databasePath: join(folder.path, 'huge-total.zip'), cacheDir: folder.path }),
      (error: unknown) => errorWithCode('DATABASE_INVALID')(error) && /more than the 2048\.0 MB/.test(String(error)),
    );
  });

  it('a zip with no usable PyPI advisory is DATABASE_INVALID', async () => {
    writeFileSync(join(folder.path, 'none.zip'), zipSync({ 'README.md': new TextEncoder().encode('hello') }));
    await rejects(
      loadVulnerabilityDatabase({ databasePath: join(folder.path, 'none.zip'), cacheDir: folder.path }),
      errorWithCode('DATABASE_INVALID'),
    );
  });
});

describe('devsecops db update', function () {
  this.timeout(60_000);
  const folder = freshCacheFolderPerTest('sca-update-');
  let server: Server;
  let baseUrl: string;
  /** What the test server sends per path: a body, and optionally a lie about its length to cut the connection. */
  const routes = new Map<string, { body: Uint8Array; claimedLength?: number; status?: number }>();

  before(async () => {
    server = createServer((request, response) => {
      const route = routes.get(request.url ?? '');
      if (!route) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(route.status ?? 200, { 'content-length': String(route.claimedLength ?? route.body.length) });
      if (route.claimedLength !== undefined) {
        // Send part of the body, then drop the connection: a download cut off mid-way.
        response.write(route.body.subarray(0, Math.floor(route.body.length / 2)), () => response.destroy());
      } else {
        response.end(route.body);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    const snapshot = readFileSync(SNAPSHOT_ZIP);
    routes.set('/good.zip', { body: GOOD_ZIP });
    routes.set('/cut.zip', { body: snapshot, claimedLength: snapshot.length });
    routes.set('/truncated.zip', { body: snapshot.subarray(0, snapshot.length - 1000) });
    routes.set('/corrupt.zip', { body: new Uint8Array(4096).fill(7) });
    const stored = zipSync({ 'A.json': new TextEncoder().encode('{"id": "A", "affected": [') }, { level: 0 });
    routes.set('/not-json.zip', { body: stored });
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function install(from: string): Promise<string[]> {
    const progress: string[] = [];
    await updateVulnerabilityDatabase({ from, cacheDir: folder.path, progress: (line) => progress.push(line) });
    return progress;
  }

  it('installs from a local file and from HTTP, reporting progress, and status describes the download', async () => {
    writeFileSync(join(folder.path, 'local.zip'), GOOD_ZIP);
    await install(join(folder.path, 'local.zip'));
    const progress = await install(`${baseUrl}/good.zip`);
    deepStrictEqual(progress, [
      `fetching ${baseUrl}/good.zip`,
      `downloaded 0.0 MB of 0.0 MB (100%)`,
      'validating',
      'installed 2 advisories',
    ]);
    const db = await loadVulnerabilityDatabase({ cacheDir: folder.path });
    deepStrictEqual(
      [db.info.sourceKind, db.info.source, db.info.advisoryCount, db.info.path],
      ['downloaded', `${baseUrl}/good.zip`, 2, cachePaths(folder.path).database],
    );
    ok(!Number.isNaN(Date.parse(db.info.date)));
  });

  it('never replaces a working database with a cut-off, truncated, corrupt or non-JSON download, and leaves no temp files', async () => {
    await install(`${baseUrl}/good.zip`);
    const before = readFileSync(cachePaths(folder.path).database);
    const cases: [string, ErrorCode][] = [
      ['/cut.zip', 'NETWORK'],
      ['/truncated.zip', 'DATABASE_INVALID'],
      ['/corrupt.zip', 'DATABASE_INVALID'],
      ['/not-json.zip', 'DATABASE_INVALID'],
      ['/missing.zip', 'NETWORK'],
    ];
    for (const [path, code] of cases) {
      await rejects(install(`${baseUrl}${path}`), errorWithCode(code), path);
      deepStrictEqual(readFileSync(cachePaths(folder.path).database), before, path);
    }
    await rejects(install(join(folder.path, 'does-not-exist.zip')), errorWithCode('FILE_UNREADABLE'));
    deepStrictEqual(readdirSync(join(folder.path, 'osv')).sort(), ['PyPI-all.source.json', 'PyPI-all.zip', 'index']);
    const db = await loadVulnerabilityDatabase({ cacheDir: folder.path });
    deepStrictEqual(db.info.source, `${baseUrl}/good.zip`);
  });

  it('installs an export with one unreadable record among thousands, skipping and counting it; rejects more than 1%', async () => {
    writeFileSync(join(folder.path, 'mostly-good.zip'), snapshotWith({ 'BAD-2.json': '{not json' }));
    const progress = await install(join(folder.path, 'mostly-good.zip'));
    ok(
      progress.some((line) =>
        line.startsWith('skipping 1 unreadable record (not JSON or too large): BAD-2.json: not JSON ('),
      ),
      progress.join('\n'),
    );
    const bundled = await loadVulnerabilityDatabase({ databasePath: SNAPSHOT_ZIP, cacheDir: folder.path });
    const db = await loadVulnerabilityDatabase({ cacheDir: folder.path });
    deepStrictEqual(
      [db.info.sourceKind, db.info.advisoryCount, db.info.skippedAdvisoryCount],
      ['downloaded', bundled.info.advisoryCount, bundled.info.skippedAdvisoryCount + 1],
    );
    const bad: Record<string, string> = {};
    for (let i = 0; i < 40; i++) bad[`BAD-${String(i)}.json`] = '{not json';
    writeFileSync(join(folder.path, 'many-bad.zip'), snapshotWith(bad));
    await rejects(
      install(join(folder.path, 'many-bad.zip')),
      (error: unknown) =>
        errorWithCode('DATABASE_INVALID')(error) && String(error).includes('has 40 unreadable records of 2701'),
    );
  });

  it('refuses an export with less than half the advisories of the current database unless forced', async () => {
    writeFileSync(join(folder.path, 'snapshot.zip'), readFileSync(SNAPSHOT_ZIP));
    writeFileSync(join(folder.path, 'small.zip'), GOOD_ZIP);
    await install(join(folder.path, 'snapshot.zip'));
    const before = readFileSync(cachePaths(folder.path).database);
    await rejects(
      install(join(folder.path, 'small.zip')),
      (error: unknown) =>
        errorWithCode('DATABASE_INVALID')(error) &&
        /has 2 advisories, less than half of the \d+ in the current database: the current database was kept\. .* again with --force\./.test(
          (error as Error).message,
        ),
    );
    deepStrictEqual(readFileSync(cachePaths(folder.path).database), before);
    await updateVulnerabilityDatabase({ from: join(folder.path, 'small.zip'), cacheDir: folder.path, force: true });
    deepStrictEqual((await loadVulnerabilityDatabase({ cacheDir: folder.path })).info.advisoryCount, 2);
  });

  it('dates a database installed from a file by its newest advisory, and keeps the install time apart', async () => {
    writeFileSync(join(folder.path, 'local.zip'), GOOD_ZIP);
    const started = new Date().toISOString();
    await install(join(folder.path, 'local.zip'));
    const { info } = await loadVulnerabilityDatabase({ cacheDir: folder.path });
    deepStrictEqual(info.date, '2024-01-01T00:00:00Z');
    ok(info.installedAt !== undefined && info.installedAt >= started, info.installedAt);
  });

  it('a cancelled update is CANCELLED and keeps the current database', async () => {
    await install(`${baseUrl}/good.zip`);
    const controller = new AbortController();
    controller.abort();
    await rejects(
      updateVulnerabilityDatabase({ from: `${baseUrl}/good.zip`, cacheDir: folder.path, signal: controller.signal }),
      errorWithCode('CANCELLED'),
    );
    deepStrictEqual(readdirSync(join(folder.path, 'osv')).sort(), ['PyPI-all.source.json', 'PyPI-all.zip', 'index']);
  });

  it('a failed first download leaves the bundled snapshot in use', async () => {
    await rejects(install(`${baseUrl}/corrupt.zip`), errorWithCode('DATABASE_INVALID'));
    deepStrictEqual(existsSync(cachePaths(folder.path).database), false);
    deepStrictEqual((await loadVulnerabilityDatabase({ cacheDir: folder.path })).info.sourceKind, 'bundled');
  });
});
