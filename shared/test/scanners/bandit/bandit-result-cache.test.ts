import { deepStrictEqual, notStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openResultStore } from '../../../src/cache/result-store';
import type { BanditFilePart } from '../../../src/scanners/bandit/bandit-document';
import {
  banditSetupDigest,
  createBanditResultCache,
  snapshotFile,
} from '../../../src/scanners/bandit/bandit-result-cache';
import type { BanditSetup } from '../../../src/scanners/bandit/bandit-result-cache';
import { PICKLE_FILE_TEXT, pickleImportResult, pickleLoadsResult } from './pickle-file';

/** Bandit 1.6.2's part of the report for PICKLE_FILE_TEXT at `target`. */
function partFor(target: string): BanditFilePart {
  return {
    results: [pickleImportResult(target), pickleLoadsResult(target)],
    errors: [],
    metrics: { 'SEVERITY.LOW': 1, 'SEVERITY.MEDIUM': 1, 'CONFIDENCE.HIGH': 2, loc: 3, nosec: 0 },
  };
}

describe('Bandit result cache', () => {
  let dir: string;
  let program: string;
  let interpreter: string;
  let setup: BanditSetup;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devsecops-bandit-cache-'));
    interpreter = join(dir, 'python3');
    writeFileSync(interpreter, 'interpreter v1');
    program = join(dir, 'bandit');
    writeFileSync(program, `#!${interpreter}\nimport bandit\n`);
    chmodSync(program, 0o755);
    setup = {
      executable: program,
      form: 'script',
      version: '1.6.2',
      args: ['-f', 'json', '-x', ''],
      userArgs: [],
      env: { PATH: '/usr/bin', HOME: '/home/u', LANG: 'C.UTF-8' },
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keys the setup on everything that changes Bandit’s output, and on nothing else', async () => {
    const base = await banditSetupDigest(setup);
    ok(base !== undefined && /^[0-9a-f]{64}$/.test(base));
    strictEqual(await banditSetupDigest({ ...setup }), base, 'the same setup, the same key');
    strictEqual(
      await banditSetupDigest({ ...setup, env: { ...setup.env, PATH: '/other', HOME: '/elsewhere', TMPDIR: '/t' } }),
      base,
      'the folders Bandit runs with do not change its findings',
    );
    const variants: Record<string, BanditSetup> = {
      version: { ...setup, version: '1.7.5' },
      form: { ...setup, form: 'module' },
      'a -l level': { ...setup, args: [...setup.args, '-l'], userArgs: ['-l'] },
      'skips from .bandit': { ...setup, args: [...setup.args, '-s', 'B101'] },
      'tests from .bandit': { ...setup, args: [...setup.args, '-t', 'B602'] },
      '--ignore-nosec': { ...setup, args: [...setup.args, '--ignore-nosec'], userArgs: ['--ignore-nosec'] },
      'confidence level': { ...setup, args: [...setup.args, '-iii'], userArgs: ['-iii'] },
      'a -c config': { ...setup, args: [...setup.args, '-c', '<config>'], configText: 'skips: [B101]\n' },
      'another -c config': { ...setup, args: [...setup.args, '-c', '<config>'], configText: 'skips: [B102]\n' },
      'the locale': { ...setup, env: { ...setup.env, LANG: 'de_DE.ISO-8859-1' } },
      'an LC_ variable': { ...setup, env: { ...setup.env, LC_ALL: 'C' } },
    };
    const digests = new Map<string, string | undefined>();
    for (const [name, variant] of Object.entries(variants)) digests.set(name, await banditSetupDigest(variant));
    for (const [name, digest] of digests) {
      ok(digest !== undefined, name);
      notStrictEqual(digest, base, name);
    }
    strictEqual(new Set(digests.values()).size, digests.size, 'every variant has its own key');

    // The program or its interpreter rewritten in place (an upgrade that kept the version string).
    writeFileSync(interpreter, 'interpreter v2, longer');
    notStrictEqual(await banditSetupDigest(setup), base, 'another interpreter');
    const afterInterpreter = await banditSetupDigest(setup);
    writeFileSync(program, `#!${interpreter}\nimport bandit  # patched\n`);
    notStrictEqual(await banditSetupDigest(setup), afterInterpreter, 'another program');
  });

  it('remembers nothing without a version, for a missing program, or when a user argument names a file', async () => {
    strictEqual(await banditSetupDigest({ ...setup, version: undefined }), undefined);
    strictEqual(await banditSetupDigest({ ...setup, executable: join(dir, 'missing') }), undefined);
    for (const args of [
      ['-b', 'baseline.json'],
      ['-bbaseline.json'],
      ['--baseline=baseline.json'],
      ['--base', 'baseline.json'],
      ['-lb', 'baseline.json'],
      ['-c', 'other.yaml'],
      ['--configfile', 'other.yaml'],
      ['--ini', 'other.ini'],
    ]) {
      strictEqual(await banditSetupDigest({ ...setup, args: [...setup.args, ...args], userArgs: args }), undefined);
    }
  });

  it('hashes a huge file a chunk at a time: many gigabytes of zeros (tiny in a git pack) do not fill the memory', async () => {
    const sizes = [256, 256, 256, 256].map((megabytes) => megabytes * 1024 * 1024);
    const files = sizes.map((size, index) => {
      const file = join(dir, `huge${String(index)}.py`);
      writeFileSync(file, '');
      truncateSync(file, size);
      return file;
    });
    // Line feeds on either side of a chunk boundary, and at the very end, are each counted once.
    const withLines = join(dir, 'lines.py');
    const text = Buffer.concat([Buffer.alloc(1024 * 1024 - 1, 0x20), Buffer.from('\n\n'), Buffer.from('x = 1\n')]);
    writeFileSync(withLines, text);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const snapshots = await Promise.all(files.map((file) => snapshotFile(file, 'huge.py')));
      const zeros = createHash('sha256')
        .update(Buffer.alloc(sizes[0] ?? 0))
        .digest('hex');
      deepStrictEqual(
        snapshots.map((snapshot) => [snapshot?.digest, snapshot?.lineCount]),
        sizes.map(() => [zeros, 1]),
      );
    } finally {
      clearInterval(sampler);
    }
    ok(peak - baseline < 256 * 1024 * 1024, `memory grew by ${String(Math.round((peak - baseline) / 1e6))} MB`);
    const lines = await snapshotFile(withLines, 'lines.py');
    deepStrictEqual([lines?.digest, lines?.lineCount], [createHash('sha256').update(text).digest('hex'), 4]);
  });

  describe('entries', () => {
    let target: string;
    let store: ReturnType<typeof openResultStore>;
    const cacheDir = (): string => join(dir, 'cache');
    beforeEach(() => {
      target = join(dir, 'app.py');
      writeFileSync(target, PICKLE_FILE_TEXT);
      store = openResultStore({ directory: cacheDir(), maxBytes: 1024 * 1024 });
    });

    const entryFile = (): string => {
      const names = readdirSync(cacheDir());
      strictEqual(names.length, 1);
      return join(cacheDir(), names[0] ?? '');
    };

    it('gives back what Bandit said about the file, naming the file where it is read now', async () => {
      const cache = createBanditResultCache(store, 'a'.repeat(64));
      const snapshot = await snapshotFile(target, 'app.py');
      ok(snapshot);
      strictEqual(await cache.lookup(snapshot), undefined);
      await cache.remember(snapshot, partFor(target));
      deepStrictEqual(await cache.lookup(snapshot), partFor(target));
      // The same content read from a temporary copy (an unsaved buffer) under the same repository path.
      const copy = join(dir, 'copy.py');
      writeFileSync(copy, PICKLE_FILE_TEXT);
      const copied = await snapshotFile(copy, 'app.py');
      ok(copied);
      deepStrictEqual(await cache.lookup(copied), partFor(copy));
      // Another path, another content or another setup: nothing.
      const elsewhere = await snapshotFile(copy, 'lib/app.py');
      ok(elsewhere);
      strictEqual(await cache.lookup(elsewhere), undefined);
      strictEqual(await createBanditResultCache(store, 'b'.repeat(64)).lookup(snapshot), undefined);
      writeFileSync(target, `${PICKLE_FILE_TEXT}# changed\n`);
      const changed = await snapshotFile(target, 'app.py');
      ok(changed);
      strictEqual(await cache.lookup(changed), undefined);
    });

    it('never remembers a file Bandit did not analyse whole, or one that changed after it was read', async () => {
      const cache = createBanditResultCache(store, 'a'.repeat(64));
      const snapshot = await snapshotFile(target, 'app.py');
      ok(snapshot);
      await cache.remember(snapshot, {
        results: [],
        errors: [{ filename: target, reason: 'syntax error while parsing AST from file' }],
        metrics: { loc: 1, nosec: 0 },
      });
      await cache.remember(snapshot, { results: [], errors: [] });
      strictEqual(await cache.lookup(snapshot), undefined);
      // Rewritten with the same bytes between our read and Bandit's: its change time moved, so what Bandit read
      // is not known to be what was hashed.
      writeFileSync(target, PICKLE_FILE_TEXT);
      const later = Date.now() / 1000 + 5;
      utimesSync(target, later, later);
      await cache.remember(snapshot, partFor(target));
      strictEqual(await cache.lookup(snapshot), undefined);
      deepStrictEqual(readdirSync(dir).includes('cache'), false, 'nothing was written');
    });

    it('treats a tampered entry as a miss: foreign key fields, fake lines, bad levels, extra file names', async () => {
      const cache = createBanditResultCache(store, 'a'.repeat(64));
      const snapshot = await snapshotFile(target, 'app.py');
      ok(snapshot);
      await cache.remember(snapshot, partFor(target));
      const file = entryFile();
      const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
        results: Record<string, unknown>[];
      };
      const tamperings: Record<string, unknown> = {
        'another path': { ...good, path: 'other.py' },
        'another digest': { ...good, digest: '0'.repeat(64) },
        'another setup': { ...good, setup: 'b'.repeat(64) },
        'another format': { ...good, format: 99 },
        'a line past the end of the file': { ...good, results: [{ ...good.results[0], line_number: 99 }] },
        'a line range past the end': { ...good, results: [{ ...good.results[0], line_range: [1, 99] }] },
        'line 0': { ...good, results: [{ ...good.results[0], line_number: 0 }] },
        'an unknown severity': { ...good, results: [{ ...good.results[0], issue_severity: 'CRITICAL!' }] },
        'no test id': { ...good, results: [{ ...good.results[0], test_id: 7 }] },
        'a file name of its own': { ...good, results: [{ ...good.results[0], filename: '/etc/passwd' }] },
        'results not a list': { ...good, results: {} },
        'negative metrics': { ...good, metrics: { loc: -1, nosec: 0 } },
        'metrics without loc': { ...good, metrics: { nosec: 0 } },
        'not an object': [good],
        null: null,
      };
      for (const [name, entry] of Object.entries(tamperings)) {
        writeFileSync(file, JSON.stringify(entry));
        strictEqual(await cache.lookup(snapshot), undefined, name);
      }
      writeFileSync(file, JSON.stringify(good));
      deepStrictEqual(await cache.lookup(snapshot), partFor(target), 'the untouched entry is read');
    });
  });
});
