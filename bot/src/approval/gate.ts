import { evaluateGate } from '@devsecops/shared';
import type { Finding, GateStatus, GateThreshold } from '@devsecops/shared';
import type { NotScanned } from '../findings/loaded-findings';

/** The gate's verdict as the bot reports it and approves on. */
export interface GateOutcome {
  /** The threshold: fail on findings at or above this severity (`none` never fails). */
  readonly failOn: GateThreshold;
  /** True only when the reports are complete and no finding reaches the threshold: the one case the bot approves. */
  readonly passed: boolean;
  /** `incomplete` when any report left something unchecked: no verdict, whatever the findings. */
  readonly status: GateStatus;
  /** How many findings reach the threshold. */
  readonly failingCount: number;
  /** What the reports say was not checked; empty when they are complete. */
  readonly notScanned: readonly NotScanned[];
}

/**
 * Judges every finding of the source commit, not just those in the diff: the PR is what would be
 * merged, the same rule the pipeline's gate applies. SARIF from the pipeline is already post-policy.
 * Anything not scanned makes the outcome incomplete: it can never pass.
 */
export function judgeGate(
  findings: readonly Finding[],
  failOn: GateThreshold,
  notScanned: readonly NotScanned[] = [],
): GateOutcome {
  const result = evaluateGate(findings, failOn);
  const status: GateStatus = notScanned.length > 0 ? 'incomplete' : result.passed ? 'passed' : 'failed';
  return { failOn, passed: status === 'passed', status, failingCount: result.failing.length, notScanned };
}
