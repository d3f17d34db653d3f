import type { GateThreshold } from '@devsecops/shared/findings';
import type { PipelineSnapshot } from '@devsecops/shared/aws';
import type { PipelineRunReport, PipelineStatus } from '@devsecops/shared/pipeline';

/** CodePipeline's status words mapped onto the run report's three. */
function statusOf(awsStatus: string | undefined): PipelineStatus {
  if (awsStatus === 'Succeeded') return 'succeeded';
  if (awsStatus === 'Failed' || awsStatus === 'Abandoned' || awsStatus === 'Stopped') return 'failed';
  return 'skipped';
}

/**
 * Executions that ended, or are ending, without running every stage to its end: stopped by someone, or
 * superseded by a newer execution before a later stage (and its gate) ran. Their run must not read as
 * passed, whatever the stages that did run said.
 */
const UNFINISHED_EXECUTION = new Set(['Stopping', 'Stopped', 'Cancelled', 'Superseded']);

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/**
 * A finished cloud execution in the shape of `reports/pipeline-run.json`, so the summary and the Problems
 * panel treat local and AWS runs alike. `findingsByAction` counts the findings of each `<stage>.sarif`
 * loaded from S3, keyed by its base name (the action name, e.g. `sast`).
 */
export function awsRunReport(
  snapshot: PipelineSnapshot,
  run: {
    readonly startedAt: Date;
    readonly endedAt: Date;
    readonly findingsByAction: ReadonlyMap<string, number>;
    readonly failOn: GateThreshold;
  },
): PipelineRunReport {
  return {
    runner: 'aws',
    source: `${snapshot.pipelineName}@${snapshot.commit ?? 'branch tip'}`,
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt.toISOString(),
    failOn: run.failOn,
    continueOnFailure: false,
    cancelled: UNFINISHED_EXECUTION.has(snapshot.status),
    reportsDir: '',
    stages: snapshot.stages.map((stage) => ({
      name: stage.name,
      status: statusOf(stage.status),
      actions: stage.actions.map((action) => ({
        name: action.name,
        status: statusOf(action.status),
        startedAt: iso(action.startTimeMs),
        endedAt: action.status === 'InProgress' ? null : iso(action.lastUpdateTimeMs),
        findings: run.findingsByAction.get(action.name) ?? 0,
        reportFiles: [],
        ...(action.summary ? { reason: action.summary } : {}),
        ...(action.buildId ? { buildId: action.buildId } : {}),
      })),
    })),
  };
}
