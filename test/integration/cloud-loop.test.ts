import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client } from '@devsecops/shared/src/aws/client-factory';
import { emulatorS3Settings } from '../aws-emulator/testing';
import { INTERNET_STEP_STAND_INS } from '../cloud-loop/codebuild-image';
import {
  approvalStates,
  baselinePolicy,
  botRunAfterBuild,
  openPullRequest,
  pullRequestComments,
  pullRequestProjectId,
  pushFix,
  pushTodoAppToMain,
  startCloudLoop,
  TODO_APP,
  waitFor,
  type CloudLoop,
} from '../cloud-loop/cloud-loop';

/** The line the pull request's pin is added on: after the example's own requirements. */
const PIN_LINE = readFileSync(join(TODO_APP, 'requirements.txt'), 'utf8').trimEnd().split('\n').length + 1;

/** The bot's invocations, for a failure message: what it printed and how it ended. */
function botLogs(loop: CloudLoop): string {
  return loop.stack.invocations
    .map(
      (call) =>
        `${call.functionName}: ${call.invocation.error ?? JSON.stringify(call.invocation.result)}\n${call.invocation.logs}`,
    )
    .join('\n');
}

/*
 * Issue 11's loop, on the emulator: the CDK app's template stood up (repository, CodeBuild projects with their
 * inlined buildspecs and variables, buckets, the CLI bundle asset, EventBridge rules, the bot's Lambda from its
 * asset folder), then a push, a pull request and a fix, each reaction driven only by the events the emulator
 * emits and the rules the template declares. What cannot run here (the pipeline, internet downloads) is listed
 * by the stand-up and by the image stand-in, and checked to be exactly that.
 */
describe('the cloud loop on the emulator (synthesized template, real buildspecs, real CLI bundle, real bot)', function () {
  this.timeout(900_000);
  let loop: CloudLoop;

  before(async () => {
    loop = await startCloudLoop();
  });
  after(async () => {
    await loop.close();
  });

  it('stands up what the template declares, and names what it does not', () => {
    deepStrictEqual([...loop.stack.repositories.values()], ['todo-app']);
    deepStrictEqual(loop.stack.projects.size, 5);
    deepStrictEqual([...loop.stack.functions.values()].length, 2);
    deepStrictEqual(loop.stack.rules.length, 4);
    // The pipeline and the approval-rule template have no emulator counterpart; main's push reaches no pipeline.
    ok(loop.stack.notStoodUp.some((entry) => entry.includes('AWS::CodePipeline::Pipeline')));
    ok(loop.stack.notStoodUp.some((entry) => entry.includes('Custom::CodeCommitApprovalRuleTemplate')));
    ok(loop.stack.notStoodUp.some((entry) => entry.includes(':codepipeline:')));
    // The image stand-in replaced exactly the steps that download from the internet, in the PR build.
    deepStrictEqual(
      [...(loop.image.standIns.get(pullRequestProjectId(loop.stack)) ?? [])].sort(),
      Object.keys(INTERNET_STEP_STAND_INS).sort(),
    );
  });

  it('push, pull request, fix: the real buildspec and CLI bundle scan, the SARIF lands at the documented keys, the bot comments, revokes, tombstones and approves', async () => {
    const s3 = createS3Client(emulatorS3Settings(loop.emulator));
    try {
      const main = await pushTodoAppToMain(loop, baselinePolicy());
      const { pullRequestId, sourceCommit } = await openPullRequest(loop, main);

      // pullRequestCreated → the PR build (CodeBuild target with the rule's InputTransformer) and the bot (which
      // has no reports yet); the build's end → the bot again, which now reads the reports.
      const firstReview = await waitFor('the bot to review the first build', botRunAfterBuild(loop, sourceCommit));
      strictEqual(firstReview.error, undefined, botLogs(loop));
      const build = loop.emulator.codebuild;
      const buildId = String(
        loop.emulator.events.deliveries.find(
          (delivery) => delivery.rule.startsWith('PullRequestBuildTrigger') && delivery.result !== undefined,
        )?.result,
      );
      const log = build.buildLog(buildId).join('\n');
      // The real bundle came from the emulator's S3 at the asset's location, and passed its pinned SHA-256.
      const served = readFileSync(loop.cliBundle.path);
      strictEqual(createHash('sha256').update(served).digest('hex'), loop.cliBundle.sha256);
      ok(log.includes(': OK'), 'sha256sum --check passed');
      ok(log.includes('devsecops pipeline run'), log.slice(-2000));
      ok(log.includes('WARNING: devsecops db update failed'), 'offline, the advisory refresh fails as a warning');

      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: loop.findingsBucket, Prefix: `todo-app/${sourceCommit}/` }),
      );
      const keys = (listed.Contents ?? []).map((object) => String(object.Key));
      for (const action of ['sca', 'sast', 'hadolint']) {
        ok(keys.includes(`todo-app/${sourceCommit}/${action}.sarif`), `${action}.sarif in ${keys.join(', ')}`);
        ok(keys.includes(`todo-app/${sourceCommit}/${action}-junit.xml`), `${action}-junit.xml`);
      }
      const sast = await s3.send(
        new GetObjectCommand({ Bucket: loop.findingsBucket, Key: `todo-app/${sourceCommit}/sast.sarif` }),
      );
      const sastLog = JSON.parse((await sast.Body?.transformToString()) ?? '{}') as {
        runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[];
      };
      ok(
        sastLog.runs.some((run) => run.results.some((result) => result.ruleId === 'B602' && !result.suppressions)),
        'the new shell=True is an unsuppressed B602',
      );

      const comments = await pullRequestComments(loop, pullRequestId);
      const inline = comments.filter((comment) => comment.filePath !== undefined && !comment.deleted);
      const summaries = comments.filter((comment) => comment.filePath === undefined);
      deepStrictEqual(
        [...new Set(inline.map((comment) => `${String(comment.filePath)}:${String(comment.filePosition)}`))].sort(),
        [`requirements.txt:${String(PIN_LINE)}`, 'todo_app/export.py:1', 'todo_app/export.py:5'],
      );
      strictEqual(summaries.length, 1, 'one summary comment');
      // The bot set REVOKE (its Lambda's answer); CodeCommit lists approvals only, so none is left.
      strictEqual((firstReview.result as { approval?: string }).approval, 'REVOKE');
      deepStrictEqual(await approvalStates(loop, pullRequestId), []);

      // The fix: pullRequestSourceBranchUpdated → a new build → the bot tombstones and approves.
      const fixed = await pushFix(loop, sourceCommit);
      const secondReview = await waitFor('the bot to review the fix', botRunAfterBuild(loop, fixed));
      strictEqual(secondReview.error, undefined, botLogs(loop));
      const after = await pullRequestComments(loop, pullRequestId);
      const resolved = after.filter((comment) => String(comment.content).includes('**Resolved**'));
      // Every comment of the first review becomes a tombstone, except the one on `import subprocess` (B404, still
      // reported): one per finding, so the pin's two advisories are two comments.
      deepStrictEqual(
        resolved.map((comment) => comment.commentId).sort(),
        inline
          .filter((comment) => !(comment.filePath === 'todo_app/export.py' && comment.filePosition === 1))
          .map((comment) => comment.commentId)
          .sort(),
      );
      deepStrictEqual(
        [...new Set(resolved.map((comment) => `${String(comment.filePath)}:${String(comment.filePosition)}`))].sort(),
        [`requirements.txt:${String(PIN_LINE)}`, 'todo_app/export.py:5'],
      );
      strictEqual(after.filter((comment) => comment.filePath === undefined).length, 1, 'still one summary');
      strictEqual((secondReview.result as { approval?: string }).approval, 'APPROVE');
      deepStrictEqual(await approvalStates(loop, pullRequestId), ['APPROVE']);
    } finally {
      s3.destroy();
    }
  });
});
