import { parseMarker } from '../comments/marker';
import { renderDuplicateComment } from '../comments/render-finding';
import { renderDuplicateSummary } from '../comments/render-summary';
import type { PullRequestComment } from '../ports';
import type { CommentAction } from './comment-action';

/** The bot's earlier comments, by what their markers say. */
export interface OwnComments {
  /** Open inline comments per fingerprint, oldest first: more than one means two runs raced. */
  readonly openByFingerprint: ReadonlyMap<string, readonly PullRequestComment[]>;
  /** Open summary comments, oldest first. */
  readonly summaries: readonly PullRequestComment[];
  /** Inline comments already marked resolved. */
  readonly resolvedCount: number;
}

/** Sorts the bot's own comments (the caller filters by author) by marker; replies and unmarked ones are skipped. */
export function readOwnComments(own: readonly PullRequestComment[]): OwnComments {
  const openByFingerprint = new Map<string, PullRequestComment[]>();
  const summaries: PullRequestComment[] = [];
  let resolvedCount = 0;
  for (const comment of own) {
    if (comment.inReplyTo !== undefined) continue;
    const marker = parseMarker(comment.content);
    if (marker === undefined) continue;
    if (marker.kind === 'summary') {
      if (marker.state === 'open') summaries.push(comment);
    } else if (marker.state === 'open' && comment.location !== undefined) {
      const same = openByFingerprint.get(marker.fingerprint);
      if (same === undefined) openByFingerprint.set(marker.fingerprint, [comment]);
      else same.push(comment);
    } else if (marker.state === 'resolved') {
      resolvedCount += 1;
    }
  }
  return { openByFingerprint, summaries, resolvedCount };
}

/** Which comment of several stays open: the others become "duplicate" tombstones. */
export interface KeepRule {
  readonly finding: (fingerprint: string, comments: readonly PullRequestComment[]) => PullRequestComment | undefined;
  readonly summary: (summaries: readonly PullRequestComment[]) => PullRequestComment | undefined;
}

/** The comments that stay open, and the edits that retire every other one. */
export interface Retirement {
  readonly open: ReadonlyMap<string, PullRequestComment>;
  readonly summary?: PullRequestComment;
  readonly actions: readonly CommentAction[];
}

/** One open comment per fingerprint and one summary; every other open one is edited into a tombstone pointing to it. */
export function retireDuplicates(comments: OwnComments, keep: KeepRule): Retirement {
  const open = new Map<string, PullRequestComment>();
  const actions: CommentAction[] = [];
  for (const [fingerprint, same] of comments.openByFingerprint) {
    const kept = keep.finding(fingerprint, same) ?? same[0];
    if (kept === undefined) continue;
    open.set(fingerprint, kept);
    for (const duplicate of same) {
      if (duplicate === kept) continue;
      actions.push({
        kind: 'update',
        commentId: duplicate.commentId,
        content: renderDuplicateComment(duplicate.content, fingerprint, kept.commentId),
        reason: 'duplicate-comment',
        fingerprint,
      });
    }
  }
  const summary = keep.summary(comments.summaries) ?? comments.summaries[0];
  for (const extra of comments.summaries) {
    if (extra === summary || summary === undefined) continue;
    actions.push({
      kind: 'update',
      commentId: extra.commentId,
      content: renderDuplicateSummary(summary.commentId),
      reason: 'duplicate-summary',
    });
  }
  return { open, ...(summary === undefined ? {} : { summary }), actions };
}

/**
 * After a run's writes (finished or stopped): duplicates that a racing run left, retired. The comment on
 * the pull request's current source commit stays, else the oldest, so two runs that both clean up agree
 * on which one to keep.
 */
export function planDuplicateCleanup(own: readonly PullRequestComment[], currentCommit: string): CommentAction[] {
  const current = (comments: readonly PullRequestComment[]): PullRequestComment | undefined =>
    comments.find((comment) => comment.afterCommitId === currentCommit);
  return [
    ...retireDuplicates(readOwnComments(own), { finding: (_fingerprint, same) => current(same), summary: current })
      .actions,
  ];
}
