import type { CommentService, CommentTarget, NewComment, NewInlineComment, PullRequestComment } from '../ports';
import { LOCAL_BOT_ARN } from './fixed-identity';

/** A comment as the in-memory service stores it. */
export interface StoredComment extends PullRequestComment {
  readonly pullRequestId: string;
  readonly clientRequestToken?: string;
}

/** Runs `work` and returns its result as a promise: thrown errors become rejections, as from a real service. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function serviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * An in-memory CommentService with CodeCommit's idempotency rule (same token and content → the same
 * comment; same token, other content → IdempotencyParameterMismatchException), for unit tests and
 * the offline `plan` command. `test/integration/bot-comment-service.test.ts` holds it to the same
 * contract as the CodeCommit implementation. `calls` records every write, to assert "no new comments".
 * Comments are written as `authorArn` (CodeCommit's caller), and only their author may edit them.
 */
export class MemoryCommentService implements CommentService {
  private readonly comments: StoredComment[] = [];
  private nextId = 1;
  /** Every write, in order: `post-inline`, `post-general`, `update`, `reply`. */
  readonly calls: { readonly kind: string; readonly commentId: string }[] = [];
  private readonly authorArn: string;

  constructor(initial: readonly StoredComment[] = [], options: { readonly authorArn?: string } = {}) {
    this.comments.push(...initial);
    this.authorArn = options.authorArn ?? LOCAL_BOT_ARN;
  }

  /** All stored comments, for assertions. */
  all(): readonly StoredComment[] {
    return this.comments;
  }

  listComments(target: CommentTarget): Promise<PullRequestComment[]> {
    return settle(() => this.comments.filter((comment) => comment.pullRequestId === target.pullRequestId));
  }

  private add(
    pullRequestId: string,
    fields: Omit<StoredComment, 'commentId' | 'pullRequestId'>,
    kind: string,
  ): PullRequestComment {
    const token = fields.clientRequestToken;
    const replay =
      token === undefined ? undefined : this.comments.find((comment) => comment.clientRequestToken === token);
    if (replay !== undefined) {
      if (replay.content !== fields.content) {
        throw serviceError(
          'IdempotencyParameterMismatchException',
          `Token ${String(token)} was used for another comment.`,
        );
      }
      return replay;
    }
    const comment: StoredComment = {
      ...fields,
      pullRequestId,
      commentId: `comment-${this.nextId}`,
      authorArn: this.authorArn,
    };
    this.nextId += 1;
    this.comments.push(comment);
    this.calls.push({ kind, commentId: comment.commentId });
    return comment;
  }

  postInline(
    target: CommentTarget,
    { location, content, clientRequestToken }: NewInlineComment,
  ): Promise<PullRequestComment> {
    return settle(() =>
      this.add(
        target.pullRequestId,
        { content, location, afterCommitId: target.afterCommitId, clientRequestToken },
        'post-inline',
      ),
    );
  }

  postGeneral(target: CommentTarget, { content, clientRequestToken }: NewComment): Promise<PullRequestComment> {
    return settle(() =>
      this.add(
        target.pullRequestId,
        { content, afterCommitId: target.afterCommitId, clientRequestToken },
        'post-general',
      ),
    );
  }

  updateComment(commentId: string, content: string): Promise<void> {
    return settle(() => {
      const index = this.comments.findIndex((comment) => comment.commentId === commentId);
      const existing = this.comments[index];
      if (existing === undefined) throw serviceError('CommentDoesNotExistException', `No comment ${commentId}.`);
      if (existing.authorArn !== this.authorArn) {
        throw serviceError('CommentNotCreatedByCallerException', `Comment ${commentId} was written by someone else.`);
      }
      this.comments[index] = { ...existing, content };
      this.calls.push({ kind: 'update', commentId });
    });
  }

  postReply(inReplyTo: string, { content, clientRequestToken }: NewComment): Promise<PullRequestComment> {
    return settle(() => {
      const parent = this.comments.find((comment) => comment.commentId === inReplyTo);
      if (parent === undefined) throw serviceError('CommentDoesNotExistException', `No comment ${inReplyTo}.`);
      return this.add(
        parent.pullRequestId,
        {
          content,
          inReplyTo,
          clientRequestToken,
          ...(parent.location === undefined ? {} : { location: parent.location }),
          ...(parent.afterCommitId === undefined ? {} : { afterCommitId: parent.afterCommitId }),
        },
        'reply',
      );
    });
  }
}
