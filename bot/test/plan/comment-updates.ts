import type { CommentAction } from '../../src/plan/comment-action';

/**
 * Each action as its kind, and an update as the comment it rewrites and why (`old-line duplicate-comment`):
 * what the tests of retired duplicates and rewritten markers compare, since there the comment's id is the point.
 */
export function commentUpdates(actions: readonly CommentAction[]): string[] {
  return actions.map((action) => (action.kind === 'update' ? `${action.commentId} ${action.reason}` : action.kind));
}
