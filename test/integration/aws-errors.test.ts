import assert from 'node:assert/strict';
import { CreateProjectCommand, StartBuildCommand, type CodeBuildClient } from '@aws-sdk/client-codebuild';
import {
  CodeCommitServiceException,
  CommentContentSizeLimitExceededException,
  CreateBranchCommand,
  CreateCommitCommand,
  CreatePullRequestApprovalRuleCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  DeleteCommentContentCommand,
  EvaluatePullRequestApprovalRulesCommand,
  GetBranchCommand,
  GetFileCommand,
  GetPullRequestCommand,
  GetRepositoryCommand,
  ListBranchesCommand,
  PostCommentForPullRequestCommand,
  PostCommentReplyCommand,
  PutFileCommand,
  RepositoryDoesNotExistException,
  UpdateCommentCommand,
  UpdatePullRequestApprovalStateCommand,
  UpdatePullRequestStatusCommand,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import {
  CreatePipelineCommand,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  PipelineNotFoundException,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type CodePipelineClient,
} from '@aws-sdk/client-codepipeline';
import {
  createCodeBuildClient,
  createCodeCommitClient,
  createCodePipelineClient,
  AwsPipelineClient,
} from '@devsecops/shared/aws';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { devsecopsPipeline, FINDINGS_BUCKET, stageProject } from '../aws-emulator/fixtures';
import { emulatorSettings, errorName, putFileOnNewBranch, seedDemoCloud } from '../aws-emulator/testing';

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');
const MISSING_COMMENT = '00000000-0000-4000-8000-000000000000';

describe('AWS emulator: documented errors arrive as the SDK error classes', function () {
  this.timeout(60_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let reviewer: CodeCommitClient;
  let codebuild: CodeBuildClient;
  let codepipeline: CodePipelineClient;
  let commit: string;
  let featureCommit: string;
  let pullRequestId: string;
  let revisionId: string;
  let commentId: string;

  before(async () => {
    emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET] });
    ({ commit } = await seedDemoCloud(emulator));
    author = createCodeCommitClient(emulatorSettings(emulator, { maxAttempts: 1 }));
    reviewer = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: 'AKIDREVIEWER', maxAttempts: 1 }));
    codebuild = createCodeBuildClient(emulatorSettings(emulator, { maxAttempts: 1 }));
    codepipeline = createCodePipelineClient(emulatorSettings(emulator, { maxAttempts: 1 }));
    featureCommit = String(
      (
        await putFileOnNewBranch(author, {
          repositoryName: 'todo-app',
          branchName: 'feature',
          parentCommitId: commit,
          filePath: 'app/main.py',
          fileContent: text('print("one line")\n'),
        })
      ).commitId,
    );
    const { pullRequest } = await author.send(
      new CreatePullRequestCommand({
        title: 'Feature',
        clientRequestToken: 'pr-token-1',
        targets: [{ repositoryName: 'todo-app', sourceReference: 'feature' }],
      }),
    );
    assert.ok(pullRequest?.pullRequestId && pullRequest.revisionId);
    pullRequestId = pullRequest.pullRequestId;
    revisionId = pullRequest.revisionId;
    const posted = await reviewer.send(
      new PostCommentForPullRequestCommand({
        pullRequestId,
        repositoryName: 'todo-app',
        beforeCommitId: commit,
        afterCommitId: featureCommit,
        content: 'Reviewer comment',
      }),
    );
    commentId = posted.comment?.commentId ?? '';
  });

  after(async () => {
    for (const client of [author, reviewer, codebuild, codepipeline]) client.destroy();
    await emulator.close();
  });

  const comment = (overrides: Partial<ConstructorParameters<typeof PostCommentForPullRequestCommand>[0]>) =>
    author.send(
      new PostCommentForPullRequestCommand({
        pullRequestId,
        repositoryName: 'todo-app',
        beforeCommitId: commit,
        afterCommitId: featureCommit,
        content: 'x',
        ...overrides,
      }),
    );

  const codecommitCases: [string, () => Promise<unknown>][] = [
    ['RepositoryNameExistsException', () => author.send(new CreateRepositoryCommand({ repositoryName: 'todo-app' }))],
    ['RepositoryDoesNotExistException', () => author.send(new GetRepositoryCommand({ repositoryName: 'nope' }))],
    ['InvalidRepositoryNameException', () => author.send(new GetRepositoryCommand({ repositoryName: 'has space' }))],
    [
      'RepositoryNameRequiredException',
      () => author.send(new GetRepositoryCommand({} as ConstructorParameters<typeof GetRepositoryCommand>[0])),
    ],
    [
      'BranchDoesNotExistException',
      () => author.send(new GetBranchCommand({ repositoryName: 'todo-app', branchName: 'gone' })),
    ],
    [
      'BranchNameExistsException',
      () =>
        author.send(new CreateBranchCommand({ repositoryName: 'todo-app', branchName: 'feature', commitId: commit })),
    ],
    [
      'CommitDoesNotExistException',
      () =>
        author.send(new CreateBranchCommand({ repositoryName: 'todo-app', branchName: 'x', commitId: '0'.repeat(40) })),
    ],
    [
      'FileDoesNotExistException',
      () => author.send(new GetFileCommand({ repositoryName: 'todo-app', filePath: 'missing.txt' })),
    ],
    [
      'CommitDoesNotExistException',
      () =>
        author.send(
          new GetFileCommand({ repositoryName: 'todo-app', filePath: 'app/main.py', commitSpecifier: 'nobranch' }),
        ),
    ],
    [
      'ParentCommitIdRequiredException',
      () =>
        author.send(
          new PutFileCommand({
            repositoryName: 'todo-app',
            branchName: 'main',
            filePath: 'a.txt',
            fileContent: text('a'),
          }),
        ),
    ],
    [
      'ParentCommitIdOutdatedException',
      () =>
        author.send(
          new PutFileCommand({
            repositoryName: 'todo-app',
            branchName: 'feature',
            parentCommitId: commit,
            filePath: 'a.txt',
            fileContent: text('a'),
          }),
        ),
    ],
    [
      'SameFileContentException',
      () =>
        author.send(
          new PutFileCommand({
            repositoryName: 'todo-app',
            branchName: 'feature',
            parentCommitId: featureCommit,
            filePath: 'app/main.py',
            fileContent: text('print("one line")\n'),
          }),
        ),
    ],
    [
      'FileEntryRequiredException',
      () =>
        author.send(
          new CreateCommitCommand({ repositoryName: 'todo-app', branchName: 'feature', parentCommitId: featureCommit }),
        ),
    ],
    [
      'ReferenceDoesNotExistException',
      () =>
        author.send(
          new CreatePullRequestCommand({
            title: 't',
            targets: [{ repositoryName: 'todo-app', sourceReference: 'nope' }],
          }),
        ),
    ],
    [
      'SourceAndDestinationAreSameException',
      () =>
        author.send(
          new CreatePullRequestCommand({
            title: 't',
            targets: [{ repositoryName: 'todo-app', sourceReference: 'main', destinationReference: 'main' }],
          }),
        ),
    ],
    [
      'TitleRequiredException',
      () =>
        author.send(
          new CreatePullRequestCommand({
            title: '',
            targets: [{ repositoryName: 'todo-app', sourceReference: 'feature' }],
          }),
        ),
    ],
    [
      'IdempotencyParameterMismatchException',
      () =>
        author.send(
          new CreatePullRequestCommand({
            title: 'A different title',
            clientRequestToken: 'pr-token-1',
            targets: [{ repositoryName: 'todo-app', sourceReference: 'feature' }],
          }),
        ),
    ],
    ['PullRequestDoesNotExistException', () => author.send(new GetPullRequestCommand({ pullRequestId: '999' }))],
    ['InvalidPullRequestIdException', () => author.send(new GetPullRequestCommand({ pullRequestId: 'abc' }))],
    ['CommentContentRequiredException', () => comment({ content: '' })],
    ['CommentContentSizeLimitExceededException', () => comment({ content: 'x'.repeat(10_241) })],
    [
      'InvalidFilePositionException',
      () => comment({ location: { filePath: 'app/main.py', filePosition: 2, relativeFileVersion: 'AFTER' } }),
    ],
    [
      'InvalidRelativeFileVersionEnumException',
      () =>
        comment({
          location: { filePath: 'app/main.py', filePosition: 1, relativeFileVersion: 'MIDDLE' as 'AFTER' },
        }),
    ],
    [
      'PathDoesNotExistException',
      () => comment({ location: { filePath: 'nowhere.py', filePosition: 1, relativeFileVersion: 'AFTER' } }),
    ],
    ['BeforeCommitIdAndAfterCommitIdAreSameException', () => comment({ beforeCommitId: featureCommit })],
    ['InvalidCommitIdException', () => comment({ beforeCommitId: 'main' })],
    ['RepositoryDoesNotExistException', () => comment({ repositoryName: 'other' })],
    [
      'CommentDoesNotExistException',
      () => author.send(new PostCommentReplyCommand({ inReplyTo: MISSING_COMMENT, content: 'x' })),
    ],
    [
      'InvalidCommentIdException',
      () => author.send(new PostCommentReplyCommand({ inReplyTo: 'not-an-id', content: 'x' })),
    ],
    [
      'CommentNotCreatedByCallerException',
      () => author.send(new UpdateCommentCommand({ commentId, content: 'edited' })),
    ],
    [
      'InvalidApprovalRuleContentException',
      () =>
        author.send(
          new CreatePullRequestApprovalRuleCommand({
            pullRequestId,
            approvalRuleName: 'r',
            approvalRuleContent: '{"Version":1}',
          }),
        ),
    ],
    [
      'PullRequestCannotBeApprovedByAuthorException',
      () =>
        author.send(new UpdatePullRequestApprovalStateCommand({ pullRequestId, revisionId, approvalState: 'APPROVE' })),
    ],
    [
      'RevisionNotCurrentException',
      () =>
        reviewer.send(
          new UpdatePullRequestApprovalStateCommand({
            pullRequestId,
            revisionId: 'a'.repeat(64),
            approvalState: 'APPROVE',
          }),
        ),
    ],
    [
      'InvalidRevisionIdException',
      () => author.send(new EvaluatePullRequestApprovalRulesCommand({ pullRequestId, revisionId: 'short' })),
    ],
    [
      'InvalidContinuationTokenException',
      () => author.send(new ListBranchesCommand({ repositoryName: 'todo-app', nextToken: 'not a token' })),
    ],
  ];

  const titles = new Map<string, number>();
  for (const [expected, call] of codecommitCases) {
    const seen = (titles.get(expected) ?? 0) + 1;
    titles.set(expected, seen);
    it(`CodeCommit: ${expected}${seen > 1 ? ` (case ${seen})` : ''}`, async () => {
      assert.equal(await errorName(call), expected);
    });
  }

  it('CodeCommit: errors are instances of the SDK classes, with the message and request id', async () => {
    const error = await author.send(new GetRepositoryCommand({ repositoryName: 'nope' })).catch((e: unknown) => e);
    assert.ok(error instanceof RepositoryDoesNotExistException);
    assert.ok(error instanceof CodeCommitServiceException);
    assert.equal(error.message, 'nope does not exist');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    const tooLong = await comment({ content: 'x'.repeat(10_241) }).catch((e: unknown) => e);
    assert.ok(tooLong instanceof CommentContentSizeLimitExceededException);
    const atLimit = await comment({ content: 'x'.repeat(10_240) });
    assert.equal(atLimit.comment?.content?.length, 10_240);
  });

  it('CodeCommit: deleted comments and closed pull requests', async () => {
    const own = await author.send(new PostCommentReplyCommand({ inReplyTo: commentId, content: 'Mine' }));
    const ownId = own.comment?.commentId ?? '';
    await author.send(new DeleteCommentContentCommand({ commentId: ownId }));
    assert.equal(
      await errorName(() => author.send(new UpdateCommentCommand({ commentId: ownId, content: 'again' }))),
      'CommentDeletedException',
    );
    assert.equal(
      await errorName(() => author.send(new DeleteCommentContentCommand({ commentId: ownId }))),
      'CommentDeletedException',
    );
    await author.send(
      new CreatePullRequestApprovalRuleCommand({
        pullRequestId,
        approvalRuleName: 'one',
        approvalRuleContent: JSON.stringify({
          Version: '2018-11-08',
          Statements: [{ Type: 'Approvers', NumberOfApprovalsNeeded: 1 }],
        }),
      }),
    );
    assert.equal(
      await errorName(() =>
        author.send(
          new CreatePullRequestApprovalRuleCommand({
            pullRequestId,
            approvalRuleName: 'one',
            approvalRuleContent: JSON.stringify({
              Version: '2018-11-08',
              Statements: [{ Type: 'Approvers', NumberOfApprovalsNeeded: 2 }],
            }),
          }),
        ),
      ),
      'ApprovalRuleNameAlreadyExistsException',
    );
    await author.send(new UpdatePullRequestStatusCommand({ pullRequestId, pullRequestStatus: 'CLOSED' }));
    assert.equal(
      await errorName(() =>
        reviewer.send(
          new UpdatePullRequestApprovalStateCommand({ pullRequestId, revisionId, approvalState: 'APPROVE' }),
        ),
      ),
      'PullRequestAlreadyClosedException',
    );
    assert.equal(
      await errorName(() =>
        author.send(new UpdatePullRequestStatusCommand({ pullRequestId, pullRequestStatus: 'OPEN' })),
      ),
      'InvalidPullRequestStatusUpdateException',
    );
  });

  it('CodeBuild: ResourceNotFoundException, ResourceAlreadyExistsException, InvalidInputException', async () => {
    assert.equal(
      await errorName(() => codebuild.send(new StartBuildCommand({ projectName: 'nope' }))),
      'ResourceNotFoundException',
    );
    assert.equal(
      await errorName(() => codebuild.send(new CreateProjectCommand(stageProject('devsecops-stage', 'todo-app')))),
      'ResourceAlreadyExistsException',
    );
    assert.equal(
      await errorName(() => codebuild.send(new CreateProjectCommand(stageProject('bad name!', 'todo-app')))),
      'InvalidInputException',
    );
  });

  it('CodePipeline: not found, name in use, invalid structure, validation, not stoppable, bad token', async () => {
    const notFound = await codepipeline.send(new GetPipelineCommand({ name: 'nope' })).catch((e: unknown) => e);
    assert.ok(notFound instanceof PipelineNotFoundException);
    assert.equal(
      await errorName(() =>
        codepipeline.send(new CreatePipelineCommand({ pipeline: devsecopsPipeline('devsecops', 'todo-app') })),
      ),
      'PipelineNameInUseException',
    );
    const oneStage = devsecopsPipeline('one-stage', 'todo-app');
    assert.equal(
      await errorName(() =>
        codepipeline.send(
          new CreatePipelineCommand({ pipeline: { ...oneStage, stages: oneStage.stages.slice(0, 1) } }),
        ),
      ),
      'InvalidStructureException',
    );
    assert.equal(
      await errorName(() => codepipeline.send(new StartPipelineExecutionCommand({ name: 'bad name!' }))),
      'ValidationException',
    );
    assert.equal(
      await errorName(() =>
        codepipeline.send(
          new GetPipelineExecutionCommand({
            pipelineName: 'devsecops',
            pipelineExecutionId: '00000000-0000-4000-8000-000000000000',
          }),
        ),
      ),
      'PipelineExecutionNotFoundException',
    );
    assert.equal(
      await errorName(() =>
        codepipeline.send(new ListPipelineExecutionsCommand({ pipelineName: 'devsecops', nextToken: 'garbage' })),
      ),
      'InvalidNextTokenException',
    );
    const client = AwsPipelineClient.fromSettings(emulatorSettings(emulator), { endpoint: emulator.s3Endpoint });
    try {
      const executionId = await client.startPipeline({ pipelineName: 'devsecops', commit });
      await client.followPipeline('devsecops', executionId, { schedule: { initialDelayMs: 50, maxDelayMs: 200 } });
      assert.equal(
        await errorName(() =>
          codepipeline.send(
            new StopPipelineExecutionCommand({ pipelineName: 'devsecops', pipelineExecutionId: executionId }),
          ),
        ),
        'PipelineExecutionNotStoppableException',
      );
    } finally {
      client.destroy();
    }
  });

  it('front door: unsigned, malformed and mis-scoped signatures, unknown operations', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(emulator.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'CodeCommit_20150413.ListRepositories',
          ...headers,
        },
        body: '{}',
      });
    const answer = async (headers: Record<string, string>) => {
      const response = await post(headers);
      const body = (await response.json()) as { __type: string };
      return [response.status, body.__type, response.headers.get('x-amzn-requestid') !== null];
    };
    const signed = (service: string) => ({
      'x-amz-date': '20260101T000000Z',
      authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
    });
    assert.deepEqual(await answer({}), [403, 'MissingAuthenticationTokenException', true]);
    assert.deepEqual(await answer({ authorization: 'Bearer abc' }), [400, 'IncompleteSignatureException', true]);
    assert.deepEqual(await answer(signed('codebuild')), [403, 'InvalidSignatureException', true]);
    assert.deepEqual(await answer(signed('codecommit')), [200, undefined, true]);
    assert.deepEqual(await answer({ ...signed('codecommit'), 'x-amz-target': 'CodeCommit_20150413.DoSomething' }), [
      400,
      'UnknownOperationException',
      true,
    ]);
  });
});
