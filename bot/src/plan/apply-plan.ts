import type { CommentService, CommentTarget } from '../ports';
import type { CommentAction } from './comment-action';
import type { CommentPlan } from './plan-comments';

/** What the post stage did. */
export interface PostReport {
  /** New comments (inline and summary). */
  readonly posted: number;
  /** Edited comments (changed, moved, resolved, duplicate, summary). */
  readonly updated: number;
  /** Why the post stage stopped before the end of the plan (the pull request moved on); absent when it finished. */
  readonly stopped?: string;
}

/** Writes per batch unless told otherwise: the pull request is checked again before each batch. */
export const DEFAULT_WRITE_BATCH_SIZE = 10;

export interface ApplyOptions {
  /** Writes at most per batch. */
  readonly batchSize?: number;
  /**
   * Asked before each batch: a reason to stop (the pull request was closed, or a newer commit was pushed),
   * or undefined to go on. A run for an old commit must not keep writing over the run for the new one.
   */
  readonly beforeBatch?: () => Promise<string | undefined>;
}

/** New inline comments, edits, and the summary (posted or edited) are separate batches. */
function phaseOf(action: CommentAction): 'post-inline' | 'edit' | 'summary' {
  if (action.kind === 'post-inline') return 'post-inline';
  return action.kind === 'post-summary' || action.reason === 'summary-changed' ? 'summary' : 'edit';
}

/** The plan's actions in batches: new inline comments, then edits, then the summary on its own, each cut to `size`. */
export function writeBatches(actions: readonly CommentAction[], size: number): CommentAction[][] {
  const batches: CommentAction[][] = [];
  let current: CommentAction[] = [];
  for (const action of actions) {
    const last = current[current.length - 1];
    if (current.length >= size || (last !== undefined && phaseOf(last) !== phaseOf(action))) {
      batches.push(current);
      current = [];
    }
    current.push(action);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Makes the plan's writes, one at a time, in plan order, in batches with a check before each. Stops at
 * the first failure and lets it rise: every write is either idempotent (token) or an edit to a fixed
 * text, so re-running the whole bot finishes the job without duplicates.
 */
export async function applyPlan(
  service: CommentService,
  target: CommentTarget,
  plan: CommentPlan,
  options: ApplyOptions = {},
): Promise<PostReport> {
  let posted = 0;
  let updated = 0;
  for (const batch of writeBatches(plan.actions, Math.max(1, options.batchSize ?? DEFAULT_WRITE_BATCH_SIZE))) {
    const stop = await options.beforeBatch?.();
    if (stop !== undefined) return { posted, updated, stopped: stop };
    for (const action of batch) {
      switch (action.kind) {
        case 'post-inline':
          await service.postInline(target, action);
          posted += 1;
          break;
        case 'post-summary':
          await service.postGeneral(target, action);
          posted += 1;
          break;
        case 'update':
          await service.updateComment(action.commentId, action.content);
          updated += 1;
          break;
      }
    }
  }
  return { posted, updated };
}
