import { ok } from 'node:assert/strict';
import type { PipelineActionReport, PipelineRunReport } from '../../src/reporters/pipeline-run-report';

/** The action named `name` in any stage of the run report; the test fails when there is none. */
export function actionIn(report: PipelineRunReport, name: string): PipelineActionReport {
  const found = report.stages.flatMap((stage) => stage.actions).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no action ${name} in the report`);
  return found;
}

/** Fails the test unless the SCA and SAST actions both ran and ran at the same time (their spans overlap). */
export function assertScaAndSastOverlapped(report: PipelineRunReport): void {
  const sca = actionIn(report, 'sca');
  const sast = actionIn(report, 'sast');
  ok(sca.startedAt && sca.endedAt && sast.startedAt && sast.endedAt);
  ok(
    Date.parse(sca.startedAt) < Date.parse(sast.endedAt) && Date.parse(sast.startedAt) < Date.parse(sca.endedAt),
    `SCA ${sca.startedAt}–${sca.endedAt} and SAST ${sast.startedAt}–${sast.endedAt} must overlap`,
  );
}
