import type { CommentService, CommentTarget } from '../ports';
import type { CommentPlan } from './plan-comments';

/** What the post stage did. */
export interface PostReport {
  /** New comments (inline and summary). */
  readonly posted: number;
  /** Edited comments (changed, moved, resolved, summary). */
  readonly updated: number;
}

/**
 * Makes the plan's writes, one at a time, in plan order. Stops at the first failure and lets it
 * rise: every write is either idempotent (token) or an edit to a fixed text, so re-running the
 * whole bot finishes the job without duplicates.
 */
export async function applyPlan(
  service: CommentService,
  target: CommentTarget,
  plan: CommentPlan,
): Promise<PostReport> {
  let posted = 0;
  let updated = 0;
  for (const action of plan.actions) {
    switch (action.kind) {
      case 'post-inline':
        await service.postInline(target, action.location, action.content, action.clientRequestToken);
        posted += 1;
        break;
      case 'post-summary':
        await service.postGeneral(target, action.content, action.clientRequestToken);
        posted += 1;
        break;
      case 'update':
        await service.updateComment(action.commentId, action.content);
        updated += 1;
        break;
    }
  }
  return { posted, updated };
}
