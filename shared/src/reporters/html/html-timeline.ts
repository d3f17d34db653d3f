// The pipeline run drawn to scale: one row per action, grouped by stage, each bar from the action's start to its
// end (actions that ran in parallel overlap in time, side by side), and a red line where the gate stopped the
// run. Times come from `pipeline-run.json`; only numbers and our own stage/action names reach the SVG, escaped.
import type { PipelineRunReport, PipelineStatus } from '../pipeline-run-report';
import { escapeHtml } from './html-escape';

const ROW_HEIGHT = 24;
const LABEL_WIDTH = 260;
const PLOT_WIDTH = 560;
const AXIS_HEIGHT = 28;

interface Row {
  readonly label: string;
  readonly status: PipelineStatus;
  readonly start?: number;
  readonly end?: number;
  readonly note: string;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The run's timeline as an inline SVG, or a sentence when no action has times. */
export function renderStageTimeline(report: PipelineRunReport): string {
  const runStart = Date.parse(report.startedAt);
  const rows: Row[] = [];
  let stopAt: number | undefined;
  let stopStage: string | undefined;
  for (const stage of report.stages) {
    for (const action of stage.actions) {
      const start = action.startedAt === null ? undefined : Date.parse(action.startedAt) - runStart;
      const end = action.endedAt === null ? undefined : Date.parse(action.endedAt) - runStart;
      rows.push({
        label: `${stage.name} › ${action.name}`,
        status: action.status,
        ...(start === undefined || Number.isNaN(start) ? {} : { start: Math.max(0, start) }),
        ...(end === undefined || Number.isNaN(end) ? {} : { end: Math.max(0, end) }),
        note:
          action.status === 'skipped'
            ? 'skipped'
            : `${action.status} · ${seconds(Math.max(0, (end ?? 0) - (start ?? 0)))}`,
      });
    }
    if (stage.status === 'failed' && stopAt === undefined && !report.continueOnFailure) {
      const ends = stage.actions.flatMap((action) =>
        action.endedAt === null ? [] : [Date.parse(action.endedAt) - runStart],
      );
      stopAt = Math.max(0, ...ends);
      stopStage = stage.name;
    }
  }
  const timed = rows.filter((row) => row.start !== undefined && row.end !== undefined);
  if (timed.length === 0) return '<p class="muted">No action ran, so there is no timeline.</p>';
  const total = Math.max(1, Date.parse(report.endedAt) - runStart, ...timed.map((row) => row.end ?? 0));
  const x = (ms: number): number => LABEL_WIDTH + Math.round((ms / total) * PLOT_WIDTH);
  const height = AXIS_HEIGHT + rows.length * ROW_HEIGHT + 8;
  const width = LABEL_WIDTH + PLOT_WIDTH + 120;
  const parts: string[] = [];
  rows.forEach((row, index) => {
    const y = AXIS_HEIGHT + index * ROW_HEIGHT;
    parts.push(`<text x="0" y="${y + 16}">${escapeHtml(row.label)}</text>`);
    if (row.start !== undefined && row.end !== undefined) {
      const left = x(row.start);
      const barWidth = Math.max(2, x(row.end) - left);
      parts.push(
        `<rect class="st-${row.status}" x="${left}" y="${y + 4}" width="${barWidth}" height="${ROW_HEIGHT - 8}" rx="3"><title>${escapeHtml(`${row.label}: ${row.note}`)}</title></rect>`,
        `<text x="${left + barWidth + 6}" y="${y + 16}">${escapeHtml(row.note)}</text>`,
      );
    } else {
      parts.push(`<text class="muted" x="${LABEL_WIDTH}" y="${y + 16}">${escapeHtml(row.note)}</text>`);
    }
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const at = x(fraction * total);
    return `<line class="axis" x1="${at}" y1="${AXIS_HEIGHT - 6}" x2="${at}" y2="${height - 4}"/><text x="${at - 10}" y="${AXIS_HEIGHT - 10}">${seconds(fraction * total)}</text>`;
  });
  const stop =
    stopAt === undefined
      ? ''
      : `<line class="stop" x1="${x(stopAt)}" y1="${AXIS_HEIGHT - 6}" x2="${x(stopAt)}" y2="${height - 4}"/><text class="stop-label" text-anchor="end" x="${x(stopAt) - 4}" y="${height + 8}">the run stopped after ${escapeHtml(stopStage ?? '')}</text>`;
  return [
    `<svg class="timeline" role="img" aria-label="Pipeline timeline" width="${width}" height="${height + 14}" viewBox="0 0 ${width} ${height + 14}" xmlns="http://www.w3.org/2000/svg">`,
    ...ticks,
    ...parts,
    stop,
    '</svg>',
  ].join('');
}
