import type { PipelineRunReport } from '@devsecops/shared/src/pipeline/run-report';

/** One notification's worth of a pipeline run. */
export interface PipelineSummary {
  /** True when every stage that ran passed and the run was not cancelled. */
  readonly passed: boolean;
  /** One line: outcome, where it stopped, how many findings. */
  readonly text: string;
}

/** Summarises a run for the notification (`Pipeline failed at application-validation: 7 findings …`). */
export function summarisePipelineRun(report: PipelineRunReport): PipelineSummary {
  const actions = report.stages.flatMap((stage) => stage.actions);
  const findings = actions.reduce((total, action) => total + action.findings, 0);
  const failedStage = report.stages.find((stage) => stage.status === 'failed');
  const ran = report.stages.filter((stage) => stage.status !== 'skipped').map((stage) => stage.name);
  const where = report.runner === 'aws' ? 'on AWS' : 'locally';
  const count = `${findings} finding${findings === 1 ? '' : 's'}`;
  if (report.cancelled) return { passed: false, text: `DevSecOps pipeline (${where}) was cancelled: ${count} so far.` };
  if (failedStage) {
    const reason = failedStage.reason ? ` (${failedStage.reason})` : '';
    return {
      passed: false,
      text: `DevSecOps pipeline (${where}) failed at ${failedStage.name}${reason}: ${count}. Stages run: ${ran.join(', ')}.`,
    };
  }
  return { passed: true, text: `DevSecOps pipeline (${where}) passed: ${count}. Stages run: ${ran.join(', ')}.` };
}
