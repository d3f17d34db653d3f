// `devsecops scan --format html`: a scan's report input as the HTML page's model.
import { incompletenessOf } from '../../policy/completeness';
import { baselineStateOf } from '../../policy/baseline';
import { gateCountOf } from '../console';
import { describeUncounted } from '../gate-failures';
import type { ReportInput } from '../report-input';
import { plural } from '../report-order';
import type { HtmlReportModel, HtmlVerdict } from './html-report';
import { renderHtmlReport } from './html-report';

/** The page's model of one scan: the gate's count is the console's, so both always agree. */
export function htmlModelOfScan(input: ReportInput): HtmlReportModel {
  const count = gateCountOf(input);
  const failing = new Set(count.failing);
  const incompleteness = incompletenessOf(input.result.tools);
  const verdict: HtmlVerdict = incompleteness !== undefined ? 'incomplete' : input.gate.passed ? 'passed' : 'failed';
  const uncounted = input.gate.failOn === 'none' ? '' : describeUncounted(count, input.gate.failOn);
  const verdictText =
    input.gate.failOn === 'none'
      ? 'the gate is off (fail-on none).'
      : `${plural(count.failing.length, 'finding')} at or above ${input.gate.failOn}${uncounted === '' ? '' : `; ${uncounted}`}.`;
  return {
    title: 'DevSecOps scan report',
    subject: input.root,
    verdict,
    verdictText,
    gate: { failOn: input.gate.failOn, scope: input.gate.scope ?? 'new', withBaseline: input.baseline !== undefined },
    findings: input.result.findings.map((finding) => {
      const baselineState = baselineStateOf(finding, input.baseline);
      return { finding, failsGate: failing.has(finding), ...(baselineState === undefined ? {} : { baselineState }) };
    }),
    suppressed: (input.suppressed ?? []).map((entry) => ({
      finding: entry.finding,
      reason: entry.suppression.reason,
      ...(entry.suppression.expires === undefined ? {} : { expires: entry.suppression.expires }),
    })),
    tools: input.result.tools.map((tool) => ({
      name: tool.name,
      status: tool.status,
      ...(tool.version === undefined ? {} : { version: tool.version }),
      ...(tool.reason === undefined ? {} : { reason: tool.reason }),
    })),
    unscanned: incompleteness?.unscanned ?? [],
    excerpts: input.sourceExcerpts ?? new Map(),
    ...(input.toolVersion === undefined ? {} : { toolVersion: input.toolVersion }),
  };
}

/** `--format html`. */
export function renderScanHtml(input: ReportInput): string {
  return renderHtmlReport(htmlModelOfScan(input));
}
