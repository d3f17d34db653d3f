import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PostCommentForPullRequestCommand,
  PutFileCommand,
  UpdatePullRequestStatusCommand,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Finding, FindingDraft } from '@devsecops/shared/findings';
import { createCodeCommitClient, createS3Client } from '@devsecops/shared/aws';
import { createHandler } from '../../bot/src/lambda';
import type { BotLambdaResult } from '../../bot/src/lambda';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { botLambdaEnvironment, callerArn, emulatorS3Settings, emulatorSettings } from '../aws-emulator/testing';
import {
  AUTHOR_ACCESS_KEY_ID,
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  B307,
  B602,
  BOT_FIXTURES,
  commentsOn,
  fingerprinted,
  MAIN_AFTER,
  openPullRequest as openEmulatedPullRequest,
  pullRequestEvent,
  uploadFindings,
  type PullRequestHost,
  type SeenComment,
} from './bot-pull-requests';
import { replaceProcessEnvironment } from './process-environment';

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

describe('devsecops-bot on the emulator: races, closed pull requests, markers only from its own comments', function () {
  this.timeout(60_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let botAsClient: CodeCommitClient;
  let s3: S3Client;
  const logLines: string[] = [];
  const handler = createHandler({ info: (line) => logLines.push(line), error: (line) => logLines.push(line) });
  /** Puts back the test process's environment, which the suite replaces with the Lambda's. */
  let restoreEnvironment: (() => void) | undefined;

  before(async () => {
    emulator = await startAwsEmulator({
      buckets: [FINDINGS_BUCKET],
      accessKeyIds: [BOT_ACCESS_KEY_ID, AUTHOR_ACCESS_KEY_ID],
    });
    author = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: AUTHOR_ACCESS_KEY_ID }));
    botAsClient = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: BOT_ACCESS_KEY_ID }));
    s3 = createS3Client(emulatorS3Settings(emulator));
    // The SDK's standard endpoint variables only: what the emulator prints for the Lambda and the CLI.
    restoreEnvironment = replaceProcessEnvironment(
      botLambdaEnvironment(emulator, { bucket: FINDINGS_BUCKET, accessKeyId: BOT_ACCESS_KEY_ID }),
      ['DEVSECOPS_AWS_ENDPOINT', 'DEVSECOPS_S3_ENDPOINT', 'AWS_PROFILE', 'AWS_SESSION_TOKEN'],
    );
  });

  afterEach(() => {
    emulator.setFaults([]);
    emulator.releaseHeldCalls();
  });

  after(async () => {
    restoreEnvironment?.();
    author.destroy();
    botAsClient.destroy();
    s3.destroy();
    await emulator.close();
  });

  const host = (): PullRequestHost => ({ author, s3, bucket: FINDINGS_BUCKET });
  const openPullRequest = (repository: string, drafts: readonly FindingDraft[] = [B602, B307]) =>
    openEmulatedPullRequest(host(), repository, drafts);
  const upload = (repository: string, commit: string, findings: readonly Finding[]) =>
    uploadFindings(host(), repository, commit, findings);
  const comments = (pullRequestId: string) => commentsOn(author, pullRequestId);

  /** Open markers by the bot, sorted: exactly one per finding and one summary when all is well. */
  function openMarkers(seen: readonly SeenComment[]): string[] {
    return seen
      .filter(
        (comment) => comment.author === callerArn(BOT_ACCESS_KEY_ID) && /(open|summary open)$/.test(comment.marker),
      )
      .map((comment) => comment.marker)
      .sort();
  }

  it('a push mid-run leaves one comment per finding: the old run, held on its first post, retires its duplicate', async () => {
    const repository = 'race-push';
    const pr = await openPullRequest(repository);
    const findings = fingerprinted(MAIN_AFTER, [B602, B307]);
    emulator.setFaults([{ kind: 'hold', operation: 'CodeCommit.PostCommentForPullRequest', times: 1 }]);
    const oldRun = handler(pullRequestEvent('pullRequestSourceBranchUpdated', pr));
    await emulator.waitForHeldCall('CodeCommit.PostCommentForPullRequest');

    // The next commit: same findings on the same lines (a line appended at the end), its run goes all the way.
    const pushed = await author.send(
      new PutFileCommand({
        repositoryName: repository,
        branchName: 'feature',
        parentCommitId: pr.sourceCommit,
        filePath: 'app/main.py',
        fileContent: text(`${MAIN_AFTER}# reviewed\n`),
        commitMessage: 'Note',
      }),
    );
    const nextCommit = String(pushed.commitId);
    await upload(repository, nextCommit, fingerprinted(`${MAIN_AFTER}# reviewed\n`, [B602, B307]));
    const newRun = await handler(
      pullRequestEvent('pullRequestSourceBranchUpdated', { ...pr, sourceCommit: nextCommit }),
    );
    assert.deepStrictEqual(
      { status: newRun.status, posted: newRun.posted, updated: newRun.updated },
      { status: 'posted', posted: 3, updated: 0 },
    );

    assert.equal(emulator.releaseHeldCalls(), 1);
    const oldResult: BotLambdaResult = await oldRun;
    assert.deepStrictEqual(oldResult, {
      status: 'stopped',
      reason: `pull request ${pr.pullRequestId} moved to ${nextCommit.slice(0, 12)} during the run; the run for that commit reviews it`,
      pullRequestId: pr.pullRequestId,
      sourceCommit: pr.sourceCommit,
      gatePassed: false,
      // Its first batch (both inline posts) landed after the new run had listed the comments: it retired both.
      posted: 2,
      updated: 2,
    });
    const seen = await comments(pr.pullRequestId);
    const fingerprints = findings.map((finding) => finding.fingerprint);
    assert.deepStrictEqual(openMarkers(seen), [...fingerprints.map((fp) => `${fp} open`), 'summary open'].sort());
    assert.deepStrictEqual(
      seen.filter((comment) => comment.marker.endsWith('duplicate')).map((comment) => comment.marker),
      fingerprints.map((fingerprint) => `${fingerprint} duplicate`),
    );

    // A later run on the same commit: nothing left to fix, nothing written.
    const again = await handler(
      pullRequestEvent('pullRequestSourceBranchUpdated', { ...pr, sourceCommit: nextCommit }),
    );
    assert.deepStrictEqual({ posted: again.posted, updated: again.updated }, { posted: 0, updated: 0 });
  });

  it('a pull request closed mid-run gets no more writes, and the Lambda ends without failing', async () => {
    const repository = 'race-close';
    const pr = await openPullRequest(repository);
    const callsBefore = emulator.calls().length;
    emulator.setFaults([{ kind: 'hold', operation: 'CodeCommit.PostCommentForPullRequest', times: 1 }]);
    const run = handler(pullRequestEvent('pullRequestSourceBranchUpdated', pr));
    await emulator.waitForHeldCall('CodeCommit.PostCommentForPullRequest');
    await author.send(
      new UpdatePullRequestStatusCommand({ pullRequestId: pr.pullRequestId, pullRequestStatus: 'CLOSED' }),
    );
    emulator.releaseHeldCalls();
    const result = await run;
    assert.deepStrictEqual(result, {
      status: 'stopped',
      reason: `pull request ${pr.pullRequestId} was closed during the run`,
      pullRequestId: pr.pullRequestId,
      sourceCommit: pr.sourceCommit,
      gatePassed: false,
      // The batch in flight when it closed (both inline posts); nothing after it: no summary, no approval.
      posted: 2,
      updated: 0,
    });
    const writes = emulator
      .calls()
      .slice(callsBefore)
      .filter(
        (call) =>
          ['PostCommentForPullRequest', 'UpdateComment', 'UpdatePullRequestApprovalState'].includes(call.operation) &&
          call.status === 200,
      );
    assert.equal(writes.length, 2);
    assert.deepStrictEqual(
      (await comments(pr.pullRequestId)).map((comment) => comment.marker.replace(/^v1:[0-9a-f]{32} /, '')),
      ['open', 'open'],
    );
    // An event for the closed pull request is skipped, not failed.
    const late = await handler(pullRequestEvent('pullRequestSourceBranchUpdated', pr));
    assert.deepStrictEqual(late, { status: 'skipped', reason: `pull request ${pr.pullRequestId} is closed` });
  });

  it('trusts markers only on its own comments, rewrites its older <!-- --> ones, and posts no <!--', async () => {
    const repository = 'markers';
    const pr = await openPullRequest(repository);
    const [shell, evaluation] = fingerprinted(MAIN_AFTER, [B602, B307]);
    assert.ok(shell !== undefined && evaluation !== undefined);
    const target = {
      pullRequestId: pr.pullRequestId,
      repositoryName: repository,
      beforeCommitId: pr.mainCommit,
      afterCommitId: pr.sourceCommit,
    };
    // Someone else claims the finding is resolved and posts a passing "summary".
    const forgedFinding = `Resolved!\n\n[//]: # (devsecops:fingerprint=${shell.fingerprint} state=open)`;
    const forgedSummary = '✅ **Security gate passed**\n\n[//]: # (devsecops:summary)';
    await author.send(
      new PostCommentForPullRequestCommand({
        ...target,
        content: forgedFinding,
        location: { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' },
      }),
    );
    await author.send(new PostCommentForPullRequestCommand({ ...target, content: forgedSummary }));
    // The bot's own comment from an older version, with the HTML-comment marker.
    const legacy = await botAsClient.send(
      new PostCommentForPullRequestCommand({
        ...target,
        content: `old text\n<!-- devsecops:fingerprint=${evaluation.fingerprint} state=open -->`,
        location: { filePath: 'app/main.py', filePosition: 29, relativeFileVersion: 'AFTER' },
      }),
    );

    const result = await handler(pullRequestEvent('pullRequestSourceBranchUpdated', pr));
    assert.deepStrictEqual(
      { status: result.status, posted: result.posted, updated: result.updated },
      { status: 'posted', posted: 2, updated: 1 },
    );
    const seen = await comments(pr.pullRequestId);
    const mine = seen.filter((comment) => comment.author === callerArn(BOT_ACCESS_KEY_ID));
    assert.deepStrictEqual(
      mine.map((comment) => comment.marker).sort(),
      [`${shell.fingerprint} open`, `${evaluation.fingerprint} open`, 'summary open'].sort(),
    );
    assert.equal(
      mine.find((comment) => comment.commentId === legacy.comment?.commentId)?.marker,
      `${evaluation.fingerprint} open`,
    );
    assert.deepStrictEqual(
      seen.filter((comment) => comment.author === callerArn(AUTHOR_ACCESS_KEY_ID)).map((comment) => comment.content),
      [forgedFinding, forgedSummary],
    );
    assert.deepStrictEqual(
      mine.filter((comment) => comment.content.includes('<!--')),
      [],
    );
  });

  it("a review started by the PR build's event links the build log and its CodeBuild reports in the summary", async () => {
    const repository = 'build-links';
    const pr = await openPullRequest(repository);
    const event = JSON.parse(
      readFileSync(path.join(BOT_FIXTURES, 'events', 'codebuild-build-succeeded.json'), 'utf8'),
    ) as {
      detail: {
        'additional-information': { environment: { 'environment-variables': { name: string; value: string }[] } };
      };
    };
    const values: Readonly<Record<string, string>> = {
      pullRequestId: pr.pullRequestId,
      repositoryName: repository,
      sourceCommit: pr.sourceCommit,
      destinationCommit: pr.mainCommit,
    };
    for (const variable of event.detail['additional-information'].environment['environment-variables']) {
      variable.value = values[variable.name] ?? variable.value;
    }
    const result = await handler(event);
    assert.equal(result.status, 'posted');
    const summary = (await comments(pr.pullRequestId)).find((comment) => comment.marker === 'summary open');
    assert.ok(
      summary?.content.includes(
        'Pull request build: [build log](https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEvent:group=/aws/codebuild/SampleProjectName;stream=ed6aa685-0d76-41da-a7f5-6d8760f41f55) · ' +
          '[CodeBuild test reports](https://us-east-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/SampleProjectName/build/SampleProjectName%3Aed6aa685-0d76-41da-a7f5-6d8760f41f55/reports?region=us-east-1)',
      ),
      summary?.content,
    );
  });

  it('hostile tool names and fingerprints from the SARIF stay inert, and a re-run writes nothing', async () => {
    const repository = 'hostile';
    const pr = await openPullRequest(repository, []);
    const [shell] = fingerprinted(MAIN_AFTER, [B602]);
    assert.ok(shell !== undefined);
    const hostile: Finding = {
      ...shell,
      tool: 'evil](https://attacker.example) **APPROVED** | <b>x</b>',
      fingerprint: `v1:abc --> ) state=resolved\n[//]: # (devsecops:summary)`,
    };
    await upload(repository, pr.sourceCommit, [hostile]);
    const first = await handler(pullRequestEvent('pullRequestSourceBranchUpdated', pr));
    assert.deepStrictEqual({ status: first.status, posted: first.posted }, { status: 'posted', posted: 2 });
    const seen = await comments(pr.pullRequestId);
    assert.deepStrictEqual(
      seen.map((comment) => comment.marker.replace(/^v1:[0-9a-f]{32} /, 'v1:<32 hex> ')),
      ['v1:<32 hex> open', 'summary open'],
    );
    for (const comment of seen) {
      assert.ok(!comment.content.includes('<!--'), comment.content);
      // Escaped (`\]`): shown as text, never a link.
      assert.ok(!/(?<!\\)\]\(https:\/\/attacker/.test(comment.content), comment.content);
      assert.ok(!comment.content.includes('<b>'), comment.content);
    }
    const again = await handler(pullRequestEvent('pullRequestSourceBranchUpdated', pr));
    assert.deepStrictEqual({ posted: again.posted, updated: again.updated }, { posted: 0, updated: 0 });
  });
});
