import type { GateThreshold } from '../findings/severity';
import type { PolicyResult } from '../policy/apply-policy';
import type { BaselineComparison, GateScope } from '../policy/baseline';
import type { RuleDescriptor } from '../scanners/rule-descriptor';
import type { ScanResult } from '../scanners/scanner';
import { renderConsole } from './console';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from '../sarif/render-sarif';
import { renderScanHtml } from './html/scan-html';
import type { SourceExcerpts } from './html/source-excerpts';

/** Every output format of `devsecops scan --format`. */
export const REPORT_FORMATS = ['console', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Everything a report shows. Renderers are pure: the same input gives the same text. */
export interface ReportInput {
  /** The reported findings (after policy) and every tool's run. */
  readonly result: ScanResult;
  /** Absolute path of the scanned tree; finding paths are relative to it (SARIF's `%SRCROOT%`). */
  readonly root: string;
  /** The gate's threshold, scope (with a baseline; default `new`) and verdict, as the CLI decided it. */
  readonly gate: { readonly failOn: GateThreshold; readonly passed: boolean; readonly scope?: GateScope };
  /** Findings silenced by `.devsecops.yml` suppressions, shown as such (never as failures). */
  readonly suppressed?: PolicyResult['suppressed'];
  /** This product's version, recorded where the format has a place for it. */
  readonly toolVersion?: string;
  /**
   * Descriptions of rules the built-in engines know (`listBuiltinRules()`).
   * SARIF rules use them for `shortDescription`; without one, a rule is
   * described by the first sentence of its first finding.
   */
  readonly rules?: readonly RuleDescriptor[];
  /** The scan compared with an earlier one (`--baseline`): each finding new or unchanged, and what is absent. */
  readonly baseline?: BaselineComparison;
  /** HTML only: the source lines around the findings (`readSourceExcerpts`); without them, no source is shown. */
  readonly sourceExcerpts?: SourceExcerpts;
}

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
