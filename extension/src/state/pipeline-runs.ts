import * as vscode from 'vscode';
import { applyProgressEvent } from '@devsecops/shared/pipeline';
import type { PipelineProgressEvent, StageViewState, PipelineRunReport } from '@devsecops/shared/pipeline';
import type { GateFailures, PipelineSummary } from '../model/pipeline-summary';

/** The last pipeline run as the view and the commands see it: live stages while it runs, then its outcome. */
export interface PipelineRunState {
  readonly folder: vscode.WorkspaceFolder;
  readonly running: boolean;
  /** Stages and actions with their status, updated from the run's progress events. */
  readonly stages: StageViewState;
  readonly report?: PipelineRunReport;
  readonly gate?: GateFailures;
  readonly summary?: PipelineSummary;
}

/** Holds the last pipeline run and tells listeners (the view) when it changes. */
export class PipelineRuns implements vscode.Disposable {
  private current: PipelineRunState | undefined;
  private previous: PipelineRunState | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get last(): PipelineRunState | undefined {
    return this.current;
  }

  start(folder: vscode.WorkspaceFolder): void {
    this.previous = this.current;
    this.current = { folder, running: true, stages: { stages: [] } };
    this.changed.fire();
  }

  /** The run never started (the person declined the AWS confirmation): the run before it is the last again. */
  abandon(): void {
    this.current = this.previous;
    this.changed.fire();
  }

  progress(event: PipelineProgressEvent): void {
    if (!this.current || event.type === 'action-log') return;
    applyProgressEvent(this.current.stages, event, Date.now());
    this.changed.fire();
  }

  /** The run ended: its report and what its gate counted (undefined when it ended in an error). */
  finish(outcome?: { report: PipelineRunReport; gate: GateFailures; summary: PipelineSummary }): void {
    if (!this.current) return;
    this.current = { ...this.current, running: false, ...(outcome ?? {}) };
    if (outcome) this.current = { ...this.current, stages: stagesOfReport(outcome.report) };
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The finished run's stages in the live view's shape (an AWS run has no progress events). */
function stagesOfReport(report: PipelineRunReport): StageViewState {
  return {
    stages: report.stages.map((stage) => ({
      name: stage.name,
      status: stage.status,
      ...(stage.reason === undefined ? {} : { reason: stage.reason }),
      actions: stage.actions.map((action) => ({
        name: action.name,
        status: action.status,
        findings: action.findings,
        ...(action.startedAt !== null && action.endedAt !== null
          ? { durationMs: Date.parse(action.endedAt) - Date.parse(action.startedAt) }
          : {}),
        ...(action.reason === undefined ? {} : { reason: action.reason }),
      })),
    })),
  };
}
