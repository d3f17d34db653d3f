import type { DevsecopsConfig, Finding, GateThreshold } from '@devsecops/shared';
import type { NotScanned } from '../findings/loaded-findings';
import { judgeGate } from './gate';
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
}

/** The findings the review shows and the verdict it approves on. */
export interface Assessment {
  readonly findings: readonly Finding[];
  readonly gate: GateOutcome;
}

/**
 * The one place the bot decides what counts. Today the reports arrive with the PR build's policy already
 * applied, and only the gate threshold comes from the destination. The destination's whole policy
 * (suppressions, severity overrides, ignore globs, re-applied to raw findings) and a baseline (the
 * destination commit's findings, so the gate can count only what the pull request introduces) belong here:
 * both change which findings count and how, and everything after this step already works on its output.
 */
export function assessFindings(input: AssessmentInput): Assessment {
  const failOn = input.failOn ?? input.destinationConfig.gate.failOn;
  return { findings: input.findings, gate: judgeGate(input.findings, failOn, input.notScanned) };
}
