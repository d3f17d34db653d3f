import { oneLine } from '../reporters/safe-text';
import type { PipelineRunReport, PipelineStatus } from '../reporters/pipeline-run-report';

/**
 * Progress of a pipeline run as events, and two renderers for the CLI: a live
 * stage view that redraws in place on a TTY, and plain lines otherwise (CI
 * logs, pipes). The extension maps the same events to its progress UI.
 */
export type PipelineProgressEvent =
  | { readonly type: 'stage-started'; readonly stage: string; readonly actions: readonly string[] }
  | {
      readonly type: 'stage-ended';
      readonly stage: string;
      readonly status: PipelineStatus;
      /** Why it failed or was skipped. */
      readonly reason?: string;
      /** Actions of a skipped stage, so views can list them. */
      readonly actions?: readonly string[];
    }
  | { readonly type: 'action-started'; readonly stage: string; readonly action: string }
  | {
      readonly type: 'action-ended';
      readonly stage: string;
      readonly action: string;
      readonly status: PipelineStatus;
      /** Results in the action's SARIF report. */
      readonly findings: number;
      /** Milliseconds the action ran (0 when skipped). */
      readonly durationMs: number;
      readonly reason?: string;
    }
  | { readonly type: 'action-log'; readonly stage: string; readonly action: string; readonly line: string }
  | { readonly type: 'pipeline-ended'; readonly report: PipelineRunReport };

export type ProgressListener = (event: PipelineProgressEvent) => void;

/** A renderer receives events and is stopped once at the end (the TTY one stops its timer there). */
export interface ProgressRenderer {
  readonly onProgress: ProgressListener;
  stop(): void;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function findingsText(count: number): string {
  return `${count} finding${count === 1 ? '' : 's'}`;
}

/** Plain lines, one per start/end, no cursor movement. Action log lines are not printed (they go to logs/). */
export function createPlainProgressRenderer(write: (text: string) => void): ProgressRenderer {
  return {
    onProgress(event) {
      switch (event.type) {
        case 'stage-started':
          write(`stage ${event.stage}: started (${event.actions.join(' + ')})\n`);
          break;
        case 'stage-ended':
          write(`stage ${event.stage}: ${event.status}${event.reason ? ` (${oneLine(event.reason)})` : ''}\n`);
          break;
        case 'action-started':
          write(`  action ${event.action}: started\n`);
          break;
        case 'action-ended': {
          const details = [findingsText(event.findings), seconds(event.durationMs), oneLine(event.reason ?? '')].filter(
            (part) => part !== '',
          );
          write(`  action ${event.action}: ${event.status} (${details.join(', ')})\n`);
          break;
        }
        case 'action-log':
        case 'pipeline-ended':
          break;
      }
    },
    stop() {
      // Nothing to tidy up.
    },
  };
}

/** State of the live view: stages in order with their actions. */
export interface StageViewState {
  readonly stages: {
    name: string;
    status: PipelineStatus | 'pending' | 'running';
    reason?: string;
    actions: {
      name: string;
      status: PipelineStatus | 'pending' | 'running';
      startedAtMs?: number;
      durationMs?: number;
      findings?: number;
      lastLine?: string;
      reason?: string;
    }[];
  }[];
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ICON: Readonly<Record<PipelineStatus | 'pending', string>> = {
  succeeded: '✔',
  failed: '✖',
  skipped: '○',
  pending: '·',
};

/** Applies one event to the view state (pure apart from mutating `state`). */
export function applyProgressEvent(state: StageViewState, event: PipelineProgressEvent, nowMs: number): void {
  const stageOf = (name: string): StageViewState['stages'][number] => {
    let stage = state.stages.find((candidate) => candidate.name === name);
    if (!stage) {
      stage = { name, status: 'pending', actions: [] };
      state.stages.push(stage);
    }
    return stage;
  };
  const actionOf = (stageName: string, name: string): StageViewState['stages'][number]['actions'][number] => {
    const stage = stageOf(stageName);
    let action = stage.actions.find((candidate) => candidate.name === name);
    if (!action) {
      action = { name, status: 'pending' };
      stage.actions.push(action);
    }
    return action;
  };
  switch (event.type) {
    case 'stage-started':
      stageOf(event.stage).status = 'running';
      for (const action of event.actions) actionOf(event.stage, action);
      break;
    case 'stage-ended': {
      const stage = stageOf(event.stage);
      stage.status = event.status;
      if (event.reason !== undefined) stage.reason = event.reason;
      for (const action of event.actions ?? []) actionOf(event.stage, action);
      break;
    }
    case 'action-started': {
      const action = actionOf(event.stage, event.action);
      action.status = 'running';
      action.startedAtMs = nowMs;
      break;
    }
    case 'action-ended': {
      const action = actionOf(event.stage, event.action);
      action.status = event.status;
      action.durationMs = event.durationMs;
      action.findings = event.findings;
      if (event.reason !== undefined) action.reason = event.reason;
      break;
    }
    case 'action-log':
      if (event.line.trim() !== '') actionOf(event.stage, event.action).lastLine = event.line;
      break;
    case 'pipeline-ended':
      break;
  }
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** The live view's lines for one frame. Pure: the TTY renderer and tests call it. */
export function renderStageView(state: StageViewState, nowMs: number, frame: number, width = 100): string[] {
  const spinner = SPINNER[frame % SPINNER.length] ?? '*';
  const lines: string[] = [];
  for (const stage of state.stages) {
    const icon = stage.status === 'running' ? spinner : ICON[stage.status];
    lines.push(fit(`${icon} ${stage.name}${stage.reason ? `  (${oneLine(stage.reason)})` : ''}`, width));
    for (const action of stage.actions) {
      const actionIcon = action.status === 'running' ? spinner : ICON[action.status];
      const elapsed =
        action.status === 'running' && action.startedAtMs !== undefined
          ? seconds(nowMs - action.startedAtMs)
          : action.durationMs !== undefined
            ? seconds(action.durationMs)
            : '';
      const details = [
        action.status === 'pending' || action.status === 'running' ? '' : action.status,
        action.findings !== undefined && action.status !== 'skipped' ? findingsText(action.findings) : '',
        elapsed,
        action.status === 'running' ? '' : oneLine(action.reason ?? ''),
      ].filter((part) => part !== '');
      lines.push(fit(`    ${actionIcon} ${action.name.padEnd(12)} ${details.join(' · ')}`, width));
      // A build's log line is whatever its commands printed: no escape sequence of theirs reaches the terminal.
      if (action.status === 'running' && action.lastLine) {
        lines.push(fit(`        ${oneLine(action.lastLine.trim())}`, width));
      }
    }
  }
  return lines;
}

/** Minimal writable stream shape (process.stdout fits). */
export interface TtyStream {
  write(text: string): unknown;
  readonly columns?: number;
}

/**
 * The live stage view: redraws every `intervalMs` (spinner, running time, the
 * running actions' last log line) by moving the cursor up over the previous frame.
 */
export function createTtyProgressRenderer(stream: TtyStream, intervalMs = 100): ProgressRenderer {
  const state: StageViewState = { stages: [] };
  let frame = 0;
  let drawnLines = 0;
  const draw = (): void => {
    // Some pseudo-terminals report 0 columns; fall back to a usual width then.
    const width = stream.columns !== undefined && stream.columns > 0 ? Math.max(20, stream.columns - 1) : 100;
    const lines = renderStageView(state, Date.now(), frame++, width);
    const up = drawnLines > 0 ? `\x1b[${drawnLines}A` : '';
    stream.write(`${up}\r\x1b[J${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`);
    drawnLines = lines.length;
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  let stopped = false;
  return {
    onProgress(event) {
      applyProgressEvent(state, event, Date.now());
      if (!stopped && event.type !== 'action-log') draw();
    },
    stop() {
      // Idempotent: after the final frame, output below it (the summary) must not be redrawn over.
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      draw();
    },
  };
}
