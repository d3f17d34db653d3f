import { evaluateGate } from '@devsecops/shared';
import type { Finding, GateThreshold } from '@devsecops/shared';

/** The gate's verdict as the bot reports it and approves on. */
export interface GateOutcome {
  /** The threshold: fail on findings at or above this severity (`none` never fails). */
  readonly failOn: GateThreshold;
  /** True when no finding reaches the threshold. */
  readonly passed: boolean;
  /** How many findings reach the threshold. */
  readonly failingCount: number;
}

/**
 * Judges every finding of the source commit, not just those in the diff: the PR is what would be
 * merged, the same rule the pipeline's gate applies. SARIF from the pipeline is already post-policy.
 */
export function judgeGate(findings: readonly Finding[], failOn: GateThreshold): GateOutcome {
  const result = evaluateGate(findings, failOn);
  return { failOn, passed: result.passed, failingCount: result.failing.length };
}
