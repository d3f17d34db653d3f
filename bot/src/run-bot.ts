import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import { isDevsecopsError } from '@devsecops/shared/errors';
import type { GateThreshold } from '@devsecops/shared/findings';
import { assessFindings } from './approval/assess';
import { banditExcludedChanges } from './approval/bandit-excluded-paths';
import { inlineSuppressionsAdded } from './approval/inline-suppressions';
import { isOutsideRepository, repositoryPathOf } from './approval/policy-changes';
import type { GateOutcome } from './approval/gate';
import type { PullRequestRef } from './event/pull-request';
import { filterFindings } from './filter/filter-findings';
import type { NotScanned } from './findings/loaded-findings';
import type { PullRequestDiff } from './diff/pull-request-diff';
import { TooManyChangedFilesError } from './diff/too-many-files';
import type { FilteredFinding, FilterMode } from './filter/filter-findings';
import { withSafeFingerprints } from './findings/safe-fingerprints';
import { applyPlan } from './plan/apply-plan';
import type { PostReport } from './plan/apply-plan';
import { planComments } from './plan/plan-comments';
import { planDuplicateCleanup } from './plan/own-comments';
import type { CommentPlan } from './plan/plan-comments';
import type {
  ApprovalState,
  BotIdentity,
  CommentService,
  CommentTarget,
  ConfigReader,
  DiffService,
  FindingsSource,
  IdentityService,
  PullRequestService,
  PullRequestState,
} from './ports';

/** How the bot reviews. */
export interface BotOptions {
  readonly mode: FilterMode;
  /** Open inline comments at most; the rest are listed in the summary. */
  readonly maxInline: number;
  /** Gate threshold for the verdict and the approval; default: `.devsecops.yml` of the destination, else `high`. */
  readonly failOn?: GateThreshold;
  /**
   * Set the bot's approval: APPROVE on a complete pass, REVOKE on a failed gate or policy changes that need a
   * reviewer; an incomplete report leaves it as it is.
   */
  readonly approve: boolean;
  /** Plan only: read everything, write nothing. */
  readonly dryRun: boolean;
  /** Writes per batch; the pull request is checked before each (default `DEFAULT_WRITE_BATCH_SIZE`). */
  readonly writeBatchSize?: number;
}

/** The stages' platform parts, injected (reviewdog's core sees only interfaces). */
export interface BotDependencies {
  readonly pullRequests: PullRequestService;
  readonly comments: CommentService;
  readonly findings: FindingsSource;
  /**
   * The PR's diff between two commits. `configFiles`: scanner configs the destination's policy names besides the
   * root names, which a platform that follows links to changed files follows too.
   */
  readonly diffFor: (commits: {
    readonly beforeCommit: string;
    readonly afterCommit: string;
    readonly configFiles?: readonly string[];
  }) => DiffService;
  /** Who the bot is: only its own comments are read as its markers, only its own approval is its state. */
  readonly identity: IdentityService;
  /** Reads `.devsecops.yml` at a commit (for the gate); without it, the defaults apply. */
  readonly readConfig?: ConfigReader;
  /** Progress lines for the log. */
  readonly log?: (line: string) => void;
}

/** The bot's approval after a run. */
export interface ApprovalOutcome {
  /** What the gate asks for: APPROVE on a complete pass, else REVOKE. */
  readonly state: ApprovalState;
  /** True when the bot wrote it; false when the pull request already stood so (no write). */
  readonly changed: boolean;
}

/** What a run did, as the Lambda returns it and the CLI prints it. */
export type BotRunResult =
  | {
      readonly status: 'skipped';
      /** Why nothing was written: PR closed, event older than the PR's source branch, no reports yet. */
      readonly reason: string;
    }
  | {
      /**
       * `planned`: a dry run; `posted`: every write made; `stopped`: the pull request was closed or moved to a
       * newer commit during the run, so the run stopped writing (`reason`); a newer run owns the review.
       */
      readonly status: 'planned' | 'posted' | 'stopped';
      readonly reason?: string;
      readonly pullRequestId: string;
      readonly sourceCommit: string;
      readonly gate: GateOutcome;
      readonly findings: readonly FilteredFinding[];
      readonly plan: CommentPlan;
      /** Absent on a dry run. */
      readonly post?: PostReport;
      /** The approval, when `approve` is on, not a dry run, and the run was not stopped before it. */
      readonly approval?: ApprovalOutcome;
    };

/** Why the pull request no longer wants this run's writes, or undefined when it still does. */
function whyNotCurrent(state: PullRequestState, ref: PullRequestRef, when: 'start' | 'during'): string | undefined {
  if (state.status !== 'OPEN') {
    return when === 'start'
      ? `pull request ${ref.pullRequestId} is closed`
      : `pull request ${ref.pullRequestId} was closed during the run`;
  }
  if (state.sourceCommit === ref.sourceCommit) return undefined;
  // A newer push has its own event and build; commenting this older commit would fight it.
  return when === 'start'
    ? `the event is for ${ref.sourceCommit.slice(0, 12)} but the pull request is now at ${state.sourceCommit.slice(0, 12)}`
    : `pull request ${ref.pullRequestId} moved to ${state.sourceCommit.slice(0, 12)} during the run; the run for that commit reviews it`;
}

/** The fingerprints in `set`, as `withSafeFingerprints` renamed them (same positions in both lists). */
function samePositions(
  original: readonly { readonly fingerprint: string }[],
  renamed: readonly { readonly fingerprint: string }[],
  set: ReadonlySet<string>,
): Set<string> {
  return new Set(renamed.filter((_, index) => set.has(original[index]?.fingerprint ?? '')).map((f) => f.fingerprint));
}

/** The bot's approval of a revision as it stands: an approval by anyone else is not the bot's. */
function standingApproval(approvals: readonly { userArn: string; state: ApprovalState }[], identity: BotIdentity) {
  return approvals.some((approval) => identity.isBot(approval.userArn) && approval.state === 'APPROVE')
    ? 'APPROVE'
    : 'REVOKE';
}

/**
 * Tombstones the duplicates a racing run left (its write landed after this run listed the comments), when
 * the pull request is still open. Runs after every run's writes, also a stopped one: whichever run ends
 * last sees every comment, and all runs keep the same one. Returns how many comments it retired.
 */
async function retireRaceDuplicates(
  ref: PullRequestRef,
  deps: BotDependencies,
  identity: BotIdentity,
  log: (line: string) => void,
): Promise<number> {
  const state = await deps.pullRequests.getPullRequest(ref.repositoryName, ref.pullRequestId);
  if (state.status !== 'OPEN') return 0;
  const target: CommentTarget = {
    repositoryName: ref.repositoryName,
    pullRequestId: ref.pullRequestId,
    beforeCommitId: state.destinationCommit,
    afterCommitId: state.sourceCommit,
  };
  const own = (await deps.comments.listComments(target)).filter((comment) => identity.isBot(comment.authorArn));
  const retirements = planDuplicateCleanup(own, state.sourceCommit);
  for (const action of retirements) {
    if (action.kind === 'update') await deps.comments.updateComment(action.commentId, action.content);
  }
  if (retirements.length > 0) log(`comments: ${retirements.length} duplicate(s) from a racing run retired`);
  return retirements.length;
}

/**
 * One review of one pull request: read the PR's current state, load findings, diff, filter (mark),
 * assess (gate), plan comments against the bot's own earlier ones, post in batches (checking before each
 * that the pull request is still open and at this commit), and set the approval only when it changes.
 */
export async function runBot(ref: PullRequestRef, deps: BotDependencies, options: BotOptions): Promise<BotRunResult> {
  const log = deps.log ?? ((): void => undefined);
  let state = await deps.pullRequests.getPullRequest(ref.repositoryName, ref.pullRequestId);
  const notCurrent = whyNotCurrent(state, ref, 'start');
  if (notCurrent !== undefined) return { status: 'skipped', reason: notCurrent };
  const loaded = await deps.findings.load();
  if (loaded.sources.length === 0) {
    return {
      status: 'skipped',
      reason: `no scan reports under ${loaded.location} yet; the bot runs again when the pull request build finishes`,
    };
  }
  log(`findings: ${loaded.findings.length} from ${loaded.sources.length} report(s) in ${loaded.location}`);
  // The destination's config, never the source's: a PR must not lower its own gate. One the bot cannot read is a
  // policy it cannot know (it may be stricter than the defaults): the findings are still shown, with no verdict.
  let destinationConfigUnreadable: NotScanned | undefined;
  const destinationConfig =
    (await deps.readConfig?.(state.destinationCommit).catch((error: unknown) => {
      if (!isDevsecopsError(error) || error.code !== 'CONFIG_INVALID') throw error;
      destinationConfigUnreadable = {
        report: `.devsecops.yml at ${state.destinationCommit.slice(0, 12)}`,
        path: '.devsecops.yml',
        reason: `the destination's policy cannot be read, so the pull request cannot be judged: ${error.message}`,
      };
      log(`config: .devsecops.yml of the destination commit cannot be read (${error.message}); no verdict`);
      return undefined;
    })) ?? DEFAULT_CONFIG;
  const beforeCommit = state.mergeBase ?? state.destinationCommit;
  // The scanners also read the Bandit config the destination's policy names, through links like the root names.
  const banditConfigFile = repositoryPathOf(destinationConfig.tools.bandit.configFile);
  // A pull request too large to list is not reviewed: no verdict, and the summary says why.
  let tooManyFiles: NotScanned | undefined;
  const diff = await deps
    .diffFor({
      beforeCommit,
      afterCommit: ref.sourceCommit,
      configFiles: banditConfigFile === undefined || isOutsideRepository(banditConfigFile) ? [] : [banditConfigFile],
    })
    .pullRequestDiff()
    .catch((error: unknown): PullRequestDiff => {
      if (!(error instanceof TooManyChangedFilesError)) throw error;
      tooManyFiles = { report: `changes of pull request ${ref.pullRequestId}`, reason: error.message };
      log(`diff: ${error.message}`);
      return new Map();
    });
  log(`diff: ${diff.size} changed file(s) between ${beforeCommit.slice(0, 12)} and ${ref.sourceCommit.slice(0, 12)}`);
  // The source's config only to list what it would relax. One the bot cannot read is listed too: the CLI may
  // read it where the bot cannot (through a symbolic link), and once merged it would be main's policy unseen.
  let sourceConfigUnreadable: string | undefined;
  const sourceConfig = await deps.readConfig?.(ref.sourceCommit).catch((error: unknown) => {
    sourceConfigUnreadable = error instanceof Error ? error.message : String(error);
    log(`config: .devsecops.yml of the source commit cannot be read (${String(error)}); listed for a reviewer`);
    return undefined;
  });
  const safeFindings = withSafeFingerprints(loaded.findings);
  const assessment = assessFindings({
    findings: safeFindings,
    notScanned: [
      ...loaded.notScanned,
      ...(destinationConfigUnreadable === undefined ? [] : [destinationConfigUnreadable]),
      ...(tooManyFiles === undefined ? [] : [tooManyFiles]),
    ],
    destinationConfig,
    ...(options.failOn === undefined ? {} : { failOn: options.failOn }),
    ...(loaded.preExisting === undefined
      ? {}
      : { preExisting: samePositions(loaded.findings, safeFindings, loaded.preExisting) }),
    ...(loaded.withoutBaseline === undefined ? {} : { withoutBaseline: loaded.withoutBaseline }),
    ...(sourceConfig === undefined ? {} : { sourceConfig }),
    ...(sourceConfigUnreadable === undefined ? {} : { sourceConfigUnreadable }),
    changedPaths: diff.keys(),
    codeChangesForReview: [...inlineSuppressionsAdded(diff), ...banditExcludedChanges(diff)],
  });
  const { gate } = assessment;
  if (gate.status === 'incomplete')
    log(`gate: incomplete, ${gate.notScanned.length} thing(s) not scanned: no approval`);
  const findings = filterFindings(assessment.findings, diff, options.mode);
  const target: CommentTarget = {
    repositoryName: ref.repositoryName,
    pullRequestId: ref.pullRequestId,
    beforeCommitId: state.destinationCommit,
    afterCommitId: ref.sourceCommit,
  };
  const identity = await deps.identity.whoAmI();
  const comments = await deps.comments.listComments(target);
  const own = comments.filter((comment) => identity.isBot(comment.authorArn));
  if (own.length < comments.length) log(`comments: ${comments.length - own.length} by others, never read as markers`);
  const plan = planComments({
    pullRequestId: ref.pullRequestId,
    sourceCommit: ref.sourceCommit,
    diff,
    findings,
    mode: options.mode,
    existing: own,
    gate,
    maxInline: options.maxInline,
    reportLocation: loaded.location,
    ...(ref.build === undefined ? {} : { build: ref.build }),
  });
  log(`plan: ${plan.actions.length} write(s), ${plan.unchangedCount} comment(s) already up to date`);
  const base = { pullRequestId: ref.pullRequestId, sourceCommit: ref.sourceCommit, gate, findings, plan };
  if (options.dryRun) return { status: 'planned', ...base };

  const stillCurrent = async (): Promise<string | undefined> => {
    state = await deps.pullRequests.getPullRequest(ref.repositoryName, ref.pullRequestId);
    return whyNotCurrent(state, ref, 'during');
  };
  const applied = await applyPlan(deps.comments, target, plan, {
    beforeBatch: stillCurrent,
    ...(options.writeBatchSize === undefined ? {} : { batchSize: options.writeBatchSize }),
  });
  const retired = await retireRaceDuplicates(ref, deps, identity, log);
  const post: PostReport = { ...applied, updated: applied.updated + retired };
  if (post.stopped !== undefined) return { status: 'stopped', reason: post.stopped, ...base, post };
  if (!options.approve) return { status: 'posted', ...base, post };

  // An incomplete review has no verdict: the approval stays as it is (a new revision starts unapproved).
  if (gate.status === 'incomplete') return { status: 'posted', ...base, post };
  // Only a complete, passing review without policy changes approves: anything else revokes.
  const wanted: ApprovalState = gate.passed ? 'APPROVE' : 'REVOKE';
  const stop = await stillCurrent();
  if (stop !== undefined) return { status: 'stopped', reason: stop, ...base, post };
  const standing = standingApproval(
    await deps.pullRequests.getApprovals(ref.pullRequestId, state.revisionId),
    identity,
  );
  if (standing === wanted) return { status: 'posted', ...base, post, approval: { state: wanted, changed: false } };
  const written = await deps.pullRequests.setApproval(ref.pullRequestId, state.revisionId, wanted);
  if (written !== 'written') {
    const reason =
      written === 'pull-request-closed'
        ? `pull request ${ref.pullRequestId} was closed during the run`
        : `pull request ${ref.pullRequestId} got a new revision during the run; the run for it sets the approval`;
    return { status: 'stopped', reason, ...base, post };
  }
  return { status: 'posted', ...base, post, approval: { state: wanted, changed: true } };
}
