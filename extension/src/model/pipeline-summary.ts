import type { Finding, GateThreshold } from '@devsecops/shared/findings';
import { meetsThreshold, parseSeverity, sortFindingsBySeverity } from '@devsecops/shared/findings';
import { plural } from '@devsecops/shared/reports';
import type { PipelineRunReport } from '@devsecops/shared/pipeline';

/** The gate's threshold when a run names none (the config default). */
const DEFAULT_THRESHOLD: GateThreshold = 'high';

/** What the gate counted in a run: the reported findings at or above its threshold. */
export interface GateFailures {
  readonly threshold: GateThreshold;
  /** Findings at or above the threshold, most severe first. Suppressed findings are never among them. */
  readonly failing: readonly Finding[];
  /** Every reported (not suppressed) finding of the run. */
  readonly reported: number;
}

/**
 * The findings that fail the gate of a run, from the run's own threshold (`pipeline-run.json`'s `failOn`) and its
 * reported findings (SARIF results without an accepted suppression): the count the gate used, never the total of
 * every result the reports hold. Pure.
 */
export function gateFailuresOf(report: PipelineRunReport, reported: readonly Finding[]): GateFailures {
  const threshold: GateThreshold =
    report.failOn === 'none' ? 'none' : (parseSeverity(report.failOn ?? '') ?? DEFAULT_THRESHOLD);
  return {
    threshold,
    failing: sortFindingsBySeverity(reported.filter((finding) => meetsThreshold(finding.severity, threshold))),
    reported: reported.length,
  };
}

/** One notification's worth of a pipeline run. */
export interface PipelineSummary {
  /** True when every stage that ran passed and the run was not cancelled. */
  readonly passed: boolean;
  /** True when the run stopped because findings reached the gate. */
  readonly gateFailed: boolean;
  /** One line: outcome, where it stopped, what the gate counted. */
  readonly text: string;
}

/** Summarises a run for the notification (`… failed at application-validation: gate failed: 3 findings ≥ high …`). */
export function summarisePipelineRun(report: PipelineRunReport, gate: GateFailures): PipelineSummary {
  const failedStage = report.stages.find((stage) => stage.status === 'failed');
  const ran = report.stages.filter((stage) => stage.status !== 'skipped').map((stage) => stage.name);
  const where = report.runner === 'aws' ? 'on AWS' : 'locally';
  const all = `${plural(gate.reported, 'finding')} reported`;
  const atGate = `${plural(gate.failing.length, 'finding')} ≥ ${gate.threshold}`;
  if (report.cancelled) {
    return { passed: false, gateFailed: false, text: `DevSecOps pipeline (${where}) was cancelled: ${all} so far.` };
  }
  if (failedStage) {
    const actions = failedStage.actions;
    // Local runs say which actions the gate stopped; an AWS run's failed stage with findings at the gate is the gate.
    const gateFailed =
      gate.failing.length > 0 &&
      (actions.some((action) => action.gate === 'failed') || actions.every((action) => action.gate === undefined));
    const reason = gateFailed ? `gate failed: ${atGate}` : (failedStage.reason ?? 'a stage failed');
    return {
      passed: false,
      gateFailed,
      text: `DevSecOps pipeline (${where}) failed at ${failedStage.name}: ${reason} (${all}). Stages run: ${ran.join(', ')}.`,
    };
  }
  if (report.runFailure !== undefined) {
    return {
      passed: false,
      gateFailed: false,
      text: `DevSecOps pipeline (${where}) failed: ${report.runFailure} (${all}). Stages run: ${ran.join(', ')}.`,
    };
  }
  return {
    passed: true,
    gateFailed: false,
    text: `DevSecOps pipeline (${where}) passed: ${all}${gate.threshold === 'none' ? ' (the gate is off)' : `, none ≥ ${gate.threshold}`}. Stages run: ${ran.join(', ')}.`,
  };
}
