import assert from 'node:assert/strict';
import {
  CreatePullRequestCommand,
  GetCommentsForPullRequestCommand,
  GetRepositoryCommand,
  PostCommentForPullRequestCommand,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import { ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { createCodeCommitClient, createCodePipelineClient, AwsPipelineClient } from '@devsecops/shared/aws';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { FINDINGS_BUCKET } from '../aws-emulator/fixtures';
import { emulatorSettings, FAST_POLL, putFileOnNewBranch, seedDemoCloud } from '../aws-emulator/testing';

describe('AWS emulator: SDK retries under injected faults, and nothing happens twice', function () {
  this.timeout(120_000);
  let emulator: AwsEmulator;
  let commit: string;

  beforeEach(async () => {
    emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET] });
    ({ commit } = await seedDemoCloud(emulator));
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('completes a pipeline run through throttling, 5xx and a lost answer, with exactly one execution', async () => {
    emulator.setFaults([
      { kind: 'throttle', operation: 'StartPipelineExecution', times: 1 },
      { kind: 'server-error', operation: 'StartPipelineExecution', times: 1 },
      // The execution starts, but the answer never arrives: only the token keeps the retry from starting another.
      { kind: 'drop-after', operation: 'StartPipelineExecution', times: 1 },
      { kind: 'throttle', operation: 'GetPipelineExecution', rate: 0.5, times: 4 },
      { kind: 'server-error', operation: 'ListActionExecutions', times: 2 },
      { kind: 'drop', operation: 'GetPipeline', times: 1 },
      { kind: 'slow', operation: 'GetPipelineState', delayMs: 100, times: 2 },
    ]);
    const client = AwsPipelineClient.fromSettings(emulatorSettings(emulator, { maxAttempts: 6 }), {
      endpoint: emulator.s3Endpoint,
    });
    try {
      const executionId = await client.startPipeline({ pipelineName: 'devsecops', commit });
      const end = await client.followPipeline('devsecops', executionId, { schedule: FAST_POLL });
      assert.equal(end.status, 'Succeeded');
      const stored = await client.loadFindings({ bucket: FINDINGS_BUCKET, repository: 'todo-app', commit });
      assert.deepEqual(
        stored.map((s) => s.stage),
        ['hadolint', 'sast', 'sca'],
      );
    } finally {
      client.destroy();
    }
    const codepipeline = createCodePipelineClient(emulatorSettings(emulator));
    const executions = await codepipeline.send(new ListPipelineExecutionsCommand({ pipelineName: 'devsecops' }));
    codepipeline.destroy();
    assert.equal(executions.pipelineExecutionSummaries?.length, 1);
    const starts = emulator
      .calls()
      .filter((c) => c.operation === 'StartPipelineExecution')
      .map((c) => [c.status, c.errorName, c.fault, c.replayed]);
    assert.deepEqual(starts, [
      [400, 'ThrottlingException', 'throttle', false],
      [500, 'InternalFailure', 'server-error', false],
      [0, undefined, 'drop-after', false],
      [200, undefined, undefined, true],
    ]);
    const faultsSeen = new Set(emulator.calls().map((c) => c.fault));
    for (const kind of ['throttle', 'server-error', 'drop', 'drop-after', 'slow'])
      assert.ok(faultsSeen.has(kind), kind);
  });

  it('posts one comment when the first answer is lost (the SDK retries with the same client request token)', async () => {
    const client: CodeCommitClient = createCodeCommitClient(emulatorSettings(emulator, { maxAttempts: 4 }));
    try {
      const put = await putFileOnNewBranch(client, {
        repositoryName: 'todo-app',
        branchName: 'fix',
        parentCommitId: commit,
        filePath: 'app/main.py',
        fileContent: Buffer.from('print("fixed")\n'),
      });
      const { pullRequest } = await client.send(
        new CreatePullRequestCommand({
          title: 'Fix',
          targets: [{ repositoryName: 'todo-app', sourceReference: 'fix', destinationReference: 'main' }],
        }),
      );
      assert.ok(pullRequest?.pullRequestId);
      emulator.setFaults([{ kind: 'drop-after', operation: 'PostCommentForPullRequest', times: 1 }]);
      await client.send(
        new PostCommentForPullRequestCommand({
          pullRequestId: pullRequest.pullRequestId,
          repositoryName: 'todo-app',
          beforeCommitId: commit,
          afterCommitId: put.commitId,
          location: { filePath: 'app/main.py', filePosition: 1, relativeFileVersion: 'AFTER' },
          content: 'Looks fixed.',
        }),
      );
      const comments = await client.send(
        new GetCommentsForPullRequestCommand({ pullRequestId: pullRequest.pullRequestId }),
      );
      assert.deepEqual(
        comments.commentsForPullRequestData?.flatMap((t) => (t.comments ?? []).map((c) => c.content)),
        ['Looks fixed.'],
      );
    } finally {
      client.destroy();
    }
  });

  it('takes fault rules over its admin API and reports the calls it saw', async () => {
    const put = await fetch(`${emulator.endpoint}/__emulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ kind: 'throttle', operation: 'CodeCommit.GetRepository', times: 2 }] }),
    });
    assert.equal(put.status, 200);
    const client = createCodeCommitClient(emulatorSettings(emulator, { maxAttempts: 1 }));
    try {
      await assert.rejects(client.send(new GetRepositoryCommand({ repositoryName: 'todo-app' })), {
        name: 'ThrottlingException',
        message: 'Rate exceeded',
      });
    } finally {
      client.destroy();
    }
    const retrying = createCodeCommitClient(emulatorSettings(emulator, { maxAttempts: 3 }));
    try {
      const answer = await retrying.send(new GetRepositoryCommand({ repositoryName: 'todo-app' }));
      assert.equal(answer.repositoryMetadata?.repositoryName, 'todo-app');
      assert.equal(answer.$metadata.attempts, 2);
      assert.match(answer.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    } finally {
      retrying.destroy();
    }
    const calls = (await (await fetch(`${emulator.endpoint}/__emulator/calls`)).json()) as {
      calls: { operation: string; errorName?: string }[];
    };
    assert.deepEqual(
      calls.calls.filter((c) => c.operation === 'GetRepository').map((c) => c.errorName ?? 'ok'),
      ['ThrottlingException', 'ThrottlingException', 'ok'],
    );
  });
});
