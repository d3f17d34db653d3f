import { renderConsole } from './console';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from '../sarif/render-sarif';
import { renderScanHtml } from './html/scan-html';
import type { ReportInput } from './report-input';

/** Every output format of `devsecops scan --format`. */
export const REPORT_FORMATS = ['console', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** Console only: ANSI colours (pass true on a TTY). Default false. */
  readonly color?: boolean;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders a report as text in `format` (ends with a newline). */
export function renderReport(format: ReportFormat, input: ReportInput, options: RenderOptions = {}): string {
  switch (format) {
    case 'console':
      return renderConsole(input, { color: options.color ?? false });
    case 'json':
      return renderJson(input);
    case 'sarif':
      return renderSarif(input);
    case 'junit':
      return renderJunit(input);
    case 'markdown':
      return renderMarkdown(input);
    case 'html':
      return renderScanHtml(input);
  }
}
