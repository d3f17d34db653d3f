import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateCommitCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  paginateGetCommentsForPullRequest,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { assignFingerprints, isDevsecopsError, renderReport, splitLines } from '@devsecops/shared';
import type { FindingDraft } from '@devsecops/shared';
import { createCodeCommitClient, createS3Client } from '@devsecops/shared/src/aws/client-factory';
import { createBotClients } from '../../bot/src/codecommit/clients';
import { codeCommitDependencies } from '../../bot/src/codecommit/dependencies';
import { parseMarker } from '../../bot/src/comments/marker';
import { sarifReader } from '../../bot/src/findings/sarif-reader';
import { runBot } from '../../bot/src/run-bot';
import type { BotRunResult } from '../../bot/src/run-bot';
import { EMULATOR_SECRET_ACCESS_KEY, startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { emulatorS3Settings, emulatorSettings, putFileOnNewBranch } from '../aws-emulator/testing';

const BUCKET = 'findings';
const BOT_KEY = 'AKIDDEVSECOPSBOT';
const AUTHOR_KEY = 'AKIDAUTHOR';
const BOT_FIXTURES = path.join(__dirname, '..', '..', 'bot', 'test', 'fixtures');
const BEFORE = readFileSync(path.join(BOT_FIXTURES, 'diffs', 'main.before.py'), 'utf8');
const AFTER = readFileSync(path.join(BOT_FIXTURES, 'diffs', 'main.after.py'), 'utf8');
const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

const B602: FindingDraft = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B602',
  message: 'subprocess call with shell=True identified, security issue.',
  severity: 'high',
  location: { path: 'app/main.py', line: 14 },
};
const B307: FindingDraft = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B307',
  message: 'Use of possibly insecure function - consider using safer ast.literal_eval.',
  severity: 'medium',
  location: { path: 'app/main.py', line: 29 },
};
const DRAFTS: readonly FindingDraft[] = [B602, B307];

/** Runs the bot (as the Lambda wires it) against the emulator as the caller with `accessKeyId`. */
async function review(
  emulator: AwsEmulator,
  pr: { repository: string; pullRequestId: string; sourceCommit: string; mainCommit: string },
  options: { accessKeyId?: string; approve?: boolean } = {},
): Promise<BotRunResult> {
  const clients = createBotClients(
    {
      region: emulator.region,
      credentials: { accessKeyId: options.accessKeyId ?? BOT_KEY, secretAccessKey: EMULATOR_SECRET_ACCESS_KEY },
    },
    { codeCommit: emulator.endpoint, sts: emulator.endpoint, s3: emulator.s3Endpoint },
  );
  try {
    const ref = {
      repositoryName: pr.repository,
      pullRequestId: pr.pullRequestId,
      sourceCommit: pr.sourceCommit,
      destinationCommit: pr.mainCommit,
      trigger: 'test',
    };
    const deps = codeCommitDependencies(ref, {
      clients,
      findings: { kind: 's3', bucket: BUCKET },
      readSarif: sarifReader(),
    });
    return await runBot(ref, deps, { mode: 'added', maxInline: 20, approve: options.approve ?? true, dryRun: false });
  } finally {
    clients.destroy();
  }
}

describe('devsecops-bot on the emulator: faults, retries and error causes', function () {
  this.timeout(120_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let s3: S3Client;

  before(async () => {
    emulator = await startAwsEmulator({ buckets: [BUCKET], accessKeyIds: [BOT_KEY, AUTHOR_KEY], faultSeed: 12 });
    author = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: AUTHOR_KEY }));
    s3 = createS3Client(emulatorS3Settings(emulator));
  });

  afterEach(() => emulator.setFaults([]));

  after(async () => {
    author.destroy();
    s3.destroy();
    await emulator.close();
  });

  async function openPullRequest(repository: string) {
    await author.send(new CreateRepositoryCommand({ repositoryName: repository }));
    const first = await author.send(
      new CreateCommitCommand({
        repositoryName: repository,
        branchName: 'main',
        commitMessage: 'Initial commit',
        putFiles: [{ filePath: 'app/main.py', fileContent: text(BEFORE) }],
      }),
    );
    const mainCommit = String(first.commitId);
    const put = await putFileOnNewBranch(author, {
      repositoryName: repository,
      branchName: 'feature',
      parentCommitId: mainCommit,
      filePath: 'app/main.py',
      fileContent: text(AFTER),
      commitMessage: 'Shell and eval',
    });
    const sourceCommit = String(put.commitId);
    const created = await author.send(
      new CreatePullRequestCommand({
        title: 'Shell and eval',
        targets: [{ repositoryName: repository, sourceReference: 'feature', destinationReference: 'main' }],
      }),
    );
    const lines = splitLines(AFTER);
    const findings = assignFingerprints(DRAFTS, (_path, line) => lines[line - 1]);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${repository}/${sourceCommit}/sast.sarif`,
        Body: renderReport('sarif', {
          result: { findings, tools: [] },
          root: '/src',
          gate: { failOn: 'high', passed: false },
        }),
      }),
    );
    return { repository, pullRequestId: String(created.pullRequest?.pullRequestId), sourceCommit, mainCommit };
  }

  async function openMarkers(pullRequestId: string): Promise<string[]> {
    const markers: string[] = [];
    for await (const page of paginateGetCommentsForPullRequest({ client: author }, { pullRequestId })) {
      for (const thread of page.commentsForPullRequestData ?? []) {
        for (const comment of thread.comments ?? []) {
          const marker = parseMarker(comment.content ?? '');
          if (marker !== undefined) markers.push(marker.kind === 'summary' ? 'summary' : marker.state);
        }
      }
    }
    return markers.sort();
  }

  it('under 20% throttling and 5% server errors, every run completes with exactly one comment per finding', async () => {
    const runs = 2;
    const prs = [];
    for (let index = 0; index < runs; index += 1) prs.push(await openPullRequest(`faults-${index}`));
    emulator.setFaults([
      { kind: 'throttle', rate: 0.2 },
      { kind: 'server-error', rate: 0.05 },
    ]);
    const results: string[] = [];
    for (const pr of prs) results.push((await review(emulator, pr)).status);
    const faulted = emulator.calls().filter((call) => call.fault === 'throttle' || call.fault === 'server-error');
    emulator.setFaults([]);
    assert.deepStrictEqual(results, Array<string>(runs).fill('posted'));
    assert.ok(faulted.length > 0, 'the faults were injected');
    for (const pr of prs) assert.deepStrictEqual(await openMarkers(pr.pullRequestId), ['open', 'open', 'summary']);
  });

  it("says the real cause when the bot runs as the pull request's author: authors cannot approve", async () => {
    const pr = await openPullRequest('self-approval');
    // The comments go through; the approval write is the one CodeCommit refuses (a passing gate: APPROVE).
    const low = assignFingerprints([{ ...B307, severity: 'low' }], (_path, line) => splitLines(AFTER)[line - 1]);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${pr.repository}/${pr.sourceCommit}/sast.sarif`,
        Body: renderReport('sarif', {
          result: { findings: low, tools: [] },
          root: '/src',
          gate: { failOn: 'high', passed: true },
        }),
      }),
    );
    const error = await review(emulator, pr, { accessKeyId: AUTHOR_KEY }).then(
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
