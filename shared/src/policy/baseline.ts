import type { Finding } from '../findings/finding';
import { severityRank } from '../findings/severity';
import type { GateScope } from '../config/config';
import type { ToolRun } from '../scanners/scanner';

/**
 * New versus existing: a scan compared with an earlier scan of the same project (its baseline), in SARIF's
 * terms (`result.baselineState`). A finding is `unchanged` when the baseline holds the same fingerprint
 * (tool, rule, path, line content, occurrence: line moves keep it) at the same or a higher severity, else
 * `new`; a baseline finding that the scan no longer reports is `absent` (fixed, or its code removed).
 *
 * The baseline is the user's input, like a policy file, never the repository's: a baseline that lists a
 * finding makes that finding pass a `new`-scoped gate, so whoever chooses the baseline chooses what passes.
 * The pull-request build takes it from the findings bucket, where only the pipeline's builds write.
 */
export type BaselineState = 'new' | 'unchanged' | 'absent';

/** One finding of the baseline, as much of it as an `absent` entry shows. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly tool: string;
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly path: string;
  readonly line: number;
}

/**
 * One tool run of the baseline. Only a run whose tool succeeded says which findings the baseline had: a failed
 * run is no baseline for its tool. (Files a successful run could not scan have no findings there, so theirs
 * count as new now: the safe side.)
 */
export interface BaselineTool {
  /** Tool name as in findings (`bandit`, `hadolint`, `devsecops-sca`…). */
  readonly name: string;
  readonly succeeded: boolean;
  /** Why a run is not a baseline (the tool's failure). */
  readonly reason?: string;
}

/** An earlier scan's findings, by fingerprint, and where they were read from. */
export interface Baseline {
  /** The files read (a file, or each SARIF file of a folder), for the line that says what was compared. */
  readonly sources: readonly string[];
  readonly entries: readonly BaselineEntry[];
  /** Results of the baseline without a devsecops fingerprint (another tool's SARIF): never matched. */
  readonly unmatchable: number;
  /** The tool runs the baseline holds: a tool without a successful run here has no baseline. */
  readonly tools: readonly BaselineTool[];
}

/** A tool of this scan that the baseline cannot be compared with, and why: all its findings are new. */
export interface ToolWithoutBaseline {
  readonly tool: string;
  readonly reason: string;
}

/** The scan compared with its baseline. */
export interface BaselineComparison {
  readonly baseline: Baseline;
  /** Fingerprints of this scan's findings (suppressed ones too) that the baseline holds. */
  readonly unchanged: ReadonlySet<string>;
  /** Baseline findings this scan does not report (neither reported nor suppressed), in baseline order. */
  readonly absent: readonly BaselineEntry[];
  /**
   * Tools that ran now but have no successful run in the baseline (its report of them is missing, or their run
   * there failed): nothing of theirs is unchanged or absent, every finding of theirs counts as new. Said out
   * loud, so that a missing report never reads as a baseline without findings.
   */
  readonly withoutBaseline: readonly ToolWithoutBaseline[];
}

/** SARIF run property (`run.properties`) of a run whose tool had no baseline: why (see `withoutBaseline`). */
export const SARIF_NO_BASELINE_PROPERTY = 'devsecops/noBaseline';

/** The tools the baseline has a successful run of (one is enough when several files overlap). */
function baselineTools(baseline: Baseline): Set<string> {
  return new Set(baseline.tools.filter((tool) => tool.succeeded).map((tool) => tool.name));
}

/** A tool's failure reason can be its whole output: its first line, bounded, is enough to say why. */
function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length <= 200 ? line : `${line.slice(0, 199)}…`;
}

/** Why a tool of this scan has no baseline, or undefined when it has one. */
function whyNoBaseline(name: string, baseline: Baseline, covered: ReadonlySet<string>): string | undefined {
  if (covered.has(name)) return undefined;
  const failed = baseline.tools.find((tool) => tool.name === name);
  return failed === undefined
    ? `the baseline has no report of ${name}`
    : `${name} failed in the baseline: ${firstLine(failed.reason ?? 'no reason given')}`;
}

/**
 * Compares this scan's findings (reported and suppressed) with the baseline, by fingerprint. A baseline
 * finding is absent only when its tool ran to completion now and could scan its file: a tool that did not
 * run (not installed, `--only`) or a file it could not read fixes nothing. Only tools with a successful run
 * in the baseline are compared; the others are `withoutBaseline` and all their findings are new.
 */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  tools: readonly ToolRun[],
): BaselineComparison {
  const covered = baselineTools(baseline);
  const comparable = baseline.entries.filter((entry) => covered.has(entry.tool));
  // The most severe the baseline had each fingerprint at (overlapping baseline files can repeat one).
  const before = new Map<string, number>();
  for (const entry of comparable) {
    before.set(entry.fingerprint, Math.max(before.get(entry.fingerprint) ?? -1, severityRank(entry.severity)));
  }
  const now = new Set(findings.map((finding) => finding.fingerprint));
  // The fingerprint keys on one line, so a change to another line of the same statement keeps it while the
  // tool rates the code worse (Bandit's B602 goes from low, a literal command, to high, a variable one): a
  // finding more severe than the baseline had it is new.
  const unchanged = new Set(
    findings
      .filter(
        (finding) =>
          covered.has(finding.tool) && severityRank(finding.severity) <= (before.get(finding.fingerprint) ?? -1),
      )
      .map((finding) => finding.fingerprint),
  );
  const completed = new Map(
    tools
      .filter((tool) => tool.status === 'ok')
      .map((tool) => [tool.name, new Set((tool.unscanned ?? []).map((file) => file.path))]),
  );
  const seen = new Set<string>();
  const absent = comparable.filter((entry) => {
    const unscanned = completed.get(entry.tool);
    if (unscanned === undefined || unscanned.has(entry.path)) return false;
    // One absent entry per fingerprint, even when the baseline was several overlapping files.
    if (now.has(entry.fingerprint) || seen.has(entry.fingerprint)) return false;
    seen.add(entry.fingerprint);
    return true;
  });
  const ran = [...new Set(tools.filter((tool) => tool.status !== 'skipped').map((tool) => tool.name))];
  const withoutBaseline = ran.flatMap((name): ToolWithoutBaseline[] => {
    const reason = whyNoBaseline(name, baseline, covered);
    return reason === undefined ? [] : [{ tool: name, reason }];
  });
  return { baseline, unchanged, absent, withoutBaseline };
}

/** A finding's state against the comparison, or undefined when no baseline was given. */
export function baselineStateOf(
  finding: Finding,
  comparison: BaselineComparison | undefined,
): 'new' | 'unchanged' | undefined {
  if (comparison === undefined) return undefined;
  return comparison.unchanged.has(finding.fingerprint) ? 'unchanged' : 'new';
}

/**
 * The findings the gate counts: with scope `new` and a baseline, only the new ones; otherwise all.
 * A pre-existing finding is still reported, it just does not block a change that did not add it.
 */
export function findingsInGateScope(
  findings: readonly Finding[],
  scope: GateScope,
  comparison: BaselineComparison | undefined,
): Finding[] {
  if (scope === 'all' || comparison === undefined) return [...findings];
  return findings.filter((finding) => !comparison.unchanged.has(finding.fingerprint));
}

/**
 * "3 new, 5 unchanged, 2 absent since the baseline", for the console and the summary, and "; no baseline for
 * hadolint: all its findings count as new" when a tool had none.
 */
export function describeComparison(findings: readonly Finding[], comparison: BaselineComparison): string {
  const unchanged = findings.filter((finding) => comparison.unchanged.has(finding.fingerprint)).length;
  const counts = `${String(findings.length - unchanged)} new, ${String(unchanged)} unchanged, ${String(comparison.absent.length)} absent (fixed) since the baseline`;
  const missing = comparison.withoutBaseline.map((entry) => entry.tool);
  if (missing.length === 0) return counts;
  return `${counts}; no baseline for ${missing.join(', ')}: all ${missing.length === 1 ? 'its' : 'their'} findings count as new`;
}
