import assert from 'node:assert/strict';
import { CreateCommitCommand, CreatePullRequestCommand, CreateRepositoryCommand } from '@aws-sdk/client-codecommit';
import { createCodeCommitClient } from '@devsecops/shared/aws';
import type { CommentService, CommentTarget } from '../../bot/src/ports';
import { CodeCommitCommentService } from '../../bot/src/codecommit/comment-service';
import { MemoryCommentService } from '../../bot/src/local/memory-comment-service';
import { startAwsEmulator } from '../aws-emulator/emulator';
import { emulatorSettings, putFileOnNewBranch } from '../aws-emulator/testing';

/** One CommentService under test, with a pull request to comment on. */
interface Harness {
  readonly service: CommentService;
  readonly target: CommentTarget;
  /** How many list requests the service has sent (pages); undefined where there are no pages. */
  readonly listRequests?: () => number;
  close(): Promise<void>;
}

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

async function codeCommitHarness(): Promise<Harness> {
  const emulator = await startAwsEmulator();
  const client = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: 'AKIDBOT' }));
  await client.send(new CreateRepositoryCommand({ repositoryName: 'svc' }));
  const base = await client.send(
    new CreateCommitCommand({
      repositoryName: 'svc',
      branchName: 'main',
      putFiles: [{ filePath: 'app.py', fileContent: text('a = 1\nb = 2\n') }],
    }),
  );
  const head = await putFileOnNewBranch(client, {
    repositoryName: 'svc',
    branchName: 'f',
    parentCommitId: String(base.commitId),
    filePath: 'app.py',
    fileContent: text('a = 1\nb = eval(x)\nc = 3\n'),
  });
  const created = await client.send(
    new CreatePullRequestCommand({
      title: 'eval',
      targets: [{ repositoryName: 'svc', sourceReference: 'f', destinationReference: 'main' }],
    }),
  );
  return {
    // A tiny page size, so listing must follow nextToken through several pages.
    service: new CodeCommitCommentService(client, { pageSize: 2 }),
    target: {
      repositoryName: 'svc',
      pullRequestId: String(created.pullRequest?.pullRequestId),
      beforeCommitId: String(base.commitId),
      afterCommitId: String(head.commitId),
    },
    listRequests: () => emulator.calls().filter((call) => call.operation === 'GetCommentsForPullRequest').length,
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}

function memoryHarness(): Promise<Harness> {
  return Promise.resolve({
    service: new MemoryCommentService(),
    target: {
      repositoryName: 'svc',
      pullRequestId: '1',
      beforeCommitId: 'a'.repeat(40),
      afterCommitId: 'b'.repeat(40),
    },
    close: () => Promise.resolve(),
  });
}

const LINE_2 = { filePath: 'app.py', filePosition: 2, relativeFileVersion: 'AFTER' } as const;

/** The same behaviour from the fake the unit tests use and from CodeCommit (the emulator). */
for (const [name, create] of [
  ['MemoryCommentService', memoryHarness],
  ['CodeCommitCommentService (emulator)', codeCommitHarness],
] as const) {
  describe(`CommentService contract: ${name}`, function () {
    this.timeout(60_000);
    let harness: Harness;

    beforeEach(async () => {
      harness = await create();
    });

    afterEach(async () => {
      await harness.close();
    });

    it('lists what was posted: inline with its AFTER location and commit, general without a location', async () => {
      const { service, target } = harness;
      const inline = await service.postInline(target, {
        location: LINE_2,
        content: 'inline body',
        clientRequestToken: 'token-inline',
      });
      const general = await service.postGeneral(target, {
        content: 'summary body',
        clientRequestToken: 'token-general',
      });
      const listed = await service.listComments(target);
      assert.deepStrictEqual(
        listed.map((comment) => ({
          commentId: comment.commentId,
          content: comment.content,
          location: comment.location,
          afterCommitId: comment.afterCommitId,
        })),
        [
          {
            commentId: inline.commentId,
            content: 'inline body',
            location: LINE_2,
            afterCommitId: target.afterCommitId,
          },
          {
            commentId: general.commentId,
            content: 'summary body',
            location: undefined,
            afterCommitId: target.afterCommitId,
          },
        ],
      );
    });

    it('a repeated token with the same content returns the first comment; other content is refused', async () => {
      const { service, target } = harness;
      const comment = { location: LINE_2, content: 'body', clientRequestToken: 'token-1' };
      const first = await service.postInline(target, comment);
      const again = await service.postInline(target, comment);
      assert.equal(again.commentId, first.commentId);
      assert.equal((await service.listComments(target)).length, 1);
      await assert.rejects(
        service.postInline(target, { ...comment, content: 'other body' }),
        (error: unknown) =>
          error instanceof Error &&
          (error.name === 'IdempotencyParameterMismatchException' ||
            (error.cause instanceof Error && error.cause.name === 'IdempotencyParameterMismatchException')),
      );
    });

    it('edits a comment in place and threads replies under it', async () => {
      const { service, target } = harness;
      const posted = await service.postInline(target, {
        location: LINE_2,
        content: 'before edit',
        clientRequestToken: 'token-edit',
      });
      await service.updateComment(posted.commentId, 'after edit');
      await service.postReply(posted.commentId, { content: 'a reply', clientRequestToken: 'token-reply' });
      const listed = await service.listComments(target);
      assert.deepStrictEqual(
        listed.map((comment) => [comment.content, comment.inReplyTo === posted.commentId, comment.location]),
        [
          ['after edit', false, LINE_2],
          ['a reply', true, LINE_2],
        ],
      );
    });

    it('lists every comment across pages', async () => {
      const { service, target } = harness;
      // CodeCommit pages by thread (one per location), so spread the comments over five lines.
      const locations = [
        ...[1, 2, 3].map((line) => ({ filePath: 'app.py', filePosition: line, relativeFileVersion: 'AFTER' as const })),
        ...[1, 2].map((line) => ({ filePath: 'app.py', filePosition: line, relativeFileVersion: 'BEFORE' as const })),
      ];
      for (const [index, location] of locations.entries()) {
        await service.postInline(target, {
          location,
          content: `comment ${index}`,
          clientRequestToken: `token-${index}`,
        });
      }
      const before = harness.listRequests?.() ?? 0;
      const contents = (await service.listComments(target)).map((comment) => comment.content).sort();
      assert.deepStrictEqual(contents, ['comment 0', 'comment 1', 'comment 2', 'comment 3', 'comment 4']);
      if (harness.listRequests !== undefined) assert.equal(harness.listRequests() - before, 3);
    });
  });
}
