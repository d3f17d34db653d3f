import assert from 'node:assert/strict';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { createCodeCommitClient, createS3Client } from '@devsecops/shared/aws';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { emulatorS3Settings, emulatorSettings } from '../aws-emulator/testing';
import {
  AUTHOR_ACCESS_KEY_ID,
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  B307,
  commentsOn,
  fingerprinted,
  MAIN_AFTER,
  openPullRequest as openEmulatedPullRequest,
  reviewOnEmulator,
  uploadFindings,
  type EmulatedPullRequest,
} from './bot-pull-requests';

describe('devsecops-bot on the emulator: faults, retries and error causes', function () {
  this.timeout(120_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let s3: S3Client;

  before(async () => {
    emulator = await startAwsEmulator({
      buckets: [FINDINGS_BUCKET],
      accessKeyIds: [BOT_ACCESS_KEY_ID, AUTHOR_ACCESS_KEY_ID],
      faultSeed: 12,
    });
    author = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: AUTHOR_ACCESS_KEY_ID }));
    s3 = createS3Client(emulatorS3Settings(emulator));
  });

  afterEach(() => emulator.setFaults([]));

  after(async () => {
    author.destroy();
    s3.destroy();
    await emulator.close();
  });

  const openPullRequest = (repository: string) =>
    openEmulatedPullRequest({ author, s3, bucket: FINDINGS_BUCKET }, repository);
  const review = (pr: EmulatedPullRequest, accessKeyId = BOT_ACCESS_KEY_ID) =>
    reviewOnEmulator(emulator, pr, { accessKeyId, bucket: FINDINGS_BUCKET });
  const openMarkers = async (pullRequestId: string): Promise<string[]> =>
    (await commentsOn(author, pullRequestId)).map((comment) => comment.marker.replace(/^v1:[0-9a-f]{32} /, '')).sort();

  it('under 20% throttling and 5% server errors, every run completes with exactly one comment per finding', async () => {
    const runs = 2;
    const prs = [];
    for (let index = 0; index < runs; index += 1) prs.push(await openPullRequest(`faults-${index}`));
    emulator.setFaults([
      { kind: 'throttle', rate: 0.2 },
      { kind: 'server-error', rate: 0.05 },
    ]);
    const results: string[] = [];
    for (const pr of prs) results.push((await review(pr)).status);
    const faulted = emulator.calls().filter((call) => call.fault === 'throttle' || call.fault === 'server-error');
    emulator.setFaults([]);
    assert.deepStrictEqual(results, Array<string>(runs).fill('posted'));
    assert.ok(faulted.length > 0, 'the faults were injected');
    for (const pr of prs) assert.deepStrictEqual(await openMarkers(pr.pullRequestId), ['open', 'open', 'summary open']);
  });

  it("says the real cause when the bot runs as the pull request's author: authors cannot approve", async () => {
    const pr = await openPullRequest('self-approval');
    // The comments go through; the approval write is the one CodeCommit refuses (a passing gate: APPROVE).
    const low = fingerprinted(MAIN_AFTER, [{ ...B307, severity: 'low' }]);
    await uploadFindings({ author, s3, bucket: FINDINGS_BUCKET }, pr.repository, pr.sourceCommit, low);
    const error = await review(pr, AUTHOR_ACCESS_KEY_ID).then(
      (result) => result,
      (caught: unknown) => caught,
    );
    assert.ok(isDevsecopsError(error), JSON.stringify(error));
    assert.equal(
      error.message,
      `The bot cannot approve pull request ${pr.pullRequestId}: it runs as the identity that opened the pull ` +
        'request, and CodeCommit never lets authors approve their own pull requests. Run the bot under its own ' +
        'role, not the one people or pipelines open pull requests with.',
    );
  });
});
