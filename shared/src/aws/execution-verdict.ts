import type { PipelineSnapshot } from './pipeline-client';

/**
 * CodePipeline execution statuses of a run that did not go to its end: stopped (or being stopped) by someone,
 * cancelled, superseded by a newer execution before a later stage (and its gate) ran, or still running.
 */
const UNFINISHED_EXECUTION: ReadonlySet<string> = new Set([
  'InProgress',
  'Stopping',
  'Stopped',
  'Cancelled',
  'Superseded',
]);

/** What a pipeline run report takes from its CodePipeline execution's own status. */
export interface ExecutionVerdict {
  /** True when the execution did not run to its end: the run reads as cancelled. */
  readonly cancelled: boolean;
  /** Why the run failed, when CodePipeline ended the execution `Failed` (or with a status this product does not know). */
  readonly runFailure?: string;
}

/**
 * The execution's own status is the truth about a run: only `Succeeded` leaves the verdict to the stages. An
 * execution can end `Failed` while every stage it reports passed or never started (a failed stage transition, a
 * stage outside the declaration read), so its stages alone would read as passed. A status word that a later API
 * version adds fails the run rather than passing it. Pure.
 */
export function executionVerdict(snapshot: Pick<PipelineSnapshot, 'status' | 'statusSummary'>): ExecutionVerdict {
  if (snapshot.status === 'Succeeded') return { cancelled: false };
  if (UNFINISHED_EXECUTION.has(snapshot.status)) return { cancelled: true };
  const summary = snapshot.statusSummary === undefined ? '' : `: ${snapshot.statusSummary}`;
  return {
    cancelled: false,
    runFailure:
      snapshot.status === 'Failed'
        ? `CodePipeline ended the execution Failed${summary}`
        : `CodePipeline ended the execution with status ${snapshot.status}, which this version does not know${summary}`,
  };
}
