import assert from 'node:assert/strict';
import {
  CreateBranchCommand,
  CreateCommitCommand,
  CreatePullRequestApprovalRuleCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  DeleteCommentContentCommand,
  EvaluatePullRequestApprovalRulesCommand,
  GetBranchCommand,
  GetCommentsForPullRequestCommand,
  GetDifferencesCommand,
  GetFileCommand,
  GetFolderCommand,
  MergePullRequestByFastForwardCommand,
  GetPullRequestApprovalStatesCommand,
  GetPullRequestCommand,
  ListPullRequestsCommand,
  PostCommentForPullRequestCommand,
  PostCommentReplyCommand,
  PutFileCommand,
  UpdateCommentCommand,
  UpdatePullRequestApprovalStateCommand,
  UpdatePullRequestStatusCommand,
  paginateGetCommentsForPullRequest,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import { createCodeCommitClient } from '@devsecops/shared/aws';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { GET_FILE_SIZE_LIMIT } from '../aws-emulator/codecommit/codecommit-service';
import { callerArn, commitWithGit, emulatorSettings, putFileOnNewBranch } from '../aws-emulator/testing';

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

describe('AWS emulator: CodeCommit through the SDK v3', function () {
  this.timeout(60_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let reviewer: CodeCommitClient;
  let mainCommit: string;
  let featureCommit: string;
  let pullRequestId: string;

  before(async () => {
    emulator = await startAwsEmulator();
    author = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: 'AKIDAUTHOR' }));
    reviewer = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: 'AKIDREVIEWER' }));
    await author.send(new CreateRepositoryCommand({ repositoryName: 'todo-app', repositoryDescription: 'demo' }));
    const first = await author.send(
      new CreateCommitCommand({
        repositoryName: 'todo-app',
        branchName: 'main',
        commitMessage: 'Initial commit',
        authorName: 'Ada',
        email: 'ada@example.com',
        putFiles: [
          { filePath: 'app/main.py', fileContent: text('import os\nprint("hi")\n') },
          { filePath: 'requirements.txt', fileContent: text('flask==2.0.0\n') },
        ],
      }),
    );
    mainCommit = first.commitId ?? '';
    const put = await putFileOnNewBranch(author, {
      repositoryName: 'todo-app',
      branchName: 'feature',
      parentCommitId: mainCommit,
      filePath: 'app/main.py',
      fileContent: text('import os\nimport subprocess\nsubprocess.call("ls", shell=True)\n'),
      commitMessage: 'Run a shell',
    });
    featureCommit = String(put.commitId);
    const created = await author.send(
      new CreatePullRequestCommand({
        title: 'Add a shell call',
        targets: [{ repositoryName: 'todo-app', sourceReference: 'feature', destinationReference: 'main' }],
      }),
    );
    assert.ok(created.pullRequest?.pullRequestId);
    pullRequestId = created.pullRequest.pullRequestId;
  });

  after(async () => {
    author.destroy();
    reviewer.destroy();
    await emulator.close();
  });

  it('keeps files in real git commits: GetFile, GetBranch and GetDifferences agree', async () => {
    const file = await author.send(
      new GetFileCommand({ repositoryName: 'todo-app', commitSpecifier: 'feature', filePath: 'app/main.py' }),
    );
    assert.equal(file.commitId, featureCommit);
    assert.equal(
      Buffer.from(file.fileContent ?? []).toString('utf8'),
      'import os\nimport subprocess\nsubprocess.call("ls", shell=True)\n',
    );
    assert.equal(file.fileMode, 'NORMAL');
    const branch = await author.send(new GetBranchCommand({ repositoryName: 'todo-app', branchName: 'feature' }));
    assert.deepEqual(branch.branch, { branchName: 'feature', commitId: featureCommit });
    const diff = await author.send(
      new GetDifferencesCommand({
        repositoryName: 'todo-app',
        beforeCommitSpecifier: mainCommit,
        afterCommitSpecifier: featureCommit,
      }),
    );
    assert.deepEqual(
      diff.differences?.map((d) => [d.changeType, d.beforeBlob?.path, d.afterBlob?.path]),
      [['M', 'app/main.py', 'app/main.py']],
    );
  });

  it('keeps binary files byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await author.send(
      new CreateBranchCommand({ repositoryName: 'todo-app', branchName: 'assets', commitId: mainCommit }),
    );
    await author.send(
      new PutFileCommand({
        repositoryName: 'todo-app',
        branchName: 'assets',
        parentCommitId: mainCommit,
        filePath: 'static/logo.bin',
        fileContent: bytes,
        fileMode: 'EXECUTABLE',
      }),
    );
    const file = await author.send(
      new GetFileCommand({ repositoryName: 'todo-app', commitSpecifier: 'assets', filePath: 'static/logo.bin' }),
    );
    assert.deepEqual(Buffer.from(file.fileContent ?? []), bytes);
    assert.equal(file.fileSize, 256);
    assert.equal(file.fileMode, 'EXECUTABLE');
  });

  it('refuses, as CodeCommit does, files over 6 MiB: CreateCommit will not take one, GetFile will not return one pushed with git', async () => {
    const tooLarge = Buffer.alloc(GET_FILE_SIZE_LIMIT + 1, 'a');
    await assert.rejects(
      author.send(
        new CreateCommitCommand({
          repositoryName: 'todo-app',
          branchName: 'main',
          parentCommitId: mainCommit,
          putFiles: [{ filePath: 'data/big.txt', fileContent: tooLarge }],
        }),
      ),
      (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
        error.name === 'FileContentSizeLimitExceededException' && error.$metadata?.httpStatusCode === 400,
    );
    const pushed = await commitWithGit(emulator, {
      repositoryName: 'todo-app',
      branchName: 'big-files',
      parentCommitId: mainCommit,
      files: {
        'data/big.txt': { content: tooLarge },
        'data/limit.txt': { content: Buffer.alloc(GET_FILE_SIZE_LIMIT, 'b') },
      },
    });
    await assert.rejects(
      author.send(
        new GetFileCommand({ repositoryName: 'todo-app', commitSpecifier: pushed, filePath: 'data/big.txt' }),
      ),
      (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
        error.name === 'FileTooLargeException' && error.$metadata?.httpStatusCode === 400,
    );
    const atLimit = await author.send(
      new GetFileCommand({ repositoryName: 'todo-app', commitSpecifier: 'big-files', filePath: 'data/limit.txt' }),
    );
    assert.equal(atLimit.fileSize, GET_FILE_SIZE_LIMIT);
    const differences = await author.send(
      new GetDifferencesCommand({
        repositoryName: 'todo-app',
        beforeCommitSpecifier: mainCommit,
        afterCommitSpecifier: pushed,
      }),
    );
    assert.deepEqual(
      differences.differences?.map((difference) => difference.afterBlob?.path),
      ['data/big.txt', 'data/limit.txt'],
    );
  });

  it('shows the pull request with its commits and revision', async () => {
    const { pullRequest } = await author.send(new GetPullRequestCommand({ pullRequestId }));
    assert.ok(pullRequest);
    assert.equal(pullRequest.pullRequestStatus, 'OPEN');
    assert.equal(pullRequest.authorArn, callerArn('AKIDAUTHOR'));
    assert.ok(pullRequest.creationDate instanceof Date);
    assert.deepEqual(pullRequest.pullRequestTargets?.[0], {
      repositoryName: 'todo-app',
      sourceReference: 'refs/heads/feature',
      destinationReference: 'refs/heads/main',
      sourceCommit: featureCommit,
      destinationCommit: mainCommit,
      mergeBase: mainCommit,
      mergeMetadata: { isMerged: false },
    });
    const list = await author.send(
      new ListPullRequestsCommand({ repositoryName: 'todo-app', pullRequestStatus: 'OPEN' }),
    );
    assert.deepEqual(list.pullRequestIds, [pullRequestId]);
  });

  it('posts inline comments, replies, edits and deletes them, and pages them', async () => {
    const posted = await reviewer.send(
      new PostCommentForPullRequestCommand({
        pullRequestId,
        repositoryName: 'todo-app',
        beforeCommitId: mainCommit,
        afterCommitId: featureCommit,
        location: { filePath: 'app/main.py', filePosition: 3, relativeFileVersion: 'AFTER' },
        content: 'B602: subprocess call with shell=True',
      }),
    );
    assert.ok(posted.afterBlobId);
    const commentId = posted.comment?.commentId ?? '';
    const reply = await author.send(new PostCommentReplyCommand({ inReplyTo: commentId, content: 'Fixed next.' }));
    await reviewer.send(
      new UpdateCommentCommand({ commentId, content: 'B602 (high): subprocess call with shell=True' }),
    );
    await author.send(new DeleteCommentContentCommand({ commentId: reply.comment?.commentId ?? '' }));
    const threads = await author.send(new GetCommentsForPullRequestCommand({ pullRequestId }));
    assert.equal(threads.commentsForPullRequestData?.length, 1);
    const [thread] = threads.commentsForPullRequestData ?? [];
    assert.ok(thread);
    assert.deepEqual(thread.location, { filePath: 'app/main.py', filePosition: 3, relativeFileVersion: 'AFTER' });
    assert.deepEqual(
      (thread.comments ?? []).map((c) => [c.content, c.deleted, c.authorArn, c.inReplyTo]),
      [
        ['B602 (high): subprocess call with shell=True', false, callerArn('AKIDREVIEWER'), undefined],
        ['', true, callerArn('AKIDAUTHOR'), commentId],
      ],
    );
    for (let line = 1; line <= 3; line++) {
      await reviewer.send(
        new PostCommentForPullRequestCommand({
          pullRequestId,
          repositoryName: 'todo-app',
          beforeCommitId: mainCommit,
          afterCommitId: featureCommit,
          location: { filePath: 'app/main.py', filePosition: line, relativeFileVersion: line < 3 ? 'BEFORE' : 'AFTER' },
          content: `note ${line}`,
        }),
      );
    }
    const pages: number[] = [];
    for await (const page of paginateGetCommentsForPullRequest({ client: author, pageSize: 2 }, { pullRequestId }))
      pages.push(page.commentsForPullRequestData?.length ?? 0);
    // Thread 1 (line 3 AFTER) got "note 3" too; lines 1 and 2 BEFORE are new threads: 3 threads in pages of 2.
    assert.deepEqual(pages, [2, 1]);
  });

  it('evaluates approval rules against approvals of the current revision', async () => {
    await author.send(
      new CreatePullRequestApprovalRuleCommand({
        pullRequestId,
        approvalRuleName: 'one-reviewer',
        approvalRuleContent: JSON.stringify({
          Version: '2018-11-08',
          Statements: [
            {
              Type: 'Approvers',
              NumberOfApprovalsNeeded: 1,
              ApprovalPoolMembers: ['arn:aws:iam::123456789012:user/*'],
            },
          ],
        }),
      }),
    );
    const { pullRequest } = await author.send(new GetPullRequestCommand({ pullRequestId }));
    assert.ok(pullRequest?.revisionId);
    const { revisionId } = pullRequest;
    const before = await author.send(new EvaluatePullRequestApprovalRulesCommand({ pullRequestId, revisionId }));
    assert.deepEqual(before.evaluation, {
      approved: false,
      overridden: false,
      approvalRulesSatisfied: [],
      approvalRulesNotSatisfied: ['one-reviewer'],
    });
    await reviewer.send(
      new UpdatePullRequestApprovalStateCommand({ pullRequestId, revisionId, approvalState: 'APPROVE' }),
    );
    const states = await author.send(new GetPullRequestApprovalStatesCommand({ pullRequestId, revisionId }));
    assert.deepEqual(states.approvals, [{ userArn: callerArn('AKIDREVIEWER'), approvalState: 'APPROVE' }]);
    const after = await author.send(new EvaluatePullRequestApprovalRulesCommand({ pullRequestId, revisionId }));
    assert.equal(after.evaluation?.approved, true);
  });

  it('starts a new revision when the source branch moves, and closes on request', async () => {
    const { pullRequest: before } = await author.send(new GetPullRequestCommand({ pullRequestId }));
    await author.send(
      new PutFileCommand({
        repositoryName: 'todo-app',
        branchName: 'feature',
        parentCommitId: featureCommit,
        filePath: 'README.md',
        fileContent: text('# todo\n'),
      }),
    );
    const { pullRequest: after } = await author.send(new GetPullRequestCommand({ pullRequestId }));
    assert.notEqual(after?.revisionId, before?.revisionId);
    const states = await author.send(
      new GetPullRequestApprovalStatesCommand({ pullRequestId, revisionId: after?.revisionId ?? '' }),
    );
    assert.deepEqual(states.approvals, []);
    const closed = await author.send(
      new UpdatePullRequestStatusCommand({ pullRequestId, pullRequestStatus: 'CLOSED' }),
    );
    assert.equal(closed.pullRequest?.pullRequestStatus, 'CLOSED');
  });

  it('lists folders and merges a pull request by fast-forward', async () => {
    const folder = await author.send(
      new GetFolderCommand({ repositoryName: 'todo-app', commitSpecifier: mainCommit, folderPath: '/' }),
    );
    assert.deepEqual(
      folder.subFolders?.map((f) => f.absolutePath),
      ['app'],
    );
    assert.deepEqual(
      folder.files?.map((f) => f.absolutePath),
      ['requirements.txt'],
    );
    const main = await author.send(new GetBranchCommand({ repositoryName: 'todo-app', branchName: 'main' }));
    const base = main.branch?.commitId ?? '';
    const put = await putFileOnNewBranch(author, {
      repositoryName: 'todo-app',
      branchName: 'ff',
      parentCommitId: base,
      filePath: 'CHANGELOG.md',
      fileContent: text('- ff\n'),
    });
    const created = await author.send(
      new CreatePullRequestCommand({ title: 'ff', targets: [{ repositoryName: 'todo-app', sourceReference: 'ff' }] }),
    );
    const merged = await reviewer.send(
      new MergePullRequestByFastForwardCommand({
        pullRequestId: created.pullRequest?.pullRequestId ?? '',
        repositoryName: 'todo-app',
      }),
    );
    const [target] = merged.pullRequest?.pullRequestTargets ?? [];
    assert.equal(merged.pullRequest?.pullRequestStatus, 'CLOSED');
    assert.deepEqual(target?.mergeMetadata, {
      isMerged: true,
      mergedBy: callerArn('AKIDREVIEWER'),
      mergeOption: 'FAST_FORWARD_MERGE',
      mergeCommitId: put.commitId,
    });
    const after = await author.send(new GetBranchCommand({ repositoryName: 'todo-app', branchName: 'main' }));
    assert.equal(after.branch?.commitId, put.commitId);
  });
});
