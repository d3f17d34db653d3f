import { deepStrictEqual, rejects, strictEqual } from 'node:assert/strict';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { runProcess } from '../../../src/process/process-runner';
import { indexPathFor, sha256Of } from '../../../src/scanners/builtin-sca/database-loader';
import { cachePaths } from '../../../src/scanners/builtin-sca/database-location';
import {
  removeStaleTemporaryFiles,
  updateVulnerabilityDatabase,
} from '../../../src/scanners/builtin-sca/database-update';
import { freshCacheFolderPerTest, osvRecord, osvZip } from './osv-test-data';

/*
 * A killed `db update` once left `*.download-*` files for good, every update added an index
 * that was never removed, and a zip bomb was reported as a "corrupt zip".
 */
describe('db update: the files it leaves, and zip bombs', function () {
  this.timeout(60_000);
  const folder = freshCacheFolderPerTest('sca-db-files-');

  /** A process id that is certainly not running: one of a process that has just exited. */
  async function deadPid(): Promise<number> {
    const result = await runProcess({ command: process.execPath, args: ['-p', 'process.pid'], timeoutMs: 10_000 });
    return Number(result.stdout.trim());
  }

  /** `zip` with the inflated size its central directory declares for `name` set to `bytes`. */
  function declaring(zip: Uint8Array, name: string, bytes: number): Uint8Array {
    const data = Buffer.from(zip);
    for (let at = data.indexOf('PK\u0001\u0002'); at !== -1; at = data.indexOf('PK\u0001\u0002', at + 4)) {
      const nameLength = data.readUInt16LE(at + 28);
      if (data.toString('utf8', at + 46, at + 46 + nameLength) === name) data.writeUInt32LE(bytes, at + 24);
    }
    return data;
  }

  const zipOf = (ids: readonly string[]): Uint8Array =>
    osvZip(ids.map((id) => ({ id, package: 'alpha', events: [[{ introduced: '0' }, { fixed: '1.0' }]] })));

  it('removes downloads and half-written files of updates that were killed, and keeps a running one', async () => {
    const osv = join(folder.path, 'osv');
    mkdirSync(join(osv, 'index'), { recursive: true });
    const dead = await deadPid();
    const alive = process.ppid;
    const names = {
      killed: `PyPI-all.zip.download-${String(dead)}-0a1b2c3d`,
      killedRecord: `PyPI-all.source.json.tmp-${String(dead)}-0a1b2c3d`,
      killedIndex: `${'a'.repeat(64)}.v3.json.tmp-${String(dead)}-deadbeef`,
      running: `PyPI-all.zip.download-${String(alive)}-0a1b2c3d`,
      abandoned: `PyPI-all.zip.download-${String(alive)}-ffffffff`,
      unrelated: 'notes.txt',
    };
    for (const name of [names.killed, names.killedRecord, names.running, names.abandoned, names.unrelated]) {
      writeFileSync(join(osv, name), 'partial');
    }
    writeFileSync(join(osv, 'index', names.killedIndex), '{');
    // Untouched for three hours: abandoned, even though its process id is in use (again).
    const longAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
    utimesSync(join(osv, names.abandoned), longAgo, longAgo);

    const zip = zipOf(['PYSEC-1']);
    writeFileSync(join(folder.path, 'export.zip'), zip);
    await updateVulnerabilityDatabase({ from: join(folder.path, 'export.zip'), cacheDir: folder.path });

    const index = indexPathFor(cachePaths(folder.path).indexes, sha256Of(zip));
    deepStrictEqual(readdirSync(osv).sort(), [
      'PyPI-all.source.json',
      'PyPI-all.zip',
      names.running,
      'index',
      names.unrelated,
    ]);
    deepStrictEqual(readdirSync(join(osv, 'index')), [index.slice(index.lastIndexOf('/') + 1)]);
    deepStrictEqual(await removeStaleTemporaryFiles([osv]), [], 'nothing else is stale');
  });

  it('keeps only the current index: an update removes the ones of earlier databases', async () => {
    const indexes = cachePaths(folder.path).indexes;
    for (const ids of [['PYSEC-1'], ['PYSEC-1', 'PYSEC-2'], ['PYSEC-1', 'PYSEC-2', 'PYSEC-3']]) {
      // One zip, hashed as written: zipping again can stamp another modification time (a flake under load).
      const zip = zipOf(ids);
      writeFileSync(join(folder.path, 'export.zip'), zip);
      await updateVulnerabilityDatabase({ from: join(folder.path, 'export.zip'), cacheDir: folder.path });
      const current = indexPathFor(indexes, sha256Of(zip));
      deepStrictEqual(
        readdirSync(indexes).map((name) => join(indexes, name)),
        [current],
      );
    }
  });

  it('leaves no download behind when cancelled', async () => {
    writeFileSync(join(folder.path, 'export.zip'), zipOf(['PYSEC-1']));
    const controller = new AbortController();
    controller.abort();
    await rejects(
      updateVulnerabilityDatabase({
        from: join(folder.path, 'export.zip'),
        cacheDir: folder.path,
        signal: controller.signal,
      }),
      {
        code: 'CANCELLED',
      },
    );
    deepStrictEqual(readdirSync(join(folder.path, 'osv')), []);
  });

  it('reports a zip bomb as one, by its declared total, its compression ratio, or forged sizes', async () => {
    const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
    const record = (id: string): Uint8Array =>
      encode(JSON.stringify(osvRecord({ id, package: 'alpha', versions: ['1.0'] })));
    // 8 MB of spaces inside one record: JSON, but it inflates thousands of times.
    const padded = encode(`{"id": "BOMB-1",${' '.repeat(8 * 1024 * 1024)}"affected": []}`);
    const ratioBomb = zipSync({ 'PYSEC-1.json': record('PYSEC-1'), 'BOMB-1.json': padded }, { level: 9 });
    // An entry that declares 100 bytes but holds far more compressed data than that.
    const incompressible = new Uint8Array(64 * 1024).map((_, index) => (index * 2654435761) >>> 24);
    const forged = declaring(
      zipSync({ 'PYSEC-1.json': record('PYSEC-1'), 'FORGED.json': incompressible }, { level: 0 }),
      'FORGED.json',
      100,
    );
    const huge = declaring(zipOf(['PYSEC-1', 'PYSEC-2']), 'PYSEC-2.json', 3 * 1024 * 1024 * 1024);
    const cases: [string, Uint8Array, string, string][] = [
      ['ratio.zip', ratioBomb, 'has an entry BOMB-1.json that inflates ', 'refusing it as a zip bomb.'],
      [
        'declared.zip',
        huge,
        'inflates beyond 2048.0 MB: its records declare 3072.0 MB, more than the 2048.0 MB an OSV PyPI export could hold.',
        'Refusing it.',
      ],
      [
        'forged.zip',
        forged,
        'has an entry FORGED.json that declares 100 bytes but holds 65536 compressed bytes:',
        'it inflates beyond what it declares (forged sizes): refusing it.',
      ],
    ];
    for (const [name, zip, start, end] of cases) {
      writeFileSync(join(folder.path, name), zip);
      try {
        await updateVulnerabilityDatabase({ from: join(folder.path, name), cacheDir: folder.path });
        throw new Error(`${name} was installed`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const ok =
          message.startsWith(`The archive ${join(folder.path, name)} ${start}`) &&
          message.endsWith(`${end} The current database was kept.`);
        strictEqual(ok, true, message);
      }
      deepStrictEqual(readdirSync(join(folder.path, 'osv')), [], 'nothing installed, nothing left behind');
    }
  });
});
