import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { PipelineExecutionStatus } from '@aws-sdk/client-codepipeline';
import { awsRunReport } from '../../src/model/aws-run-report';
import { summarisePipelineRun } from '../../src/model/pipeline-summary';

type PipelineSnapshot = Parameters<typeof awsRunReport>[0];
type StageSnapshot = PipelineSnapshot['stages'][number];
type ActionSnapshot = StageSnapshot['actions'][number];

const NO_FINDINGS = { threshold: 'high', failing: [], reported: 0 } as const;

function report(snapshot: PipelineSnapshot): ReturnType<typeof awsRunReport> {
  return awsRunReport(snapshot, {
    startedAt: new Date(0),
    endedAt: new Date(60_000),
    findingsByAction: new Map(),
    failOn: 'high',
  });
}

function action(status: string | undefined): ActionSnapshot {
  return { name: 'sast', ...(status === undefined ? {} : { status }), startTimeMs: 1_000, lastUpdateTimeMs: 2_000 };
}

function stage(name: string, status: string | undefined, actionStatus: string | undefined): StageSnapshot {
  return { name, ...(status === undefined ? {} : { status }), actions: [action(actionStatus)] };
}

function execution(status: string, stages: readonly StageSnapshot[]): PipelineSnapshot {
  return { pipelineName: 'devsecops', executionId: 'e-1', status, commit: 'abc123', stages };
}

/** What the notification says of a run: its first words, up to the colon. */
function outcomeOf(snapshot: PipelineSnapshot): string {
  const { text } = summarisePipelineRun(report(snapshot), NO_FINDINGS);
  return text.slice(0, text.indexOf(':'));
}

describe('awsRunReport: CodePipeline statuses as a run report', () => {
  // CodePipeline's action execution statuses, and undefined for an action that never started.
  const actionOutcomes: readonly [string | undefined, string][] = [
    ['Succeeded', 'succeeded'],
    ['Failed', 'failed'],
    ['Abandoned', 'failed'],
    ['InProgress', 'skipped'],
    [undefined, 'skipped'],
  ];
  for (const [status, expected] of actionOutcomes) {
    it(`an action ${status ?? 'not started'} is ${expected}`, () => {
      const [stageReport] = report(execution('Failed', [stage('scan', 'Failed', status)])).stages;
      strictEqual(stageReport?.actions[0]?.status, expected);
    });
  }

  // CodePipeline's stage execution statuses, and undefined for a stage that never started.
  const stageOutcomes: readonly [string | undefined, string][] = [
    ['Succeeded', 'succeeded'],
    ['Failed', 'failed'],
    ['Stopped', 'failed'],
    ['Cancelled', 'skipped'],
    ['Stopping', 'skipped'],
    ['InProgress', 'skipped'],
    [undefined, 'skipped'],
  ];
  for (const [status, expected] of stageOutcomes) {
    it(`a stage ${status ?? 'not started'} is ${expected}`, () => {
      strictEqual(report(execution('Failed', [stage('scan', status, 'Succeeded')])).stages[0]?.status, expected);
    });
  }

  it('an action still running has no end time; a finished one ends at its last update', () => {
    const [running, finished] =
      report(
        execution('InProgress', [
          { name: 'scan', status: 'InProgress', actions: [action('InProgress'), action('Failed')] },
        ]),
      ).stages[0]?.actions ?? [];
    deepStrictEqual([running?.endedAt, finished?.endedAt], [null, new Date(2_000).toISOString()]);
  });

  // Every execution status CodePipeline gives, with the run's first stage passed and the second as that
  // execution leaves it: the outcome the notification names.
  const executionOutcomes: readonly [string, StageSnapshot, string][] = [
    ['Succeeded', stage('build', 'Succeeded', 'Succeeded'), 'DevSecOps pipeline (on AWS) passed'],
    ['Failed', stage('build', 'Failed', 'Failed'), 'DevSecOps pipeline (on AWS) failed at build'],
    ['Stopped', stage('build', 'Stopped', 'Abandoned'), 'DevSecOps pipeline (on AWS) was cancelled'],
    ['Stopping', stage('build', 'Stopping', 'InProgress'), 'DevSecOps pipeline (on AWS) was cancelled'],
    ['Cancelled', stage('build', 'Cancelled', undefined), 'DevSecOps pipeline (on AWS) was cancelled'],
    // A newer execution took over before the second stage ran: its gate never ran, so this run did not pass.
    ['Superseded', stage('build', undefined, undefined), 'DevSecOps pipeline (on AWS) was cancelled'],
  ];
  for (const [status, second, expected] of executionOutcomes) {
    it(`an execution ${status} reads "${expected}"`, () => {
      strictEqual(outcomeOf(execution(status, [stage('source', 'Succeeded', 'Succeeded'), second])), expected);
    });
  }

  it('an execution Failed while every stage it reports passed reads as failed, with what CodePipeline said', () => {
    const failed = { ...execution('Failed', [stage('source', 'Succeeded', 'Succeeded')]), statusSummary: 'Boom.' };
    const { passed, text } = summarisePipelineRun(report(failed), NO_FINDINGS);
    deepStrictEqual(
      [passed, text],
      [
        false,
        'DevSecOps pipeline (on AWS) failed: CodePipeline ended the execution Failed: Boom. (0 findings reported). Stages run: source.',
      ],
    );
  });

  // The second stage as the execution may leave it, under every execution status: only an execution that
  // Succeeded, with no stage failed, passes.
  const secondStages: readonly StageSnapshot[] = [
    stage('build', 'Succeeded', 'Succeeded'),
    stage('build', undefined, undefined),
    stage('build', 'InProgress', 'InProgress'),
    stage('build', 'Stopped', 'Abandoned'),
    stage('build', 'Cancelled', undefined),
    stage('build', 'Failed', 'Failed'),
  ];
  for (const status of Object.values(PipelineExecutionStatus)) {
    for (const second of secondStages) {
      const shouldPass = status === 'Succeeded' && second.status !== 'Failed' && second.status !== 'Stopped';
      it(`an execution ${status} with a stage ${second.status ?? 'not started'} ${shouldPass ? 'passes' : 'does not pass'}`, () => {
        const run = report(execution(status, [stage('source', 'Succeeded', 'Succeeded'), second]));
        strictEqual(summarisePipelineRun(run, NO_FINDINGS).passed, shouldPass);
      });
    }
  }
});
