import type { DevsecopsConfig } from '@devsecops/shared/config';
import type { Finding, GateThreshold } from '@devsecops/shared/findings';
import type { ToolWithoutBaseline } from '@devsecops/shared/policy';
import type { NotScanned } from '../findings/loaded-findings';
import { judgeGate } from './gate';
import { policyChangesOf } from './policy-changes';
import type { PolicyChange } from './policy-changes';
import type { GateOutcome } from './gate';

/** What the review judges a pull request on. */
export interface AssessmentInput {
  /** Every finding the source commit's reports hold, with fingerprints safe to write into markers. */
  readonly findings: readonly Finding[];
  /** What the reports say was not checked. */
  readonly notScanned: readonly NotScanned[];
  /** `.devsecops.yml` at the destination commit: the policy the pull request is judged by, never its own. */
  readonly destinationConfig: DevsecopsConfig;
  /** A gate threshold given to the bot itself (CLI flag, Lambda setting); wins over the destination's. */
  readonly failOn?: GateThreshold;
  /** Fingerprints of findings the destination already had (the reports' baseline). */
  readonly preExisting?: ReadonlySet<string>;
  /** Tools the reports had no baseline for: all their findings count as new (the summary says so). */
  readonly withoutBaseline?: readonly ToolWithoutBaseline[];
  /** `.devsecops.yml` at the source commit, to list what the pull request's own policy would relax. */
  readonly sourceConfig?: DevsecopsConfig;
  /** Why `.devsecops.yml` at the source commit could not be read (then it needs a reviewer). */
  readonly sourceConfigUnreadable?: string;
  /** Paths the pull request changes (scanner config files among them need a reviewer). */
  readonly changedPaths?: Iterable<string>;
  /**
   * What the pull request's code itself changes about what is scanned, each for a reviewer: the inline
   * suppressions it writes or keeps over a statement it changes (`# nosec`, `# hadolint ignore=`), and the Python
   * files it adds where Bandit's default excludes leave them unscanned.
   */
  readonly codeChangesForReview?: readonly PolicyChange[];
}

/** The findings the review shows and the verdict it approves on. */
export interface Assessment {
  readonly findings: readonly Finding[];
  readonly gate: GateOutcome;
}

/**
 * The one place the bot decides what counts. The reports arrive with the destination's policy applied (the
 * pull-request build scans with `--policy` set to the destination's `.devsecops.yml`) and compared with the
 * destination's reports (`--baseline`); here the gate takes the destination's threshold and scope, and what
 * the pull request's own policy would relax is listed so that it is never approved by the bot alone.
 */
export function assessFindings(input: AssessmentInput): Assessment {
  const failOn = input.failOn ?? input.destinationConfig.gate.failOn;
  const policyChanges = [
    ...policyChangesOf({
      findings: input.findings,
      destinationConfig: input.destinationConfig,
      ...(input.sourceConfig === undefined ? {} : { sourceConfig: input.sourceConfig }),
      ...(input.sourceConfigUnreadable === undefined ? {} : { sourceConfigUnreadable: input.sourceConfigUnreadable }),
      changedPaths: input.changedPaths ?? [],
    }),
    ...(input.codeChangesForReview ?? []),
  ];
  return {
    findings: input.findings,
    gate: judgeGate(input.findings, failOn, {
      notScanned: input.notScanned,
      ...(input.preExisting === undefined ? {} : { preExisting: input.preExisting }),
      ...(input.withoutBaseline === undefined ? {} : { withoutBaseline: input.withoutBaseline }),
      ...(input.destinationConfig.gate.scope === undefined ? {} : { scope: input.destinationConfig.gate.scope }),
      policyChanges,
    }),
  };
}
