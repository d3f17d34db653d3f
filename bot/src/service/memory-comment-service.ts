import type { CommentService, CommentTarget, InlineLocation, PullRequestComment } from './comment-service';

/** A comment as the in-memory service stores it. */
export interface StoredComment extends PullRequestComment {
  readonly pullRequestId: string;
  readonly clientRequestToken?: string;
}

/**
 * An in-memory CommentService with CodeCommit's idempotency rule (same token → same comment),
 * for unit tests and `--dry-run`. `calls` records every write, to assert "no new comments".
 */
export class MemoryCommentService implements CommentService {
  private readonly comments: StoredComment[] = [];
  private nextId = 1;
  /** Every write, in order: `post-inline`, `post-general`, `update`, `reply`. */
  readonly calls: { readonly kind: string; readonly commentId: string }[] = [];

  constructor(initial: readonly StoredComment[] = []) {
    this.comments.push(...initial);
  }

  /** All stored comments, for assertions. */
  all(): readonly StoredComment[] {
    return this.comments;
  }

  listComments(target: CommentTarget): Promise<PullRequestComment[]> {
    return Promise.resolve(this.comments.filter((comment) => comment.pullRequestId === target.pullRequestId));
  }

  private add(
    pullRequestId: string,
    fields: Omit<StoredComment, 'commentId' | 'pullRequestId'>,
    kind: string,
  ): PullRequestComment {
    const replay =
      fields.clientRequestToken === undefined
        ? undefined
        : this.comments.find((comment) => comment.clientRequestToken === fields.clientRequestToken);
    if (replay !== undefined) return replay;
    const comment: StoredComment = { ...fields, pullRequestId, commentId: `comment-${this.nextId}` };
    this.nextId += 1;
    this.comments.push(comment);
    this.calls.push({ kind, commentId: comment.commentId });
    return comment;
  }

  postInline(
    target: CommentTarget,
    location: InlineLocation,
    content: string,
    clientRequestToken: string,
  ): Promise<PullRequestComment> {
    return Promise.resolve(
      this.add(
        target.pullRequestId,
        { content, location, afterCommitId: target.afterCommitId, clientRequestToken },
        'post-inline',
      ),
    );
  }

  postGeneral(target: CommentTarget, content: string, clientRequestToken: string): Promise<PullRequestComment> {
    return Promise.resolve(
      this.add(
        target.pullRequestId,
        { content, afterCommitId: target.afterCommitId, clientRequestToken },
        'post-general',
      ),
    );
  }

  updateComment(commentId: string, content: string): Promise<void> {
    const index = this.comments.findIndex((comment) => comment.commentId === commentId);
    const existing = this.comments[index];
    if (existing === undefined) return Promise.reject(new Error(`No comment ${commentId}`));
    this.comments[index] = { ...existing, content };
    this.calls.push({ kind: 'update', commentId });
    return Promise.resolve();
  }

  postReply(inReplyTo: string, content: string, clientRequestToken: string): Promise<PullRequestComment> {
    const parent = this.comments.find((comment) => comment.commentId === inReplyTo);
    if (parent === undefined) return Promise.reject(new Error(`No comment ${inReplyTo}`));
    return Promise.resolve(this.add(parent.pullRequestId, { content, inReplyTo, clientRequestToken }, 'reply'));
  }
}
