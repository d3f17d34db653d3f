import type { PipelineActionReport, PipelineRunReport } from '../../src/reporters/pipeline-run-report';

/** An action as a test states it: its name and status, and whatever else the test is about. */
export type ManifestAction = Pick<PipelineActionReport, 'name' | 'status'> & Partial<PipelineActionReport>;

/** A whole run, as `devsecops pipeline run` records it, with `actions` in its one stage. */
export function runManifest(actions: readonly ManifestAction[]): PipelineRunReport {
  return {
    runner: 'local',
    source: '/codebuild/output/src/app',
    startedAt: '2026-01-01T10:00:00.000Z',
    endedAt: '2026-01-01T10:01:00.000Z',
    failOn: null,
    continueOnFailure: false,
    cancelled: false,
    reportsDir: '/codebuild/output/src/app/reports',
    stages: [
      {
        name: 'application-validation',
        status: actions.some((action) => action.status === 'failed') ? 'failed' : 'succeeded',
        actions: actions.map((action) => ({
          startedAt: '2026-01-01T10:00:01.000Z',
          endedAt: '2026-01-01T10:00:59.000Z',
          findings: 0,
          reportFiles: [],
          ...action,
        })),
      },
    ],
  };
}

/** The text of `pipeline-run.json` for a run with `actions` in its one stage. */
export function runManifestText(actions: readonly ManifestAction[]): string {
  return `${JSON.stringify(runManifest(actions), null, 2)}\n`;
}
