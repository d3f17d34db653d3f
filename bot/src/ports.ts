/**
 * The ports: everything the bot's core (`run-bot.ts` and its stages) needs from the outside world, and
 * nothing about where it comes from (reviewdog's `CommentService`, `DiffService`, …). Implementations
 * live beside each other: `codecommit/` (CodeCommit and S3) and `local/` (in memory, a patch file,
 * SARIF on disk).
 */
import type { DevsecopsConfig } from '@devsecops/shared/config';
import type { PullRequestDiff } from './diff/pull-request-diff';
import type { LoadedFindings } from './findings/loaded-findings';

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

/**
 * A comment to post. `clientRequestToken` makes the post idempotent: the same token with the same content
 * returns the first comment instead of posting another; the same token with other content is refused.
 */
export interface NewComment {
  readonly content: string;
  readonly clientRequestToken: string;
}

/** A comment to post on a line. */
export interface NewInlineComment extends NewComment {
  readonly location: InlineLocation;
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
  /** Posts a comment on a line, idempotent by its `clientRequestToken`. */
  postInline(target: CommentTarget, comment: NewInlineComment): Promise<PullRequestComment>;
  /** Posts a PR-level comment, idempotent by its `clientRequestToken`. */
  postGeneral(target: CommentTarget, comment: NewComment): Promise<PullRequestComment>;
  /** Replaces a comment's content (only its author may). */
  updateComment(commentId: string, content: string): Promise<void>;
  /** Replies in a comment's thread, idempotent by its `clientRequestToken`. */
  postReply(inReplyTo: string, reply: NewComment): Promise<PullRequestComment>;
}

/** The pull request as the code host sees it now (the event may be older). */
export interface PullRequestState {
  /** `OPEN` or `CLOSED`. */
  readonly status: string;
  /** Current revision; approvals are given to a revision. */
  readonly revisionId: string;
  /** Current source branch tip. */
  readonly sourceCommit: string;
  /** Current destination branch tip. */
  readonly destinationCommit: string;
  /** Common ancestor of source and destination, when the host reports it. */
  readonly mergeBase?: string;
}

/** `APPROVE` when the gate passes, `REVOKE` when it fails. */
export type ApprovalState = 'APPROVE' | 'REVOKE';

/** One approval given to a revision of a pull request. */
export interface Approval {
  /** Who approved (an IAM ARN). */
  readonly userArn: string;
  readonly state: ApprovalState;
}

/**
 * What became of an approval write: done, or not possible any more because the pull request was closed
 * or moved to a new revision during the run (then the run stops: a newer run or nobody needs the verdict).
 */
export type ApprovalWrite = 'written' | 'pull-request-closed' | 'revision-moved';

/** Reading a pull request and setting the bot's approval: the one write the PR build never holds. */
export interface PullRequestService {
  getPullRequest(repositoryName: string, pullRequestId: string): Promise<PullRequestState>;
  /** The approvals of a revision (CodeCommit lists those in state APPROVE). */
  getApprovals(pullRequestId: string, revisionId: string): Promise<readonly Approval[]>;
  setApproval(pullRequestId: string, revisionId: string, state: ApprovalState): Promise<ApprovalWrite>;
}

/** Who the bot is on the code host: comments and approvals of anyone else are never taken for its own. */
export interface BotIdentity {
  /** What to call the bot in messages (its ARN). */
  readonly name: string;
  /** True when `arn` (a comment's author, an approver) is the bot itself. */
  isBot(arn: string | undefined): boolean;
}

/** Finds out who the bot runs as (STS GetCallerIdentity in AWS). */
export interface IdentityService {
  whoAmI(): Promise<BotIdentity>;
}

/**
 * Where the diff comes from: CodeCommit blobs in the Lambda, a unified patch file in the CLI.
 * The filter only sees the result, never the platform (reviewdog's DiffService).
 */
export interface DiffService {
  /** The pull request's changes from the diff base to the source commit. */
  pullRequestDiff(): Promise<PullRequestDiff>;
}

/** Where findings come from: S3 in the Lambda, local files in the CLI. */
export interface FindingsSource {
  load(): Promise<LoadedFindings>;
}

/** Reads `.devsecops.yml` as of a commit. */
export type ConfigReader = (commit: string) => Promise<DevsecopsConfig>;
