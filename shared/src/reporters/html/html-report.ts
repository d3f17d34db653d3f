// `devsecops scan --format html` and the pipeline's `reports/index.html`: one self-contained page (no request
// leaves it; its style and script are inline and allowed by hash), readable without JavaScript. Pure: the same
// model gives the same text. Every text from a scanned repository or a SARIF file is escaped (`html-escape.ts`).
import type { Finding } from '../../findings/finding';
import { SEVERITIES, meetsThreshold, severityRank } from '../../findings/severity';
import type { GateThreshold } from '../../findings/severity';
import type { GateScope } from '../../config/config';
import type { PipelineRunReport } from '../pipeline-run-report';
import { referenceLinks } from '../reference-links';
import { countBySeverity, plural } from '../report-order';
import { compareByLocation, compareBySeverityThenLocation, compareText } from '../../findings/finding-order';
import { printablePath } from '../safe-text';
import { REPORT_CONTENT_SECURITY_POLICY, REPORT_SCRIPT, REPORT_STYLE } from './html-assets';
import { escapeHtml, linkOrText } from './html-escape';
import { renderStageTimeline } from './html-timeline';
import type { SourceExcerpt, SourceExcerpts } from './source-excerpts';

/** A reported finding as the page shows it. */
export interface HtmlFinding {
  readonly finding: Finding;
  /** Counted by the gate: in scope, at or above the threshold. */
  readonly failsGate: boolean;
  /** With a baseline: whether the baseline already had it. */
  readonly baselineState?: 'new' | 'unchanged';
  /** The pipeline action whose report holds it. */
  readonly action?: string;
}

/** A finding a `.devsecops.yml` suppression (or another SARIF suppression) silenced. */
export interface HtmlSuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
  readonly expires?: string;
  readonly action?: string;
}

/** A tool's run as the page lists it. */
export interface HtmlToolRun {
  readonly name: string;
  readonly version?: string;
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly reason?: string;
  readonly action?: string;
}

/** A file a tool should have analysed and could not. */
export interface HtmlUnscannedFile {
  readonly tool: string;
  readonly path: string;
  readonly reason: string;
  readonly action?: string;
}

export type HtmlVerdict = 'passed' | 'failed' | 'incomplete' | 'cancelled' | 'error';

/** Everything the page shows. */
export interface HtmlReportModel {
  readonly title: string;
  /** What was scanned (a folder, a repository and commit). */
  readonly subject: string;
  readonly verdict: HtmlVerdict;
  /** One sentence after the verdict ("3 findings at or above high; not counted: …"). */
  readonly verdictText: string;
  readonly gate: { readonly failOn: GateThreshold; readonly scope: GateScope; readonly withBaseline: boolean };
  readonly findings: readonly HtmlFinding[];
  readonly suppressed: readonly HtmlSuppressedFinding[];
  readonly tools: readonly HtmlToolRun[];
  readonly unscanned: readonly HtmlUnscannedFile[];
  readonly excerpts: SourceExcerpts;
  /** The pipeline run, for `reports/index.html`: stages, the timeline, each action's reports. */
  readonly pipeline?: PipelineRunReport;
  /** This product's version, in the footer. */
  readonly toolVersion?: string;
}

const VERDICT_WORD: Readonly<Record<HtmlVerdict, string>> = {
  passed: 'Passed',
  failed: 'Gate failed',
  incomplete: 'Incomplete',
  cancelled: 'Cancelled',
  error: 'Error',
};

/** Renders the page. */
export function renderHtmlReport(model: HtmlReportModel): string {
  const findings = [...model.findings].sort((a, b) => compareByLocation(a.finding, b.finding));
  const body = [
    `<header class="top"><h1>${escapeHtml(model.title)}</h1>`,
    `<p><span class="verdict ${model.verdict}">${VERDICT_WORD[model.verdict]}</span> ${escapeHtml(model.verdictText)}</p>`,
    `<p class="muted">${escapeHtml(model.subject)} · gate: ${escapeHtml(gateText(model))}</p></header>`,
    '<main>',
    overviewSection(model),
    ...(model.pipeline === undefined ? [] : [pipelineSection(model.pipeline)]),
    gateFailuresSection(model),
    findingsSection(model, findings),
    unscannedSection(model),
    suppressedSection(model),
    toolsSection(model),
    `<p class="muted">${model.toolVersion === undefined ? 'devsecops' : `devsecops ${escapeHtml(model.toolVersion)}`} · this page makes no network request; links open in your browser.</p>`,
    '</main>',
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CONTENT_SECURITY_POLICY)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function gateText(model: HtmlReportModel): string {
  if (model.gate.failOn === 'none') return 'off (fail-on none)';
  const scope = model.gate.withBaseline && model.gate.scope === 'new' ? 'new findings' : 'findings';
  return `fails on ${scope} at or above ${model.gate.failOn}`;
}

/** The severity overview: one bar per severity, to scale, with the gate's threshold marked. */
function severityChart(findings: readonly HtmlFinding[], failOn: GateThreshold): string {
  const counts = countBySeverity(findings.map((entry) => entry.finding));
  const max = Math.max(1, ...SEVERITIES.map((severity) => counts[severity]));
  const rowHeight = 26;
  const labelWidth = 70;
  const barWidth = 320;
  const height = SEVERITIES.length * rowHeight + 8;
  const rows = SEVERITIES.map((severity, index) => {
    const y = 4 + index * rowHeight;
    const width = counts[severity] === 0 ? 0 : Math.max(2, Math.round((counts[severity] / max) * barWidth));
    const gate = meetsThreshold(severity, failOn);
    return [
      `<text x="0" y="${y + 16}">${severity}</text>`,
      `<rect class="bar-${severity}" x="${labelWidth}" y="${y + 3}" width="${width}" height="${rowHeight - 8}" rx="3"><title>${counts[severity]} ${severity}</title></rect>`,
      gate
        ? `<rect class="bar-gate" x="${labelWidth - 4}" y="${y}" width="${barWidth + 8}" height="${rowHeight - 2}"/>`
        : '',
      `<text class="count" x="${labelWidth + width + 6}" y="${y + 16}">${counts[severity]}</text>`,
    ].join('');
  });
  return [
    `<svg class="chart" role="img" aria-label="Findings by severity" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}" xmlns="http://www.w3.org/2000/svg">`,
    ...rows,
    '</svg>',
  ].join('');
}

function overviewSection(model: HtmlReportModel): string {
  const failing = model.findings.filter((entry) => entry.failsGate).length;
  const toolNames = [...new Set(model.findings.map((entry) => entry.finding.tool))].sort(compareText);
  const perTool = toolNames.map((tool) => {
    const counts = countBySeverity(model.findings.filter((entry) => entry.finding.tool === tool).map((e) => e.finding));
    return `<tr><td>${escapeHtml(tool)}</td>${SEVERITIES.map((severity) => `<td class="num">${counts[severity]}</td>`).join('')}</tr>`;
  });
  return [
    '<h2 id="overview">Overview</h2>',
    '<div class="overview">',
    severityChart(model.findings, model.gate.failOn),
    '<div>',
    `<p><strong>${plural(model.findings.length, 'finding')}</strong>, <strong>${failing}</strong> failing the gate${model.gate.failOn === 'none' ? '' : ' (dashed box: at or above the threshold)'}; ${plural(model.suppressed.length, 'suppressed finding')}; ${plural(model.unscanned.length, 'file')} not scanned.</p>`,
    perTool.length === 0
      ? ''
      : `<table><tr><th>Tool</th>${SEVERITIES.map((severity) => `<th>${severity}</th>`).join('')}</tr>${perTool.join('')}</table>`,
    '</div></div>',
  ].join('\n');
}

function pipelineSection(pipeline: PipelineRunReport): string {
  const rows = pipeline.stages.flatMap((stage) =>
    stage.actions.map((action) => {
      const files = action.reportFiles.map((file) => linkOrText(encodeRelative(file), file)).join(' ');
      return `<tr><td>${escapeHtml(stage.name)}</td><td>${escapeHtml(action.name)}</td><td>${escapeHtml(action.status)}</td><td class="num">${action.findings}</td><td>${escapeHtml(action.reason ?? '')}</td><td>${files}</td></tr>`;
    }),
  );
  return [
    '<h2 id="pipeline">Pipeline run</h2>',
    renderStageTimeline(pipeline),
    '<table><tr><th>Stage</th><th>Action</th><th>Status</th><th>Results</th><th>Notes</th><th>Log and reports</th></tr>',
    ...rows,
    '</table>',
  ].join('\n');
}

/** A report file's relative link, each segment percent-encoded. */
function encodeRelative(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function findingAnchor(index: number): string {
  return `f${index}`;
}

function gateFailuresSection(model: HtmlReportModel): string {
  const failing = model.findings
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.failsGate)
    .sort((a, b) => compareBySeverityThenLocation(a.entry.finding, b.entry.finding));
  if (failing.length === 0) return '';
  const anchors = anchorIndex(model);
  const rows = failing
    .slice(0, MAX_GATE_TABLE_ROWS)
    .map(
      ({ entry }) =>
        `<tr class="sev-${entry.finding.severity}"><td><span class="sev">${entry.finding.severity}</span></td><td><a href="#${findingAnchor(anchors.get(entry) ?? 0)}">${escapeHtml(location(entry.finding))}</a></td><td><code>${escapeHtml(entry.finding.ruleId)}</code></td><td>${escapeHtml(oneLineMessage(entry.finding.message))}</td><td>${escapeHtml(entry.finding.fix?.description ?? '')}</td></tr>`,
    );
  return [
    `<h2 id="gate-failures">Failed the gate (${failing.length})</h2>`,
    '<p class="muted">Most severe first; suppressed findings are not counted. To accept one on purpose, suppress it with a reason: inline with <code># nosec RULE</code> (Bandit) or <code># hadolint ignore=RULE</code> (Dockerfile), or with a <code>suppressions</code> entry (rule, path, reason, expires) in <code>.devsecops.yml</code>.</p>',
    '<table><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Message</th><th>Fix</th></tr>',
    ...rows,
    '</table>',
    failing.length > rows.length
      ? `<p>…and ${failing.length - rows.length} more below: tick “failing the gate only” in the filters to see just them.</p>`
      : '',
  ].join('\n');
}

/** Rows of the gate-failure table at most; the findings section holds them all, marked. */
const MAX_GATE_TABLE_ROWS = 100;

/** Each finding's position in location order, which is also its anchor number in the findings section. */
function anchorIndex(model: HtmlReportModel): Map<HtmlFinding, number> {
  const sorted = [...model.findings].sort((a, b) => compareByLocation(a.finding, b.finding));
  return new Map(sorted.map((entry, index) => [entry, index]));
}

function location(finding: Finding): string {
  return `${printablePath(finding.location.path)}:${finding.location.line}`;
}

function oneLineMessage(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

function filterForm(findings: readonly HtmlFinding[]): string {
  const tools = [...new Set(findings.map((entry) => entry.finding.tool))].sort(compareText);
  return [
    '<form id="filters" class="filters" hidden>',
    `<label>Tool<select name="tool"><option value="">every tool</option>${tools.map((tool) => `<option value="${escapeHtml(tool)}">${escapeHtml(tool)}</option>`).join('')}</select></label>`,
    `<label>Severity<select name="severity"><option value="0">every severity</option>${SEVERITIES.slice(0, -1)
      .map((severity) => `<option value="${severityRank(severity)}">${severity} and above</option>`)
      .join('')}</select></label>`,
    '<label>Path contains<input name="path" type="search" autocomplete="off"></label>',
    '<label><span>Gate</span><span><input name="gate" type="checkbox"> failing the gate only</span></label>',
    `<output id="shown">${plural(findings.length, 'finding')} shown</output>`,
    '</form>',
  ].join('');
}

function findingsSection(model: HtmlReportModel, sorted: readonly HtmlFinding[]): string {
  if (sorted.length === 0) return '<h2 id="findings">Findings</h2>\n<p>No findings.</p>';
  const byPath = new Map<string, { entry: HtmlFinding; index: number }[]>();
  sorted.forEach((entry, index) => {
    const group = byPath.get(entry.finding.location.path) ?? [];
    group.push({ entry, index });
    byPath.set(entry.finding.location.path, group);
  });
  const sections: string[] = [];
  for (const [path, group] of byPath) {
    sections.push(fileSection(path, group, model.excerpts.get(path) ?? []));
  }
  return [`<h2 id="findings">Findings by file (${sorted.length})</h2>`, filterForm(sorted), ...sections].join('\n');
}

/** One file: each excerpt of its source, followed by the findings on it; findings without source at the end. */
function fileSection(
  path: string,
  group: readonly { entry: HtmlFinding; index: number }[],
  excerpts: readonly SourceExcerpt[],
): string {
  const hunks: string[] = [];
  const placed = new Set<number>();
  for (const excerpt of excerpts) {
    const last = excerpt.firstLine + excerpt.lines.length - 1;
    const inside = group.filter(
      ({ entry }) => entry.finding.location.line >= excerpt.firstLine && entry.finding.location.line <= last,
    );
    if (inside.length === 0) continue;
    for (const { index } of inside) placed.add(index);
    hunks.push(
      `<div class="hunk">${sourceBlock(
        excerpt,
        inside.map(({ entry }) => entry.finding),
      )}${inside.map(findingArticle).join('')}</div>`,
    );
  }
  const rest = group.filter(({ index }) => !placed.has(index));
  if (rest.length > 0) hunks.push(`<div class="hunk">${rest.map(findingArticle).join('')}</div>`);
  return `<section class="file" data-path="${escapeHtml(path)}"><h3>${escapeHtml(printablePath(path))} <span class="muted">${plural(group.length, 'finding')}</span></h3>${hunks.join('')}</section>`;
}

function sourceBlock(excerpt: SourceExcerpt, findings: readonly Finding[]): string {
  const hit = new Set<number>();
  for (const finding of findings) {
    const end = Math.max(finding.location.endLine ?? finding.location.line, finding.location.line);
    for (let line = finding.location.line; line <= end; line += 1) hit.add(line);
  }
  // An ordered list numbers the lines itself (and a copy of the code leaves the numbers out).
  const lines = excerpt.lines.map(
    (text, offset) => `<li${hit.has(excerpt.firstLine + offset) ? ' class="hit"' : ''}>${escapeHtml(text)}</li>`,
  );
  return `<ol class="src" start="${excerpt.firstLine}">${lines.join('')}</ol>`;
}

/**
 * One finding, kept compact (a report of 10,000 must stay small): severity, the rule (linked to its page), line,
 * tool, its marks, the message, the fix and its other links (CWE, advisories). Severity is the class the filter
 * reads; a finding that fails the gate carries `data-gate`.
 */
function findingArticle({ entry, index }: { entry: HtmlFinding; index: number }): string {
  const { finding } = entry;
  const tags = [
    entry.failsGate ? '<em class="g">fails the gate</em>' : '',
    entry.baselineState === undefined ? '' : `<em>${entry.baselineState === 'new' ? 'new' : 'in the baseline'}</em>`,
    entry.action === undefined ? '' : `<em>${escapeHtml(entry.action)}</em>`,
  ].join('');
  const native = finding.nativeSeverity === undefined ? '' : ` (${escapeHtml(finding.nativeSeverity)})`;
  const [first, ...others] = referenceLinks(finding);
  const ruleLink = first?.label === finding.ruleId ? first : undefined;
  const links = (ruleLink === undefined && first !== undefined ? [first, ...others] : others).map((link) =>
    linkOrText(link.url, link.label),
  );
  const fixedIn = finding.fix?.fixedVersions?.length
    ? ` Fixed in: ${finding.fix.fixedVersions.map(escapeHtml).join(', ')}.`
    : '';
  return [
    `<article id="${findingAnchor(index)}" class="sev-${finding.severity}" data-tool="${escapeHtml(finding.tool)}"${entry.failsGate ? ' data-gate' : ''}>`,
    `<p><span class="sev">${finding.severity}</span> <code>${linkOrText(ruleLink?.url, finding.ruleId)}</code> line ${finding.location.line} · ${escapeHtml(finding.tool)}${native}${tags}</p>`,
    `<p class="msg">${escapeHtml(finding.message)}</p>`,
    finding.fix === undefined ? '' : `<p class="fix">Fix: ${escapeHtml(finding.fix.description)}${fixedIn}</p>`,
    links.length === 0 ? '' : `<p class="links">${links.join('')}</p>`,
    '</article>',
  ].join('');
}

function unscannedSection(model: HtmlReportModel): string {
  if (model.unscanned.length === 0) return '';
  return [
    `<h2 id="not-scanned">Not scanned (${model.unscanned.length})</h2>`,
    '<p>The result is incomplete, so the gate cannot pass: fix these files, or list them under <code>ignore</code> in <code>.devsecops.yml</code> to leave them out on purpose.</p>',
    '<table><tr><th>Tool</th><th>File</th><th>Why</th></tr>',
    ...model.unscanned.map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.action === undefined ? entry.tool : `${entry.tool} (${entry.action})`)}</td><td>${escapeHtml(printablePath(entry.path))}</td><td>${escapeHtml(entry.reason)}</td></tr>`,
    ),
    '</table>',
  ].join('\n');
}

function suppressedSection(model: HtmlReportModel): string {
  if (model.suppressed.length === 0) return '';
  const sorted = [...model.suppressed].sort((a, b) => compareByLocation(a.finding, b.finding));
  return [
    `<h2 id="suppressed">Suppressed (${sorted.length})</h2>`,
    '<p class="muted">Accepted on purpose; never counted by the gate.</p>',
    '<table><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Message</th><th>Reason</th><th>Expires</th></tr>',
    ...sorted.map(
      (entry) =>
        `<tr><td>${entry.finding.severity}</td><td>${escapeHtml(location(entry.finding))}</td><td><code>${escapeHtml(entry.finding.ruleId)}</code></td><td>${escapeHtml(oneLineMessage(entry.finding.message))}</td><td>${escapeHtml(entry.reason)}</td><td>${escapeHtml(entry.expires ?? '')}</td></tr>`,
    ),
    '</table>',
  ].join('\n');
}

function toolsSection(model: HtmlReportModel): string {
  if (model.tools.length === 0) return '';
  const notRun = model.tools.filter((tool) => tool.status !== 'ok');
  const rows = model.tools.map(
    (tool) =>
      `<tr><td>${escapeHtml(tool.name)}${tool.version === undefined ? '' : ` ${escapeHtml(tool.version)}`}</td><td>${escapeHtml(tool.action ?? '')}</td><td>${tool.status === 'ok' ? 'ran' : escapeHtml(tool.status)}</td><td>${escapeHtml(tool.reason ?? '')}</td></tr>`,
  );
  return [
    `<h2 id="tools">Tools${notRun.length > 0 ? ` (${plural(notRun.length, 'tool')} did not run)` : ''}</h2>`,
    '<table><tr><th>Tool</th><th>Action</th><th>Status</th><th>Why</th></tr>',
    ...rows,
    '</table>',
  ].join('\n');
}
