import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { isSarifReportName, readStoredReports, reportActionOfKey, sarifReportName } from '../../src/sarif';
import type { ReportObjectStore } from '../../src/sarif';

const PREFIX = 'repo/abc123/';

/** A bucket in memory: lists in the order given, as S3 lists in its own order. */
function memoryStore(objects: Readonly<Record<string, string>>): ReportObjectStore & { readonly read: string[] } {
  const read: string[] = [];
  return {
    read,
    async *listKeys(prefix: string): AsyncIterable<string> {
      await Promise.resolve();
      for (const key of Object.keys(objects)) if (key.startsWith(prefix)) yield key;
    },
    readText(key: string): Promise<string> {
      read.push(key);
      const text = objects[key];
      return text === undefined ? Promise.reject(new Error(`no object ${key}`)) : Promise.resolve(text);
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
      async *listKeys(): AsyncIterable<string> {
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
});
