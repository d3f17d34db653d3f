// What an action's SARIF report says about each finding, for the pipeline's summary and HTML report: reported or
// suppressed (with the reason), new or already in the baseline, and whether the gate counted it. The gate is the
// one every scan of the run used: `--fail-on` of the run, else the policy's `gate.failOn` and `gate.scope`.
import type { Finding } from '../findings/finding';
import { meetsThreshold } from '../findings/severity';
import type { GateThreshold } from '../findings/severity';
import { maskFindingSecrets } from '../findings/secret-masking';
import type { GateScope } from '../config/config';
import { sortFindingsBySeverity } from '../findings/finding-order';
import type { ImportedSarifLog } from '../sarif/parse-sarif';
import { parseSarifLog } from '../sarif/parse-sarif';
import { listedFinding, MAX_LISTED_GATE_FAILURES } from '../reporters/gate-failures';
import type { PipelineActionReport } from '../reporters/pipeline-run-report';
import type { ToolRun } from '../scanners/scanner';

/** One finding of an action's report. */
export interface ActionFinding {
  readonly finding: Finding;
  readonly baselineState?: 'new' | 'unchanged';
  /** Set when a suppression silenced it: never counted by the gate. */
  readonly suppression?: { readonly reason: string; readonly expires?: string };
  readonly failsGate: boolean;
}

/** An action's findings and tool runs, as read from its SARIF report. */
export interface ActionFindings {
  readonly action: string;
  readonly findings: readonly ActionFinding[];
  readonly tools: readonly ToolRun[];
}

/** The gate the run's scans applied. */
export interface PipelineGate {
  readonly failOn: GateThreshold;
  readonly scope: GateScope;
}

/** Reads the findings of a parsed SARIF log of `action` and marks what the gate counted. */
export function actionFindingsOf(action: string, log: ImportedSarifLog, gate: PipelineGate): ActionFindings {
  const findings = log.results.map((result): ActionFinding => {
    // Our own SARIF always carries the fingerprint; a foreign one needs none to be listed.
    const finding = maskFindingSecrets({ ...result.draft, fingerprint: result.fingerprint ?? '' });
    const baselineState =
      result.baselineState === undefined ? undefined : result.baselineState === 'new' ? 'new' : 'unchanged';
    const inScope = !(gate.scope === 'new' && baselineState === 'unchanged');
    return {
      finding,
      ...(baselineState === undefined ? {} : { baselineState }),
      ...(result.suppression === undefined ? {} : { suppression: result.suppression }),
      failsGate: result.suppression === undefined && inScope && meetsThreshold(finding.severity, gate.failOn),
    };
  });
  return { action, findings, tools: log.tools };
}

/** The findings the gate counted, most severe first. */
export function gateFailuresOf(findings: ActionFindings): Finding[] {
  return sortFindingsBySeverity(findings.findings.filter((entry) => entry.failsGate).map((entry) => entry.finding));
}

/** Gate failures `pipeline-run.json` keeps per action (the HTML report and the SARIF hold them all). */
const MAX_STORED_GATE_FAILURES = Math.max(50, MAX_LISTED_GATE_FAILURES);

/**
 * An action's report with its gate failures (how many, and the most severe of them), when its gate failed or its
 * result is incomplete and it has any. An action whose gate passed lists none, whatever its report holds: its
 * build judged with the threshold it was given, which the listing must not contradict.
 */
export function withGateFailures(
  report: PipelineActionReport,
  findings: ActionFindings | undefined,
): PipelineActionReport {
  if (report.gate !== 'failed' && report.gate !== 'incomplete') return report;
  const failing = findings === undefined ? [] : gateFailuresOf(findings);
  if (failing.length === 0) return report;
  return {
    ...report,
    gateFailures: { count: failing.length, listed: failing.slice(0, MAX_STORED_GATE_FAILURES).map(listedFinding) },
  };
}

/** Reads an action's SARIF text (suppressed results too) into its findings; undefined when it is not SARIF. */
export function actionFindingsOfSarif(action: string, sarif: string, gate: PipelineGate): ActionFindings | undefined {
  try {
    return actionFindingsOf(action, parseSarifLog(sarif, { includeSuppressed: true }), gate);
  } catch {
    return undefined;
  }
}
