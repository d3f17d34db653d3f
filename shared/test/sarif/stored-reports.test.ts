import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { isSarifReportName, readStoredReports, reportActionOfKey, sarifReportName } from '../../src/sarif';
import type { ListedObject, ReportObjectStore, StoredReportLimits } from '../../src/sarif';

const PREFIX = 'repo/abc123/';

/** A bucket in memory: lists in the order given, as S3 lists in its own order; each object's size is its UTF-8 length. */
function memoryStore(objects: Readonly<Record<string, string>>): ReportObjectStore & { readonly read: string[] } {
  const read: string[] = [];
  return {
    read,
    async *listObjects(prefix: string): AsyncIterable<ListedObject> {
      await Promise.resolve();
      for (const [key, text] of Object.entries(objects)) {
        if (key.startsWith(prefix)) yield { key, size: Buffer.byteLength(text) };
      }
    },
    readText(key: string, maxBytes: number): Promise<string | undefined> {
      read.push(key);
      const text = objects[key];
      if (text === undefined) return Promise.reject(new Error(`no object ${key}`));
      return Promise.resolve(Buffer.byteLength(text) > maxBytes ? undefined : text);
    },
  };
}

describe('reportActionOfKey', () => {
  it('is the file name without .sarif, dots inside the name kept', () => {
    strictEqual(reportActionOfKey(PREFIX, `${PREFIX}bandit.sarif`), 'bandit');
    strictEqual(reportActionOfKey(PREFIX, `${PREFIX}sca.requirements.v2.sarif`), 'sca.requirements.v2');
    strictEqual(reportActionOfKey(PREFIX, `${PREFIX}.hidden.sarif`), '.hidden');
    strictEqual(reportActionOfKey(PREFIX, `${PREFIX}...sarif`), undefined);
  });

  it('is undefined for a key that is not a SARIF report directly under the prefix', () => {
    for (const key of [
      `${PREFIX}pipeline-run.json`,
      `${PREFIX}bandit.sarif.json`,
      `${PREFIX}bandit.SARIF`,
      'other/abc123/bandit.sarif',
      'repo/abc1234/bandit.sarif',
      `${PREFIX}.sarif`,
      `${PREFIX}..sarif`,
      `${PREFIX}/bandit.sarif`,
      `${PREFIX}nested/bandit.sarif`,
      `${PREFIX}../../../../home/user/.bashrc.sarif`,
      `${PREFIX}..\\..\\evil.sarif`,
      `${PREFIX}a\\b.sarif`,
    ]) {
      strictEqual(reportActionOfKey(PREFIX, key), undefined, key);
    }
  });

  it('takes a prefix with its trailing slash as findingsPrefix writes it, and no other', () => {
    strictEqual(reportActionOfKey('repo/abc123', 'repo/abc123/bandit.sarif'), undefined);
    strictEqual(reportActionOfKey('repo/abc123/', 'repo/abc123//bandit.sarif'), undefined);
  });
});

describe('sarifReportName', () => {
  it('names the file reportActionOfKey reads back, a SARIF report name', () => {
    for (const action of ['bandit', 'sca.requirements', '.hidden']) {
      const name = sarifReportName(action);
      strictEqual(isSarifReportName(name), true, name);
      strictEqual(reportActionOfKey(PREFIX, `${PREFIX}${name}`), action);
    }
  });
});

describe('readStoredReports', () => {
  it('reads the SARIF reports in key order with their action, and the manifest when asked', async () => {
    const store = memoryStore({
      [`${PREFIX}sca.sarif`]: 'S',
      [`${PREFIX}pipeline-run.json`]: 'M',
      [`${PREFIX}bandit.sarif`]: 'B',
      [`${PREFIX}docker.file.sarif`]: 'D',
      'repo/abc1234/bandit.sarif': 'other commit',
    });
    const reports = await readStoredReports(store, { repository: 'repo', commit: 'abc123', withManifest: true });
    strictEqual(reports.prefix, PREFIX);
    deepStrictEqual(reports.sarif, [
      { key: `${PREFIX}bandit.sarif`, action: 'bandit', text: 'B' },
      { key: `${PREFIX}docker.file.sarif`, action: 'docker.file', text: 'D' },
      { key: `${PREFIX}sca.sarif`, action: 'sca', text: 'S' },
    ]);
    deepStrictEqual(reports.manifest, { key: `${PREFIX}pipeline-run.json`, text: 'M' });
    deepStrictEqual(reports.unread, []);
  });

  it('leaves the manifest unread when not asked for, and absent when not uploaded', async () => {
    const withManifest = memoryStore({ [`${PREFIX}bandit.sarif`]: 'B', [`${PREFIX}pipeline-run.json`]: 'M' });
    strictEqual((await readStoredReports(withManifest, { repository: 'repo', commit: 'abc123' })).manifest, undefined);
    deepStrictEqual(withManifest.read, [`${PREFIX}bandit.sarif`]);
    const without = memoryStore({ [`${PREFIX}bandit.sarif`]: 'B' });
    const reports = await readStoredReports(without, { repository: 'repo', commit: 'abc123', withManifest: true });
    strictEqual(reports.manifest, undefined);
  });

  it('attack: keys that would name a file outside a flat reports folder are neither read nor returned', async () => {
    // `pipeline run --remote` writes each report to `<reports folder>/<action>.sarif`; whoever can write to the
    // findings bucket (a build of any branch) chooses the keys.
    const store = memoryStore({
      [`${PREFIX}bandit.sarif`]: 'B',
      [`${PREFIX}../../../../home/user/.profile.sarif`]: 'hostile',
      [`${PREFIX}..\\..\\startup.sarif`]: 'hostile',
      [`${PREFIX}nested/dir/x.sarif`]: 'hostile',
      [`${PREFIX}.sarif`]: 'hostile',
    });
    const reports = await readStoredReports(store, { repository: 'repo', commit: 'abc123' });
    deepStrictEqual(
      reports.sarif.map((report) => report.action),
      ['bandit'],
    );
    deepStrictEqual(store.read, [`${PREFIX}bandit.sarif`]);
  });

  it("lets the store's errors rise unchanged", async () => {
    const failure = new Error('AccessDenied');
    const store: ReportObjectStore = {
      // eslint-disable-next-line require-yield -- a listing that fails before its first key
      async *listObjects(): AsyncIterable<ListedObject> {
        await Promise.resolve();
        throw failure;
      },
      readText: () => Promise.resolve(''),
    };
    let caught: unknown;
    try {
      await readStoredReports(store, { repository: 'repo', commit: 'abc123' });
    } catch (error) {
      caught = error;
    }
    strictEqual(caught, failure);
  });
  const SMALL: StoredReportLimits = {
    maxReports: 3,
    maxReportBytes: 10,
    maxTotalBytes: 15,
    maxManifestBytes: 5,
    maxListedObjects: 8,
  };

  it('attack: a report over its size limit is listed as unread with its size, and never read', async () => {
    // Any branch's build can write the bucket: one object of gigabytes must not reach memory.
    const store = memoryStore({ [`${PREFIX}a.sarif`]: 'x'.repeat(11), [`${PREFIX}b.sarif`]: 'B' });
    const reports = await readStoredReports(store, { repository: 'repo', commit: 'abc123' }, SMALL);
    deepStrictEqual(
      reports.sarif.map((report) => report.action),
      ['b'],
    );
    deepStrictEqual(reports.unread, [
      {
        key: `${PREFIX}a.sarif`,
        reason: `${PREFIX}a.sarif was not read: it is 11 bytes, over the 10 bytes a report is read up to`,
      },
    ]);
    deepStrictEqual(store.read, [`${PREFIX}b.sarif`]);
  });

  it('attack: reports past the count or the total are unread, in key order, and each says why', async () => {
    const objects: Record<string, string> = {};
    for (const name of ['e', 'd', 'c', 'b', 'a']) objects[`${PREFIX}${name}.sarif`] = name.repeat(6);
    const reports = await readStoredReports(memoryStore(objects), { repository: 'repo', commit: 'abc123' }, SMALL);
    // a and b fit (12 bytes); each of the others would take the total to 18, over 15.
    deepStrictEqual(
      reports.sarif.map((report) => report.action),
      ['a', 'b'],
    );
    deepStrictEqual(
      reports.unread.map((report) => report.key),
      [`${PREFIX}c.sarif`, `${PREFIX}d.sarif`, `${PREFIX}e.sarif`],
    );
    strictEqual(
      reports.unread[0]?.reason,
      `${PREFIX}c.sarif was not read: a commit's reports are read up to 15 bytes in all, and this one is past it`,
    );
    const many: Record<string, string> = {};
    for (const name of ['a', 'b', 'c', 'd']) many[`${PREFIX}${name}.sarif`] = name;
    const counted = await readStoredReports(memoryStore(many), { repository: 'repo', commit: 'abc123' }, SMALL);
    deepStrictEqual(counted.unread, [
      {
        key: `${PREFIX}d.sarif`,
        reason: `${PREFIX}d.sarif was not read: a commit's reports are read up to 3, and there are 4`,
      },
    ]);
  });

  it('attack: an object that grew past the limit after it was listed is unread, not read whole', async () => {
    const store: ReportObjectStore = {
      async *listObjects(): AsyncIterable<ListedObject> {
        await Promise.resolve();
        yield { key: `${PREFIX}a.sarif`, size: 1 };
      },
      readText: () => Promise.resolve(undefined),
    };
    const reports = await readStoredReports(store, { repository: 'repo', commit: 'abc123' }, SMALL);
    deepStrictEqual(reports.sarif, []);
    deepStrictEqual(
      reports.unread.map((report) => report.key),
      [`${PREFIX}a.sarif`],
    );
  });

  it('attack: a manifest over its limit is unread, and not returned as the manifest', async () => {
    const store = memoryStore({ [`${PREFIX}a.sarif`]: 'A', [`${PREFIX}pipeline-run.json`]: '{"x": 1000}' });
    const reports = await readStoredReports(store, { repository: 'repo', commit: 'abc123', withManifest: true }, SMALL);
    strictEqual(reports.manifest, undefined);
    deepStrictEqual(reports.unread, [
      {
        key: `${PREFIX}pipeline-run.json`,
        reason: `${PREFIX}pipeline-run.json was not read: it is over the 5 bytes a run manifest is read up to`,
      },
    ]);
  });
  it('attack: a prefix holding more objects than are listed is cut there, and the cut is an unread report', async () => {
    // Any branch's build can write a million small objects under its commit's prefix.
    const objects: Record<string, string> = {};
    for (let index = 0; index < 12; index += 1) objects[`${PREFIX}junk-${String(index).padStart(2, '0')}.txt`] = 'x';
    objects[`${PREFIX}sast.sarif`] = 'S';
    const store = memoryStore(objects);
    const reports = await readStoredReports(store, { repository: 'repo', commit: 'abc123' }, SMALL);
    deepStrictEqual(reports.sarif, []);
    deepStrictEqual(reports.unread, [
      {
        key: PREFIX,
        reason: `${PREFIX} holds more than 8 objects: the rest were not listed, so reports among them were not read`,
      },
    ]);
    deepStrictEqual(store.read, []);
  });
});
