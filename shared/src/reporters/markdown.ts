import type { Finding } from '../findings/finding';
import { SEVERITIES } from '../findings/severity';
import { describeIncompleteness, incompletenessOf, UNSCANNED_ADVICE } from '../policy/completeness';
import type { Incompleteness } from '../policy/completeness';
import { describeComparison } from '../policy/baseline';
import type { ReportInput } from './report-input';
import { markdownCodeSpanText, markdownPlainText } from './markdown-text';
import { printablePath } from './safe-text';
import { countBySeverity, plural, toolNamesInOrder } from './report-order';
import { sortFindingsBySeverity } from '../findings/finding-order';
import { markdownWebLink, relativeLinkTarget } from './link-target';

/** Markdown summaries stay under this many characters (CodeCommit comments allow 10,240). */
export const MARKDOWN_MAX_CHARS = 10_000;

/** At most this many findings are listed; the rest are counted. */
const MAX_LISTED_FINDINGS = 50;

/** A message in the findings table is cut to this many characters. */
const MAX_MESSAGE_CHARS = 160;

/** The list of files that were not scanned takes at most this many characters; the rest are counted. */
const MAX_UNSCANNED_SECTION_CHARS = 3_000;

/** A path or reason in the not-scanned table is cut to this many characters. */
const MAX_UNSCANNED_CELL_CHARS = 200;

/**
 * A summary for a pull-request comment: the gate's verdict, counts by tool
 * and severity, the most severe findings with relative `path#Lline` links,
 * the files no tool could analyse and why any tool did not run. Always under
 * MARKDOWN_MAX_CHARS: findings and files that do not fit are counted in a
 * closing note.
 */
export function renderMarkdown(input: ReportInput): string {
  const findings = input.result.findings;
  const suppressedCount = input.suppressed?.length ?? 0;
  const incompleteness = incompletenessOf(input.result.tools);
  const header = [
    headline(input, incompleteness),
    '',
    ...(input.baseline === undefined
      ? []
      : [`Compared with the baseline: ${describeComparison(findings, input.baseline)}.`, '']),
    countsTable(input),
    '',
  ];
  const footer = [
    ...unscannedSection(incompleteness),
    ...toolNotes(input),
    ...(suppressedCount > 0 ? [`${plural(suppressedCount, 'finding')} suppressed in \`.devsecops.yml\`.`, ''] : []),
  ];
  if (input.toolVersion !== undefined) footer.push(`<sub>devsecops ${markdownPlainText(input.toolVersion)}</sub>`, '');

  // New findings first (what this change adds), then the ones the baseline already had.
  const isUnchanged = (finding: Finding): boolean => input.baseline?.unchanged.has(finding.fingerprint) === true;
  const bySeverity = sortFindingsBySeverity(findings);
  const listed = [...bySeverity.filter((finding) => !isUnchanged(finding)), ...bySeverity.filter(isUnchanged)].slice(
    0,
    MAX_LISTED_FINDINGS,
  );
  const rows: string[] = [];
  const fixedLength = [...header, ...footer].join('\n').length;
  // Room for the table heading and the truncation note, whichever rows fit.
  const budget = MARKDOWN_MAX_CHARS - fixedLength - 400;
  let used = 0;
  for (const finding of listed) {
    const row = findingRow(finding);
    if (used + row.length + 1 > budget) break;
    rows.push(row);
    used += row.length + 1;
  }
  const body: string[] = [];
  if (rows.length > 0) {
    body.push(
      `#### ${rows.length === findings.length ? 'Findings' : 'Top findings'}`,
      '',
      '| Severity | Tool | Rule | Location | Message |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    );
  }
  const unlisted = findings.length - rows.length;
  if (unlisted > 0) {
    body.push(`…and ${plural(unlisted, 'more finding')} not shown here: see the full report (SARIF or JSON).`, '');
  }
  return `${[...header, ...body, ...footer].join('\n').trimEnd()}\n`;
}

function headline(input: ReportInput, incompleteness: Incompleteness | undefined): string {
  const { failOn, passed } = input.gate;
  const count = input.result.findings.length;
  const found = count === 0 ? 'no findings' : plural(count, 'finding');
  if (incompleteness !== undefined) {
    return `### ⚠️ DevSecOps scan incomplete: ${found}; ${markdownPlainText(describeIncompleteness(incompleteness))}`;
  }
  if (failOn === 'none') return `### DevSecOps scan: ${found} (gate off)`;
  const onlyNew = input.baseline !== undefined && (input.gate.scope ?? 'new') === 'new';
  return passed
    ? `### ✅ DevSecOps scan passed: ${found}, none ${onlyNew ? 'new ' : ''}at or above ${failOn}`
    : `### ❌ DevSecOps scan failed: ${found}, gate fails on ${onlyNew ? 'new findings at ' : ''}${failOn} and above`;
}

function countsTable(input: ReportInput): string {
  const findings = input.result.findings;
  const lines = [
    `| Tool | Status | ${SEVERITIES.map(capitalise).join(' | ')} |`,
    `|---|---|${SEVERITIES.map(() => '--:').join('|')}|`,
  ];
  for (const name of toolNamesInOrder(input.result.tools, findings)) {
    const tool = input.result.tools.find((candidate) => candidate.name === name);
    const counts = countBySeverity(findings.filter((finding) => finding.tool === name));
    const label = tool?.version === undefined ? name : `${name} ${tool.version}`;
    const ran = tool === undefined || tool.status === 'ok';
    const cells = SEVERITIES.map((severity) => (ran || counts[severity] > 0 ? String(counts[severity]) : '–'));
    const unscanned = tool?.unscanned?.length ?? 0;
    const status = unscanned > 0 ? `incomplete (${unscanned} not scanned)` : (tool?.status ?? 'imported');
    lines.push(`| ${markdownPlainText(label)} | ${status} | ${cells.join(' | ')} |`);
  }
  const totals = countBySeverity(findings);
  lines.push(`| **Total** | | ${SEVERITIES.map((severity) => `**${totals[severity]}**`).join(' | ')} |`);
  return lines.join('\n');
}

function findingRow(finding: Finding): string {
  const { path, line } = finding.location;
  const link = `[${markdownPlainText(`${printablePath(path)}:${line}`)}](${relativeLinkTarget(path)}#L${line})`;
  const message = finding.message.replace(/\s+/g, ' ').trim();
  const shortMessage = message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
  const rule = markdownWebLink(`\`${markdownCodeSpanText(finding.ruleId)}\``, finding.helpUri);
  return `| ${finding.severity} | ${markdownPlainText(finding.tool)} | ${rule} | ${link} | ${markdownPlainText(shortMessage)} |`;
}

/** The files no tool could analyse, as a table that fits its share of the comment. */
function unscannedSection(incompleteness: Incompleteness | undefined): string[] {
  const entries = incompleteness?.unscanned ?? [];
  if (entries.length === 0) return [];
  const lines = [
    '#### Not scanned',
    '',
    `The result is incomplete, so the gate cannot pass: ${UNSCANNED_ADVICE}.`,
    '',
    '| Tool | File | Why |',
    '|---|---|---|',
  ];
  let used = 0;
  let listed = 0;
  for (const entry of entries) {
    const row = `| ${markdownPlainText(entry.tool)} | ${markdownPlainText(cut(printablePath(entry.path)))} | ${markdownPlainText(cut(entry.reason))} |`;
    if (used + row.length + 1 > MAX_UNSCANNED_SECTION_CHARS) break;
    lines.push(row);
    used += row.length + 1;
    listed += 1;
  }
  lines.push('');
  if (listed < entries.length) {
    lines.push(`…and ${plural(entries.length - listed, 'more file')} not listed here: see the full report.`, '');
  }
  return lines;
}

function cut(text: string): string {
  return text.length <= MAX_UNSCANNED_CELL_CHARS ? text : `${text.slice(0, MAX_UNSCANNED_CELL_CHARS - 1)}…`;
}

function toolNotes(input: ReportInput): string[] {
  const notRun = input.result.tools.filter((tool) => tool.status !== 'ok');
  if (notRun.length === 0) return [];
  return [
    '#### Tools that did not run',
    '',
    ...notRun.map(
      (tool) =>
        `- **${markdownPlainText(tool.name)}** ${tool.status}: ${markdownPlainText(tool.reason ?? 'no reason given')}`,
    ),
    '',
  ];
}

function capitalise(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
