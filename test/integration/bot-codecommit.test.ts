import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateCommitCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  GetPullRequestApprovalStatesCommand,
  GetPullRequestCommand,
  PutFileCommand,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FindingDraft } from '@devsecops/shared/findings';
import { main as botCli } from '../../bot/src/cli';
import { createHandler } from '../../bot/src/lambda';
import { parseMarker } from '../../bot/src/comments/marker';
import { EMULATOR_SECRET_ACCESS_KEY, type AwsEmulator } from '../aws-emulator/emulator';
import { callerArn, putFileOnNewBranch } from '../aws-emulator/testing';
import {
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  B307,
  B602,
  fingerprinted,
  MAIN_AFTER,
  MAIN_BEFORE,
  pullRequestEvent,
  sarifOf,
  threadCommentsOn,
  uploadReports,
  startBotEmulator,
  stopBotEmulator,
} from './bot-pull-requests';
import { replaceProcessEnvironment } from './process-environment';

const REPOSITORY = 'todo-app';
/** The follow-up push: shell=True removed again, the eval stays (same line 29). */
const FIXED = MAIN_AFTER.replace(
  'subprocess.run(command, shell=True, check=True)',
  'subprocess.run(command, check=True)',
);
const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

/** On a line the PR does not change: counted in the summary, never commented inline (mode `added`). */
const B404: FindingDraft = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B404',
  message: 'Consider possible security implications associated with the subprocess module.',
  severity: 'low',
  location: { path: 'app/main.py', line: 2 },
};

/** The SARIF `devsecops scan` writes for app/main.py at `source`, fingerprinted from its real lines. */
const sarifFor = (source: string, drafts: readonly FindingDraft[]): string => sarifOf(fingerprinted(source, drafts));

/** The documented EventBridge event for this test's pull request. */
const eventFor = (kind: string, pullRequestId: string, sourceCommit: string, mainCommit: string) =>
  pullRequestEvent(kind, { repository: REPOSITORY, pullRequestId, sourceCommit, mainCommit });

/** The Lambda handler, logging into `logLines` instead of the test output. */
const logLines: string[] = [];
const handler = createHandler({
  info: (line) => logLines.push(line),
  error: (line) => logLines.push(line),
});

interface SeenComment {
  readonly commentId: string | undefined;
  readonly where: string;
  readonly afterCommitId: string | undefined;
  readonly marker: string;
  readonly content: string;
}

describe('devsecops-bot against the CodeCommit emulator', function () {
  this.timeout(60_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let s3: S3Client;
  let mainCommit: string;
  let firstCommit: string;
  let pullRequestId: string;
  /** Puts back the test process's environment, which the suite replaces with the Lambda's. */
  let restoreEnvironment: (() => void) | undefined;

  async function comments(): Promise<SeenComment[]> {
    return (await threadCommentsOn(author, pullRequestId)).map(({ thread, comment }) => {
      const marker = parseMarker(comment.content ?? '');
      return {
        commentId: comment.commentId,
        where:
          thread.location === undefined
            ? 'general'
            : `${String(thread.location.filePath)}:${String(thread.location.filePosition)} ${String(thread.location.relativeFileVersion)}`,
        afterCommitId: thread.afterCommitId,
        marker: marker === undefined ? 'none' : marker.kind === 'summary' ? 'summary' : marker.state,
        content: comment.content ?? '',
      };
    });
  }

  before(async () => {
    ({ emulator, author, s3 } = await startBotEmulator());
    await author.send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
    const first = await author.send(
      new CreateCommitCommand({
        repositoryName: REPOSITORY,
        branchName: 'main',
        commitMessage: 'Initial commit',
        putFiles: [
          { filePath: 'app/main.py', fileContent: text(MAIN_BEFORE) },
          { filePath: 'requirements.txt', fileContent: text('flask==2.0.1\n') },
        ],
      }),
    );
    mainCommit = String(first.commitId);
    const put = await putFileOnNewBranch(author, {
      repositoryName: REPOSITORY,
      branchName: 'feature',
      parentCommitId: mainCommit,
      filePath: 'app/main.py',
      fileContent: text(MAIN_AFTER),
      commitMessage: 'Run commands through a shell; evaluate expressions',
    });
    firstCommit = String(put.commitId);
    const created = await author.send(
      new CreatePullRequestCommand({
        title: 'Shell and eval',
        targets: [{ repositoryName: REPOSITORY, sourceReference: 'feature', destinationReference: 'main' }],
      }),
    );
    pullRequestId = String(created.pullRequest?.pullRequestId);
    await uploadReports({ s3, bucket: FINDINGS_BUCKET }, REPOSITORY, firstCommit, {
      'sast.sarif': sarifFor(MAIN_AFTER, [B602, B307, B404]),
    });
    restoreEnvironment = replaceProcessEnvironment(
      {
        FINDINGS_BUCKET: FINDINGS_BUCKET,
        AWS_REGION: emulator.region,
        AWS_ACCESS_KEY_ID: BOT_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
        DEVSECOPS_AWS_ENDPOINT: emulator.endpoint,
        DEVSECOPS_S3_ENDPOINT: emulator.s3Endpoint,
        DEVSECOPS_BOT_APPROVE: 'true',
        // The CLI's --endpoint-url is CodeCommit's only: STS (who the bot is) takes the SDK's standard variable.
        AWS_ENDPOINT_URL_STS: emulator.endpoint,
      },
      // Credentials come from the environment, as in Lambda; no profile or session may interfere.
      ['AWS_PROFILE', 'AWS_SESSION_TOKEN'],
    );
  });

  after(async () => {
    restoreEnvironment?.();
    await stopBotEmulator({ emulator, author, s3 });
  });

  it('reviews the pull request: inline comments on the right lines, one summary, no approval (none to revoke)', async () => {
    const result = await handler(eventFor('pullRequestCreated', pullRequestId, firstCommit, mainCommit));
    assert.deepStrictEqual(result, {
      status: 'posted',
      pullRequestId,
      sourceCommit: firstCommit,
      gatePassed: false,
      posted: 3,
      updated: 0,
      approval: 'REVOKE',
      approvalChanged: false,
    });
    const seen = await comments();
    assert.deepStrictEqual(
      seen.map((comment) => [comment.where, comment.afterCommitId, comment.marker]),
      [
        ['app/main.py:14 AFTER', firstCommit, 'open'],
        ['app/main.py:29 AFTER', firstCommit, 'open'],
        ['general', firstCommit, 'summary'],
      ],
    );
    assert.match(seen[0]?.content ?? '', /^🟠 \*\*High\*\* · bandit `B602`/);
    assert.match(seen[1]?.content ?? '', /^🟡 \*\*Medium\*\* · bandit `B307`/);
    assert.match(seen[2]?.content ?? '', /❌ \*\*Security gate failed\*\*: 1 finding at or above high/);
  });

  it('a second run on the same event changes nothing: exactly one set of comments', async () => {
    const before = await comments();
    const result = await handler(eventFor('pullRequestCreated', pullRequestId, firstCommit, mainCommit));
    assert.deepStrictEqual(
      { posted: result.posted, updated: result.updated, approval: result.approval },
      { posted: 0, updated: 0, approval: 'REVOKE' },
    );
    assert.deepStrictEqual(await comments(), before);
  });

  it('after a push that fixes a finding: its comment is tombstoned, nothing duplicated, PR approved', async () => {
    const put = await author.send(
      new PutFileCommand({
        repositoryName: REPOSITORY,
        branchName: 'feature',
        parentCommitId: firstCommit,
        filePath: 'app/main.py',
        fileContent: text(FIXED),
        commitMessage: 'No shell',
      }),
    );
    const fixedCommit = String(put.commitId);
    await uploadReports({ s3, bucket: FINDINGS_BUCKET }, REPOSITORY, fixedCommit, {
      'sast.sarif': sarifFor(FIXED, [B307, B404]),
    });
    const stale = await handler(eventFor('pullRequestCreated', pullRequestId, firstCommit, mainCommit));
    assert.deepStrictEqual(stale, {
      status: 'skipped',
      reason: `the event is for ${firstCommit.slice(0, 12)} but the pull request is now at ${fixedCommit.slice(0, 12)}`,
    });

    const result = await handler(eventFor('pullRequestSourceBranchUpdated', pullRequestId, fixedCommit, mainCommit));
    assert.deepStrictEqual(
      { status: result.status, posted: result.posted, updated: result.updated, approval: result.approval },
      { status: 'posted', posted: 0, updated: 2, approval: 'APPROVE' },
    );
    const seen = await comments();
    assert.deepStrictEqual(
      seen.map((comment) => [comment.where, comment.marker]),
      [
        ['app/main.py:14 AFTER', 'resolved'],
        ['app/main.py:29 AFTER', 'open'],
        ['general', 'summary'],
      ],
    );
    assert.match(seen[0]?.content ?? '', new RegExp(`^✅ \\*\\*Resolved\\*\\* in \`${fixedCommit.slice(0, 7)}\``));
    assert.match(seen[2]?.content ?? '', /✅ \*\*Security gate passed\*\*/);

    const { pullRequest } = await author.send(new GetPullRequestCommand({ pullRequestId }));
    const approvals = await author.send(
      new GetPullRequestApprovalStatesCommand({ pullRequestId, revisionId: pullRequest?.revisionId }),
    );
    assert.deepStrictEqual(approvals.approvals, [{ userArn: callerArn(BOT_ACCESS_KEY_ID), approvalState: 'APPROVE' }]);
  });

  it('the CLI reviews the same pull request with local SARIF: --dry-run plans against the live comments', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'bot-cli-sarif-'));
    const out: string[] = [];
    const err: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    try {
      const { pullRequest } = await author.send(new GetPullRequestCommand({ pullRequestId }));
      const head = String(pullRequest?.pullRequestTargets?.[0]?.sourceCommit);
      writeFileSync(path.join(folder, 'sast.sarif'), sarifFor(FIXED, [B307, B404]));
      const before = await comments();
      process.stdout.write = (chunk: string) => out.push(chunk) > 0;
      process.stderr.write = (chunk: string) => err.push(chunk) > 0;
      const code = await botCli([
        'comment',
        '--repository',
        REPOSITORY,
        '--pull-request',
        pullRequestId,
        '--sarif',
        folder,
        '--endpoint-url',
        emulator.endpoint,
        '--region',
        emulator.region,
        '--dry-run',
      ]);
      process.stdout.write = write;
      process.stderr.write = writeErr;
      assert.equal(code, 0);
      assert.match(err.join(''), /plan: 1 write\(s\), 1 comment\(s\) already up to date/);
      // Same findings as the last Lambda run: only the summary differs (it names where the reports are).
      assert.deepStrictEqual(out.join('').split('\n').slice(0, 2), [
        `pull request ${pullRequestId} at ${head.slice(0, 12)}: 2 finding(s), 1 in this review; gate passed (fail on high)`,
        `  would update ${String(before.find((comment) => comment.marker === 'summary')?.commentId)} (summary-changed)  summary`,
      ]);
      assert.deepStrictEqual(await comments(), before);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
