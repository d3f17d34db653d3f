import type { Finding } from '../findings/finding';
import type { GateScope } from '../config/config';
import type { ToolRun } from '../scanners/scanner';

/**
 * New versus existing: a scan compared with an earlier scan of the same project (its baseline), in SARIF's
 * terms (`result.baselineState`). A finding is `unchanged` when the baseline holds the same fingerprint
 * (tool, rule, path, line content, occurrence: line moves keep it), else `new`; a baseline finding that the
 * scan no longer reports is `absent` (fixed, or its code removed).
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

/** An earlier scan's findings, by fingerprint, and where they were read from. */
export interface Baseline {
  /** The files read (a file, or each SARIF file of a folder), for the line that says what was compared. */
  readonly sources: readonly string[];
  readonly entries: readonly BaselineEntry[];
  /** Results of the baseline without a devsecops fingerprint (another tool's SARIF): never matched. */
  readonly unmatchable: number;
}

/** The scan compared with its baseline. */
export interface BaselineComparison {
  readonly baseline: Baseline;
  /** Fingerprints of this scan's findings (suppressed ones too) that the baseline holds. */
  readonly unchanged: ReadonlySet<string>;
  /** Baseline findings this scan does not report (neither reported nor suppressed), in baseline order. */
  readonly absent: readonly BaselineEntry[];
}

/**
 * Compares this scan's findings (reported and suppressed) with the baseline, by fingerprint. A baseline
 * finding is absent only when its tool ran to completion now and could scan its file: a tool that did not
 * run (not installed, `--only`) or a file it could not read fixes nothing.
 */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  tools: readonly ToolRun[],
): BaselineComparison {
  const before = new Set(baseline.entries.map((entry) => entry.fingerprint));
  const now = new Set(findings.map((finding) => finding.fingerprint));
  const unchanged = new Set([...now].filter((fingerprint) => before.has(fingerprint)));
  const completed = new Map(
    tools
      .filter((tool) => tool.status === 'ok')
      .map((tool) => [tool.name, new Set((tool.unscanned ?? []).map((file) => file.path))]),
  );
  const seen = new Set<string>();
  const absent = baseline.entries.filter((entry) => {
    const unscanned = completed.get(entry.tool);
    if (unscanned === undefined || unscanned.has(entry.path)) return false;
    // One absent entry per fingerprint, even when the baseline was several overlapping files.
    if (now.has(entry.fingerprint) || seen.has(entry.fingerprint)) return false;
    seen.add(entry.fingerprint);
    return true;
  });
  return { baseline, unchanged, absent };
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

/** "3 new, 5 unchanged, 2 absent since the baseline", for the console and the summary. */
export function describeComparison(findings: readonly Finding[], comparison: BaselineComparison): string {
  const unchanged = findings.filter((finding) => comparison.unchanged.has(finding.fingerprint)).length;
  return `${String(findings.length - unchanged)} new, ${String(unchanged)} unchanged, ${String(comparison.absent.length)} absent (fixed) since the baseline`;
}
