import { DEFAULT_CONFIG } from '@devsecops/shared';
import type { GateThreshold } from '@devsecops/shared';
import { judgeGate } from './approval/gate';
import type { GateOutcome } from './approval/gate';
import type { PullRequestRef } from './event/pull-request';
import { filterFindings } from './filter/filter-findings';
import type { FilteredFinding, FilterMode } from './filter/filter-findings';
import { applyPlan } from './plan/apply-plan';
import type { PostReport } from './plan/apply-plan';
import { planComments } from './plan/plan-comments';
import type { CommentPlan } from './plan/plan-comments';
import type {
  ApprovalState,
  CommentService,
  CommentTarget,
  ConfigReader,
  DiffService,
  FindingsSource,
  PullRequestService,
} from './ports';

/** How the bot reviews. */
export interface BotOptions {
  readonly mode: FilterMode;
  /** Open inline comments at most; the rest are listed in the summary. */
  readonly maxInline: number;
  /** Gate threshold for the verdict and the approval; default: `.devsecops.yml` of the destination, else `high`. */
  readonly failOn?: GateThreshold;
  /** Set the bot's approval (APPROVE on a complete pass; REVOKE on a failed gate or an incomplete report). */
  readonly approve: boolean;
  /** Plan only: read everything, write nothing. */
  readonly dryRun: boolean;
}

/** The stages' platform parts, injected (reviewdog's core sees only interfaces). */
export interface BotDependencies {
  readonly pullRequests: PullRequestService;
  readonly comments: CommentService;
  readonly findings: FindingsSource;
  /** The PR's diff between two commits. */
  readonly diffFor: (commits: { readonly beforeCommit: string; readonly afterCommit: string }) => DiffService;
  /** Reads `.devsecops.yml` at a commit (for the gate); without it, the defaults apply. */
  readonly readConfig?: ConfigReader;
  /** Progress lines for the log. */
  readonly log?: (line: string) => void;
}

/** What a run did, as the Lambda returns it and the CLI prints it. */
export type BotRunResult =
  | {
      readonly status: 'skipped';
      /** Why nothing was written: PR closed, event older than the PR's source branch, no reports yet. */
      readonly reason: string;
    }
  | {
      readonly status: 'planned' | 'posted';
      readonly pullRequestId: string;
      readonly sourceCommit: string;
      readonly gate: GateOutcome;
      readonly findings: readonly FilteredFinding[];
      readonly plan: CommentPlan;
      /** Absent on a dry run. */
      readonly post?: PostReport;
      /** The approval state set, when `approve` is on and not a dry run. */
      readonly approval?: ApprovalState;
    };

/**
 * One review of one pull request: read the PR's current state, load findings, diff, filter (mark),
 * plan comments against those already there, post, approve. Each stage is a separate module.
 */
export async function runBot(ref: PullRequestRef, deps: BotDependencies, options: BotOptions): Promise<BotRunResult> {
  const log = deps.log ?? ((): void => undefined);
  const state = await deps.pullRequests.getPullRequest(ref.repositoryName, ref.pullRequestId);
  if (state.status !== 'OPEN') return { status: 'skipped', reason: `pull request ${ref.pullRequestId} is closed` };
  if (state.sourceCommit !== ref.sourceCommit) {
    // A newer push has its own event and build; commenting this older commit would fight it.
    return {
      status: 'skipped',
      reason: `the event is for ${ref.sourceCommit.slice(0, 12)} but the pull request is now at ${state.sourceCommit.slice(0, 12)}`,
    };
  }
  const loaded = await deps.findings.load();
  if (loaded.sources.length === 0) {
    return {
      status: 'skipped',
      reason: `no scan reports under ${loaded.location} yet; the bot runs again when the pull request build finishes`,
    };
  }
  log(`findings: ${loaded.findings.length} from ${loaded.sources.length} report(s) in ${loaded.location}`);
  const beforeCommit = state.mergeBase ?? state.destinationCommit;
  const diff = await deps.diffFor({ beforeCommit, afterCommit: ref.sourceCommit }).pullRequestDiff();
  log(`diff: ${diff.size} changed file(s) between ${beforeCommit.slice(0, 12)} and ${ref.sourceCommit.slice(0, 12)}`);
  const findings = filterFindings(loaded.findings, diff, options.mode);
  // The destination's config, never the source's: a PR must not lower its own gate.
  const failOn =
    options.failOn ?? (await deps.readConfig?.(state.destinationCommit))?.gate.failOn ?? DEFAULT_CONFIG.gate.failOn;
  const gate = judgeGate(loaded.findings, failOn, loaded.notScanned);
  if (gate.status === 'incomplete')
    log(`gate: incomplete, ${gate.notScanned.length} thing(s) not scanned: no approval`);
  const target: CommentTarget = {
    repositoryName: ref.repositoryName,
    pullRequestId: ref.pullRequestId,
    beforeCommitId: state.destinationCommit,
    afterCommitId: ref.sourceCommit,
  };
  const existing = await deps.comments.listComments(target);
  const plan = planComments({
    pullRequestId: ref.pullRequestId,
    sourceCommit: ref.sourceCommit,
    diff,
    findings,
    mode: options.mode,
    existing,
    gate,
    maxInline: options.maxInline,
    reportLocation: loaded.location,
  });
  log(`plan: ${plan.actions.length} write(s), ${plan.unchangedCount} comment(s) already up to date`);
  const base = { pullRequestId: ref.pullRequestId, sourceCommit: ref.sourceCommit, gate, findings, plan };
  if (options.dryRun) return { status: 'planned', ...base };
  const post = await applyPlan(deps.comments, target, plan);
  if (!options.approve) return { status: 'posted', ...base, post };
  // Only a complete, passing review approves: a failed gate or an incomplete report revokes.
  const approval: ApprovalState = gate.passed ? 'APPROVE' : 'REVOKE';
  await deps.pullRequests.setApproval(ref.pullRequestId, state.revisionId, approval);
  return { status: 'posted', ...base, post, approval };
}
