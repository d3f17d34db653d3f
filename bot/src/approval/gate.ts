import { evaluateGate } from '@devsecops/shared/policy';
import { meetsThreshold } from '@devsecops/shared/findings';
import type { Finding, GateThreshold } from '@devsecops/shared/findings';
import type { GateScope } from '@devsecops/shared/config';
import type { GateStatus } from '@devsecops/shared/policy';
import type { ToolWithoutBaseline } from '@devsecops/shared/policy';
import type { NotScanned } from '../findings/loaded-findings';
import type { PolicyChange } from './policy-changes';

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
  /** `new` when the gate counted only findings the destination did not have (the reports carried a baseline). */
  readonly scope?: GateScope;
  /** Findings at or above the threshold that the destination already had, not counted with scope `new`. */
  readonly preExistingCount?: number;
  /**
   * Tools the reports had no baseline for (the destination's report of them was missing or its tool failed):
   * every finding of theirs counted as new. Listed so that "new" is never read as "compared".
   */
  readonly withoutBaseline?: readonly ToolWithoutBaseline[];
  /** What the pull request's own files relax: while any is listed, the bot does not approve. */
  readonly policyChanges?: readonly PolicyChange[];
}

/** What else decides the verdict besides the findings. */
export interface GateContext {
  /** What the reports say was not checked. */
  readonly notScanned?: readonly NotScanned[];
  /** Fingerprints of findings the destination already had; with scope `new` they do not count. */
  readonly preExisting?: ReadonlySet<string>;
  /** `gate.scope` of the destination (default `new`). */
  readonly scope?: GateScope;
  readonly policyChanges?: readonly PolicyChange[];
  /** Tools without a baseline: nothing changes in what counts (their findings are all new), it is only said. */
  readonly withoutBaseline?: readonly ToolWithoutBaseline[];
}

/**
 * Judges every finding of the source commit, not just those in the diff: the PR is what would be
 * merged, the same rule the pipeline's gate applies. With scope `new` (the default) and reports compared
 * with the destination's, findings the destination already had do not count: a pull request is judged on
 * what it adds. Anything not scanned makes the outcome incomplete: it can never pass. A pull request that
 * relaxes its own policy does not pass either, whatever its findings: a security reviewer approves it.
 */
export function judgeGate(findings: readonly Finding[], failOn: GateThreshold, context: GateContext = {}): GateOutcome {
  const notScanned = context.notScanned ?? [];
  const policyChanges = context.policyChanges ?? [];
  const scope = context.scope ?? 'new';
  const preExisting = scope === 'new' ? context.preExisting : undefined;
  const isPreExisting = (finding: Finding): boolean => preExisting?.has(finding.fingerprint) === true;
  const result = evaluateGate(
    findings.filter((finding) => !isPreExisting(finding)),
    failOn,
  );
  const preExistingCount = findings.filter(
    (finding) => isPreExisting(finding) && meetsThreshold(finding.severity, failOn),
  ).length;
  const status: GateStatus = notScanned.length > 0 ? 'incomplete' : result.passed ? 'passed' : 'failed';
  return {
    failOn,
    passed: status === 'passed' && policyChanges.length === 0,
    status,
    failingCount: result.failing.length,
    notScanned,
    ...(preExisting === undefined || preExisting.size === 0 ? {} : { scope, preExistingCount }),
    ...(policyChanges.length === 0 ? {} : { policyChanges }),
    ...(context.withoutBaseline === undefined || context.withoutBaseline.length === 0 || scope !== 'new'
      ? {}
      : { withoutBaseline: uniqueByTool(context.withoutBaseline) }),
  };
}

/** One entry per tool (several reports of one build can each say it), in first-seen order. */
function uniqueByTool(entries: readonly ToolWithoutBaseline[]): ToolWithoutBaseline[] {
  const byTool = new Map<string, ToolWithoutBaseline>();
  for (const entry of entries) if (!byTool.has(entry.tool)) byTool.set(entry.tool, entry);
  return [...byTool.values()];
}
