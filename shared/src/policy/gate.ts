import type { Finding } from '../findings/finding';
import type { GateThreshold } from '../findings/severity';
import { meetsThreshold } from '../findings/severity';

/** The gate's verdict over the findings that policy left reported. */
export interface GateResult {
  /** True when no finding is at or above the threshold (always true for `none`). */
  readonly passed: boolean;
  /** The findings that fail the gate, in their input order. */
  readonly failing: Finding[];
}

/**
 * Fails when any finding is at or above `failOn`. Pass the policy's `reported`
 * findings: ignored and suppressed ones must never fail a build.
 */
export function evaluateGate(findings: readonly Finding[], failOn: GateThreshold): GateResult {
  const failing = findings.filter((finding) => meetsThreshold(finding.severity, failOn));
  return { passed: failing.length === 0, failing };
}
