import assert from 'node:assert/strict';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { AwsPipelineClient, s3ReportStore } from '@devsecops/shared/aws';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { readStoredReports, STORED_REPORT_LIMITS } from '@devsecops/shared/sarif';
import { type AwsEmulator } from '../aws-emulator/emulator';
import { emulatorSettings } from '../aws-emulator/testing';
import {
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  openPullRequest,
  reviewOnEmulator,
  startBotEmulator,
  stopBotEmulator,
} from './bot-pull-requests';

/**
 * Any branch's build can write to the findings bucket, so its objects are hostile input: one report of
 * gigabytes, or an object that grows after it was listed, must not be read into the bot's Lambda or the editor.
 * These run the real AWS SDK against an S3-compatible server.
 */
describe('reports in the findings bucket past their limits (emulator)', function () {
  this.timeout(120_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let s3: S3Client;

  before(async () => {
    ({ emulator, author, s3 } = await startBotEmulator());
  });

  after(async () => {
    await stopBotEmulator({ emulator, author, s3 });
  });

  const put = (key: string, body: string | Buffer) =>
    s3.send(new PutObjectCommand({ Bucket: FINDINGS_BUCKET, Key: key, Body: body }));

  it('the S3 store lists sizes, and reads an object only up to the limit it is given', async () => {
    const body = Buffer.alloc(1024 * 1024, 'a');
    await put('store/c1/a.sarif', body);
    const store = s3ReportStore(s3, FINDINGS_BUCKET);
    const listed = [];
    for await (const object of store.listObjects('store/c1/')) listed.push(object);
    assert.deepEqual(listed, [{ key: 'store/c1/a.sarif', size: body.length }]);
    assert.equal(await store.readText('store/c1/a.sarif', 64 * 1024), undefined);
    assert.equal(await store.readText('store/c1/a.sarif', body.length), body.toString('utf8'));
  });

  it('a report that grew after it was listed is left unread, with why', async () => {
    // The listing says 1 byte; by the time it is read, the object holds more than the limit allows.
    const store = s3ReportStore(s3, FINDINGS_BUCKET);
    const growing = {
      listObjects: async function* (prefix: string) {
        for await (const object of store.listObjects(prefix)) yield { ...object, size: 1 };
      },
      readText: (key: string, maxBytes: number) => store.readText(key, maxBytes),
    };
    await put('grown/c1/a.sarif', Buffer.alloc(4096, 'a'));
    const reports = await readStoredReports(
      growing,
      { repository: 'grown', commit: 'c1' },
      { ...STORED_REPORT_LIMITS, maxReportBytes: 1024 },
    );
    assert.deepEqual(reports.sarif, []);
    assert.deepEqual(
      reports.unread.map((report) => report.key),
      ['grown/c1/a.sarif'],
    );
  });

  it('attack: the bot does not read a report over its limit, and gives no approval for a run it cannot judge', async () => {
    const pr = await openPullRequest({ author, s3, bucket: FINDINGS_BUCKET }, 'huge-report');
    const hugeKey = `huge-report/${pr.sourceCommit}/huge.sarif`;
    await put(hugeKey, Buffer.alloc(STORED_REPORT_LIMITS.maxReportBytes + 1, ' '));
    const result = await reviewOnEmulator(emulator, pr, { accessKeyId: BOT_ACCESS_KEY_ID, bucket: FINDINGS_BUCKET });
    assert.notEqual(result.status, 'skipped');
    if (result.status === 'skipped') return;
    assert.equal(result.gate.passed, false);
    const reasons = result.gate.notScanned.map((entry) => `${entry.report}: ${entry.reason}`);
    assert.ok(
      reasons.some(
        (reason) =>
          reason.startsWith(`${hugeKey}: ${hugeKey} was not read: it is 33,554,433 bytes, over the 32.0 MiB`) &&
          reason.includes('check what else writes to the findings bucket'),
      ),
      reasons.join('\n'),
    );
    assert.notEqual(result.approval?.state, 'APPROVE');
  });
  it('attack: pipeline run --remote and the editor refuse to show a run whose report they cannot read, naming it', async () => {
    await put('remote/c1/sast.sarif', '{"version":"2.1.0","runs":[]}');
    await put('remote/c1/image.sarif', Buffer.alloc(STORED_REPORT_LIMITS.maxReportBytes + 1, ' '));
    const client = AwsPipelineClient.fromSettings(emulatorSettings(emulator), { endpoint: emulator.s3Endpoint });
    let caught: unknown;
    try {
      await client.loadFindings({ bucket: FINDINGS_BUCKET, repository: 'remote', commit: 'c1' });
    } catch (error) {
      caught = error;
    }
    assert.ok(isDevsecopsError(caught), String(caught));
    assert.equal(caught.code, 'INPUT_INVALID');
    assert.match(
      caught.message,
      /^The reports under s3:\/\/findings\/remote\/c1\/ cannot all be read: remote\/c1\/image\.sarif was not read: it is 33,554,433 bytes, over the 32\.0 MiB a report is read up to\. /,
    );
  });
});
