import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openResultStore } from '../../../src/cache/result-store';
import type { ResultStore } from '../../../src/cache/result-store';
import type { BanditFilePart } from '../../../src/scanners/bandit/bandit-document';
import { snapshotFile } from '../../../src/scanners/bandit/bandit-result-cache';
import type { FileSnapshot } from '../../../src/scanners/bandit/bandit-result-cache';
import {
  openBanditTreeIndex,
  priorFilesChanged,
  readPriorTreeScan,
} from '../../../src/scanners/bandit/bandit-tree-index';
import { PICKLE_FILE_TEXT, pickleLoadsResult } from './pickle-file';

const SETUP = 'a'.repeat(64);

/** Bandit 1.6.2's part of the report for PICKLE_FILE_TEXT at `target`, its `import pickle` result left out. */
function partFor(target: string): BanditFilePart {
  return {
    results: [pickleLoadsResult(target)],
    errors: [],
    metrics: { 'SEVERITY.MEDIUM': 1, 'CONFIDENCE.HIGH': 1, loc: 3, nosec: 0 },
  };
}
const LINES = new Map([[4, '    return pickle.loads(data)']]);

/** A clock a minute ahead: the file read now counts as long settled. */
const later = (): number => Date.now() + 60_000;

describe('Bandit tree index', () => {
  let dir: string;
  let root: string;
  let target: string;
  let store: ResultStore;
  const storeDir = (): string => join(dir, 'trees');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devsecops-bandit-tree-index-'));
    root = join(dir, 'repo');
    target = join(root, 'app.py');
    store = openResultStore({ directory: storeDir(), maxBytes: 1024 * 1024 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeTree = (text = PICKLE_FILE_TEXT): void => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    writeFileSync(target, text);
  };
  const snapshot = async (now?: () => number): Promise<FileSnapshot> => {
    const taken = await snapshotFile(target, 'app.py', now);
    ok(taken);
    return taken;
  };
  const recordOnce = async (taken: FileSnapshot, setup = SETUP): Promise<void> => {
    const index = await openBanditTreeIndex(store, setup, root);
    index.record(taken, partFor(target), LINES);
    await index.save();
  };
  /** The one index in the store (beside it, the note naming it as the tree's last scan). */
  const indexFile = (): string => {
    const entries = readdirSync(storeDir())
      .filter((name) => name.endsWith('.json'))
      .map((name) => join(storeDir(), name));
    const indexes = entries.filter((path) => 'files' in (JSON.parse(readFileSync(path, 'utf8')) as object));
    strictEqual(indexes.length, 1);
    strictEqual(entries.length, 2, 'the index and the note');
    return indexes[0] ?? '';
  };

  it('knows a settled, unchanged file by its stamp alone, with its part and its findings’ lines', async () => {
    writeTree();
    await recordOnce(await snapshot(later));
    const index = await openBanditTreeIndex(store, SETUP, root);
    deepStrictEqual(index.unchanged(target, 'app.py'), { part: partFor(target), lines: LINES });
    strictEqual(index.unchanged(target, 'other.py'), undefined, 'another path');
    strictEqual((await openBanditTreeIndex(store, 'b'.repeat(64), root)).unchanged(target, 'app.py'), undefined);
    strictEqual(
      (await openBanditTreeIndex(store, SETUP, join(dir, 'elsewhere'))).unchanged(target, 'app.py'),
      undefined,
    );
  });

  it('misses a file written since, whatever its size, and gives the same content back only after a hash', async () => {
    writeTree();
    await recordOnce(await snapshot(later));
    // Same size, other content (its times set apart, so that the test does not hang on the clock's tick).
    writeFileSync(target, PICKLE_FILE_TEXT.replace('pickle.loads', 'pickle.dumps'));
    utimesSync(target, 1_000_000, 1_000_000);
    let index = await openBanditTreeIndex(store, SETUP, root);
    strictEqual(index.unchanged(target, 'app.py'), undefined);
    strictEqual(index.sameContent(await snapshot(later)), undefined);
    // Written again with the first content: another stamp, the same digest.
    writeFileSync(target, PICKLE_FILE_TEXT);
    utimesSync(target, 2_000_000, 2_000_000);
    index = await openBanditTreeIndex(store, SETUP, root);
    strictEqual(index.unchanged(target, 'app.py'), undefined);
    const again = await snapshot(later);
    deepStrictEqual(index.sameContent(again), { part: partFor(target), lines: LINES });
    await index.save();
    // The new stamp was remembered: the next scan needs no read.
    deepStrictEqual((await openBanditTreeIndex(store, SETUP, root)).unchanged(target, 'app.py'), {
      part: partFor(target),
      lines: LINES,
    });
  });

  it('never trusts the stamp of a file that changed just before it was read (racily clean)', async () => {
    writeTree();
    const fresh = await snapshot();
    strictEqual(fresh.settled, false, 'written a moment ago');
    await recordOnce(fresh);
    const index = await openBanditTreeIndex(store, SETUP, root);
    // Its stamp is the remembered one, but a write in the same clock tick would have left it so: read it.
    strictEqual(index.unchanged(target, 'app.py'), undefined);
    deepStrictEqual(index.sameContent(await snapshot()), { part: partFor(target), lines: LINES });
  });

  it('treats a tampered index as a miss, entry by entry', async () => {
    writeTree();
    await recordOnce(await snapshot(later));
    const file = indexFile();
    const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
      files: Record<string, Record<string, unknown> & { results: Record<string, unknown>[] }>;
    };
    const entry = good.files['app.py'];
    ok(entry);
    const withEntry = (changed: Record<string, unknown>): unknown => ({ ...good, files: { 'app.py': changed } });
    const tamperings: Record<string, unknown> = {
      'another setup': { ...good, setup: 'b'.repeat(64) },
      'another root': { ...good, root: '/elsewhere' },
      'another format': { ...good, format: 99 },
      'files not an object': { ...good, files: [] },
      'no line text for a result': withEntry({ ...entry, lines: {} }),
      'a line text that is not text': withEntry({ ...entry, lines: { 4: 4 } }),
      'a line past the end': withEntry({ ...entry, results: [{ ...entry.results[0], line_number: 99 }] }),
      'a file name of its own': withEntry({ ...entry, results: [{ ...entry.results[0], filename: '/etc/passwd' }] }),
      'a malformed digest': withEntry({ ...entry, digest: '../../x' }),
      'settled not a boolean': withEntry({ ...entry, settled: 'yes' }),
      'negative metrics': withEntry({ ...entry, metrics: { loc: -1 } }),
      'not an object': [good],
    };
    for (const [name, tampered] of Object.entries(tamperings)) {
      writeFileSync(file, JSON.stringify(tampered));
      strictEqual((await openBanditTreeIndex(store, SETUP, root)).unchanged(target, 'app.py'), undefined, name);
    }
    writeFileSync(file, JSON.stringify(good));
    ok((await openBanditTreeIndex(store, SETUP, root)).unchanged(target, 'app.py'), 'the untouched index is read');
  });

  it('keeps only this scan’s files, and leaves a whole index when two scans save at once', async () => {
    writeTree();
    const taken = await snapshot(later);
    await recordOnce(taken);
    const first = await openBanditTreeIndex(store, SETUP, root);
    const second = await openBanditTreeIndex(store, SETUP, root);
    // The first scan saw the file; the second did not (it was deleted, say), and recorded another.
    ok(first.unchanged(target, 'app.py'));
    second.record({ ...taken, path: 'lib/app.py' }, partFor(target), LINES);
    await Promise.all([first.save(), second.save()]);
    const saved = JSON.parse(readFileSync(indexFile(), 'utf8')) as { files: Record<string, unknown> };
    ok(['app.py', 'lib/app.py'].includes(Object.keys(saved.files).join()), 'one scan’s whole index');
    strictEqual(readdirSync(storeDir()).filter((name) => name.endsWith('.tmp')).length, 0, 'no temporary file left');
  });

  it('never remembers a file Bandit did not analyse whole', async () => {
    writeTree();
    const index = await openBanditTreeIndex(store, SETUP, root);
    const taken = await snapshot(later);
    index.record(taken, { ...partFor(target), errors: [{ filename: target, reason: 'syntax error' }] }, LINES);
    index.record(taken, { results: [], errors: [] }, new Map());
    await index.save();
    strictEqual((await openBanditTreeIndex(store, SETUP, root)).unchanged(target, 'app.py'), undefined);
  });

  describe('read before the setup is known (the tree’s last scan)', () => {
    it('finds the index the tree’s last scan saved, and tells a changed or deleted file from none', async () => {
      writeTree();
      strictEqual(await readPriorTreeScan(store, root), undefined, 'never scanned');
      await recordOnce(await snapshot(later));
      let prior = await readPriorTreeScan(store, root);
      ok(prior);
      strictEqual(priorFilesChanged(prior, root), false, 'nothing changed');
      strictEqual(await readPriorTreeScan(store, join(dir, 'elsewhere')), undefined, 'another tree');

      writeFileSync(target, PICKLE_FILE_TEXT.replace('pickle.loads', 'pickle.dumps'));
      utimesSync(target, 1_000_000, 1_000_000);
      prior = await readPriorTreeScan(store, root);
      ok(prior);
      strictEqual(priorFilesChanged(prior, root), true, 'rewritten');

      rmSync(target);
      prior = await readPriorTreeScan(store, root);
      ok(prior);
      strictEqual(priorFilesChanged(prior, root), true, 'deleted');
    });

    it('counts a file written just before the last scan read it as changed only when its stamp moved', async () => {
      writeTree();
      await recordOnce(await snapshot());
      const prior = await readPriorTreeScan(store, root);
      ok(prior);
      // Its stamp cannot vouch for its content (racily clean), but no stamp moved: nothing to start early for.
      strictEqual(priorFilesChanged(prior, root), false);
      utimesSync(target, 3_000_000, 3_000_000);
      strictEqual(priorFilesChanged(prior, root), true);
    });

    it('hands its reading and stamps to the index of the same setup, and is ignored by another setup', async () => {
      writeTree();
      await recordOnce(await snapshot(later));
      const prior = await readPriorTreeScan(store, root);
      ok(prior);
      strictEqual(priorFilesChanged(prior, root), false);
      // The file changes after the early check: this scan goes by what it read then, as if the change came later.
      writeFileSync(target, PICKLE_FILE_TEXT.replace('pickle.loads', 'pickle.dumps'));
      utimesSync(target, 1_000_000, 1_000_000);
      deepStrictEqual((await openBanditTreeIndex(store, SETUP, root, prior)).unchanged(target, 'app.py'), {
        part: partFor(target),
        lines: LINES,
      });
      strictEqual(
        (await openBanditTreeIndex(store, 'b'.repeat(64), root, prior)).unchanged(target, 'app.py'),
        undefined,
        'another setup reads its own index',
      );
      strictEqual((await openBanditTreeIndex(store, SETUP, root)).unchanged(target, 'app.py'), undefined, 'stat now');
    });

    it('treats a tampered or foreign note as no last scan', async () => {
      writeTree();
      await recordOnce(await snapshot(later));
      const note = readdirSync(storeDir())
        .map((name) => join(storeDir(), name))
        .find((path) => !('files' in (JSON.parse(readFileSync(path, 'utf8')) as object)));
      ok(note);
      const good = JSON.parse(readFileSync(note, 'utf8')) as Record<string, unknown>;
      for (const tampered of [
        { ...good, root: '/elsewhere' },
        { ...good, index: '../../etc/passwd' },
        { ...good, index: 'c'.repeat(64) },
        [good],
      ]) {
        writeFileSync(note, JSON.stringify(tampered));
        const prior = await readPriorTreeScan(store, root);
        strictEqual(prior === undefined || !priorFilesChanged(prior, root), true, JSON.stringify(tampered));
        strictEqual(prior?.entries.size ?? 0, 0, JSON.stringify(tampered));
      }
    });
  });
});
