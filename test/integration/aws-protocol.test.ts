import assert from 'node:assert/strict';
import { StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { createCodePipelineClient } from '@devsecops/shared/aws';
import { startAwsEmulator } from '../aws-emulator/emulator';
import { FaultInjector } from '../aws-emulator/protocol/faults';
import { loadServiceModel } from '../aws-emulator/protocol/service-model';
import { decodeInput, encodeOutput, InputValidationError } from '../aws-emulator/protocol/shape-codec';
import { parseSigV4 } from '../aws-emulator/protocol/sigv4-header';
import { memberErrorName } from '../aws-emulator/protocol/validation-names';
import { FINDINGS_BUCKET } from '../aws-emulator/fixtures';
import { emulatorSettings, errorName, seedDemoCloud } from '../aws-emulator/testing';

const codecommit = loadServiceModel('codecommit');
const codepipeline = loadServiceModel('codepipeline');

function failureOf(call: () => unknown) {
  try {
    call();
  } catch (error) {
    if (error instanceof InputValidationError) return error.failure;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('AWS emulator protocol layer', () => {
  describe('model-driven input validation', () => {
    it('reports the first broken constraint with its path, like AWS', () => {
      assert.deepEqual(
        failureOf(() => decodeInput(codecommit, 'GetRepositoryInput', {})),
        {
          path: 'repositoryName',
          member: 'repositoryName',
          kind: 'required',
          message:
            "1 validation error detected: Value 'null' at 'repositoryName' failed to satisfy constraint: Member must not be null",
        },
      );
      assert.deepEqual(
        failureOf(() => decodeInput(codecommit, 'GetRepositoryInput', { repositoryName: 'a b' })).kind,
        'pattern',
      );
      assert.deepEqual(
        failureOf(() => decodeInput(codecommit, 'GetRepositoryInput', { repositoryName: 'x'.repeat(101) })).kind,
        'max',
      );
      const nested = failureOf(() =>
        decodeInput(codecommit, 'PostCommentForPullRequestInput', {
          pullRequestId: '1',
          repositoryName: 'r',
          beforeCommitId: 'a',
          afterCommitId: 'b',
          content: 'c',
          location: { filePath: 'f', filePosition: 1, relativeFileVersion: 'MIDDLE' },
        }),
      );
      assert.deepEqual(
        [nested.path, nested.member, nested.kind],
        ['location.relativeFileVersion', 'relativeFileVersion', 'enum'],
      );
      assert.equal(
        failureOf(() => decodeInput(codecommit, 'ListPullRequestsInput', { repositoryName: 'r', maxResults: '5' }))
          .kind,
        'type',
      );
    });

    it('decodes blobs and timestamps, and drops members the model does not know', () => {
      const decoded = decodeInput(codecommit, 'PutFileInput', {
        repositoryName: 'r',
        branchName: 'main',
        filePath: 'a.txt',
        fileContent: Buffer.from('hello').toString('base64'),
        fromTheFuture: true,
      }) as Record<string, unknown>;
      assert.deepEqual(Object.keys(decoded).sort(), ['branchName', 'fileContent', 'filePath', 'repositoryName']);
      assert.ok(Buffer.isBuffer(decoded['fileContent']));
      assert.equal(decoded['fileContent'].toString('utf8'), 'hello');
    });

    it('accepts the members current SDKs send that this model version lacks (overlay)', () => {
      const decoded = decodeInput(codepipeline, 'StartPipelineExecutionInput', {
        name: 'p',
        sourceRevisions: [{ actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: 'abc' }],
        variables: [{ name: 'A', value: '1' }],
      });
      assert.deepEqual(decoded, {
        name: 'p',
        sourceRevisions: [{ actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: 'abc' }],
        variables: [{ name: 'A', value: '1' }],
      });
    });

    it('encodes epoch-second timestamps and base64 blobs, and nothing outside the model', () => {
      const encoded = encodeOutput(codecommit, 'GetFileOutput', {
        commitId: 'c',
        blobId: 'b',
        filePath: 'a.txt',
        fileMode: 'NORMAL',
        fileSize: 5,
        fileContent: Buffer.from('hello'),
        secret: 'not in the model',
      });
      assert.deepEqual(encoded, {
        commitId: 'c',
        blobId: 'b',
        filePath: 'a.txt',
        fileMode: 'NORMAL',
        fileSize: 5,
        fileContent: 'aGVsbG8=',
      });
      const comment = encodeOutput(codecommit, 'Comment', {
        commentId: 'x',
        creationDate: new Date(1_700_000_000_500),
      });
      assert.deepEqual(comment, { commentId: 'x', creationDate: 1_700_000_000.5 });
    });

    it("names CodeCommit's member errors after the member, only when the operation declares them", () => {
      const name = (operation: string, member: string, kind: 'required' | 'pattern' | 'max') =>
        memberErrorName(
          codecommit,
          operation,
          { path: member, member, kind, message: '' },
          { 'content:max': 'CommentContentSizeLimitExceededException' },
          'Fallback',
        );
      assert.equal(name('GetRepository', 'repositoryName', 'required'), 'RepositoryNameRequiredException');
      assert.equal(name('GetRepository', 'repositoryName', 'pattern'), 'InvalidRepositoryNameException');
      assert.equal(name('PostCommentReply', 'content', 'max'), 'CommentContentSizeLimitExceededException');
      assert.equal(name('ListRepositories', 'repositoryName', 'required'), 'Fallback');
    });
  });

  describe('fault injection', () => {
    it('is repeatable for a seed, honours times and matches Service.Operation', () => {
      const draw = (seed: number) => {
        const injector = new FaultInjector([{ kind: 'throttle', rate: 0.5 }], seed);
        return Array.from({ length: 12 }, () => injector.decide('CodeCommit', 'GetBranch')?.kind ?? '-').join('');
      };
      assert.equal(draw(7), draw(7));
      assert.notEqual(draw(7), draw(8));
      const limited = new FaultInjector([
        { kind: 'server-error', operation: 'CodeBuild.StartBuild', times: 2 },
        { kind: 'slow', operation: 'StartBuild', delayMs: 5 },
      ]);
      assert.deepEqual(
        [
          limited.decide('CodeBuild', 'StartBuild'),
          limited.decide('CodeCommit', 'StartBuild'),
          limited.decide('CodeBuild', 'StartBuild'),
          limited.decide('CodeBuild', 'StartBuild'),
        ],
        [
          { kind: 'server-error', delayMs: 1000 },
          { kind: 'slow', delayMs: 5 },
          { kind: 'server-error', delayMs: 1000 },
          { kind: 'slow', delayMs: 5 },
        ],
      );
      assert.throws(() => new FaultInjector([{ kind: 'throttle', rate: 2 }]), /within 0\.\.1/);
    });
  });

  describe('SigV4 header shape', () => {
    const header = `AWS4-HMAC-SHA256 Credential=AKIDX/20260101/eu-west-1/codebuild/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;

    it('reads the access key, scope and signed headers', () => {
      assert.deepEqual(parseSigV4(header, '20260101T120000Z', 'codebuild'), {
        accessKeyId: 'AKIDX',
        date: '20260101',
        region: 'eu-west-1',
        service: 'codebuild',
        signedHeaders: ['host', 'x-amz-date'],
      });
    });

    it('rejects a missing date, a date outside the scope, and an unsigned host', () => {
      assert.throws(() => parseSigV4(header, undefined, 'codebuild'), { name: 'IncompleteSignatureException' });
      assert.throws(() => parseSigV4(header, '20260102T000000Z', 'codebuild'), {
        name: 'IncompleteSignatureException',
      });
      assert.throws(() => parseSigV4(header.replace('host;', ''), '20260101T120000Z', 'codebuild'), {
        name: 'IncompleteSignatureException',
      });
    });
  });

  describe('idempotency tokens', function () {
    this.timeout(30_000);

    it('replays the first answer for the same token and input, and refuses the token with other input', async () => {
      const emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET] });
      const client = createCodePipelineClient(emulatorSettings(emulator, { maxAttempts: 1 }));
      try {
        await seedDemoCloud(emulator);
        const start = (variables: { name: string; value: string }[]) =>
          client.send(new StartPipelineExecutionCommand({ name: 'devsecops', clientRequestToken: 'run-1', variables }));
        const first = await start([{ name: 'A', value: '1' }]);
        const again = await start([{ name: 'A', value: '1' }]);
        assert.equal(again.pipelineExecutionId, first.pipelineExecutionId);
        // CodePipeline's model declares no IdempotencyParameterMismatchException: its validation error stands in.
        assert.equal(await errorName(() => start([{ name: 'A', value: '2' }])), 'ValidationException');
      } finally {
        client.destroy();
        await emulator.close();
      }
    });
  });
});
