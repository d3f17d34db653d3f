import type { GateThreshold } from '@devsecops/shared/findings';
import { executionVerdict } from '@devsecops/shared/aws';
import type { PipelineSnapshot } from '@devsecops/shared/aws';
import type { PipelineRunReport, PipelineStatus } from '@devsecops/shared/pipeline';

/** CodePipeline's status words mapped onto the run report's three. */
function statusOf(awsStatus: string | undefined): PipelineStatus {
  if (awsStatus === 'Succeeded') return 'succeeded';
  if (awsStatus === 'Failed' || awsStatus === 'Abandoned' || awsStatus === 'Stopped') return 'failed';
  return 'skipped';
}

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
  const verdict = executionVerdict(snapshot);
  return {
    runner: 'aws',
    source: `${snapshot.pipelineName}@${snapshot.commit ?? 'branch tip'}`,
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt.toISOString(),
    failOn: run.failOn,
    continueOnFailure: false,
    cancelled: verdict.cancelled,
    ...(verdict.runFailure === undefined ? {} : { runFailure: verdict.runFailure }),
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
