import assert from 'node:assert/strict';
import type { CommentService, CommentTarget, NewComment, NewInlineComment, PullRequestComment } from '../../src/ports';
import { applyPlan, DEFAULT_WRITE_BATCH_SIZE, writeBatches } from '../../src/plan/apply-plan';
import type { CommentAction } from '../../src/plan/comment-action';

const TARGET: CommentTarget = {
  repositoryName: 'MyDemoRepo',
  pullRequestId: '7',
  beforeCommitId: 'd'.repeat(40),
  afterCommitId: 'a'.repeat(40),
};

function inline(name: string): CommentAction {
  return {
    kind: 'post-inline',
    fingerprint: `v1:${name}`,
    location: { filePath: 'app/main.py', filePosition: 3, relativeFileVersion: 'AFTER' },
    content: name,
    clientRequestToken: `token-${name}`,
  };
}
function edit(name: string, reason: 'finding-changed' | 'duplicate-summary' | 'summary-changed'): CommentAction {
  return { kind: 'update', commentId: `id-${name}`, content: name, reason };
}
const SUMMARY: CommentAction = { kind: 'post-summary', content: 'summary', clientRequestToken: 'token-summary' };

const contentsOf = (batches: CommentAction[][]): string[][] => batches.map((batch) => batch.map((a) => a.content));

/** Records every write as one line, in the order made. */
class RecordingCommentService implements CommentService {
  readonly writes: string[] = [];
  listComments(): Promise<PullRequestComment[]> {
    return Promise.resolve([]);
  }
  postInline(target: CommentTarget, { location, content, clientRequestToken: token }: NewInlineComment) {
    this.writes.push(
      `inline ${target.pullRequestId} ${location.filePath}:${location.filePosition} ${content} ${token}`,
    );
    return Promise.resolve({ commentId: `c${this.writes.length}`, content });
  }
  postGeneral(target: CommentTarget, { content, clientRequestToken: token }: NewComment) {
    this.writes.push(`general ${target.pullRequestId} ${content} ${token}`);
    return Promise.resolve({ commentId: `c${this.writes.length}`, content });
  }
  updateComment(commentId: string, content: string): Promise<void> {
    this.writes.push(`update ${commentId} ${content}`);
    return Promise.resolve();
  }
  postReply(): Promise<PullRequestComment> {
    return Promise.reject(new Error('the post stage never replies'));
  }
}

describe('writeBatches', () => {
  it('makes no batch of an empty plan', () => {
    assert.deepStrictEqual(writeBatches([], 10), []);
  });

  it('cuts each phase to the batch size: a full batch closes, the rest starts the next', () => {
    const actions = ['a', 'b', 'c', 'd', 'e'].map(inline);
    assert.deepStrictEqual(contentsOf(writeBatches(actions, 2)), [['a', 'b'], ['c', 'd'], ['e']]);
    assert.deepStrictEqual(contentsOf(writeBatches(actions, 5)), [['a', 'b', 'c', 'd', 'e']]);
    assert.deepStrictEqual(contentsOf(writeBatches(actions, 1)), [['a'], ['b'], ['c'], ['d'], ['e']]);
  });

  it('keeps new inline comments, edits and the summary in separate batches; a summary edit goes with the summary', () => {
    const actions = [
      inline('a'),
      inline('b'),
      edit('changed', 'finding-changed'),
      edit('second summary', 'duplicate-summary'),
      edit('summary edit', 'summary-changed'),
    ];
    assert.deepStrictEqual(contentsOf(writeBatches(actions, 10)), [
      ['a', 'b'],
      ['changed', 'second summary'],
      ['summary edit'],
    ]);
    assert.deepStrictEqual(contentsOf(writeBatches([inline('a'), SUMMARY], 10)), [['a'], ['summary']]);
    assert.deepStrictEqual(contentsOf(writeBatches([edit('x', 'finding-changed'), SUMMARY], 10)), [['x'], ['summary']]);
    assert.deepStrictEqual(contentsOf(writeBatches([edit('s', 'summary-changed'), SUMMARY], 10)), [['s', 'summary']]);
  });
});

describe('applyPlan', () => {
  const plan = (actions: CommentAction[]) => ({ actions, inlineFingerprints: [], unchangedCount: 0, summary: '' });

  it('makes every write in plan order and counts posts and edits', async () => {
    const service = new RecordingCommentService();
    const report = await applyPlan(service, TARGET, plan([inline('a'), edit('b', 'finding-changed'), SUMMARY]));
    assert.deepStrictEqual(report, { posted: 2, updated: 1 });
    assert.deepStrictEqual(service.writes, [
      'inline 7 app/main.py:3 a token-a',
      'update id-b b',
      'general 7 summary token-summary',
    ]);
  });

  it(`asks before each batch of ${DEFAULT_WRITE_BATCH_SIZE} writes, or of the size given (at least 1)`, async () => {
    const eleven = Array.from({ length: 11 }, (_, index) => inline(`n${index}`));
    const asksFor = async (batchSize?: number): Promise<number> => {
      let asked = 0;
      const beforeBatch = () => {
        asked += 1;
        return Promise.resolve(undefined);
      };
      await applyPlan(new RecordingCommentService(), TARGET, plan(eleven), {
        beforeBatch,
        ...(batchSize === undefined ? {} : { batchSize }),
      });
      return asked;
    };
    assert.deepStrictEqual([await asksFor(), await asksFor(3), await asksFor(0), await asksFor(-2)], [2, 4, 11, 11]);
  });

  it('stops before the next batch when the pull request moved on, reporting what it wrote', async () => {
    const service = new RecordingCommentService();
    const answers = [undefined, 'a newer commit was pushed'];
    const report = await applyPlan(
      service,
      TARGET,
      plan([inline('a'), inline('b'), edit('c', 'finding-changed'), SUMMARY]),
      {
        batchSize: 1,
        beforeBatch: () => Promise.resolve(answers.shift()),
      },
    );
    assert.deepStrictEqual(report, { posted: 1, updated: 0, stopped: 'a newer commit was pushed' });
    assert.deepStrictEqual(service.writes, ['inline 7 app/main.py:3 a token-a']);
  });

  it('stops at once when told to before the first batch', async () => {
    const service = new RecordingCommentService();
    const report = await applyPlan(service, TARGET, plan([edit('c', 'finding-changed')]), {
      beforeBatch: () => Promise.resolve('the pull request was closed'),
    });
    assert.deepStrictEqual(report, { posted: 0, updated: 0, stopped: 'the pull request was closed' });
    assert.deepStrictEqual(service.writes, []);
  });
});
