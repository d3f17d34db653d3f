import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { cacheDirectory } from '../../src/cache/cache-directory';
import { openResultStore } from '../../src/cache/result-store';
import type { ResultStore } from '../../src/cache/result-store';
import { readSizeLedger } from '../../src/cache/size-ledger';
import { useTemporaryDirectory } from '../temporary-directory';

const digest = (n: number): string => n.toString(16).padStart(64, '0');

describe('cache folder', () => {
  it('is the user’s: DEVSECOPS_CACHE_DIR, else XDG_CACHE_HOME/devsecops, else the platform’s cache folder', () => {
    deepStrictEqual(
      [
        cacheDirectory({ DEVSECOPS_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'),
        cacheDirectory({ XDG_CACHE_HOME: '/x' }, 'darwin', '/home/u'),
        cacheDirectory({}, 'linux', '/home/u'),
        cacheDirectory({ DEVSECOPS_CACHE_DIR: '' }, 'darwin', '/Users/u'),
        cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u').replace(/\\/g, '/'),
      ],
      [
        '/c',
        '/x/devsecops',
        '/home/u/.cache/devsecops',
        '/Users/u/Library/Caches/devsecops',
        'C:/Users/u/AppData/Local/devsecops/Cache',
      ],
    );
  });
});

describe('result store', () => {
  const dir = useTemporaryDirectory('devsecops-store-');
  const elsewhere = useTemporaryDirectory('devsecops-store-outside-');
  /** A file outside the store's folder, as big as its whole budget. */
  const useOutsideFile = (): { path: string; text: string } => {
    const path = join(elsewhere(), 'precious.txt');
    const text = 'z'.repeat(10_000);
    writeFileSync(path, text);
    return { path, text };
  };
  /** The entries in the folder (not its temporary files, nor its size ledger). */
  const entryNames = (): string[] => readdirSync(dir()).filter((name) => name.endsWith('.json'));

  it('reads back what it wrote, creates its folder private, and misses what it never wrote', async () => {
    const store = openResultStore({ directory: join(dir(), 'results'), maxBytes: 1024 * 1024 });
    strictEqual(await store.read(digest(1)), undefined);
    strictEqual(await store.write(digest(1), { a: [1, 'two'] }), true);
    deepStrictEqual(await store.read(digest(1)), { a: [1, 'two'] });
    strictEqual(statSync(join(dir(), 'results')).mode & 0o777, 0o700);
    deepStrictEqual(readdirSync(join(dir(), 'results')), [`${digest(1)}.json`]);
  });

  it('refuses a name that is not a SHA-256 digest (it could name another file)', async () => {
    const store = openResultStore({ directory: dir(), maxBytes: 1024 });
    await rejects(store.read('../../etc/passwd'), /not a SHA-256 digest/);
    await rejects(store.write('x'.repeat(64), {}), /not a SHA-256 digest/);
  });

  it('treats a corrupt, oversized, linked or special entry as a miss, without hanging or throwing', async function () {
    this.timeout(10_000);
    const store = openResultStore({ directory: dir(), maxBytes: 1024 * 1024, maxEntryBytes: 100 });
    writeFileSync(join(dir(), `${digest(1)}.json`), '{"half": ');
    writeFileSync(join(dir(), `${digest(2)}.json`), JSON.stringify({ big: 'x'.repeat(200) }));
    writeFileSync(join(dir(), 'target.json'), '{"planted": true}');
    symlinkSync(join(dir(), 'target.json'), join(dir(), `${digest(3)}.json`));
    execFileSync('mkfifo', [join(dir(), `${digest(4)}.json`)]);
    mkdirSync(join(dir(), `${digest(5)}.json`));
    symlinkSync('/dev/zero', join(dir(), `${digest(6)}.json`));
    for (let n = 1; n <= 6; n += 1) strictEqual(await store.read(digest(n)), undefined, `entry ${String(n)}`);
    strictEqual(await store.write(digest(7), { big: 'x'.repeat(200) }), false, 'an oversized entry is not written');
  });

  it('keeps every entry whole while many writers and readers race on the same entries', async function () {
    this.timeout(20_000);
    const stores = [0, 1, 2].map(() => openResultStore({ directory: dir(), maxBytes: 64 * 1024 * 1024 }));
    const value = (writer: number, n: number): { writer: number; n: number; pad: string } => ({
      writer,
      n,
      pad: 'p'.repeat(20_000 + n),
    });
    const work: Promise<unknown>[] = [];
    const seen: unknown[] = [];
    for (let round = 0; round < 20; round += 1) {
      stores.forEach((store, writer) => {
        for (let n = 0; n < 5; n += 1) work.push(store.write(digest(n), value(writer, n)));
        for (let n = 0; n < 5; n += 1) work.push(store.read(digest(n)).then((entry) => seen.push(entry)));
      });
    }
    await Promise.all(work);
    for (const entry of seen) {
      if (entry === undefined) continue;
      const { writer, n } = entry as { writer: number; n: number };
      deepStrictEqual(entry, value(writer, n), 'a read sees a whole entry');
    }
    for (let n = 0; n < 5; n += 1) {
      const entry = (await stores[0]?.read(digest(n))) as { writer: number; n: number } | undefined;
      ok(entry !== undefined);
      deepStrictEqual(entry, value(entry.writer, n));
    }
    deepStrictEqual(
      readdirSync(dir()).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file is left',
    );
  });

  it('evicts the oldest entries down to 80% of its budget once over it, and stale temporary files', async () => {
    const store = openResultStore({ directory: dir(), maxBytes: 10_000 });
    const old = Date.now() / 1000 - 7200;
    for (let n = 0; n < 12; n += 1) {
      await store.write(digest(n), { pad: 'x'.repeat(990) });
      // Entry n was written n minutes after the first.
      utimesSync(join(dir(), `${digest(n)}.json`), old + n * 60, old + n * 60);
    }
    writeFileSync(join(dir(), `${digest(99)}.json.1.abc.tmp`), 'partial');
    utimesSync(join(dir(), `${digest(99)}.json.1.abc.tmp`), old, old);
    writeFileSync(join(dir(), `${digest(98)}.json.2.def.tmp`), 'being written now');
    await store.evict();
    const left = readdirSync(dir()).sort();
    // 12 entries of 999 bytes (11,988 > 10,000): the 4 oldest go (7,992 ≤ 8,000); a fresh temporary file stays.
    deepStrictEqual(left, [
      ...[4, 5, 6, 7, 8, 9, 10, 11].map((n) => `${digest(n)}.json`),
      `${digest(98)}.json.2.def.tmp`,
      'size-ledger',
    ]);
    await store.evict();
    strictEqual(readdirSync(dir()).length, 10, 'under budget: nothing more goes');
  });

  it('holds its budget against planted entries: an oversized one goes, a link is neither counted, followed nor removed', async () => {
    const outside = useOutsideFile();
    const store = openResultStore({ directory: dir(), maxBytes: 10_000 });
    const old = Date.now() / 1000 - 7200;
    for (let n = 0; n < 8; n += 1) {
      await store.write(digest(n), { pad: 'x'.repeat(990) });
      utimesSync(join(dir(), `${digest(n)}.json`), old + n * 60, old + n * 60);
    }
    // Planted by someone else: a 6,000-byte entry newer than all, and an entry that links to a file elsewhere
    // (as large as the whole budget: were it followed or counted, eviction would empty the folder for it).
    writeFileSync(join(dir(), `${digest(50)}.json`), JSON.stringify({ pad: 'y'.repeat(5990) }));
    symlinkSync(outside.path, join(dir(), `${digest(51)}.json`));
    await openResultStore({ directory: dir(), maxBytes: 10_000 }).evictIfNeeded();
    const files = entryNames().filter((name) => statSync(join(dir(), name), { throwIfNoEntry: false })?.isFile());
    const bytes = files
      .filter((name) => name !== `${digest(51)}.json`)
      .reduce((sum, name) => sum + statSync(join(dir(), name)).size, 0);
    // 7,992 + 6,000 = 13,992 > 10,000: the oldest 999-byte entries go until at most 8,000 are left.
    ok(bytes <= 8_000, `${String(bytes)} bytes left`);
    deepStrictEqual(files.sort(), [
      `${digest(6)}.json`,
      `${digest(7)}.json`,
      `${digest(50)}.json`,
      `${digest(51)}.json`,
    ]);
    strictEqual(readFileSync(outside.path, 'utf8'), outside.text, "the link's target is untouched");
    strictEqual(await store.read(digest(51)), undefined, 'the link is never read through');
  });

  it('evictIfNeeded reads the folder again only when what was written since the last eviction could overfill it', async () => {
    const store = openResultStore({ directory: dir(), maxBytes: 10_000 });
    for (let n = 0; n < 5; n += 1) await store.write(digest(n), { pad: 'x'.repeat(990) });
    await store.evict();
    // Another writer (not through this store) fills the folder: this store cannot know, and need not look…
    const other = openResultStore({ directory: dir(), maxBytes: 10_000 });
    for (let n = 5; n < 12; n += 1) await other.write(digest(n), { pad: 'x'.repeat(990) });
    await store.write(digest(12), { pad: 'x'.repeat(990) });
    await store.evictIfNeeded();
    strictEqual(entryNames().length, 13, '5 kept + 1 written through it fit the budget: the folder is not read');
    // …until its own writes since could take the folder over the budget: then it evicts as evict does.
    for (let n = 13; n < 17; n += 1) await store.write(digest(n), { pad: 'x'.repeat(990) });
    await store.evictIfNeeded();
    strictEqual(entryNames().length, 17, '4,995 kept + 4,995 written: still within 10,000');
    await store.write(digest(17), { pad: 'x'.repeat(990) });
    await store.evictIfNeeded();
    strictEqual(entryNames().length, 8, '18 entries of 999 bytes: down to 8 (7,992 ≤ 8,000)');
    // A store that never evicted goes by the folder's ledger, which every write added to: over, so it evicts.
    for (let n = 18; n < 22; n += 1) await other.write(digest(n), { pad: 'x'.repeat(990) });
    await openResultStore({ directory: dir(), maxBytes: 10_000 }).evictIfNeeded();
    strictEqual(entryNames().length, 8);
  });

  it('costs a recomputation, never an error, when its folder cannot be written', async () => {
    writeFileSync(join(dir(), 'file'), 'not a folder');
    const store = openResultStore({ directory: join(dir(), 'file', 'results'), maxBytes: 1024 });
    strictEqual(await store.write(digest(1), {}), false);
    strictEqual(await store.read(digest(1)), undefined);
    await store.evict();
  });

  describe('size ledger', () => {
    const ledger = (): string => join(dir(), 'size-ledger');
    /** Six entries of 1,000 bytes, then a full pass: the ledger counts 6,000 bytes. */
    const sixEntries = async (): Promise<ResultStore> => {
      const store = openResultStore({ directory: dir(), maxBytes: 10_000 });
      for (let n = 0; n < 6; n += 1) await store.write(digest(n), { pad: 'x'.repeat(990) });
      await store.evict();
      return store;
    };
    /** Plants a 6,000-byte entry without the store (so without the ledger), older than the rest. */
    const plantUncounted = (): void => {
      writeFileSync(join(dir(), `${digest(50)}.json`), JSON.stringify({ pad: 'y'.repeat(5990) }));
      utimesSync(join(dir(), `${digest(50)}.json`), 1_000_000, 1_000_000);
    };

    it('counts every write since the last full pass, so that a new store need not list the folder', async () => {
      await sixEntries();
      strictEqual(await readSizeLedger(dir()), 6_000);
      const other = openResultStore({ directory: dir(), maxBytes: 10_000 });
      await other.write(digest(6), { pad: 'x'.repeat(990) });
      strictEqual(await readSizeLedger(dir()), 7_000);
      // The ledger says 7,000 bytes: within budget, so the folder is not listed and the planted entry stays.
      plantUncounted();
      await openResultStore({ directory: dir(), maxBytes: 10_000 }).evictIfNeeded();
      strictEqual(entryNames().length, 8);
      // Writes that take the count over the budget make the next store list the folder, and evict.
      await other.write(digest(7), { pad: 'x'.repeat(990) });
      await other.write(digest(8), { pad: 'x'.repeat(990) });
      await other.write(digest(9), { pad: 'x'.repeat(990) });
      await openResultStore({ directory: dir(), maxBytes: 10_000 }).evictIfNeeded();
      strictEqual(entryNames().length, 11, 'exactly the budget (10,000 by the ledger) still fits');
      await other.write(digest(10), { pad: 'x'.repeat(990) });
      await openResultStore({ directory: dir(), maxBytes: 10_000 }).evictIfNeeded();
      ok(!entryNames().includes(`${digest(50)}.json`), 'the oldest (planted) entry went first');
      // 11 entries of 1,000 bytes and the planted 6,000: down to 8,000, the planted one and three more gone.
      strictEqual(await readSizeLedger(dir()), 8_000, 'a new exact count');
    });

    it('lists the folder when the ledger cannot be trusted: stale, from the future, malformed, a link or a FIFO', async () => {
      const outside = useOutsideFile();
      const now = Date.now();
      const untrusted: Record<string, () => void> = {
        'over an hour old': () => writeFileSync(ledger(), `=6000 ${String(now - 2 * 60 * 60 * 1000)}\n`),
        'from the future': () => writeFileSync(ledger(), `=6000 ${String(now + 60 * 60 * 1000)}\n`),
        malformed: () => writeFileSync(ledger(), `=6000 ${String(now)}\n+12\n-9999\n`),
        'no count first': () => writeFileSync(ledger(), `+6000\n`),
        oversized: () => writeFileSync(ledger(), `=6000 ${String(now)}\n${'+1\n'.repeat(40_000)}`),
        'a link': () => {
          writeFileSync(outside.path, `=0 ${String(now)}\n`);
          symlinkSync(outside.path, ledger());
        },
        'a FIFO': () => execFileSync('mkfifo', [ledger()]),
      };
      for (const [name, make] of Object.entries(untrusted)) {
        rmSync(dir(), { recursive: true, force: true });
        await sixEntries();
        rmSync(ledger());
        make();
        plantUncounted();
        strictEqual(await readSizeLedger(dir()), undefined, name);
        await openResultStore({ directory: dir(), maxBytes: 10_000 }).evictIfNeeded();
        ok(
          !entryNames().includes(`${digest(50)}.json`),
          `${name}: the folder was listed, and the planted entry evicted`,
        );
      }
    });

    it('never writes through a planted link or into a FIFO in its place', async () => {
      const outside = useOutsideFile();
      const store = await sixEntries();
      rmSync(ledger());
      symlinkSync(outside.path, ledger());
      await store.write(digest(7), { pad: 'x'.repeat(990) });
      strictEqual(readFileSync(outside.path, 'utf8'), outside.text, "the link's target is untouched");
      await store.evict();
      strictEqual(readFileSync(outside.path, 'utf8'), outside.text, 'a full pass replaces the link, not its target');
      strictEqual(await readSizeLedger(dir()), 7_000);
      rmSync(ledger());
      execFileSync('mkfifo', [ledger()]);
      // Opening a FIFO without a reader for writing would block; it must not (the test would time out).
      strictEqual(await store.write(digest(8), { pad: 'x'.repeat(990) }), true);
    });
  });
});
