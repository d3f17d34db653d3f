/** Where an inline comment sits. The bot only comments on the AFTER side (the source commit). */
export interface InlineLocation {
  /** Repository-relative POSIX path. */
  readonly filePath: string;
  /** Line in the file, 1-based. */
  readonly filePosition: number;
  readonly relativeFileVersion: 'AFTER' | 'BEFORE';
}

/** The pull request and commit pair comments are posted against. */
export interface CommentTarget {
  readonly repositoryName: string;
  readonly pullRequestId: string;
  /** Destination branch tip (CodeCommit's beforeCommitId). */
  readonly beforeCommitId: string;
  /** Source commit (CodeCommit's afterCommitId). */
  readonly afterCommitId: string;
}

/** A comment already on the pull request. */
export interface PullRequestComment {
  readonly commentId: string;
  readonly content: string;
  /** Absent for general (PR-level) comments. */
  readonly location?: InlineLocation;
  /** Source commit the comment was posted against. */
  readonly afterCommitId?: string;
  /** Set on replies: the comment replied to. */
  readonly inReplyTo?: string;
  /** Who wrote it (an IAM ARN). */
  readonly authorArn?: string;
}

/**
 * What the core needs from a code host to comment on a pull request (reviewdog's CommentService).
 * Implementations: CodeCommit, and an in-memory one for tests and dry runs.
 */
export interface CommentService {
  /** Every live (not deleted) comment on the pull request, across all revisions and pages. */
  listComments(target: CommentTarget): Promise<PullRequestComment[]>;
  /**
   * Posts a comment on a line. `clientRequestToken` makes the call idempotent: the same token
   * with the same content returns the first comment instead of posting another.
   */
  postInline(
    target: CommentTarget,
    location: InlineLocation,
    content: string,
    clientRequestToken: string,
  ): Promise<PullRequestComment>;
  /** Posts a PR-level comment, idempotent by `clientRequestToken`. */
  postGeneral(target: CommentTarget, content: string, clientRequestToken: string): Promise<PullRequestComment>;
  /** Replaces a comment's content (only its author may). */
  updateComment(commentId: string, content: string): Promise<void>;
  /** Replies in a comment's thread, idempotent by `clientRequestToken`. */
  postReply(inReplyTo: string, content: string, clientRequestToken: string): Promise<PullRequestComment>;
}
