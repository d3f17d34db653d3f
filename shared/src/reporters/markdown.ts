import type { Finding } from '../findings/finding';
import { SEVERITIES } from '../findings/severity';
import type { ReportInput } from './render-report';
import { withoutControlCharacters } from './safe-text';
import { countBySeverity, plural, sortFindingsBySeverity, toolNamesInOrder } from './report-order';
import { pathToRelativeUri } from './sarif-conventions';

/** Markdown summaries stay under this many characters (CodeCommit comments allow 10,240). */
export const MARKDOWN_MAX_CHARS = 10_000;

/** At most this many findings are listed; the rest are counted. */
const MAX_LISTED_FINDINGS = 50;

/** A message in the findings table is cut to this many characters. */
const MAX_MESSAGE_CHARS = 160;

/**
 * A summary for a pull-request comment: the gate's verdict, counts by tool
 * and severity, the most severe findings with relative `path#Lline` links,
 * and why any tool did not run. Always under MARKDOWN_MAX_CHARS: findings that
 * do not fit are counted in a closing note.
 */
export function renderMarkdown(input: ReportInput): string {
  const findings = input.result.findings;
  const suppressedCount = input.suppressed?.length ?? 0;
  const header = [headline(input), '', countsTable(input), ''];
  const footer = [
    ...toolNotes(input),
    ...(suppressedCount > 0 ? [`${plural(suppressedCount, 'finding')} suppressed in \`.devsecops.yml\`.`, ''] : []),
  ];
  if (input.toolVersion !== undefined) footer.push(`<sub>devsecops ${escapeCell(input.toolVersion)}</sub>`, '');

  const listed = sortFindingsBySeverity(findings).slice(0, MAX_LISTED_FINDINGS);
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

function headline(input: ReportInput): string {
  const { failOn, passed } = input.gate;
  const count = input.result.findings.length;
  const found = count === 0 ? 'no findings' : plural(count, 'finding');
  if (failOn === 'none') return `### DevSecOps scan: ${found} (gate off)`;
  return passed
    ? `### ✅ DevSecOps scan passed: ${found}, none at or above ${failOn}`
    : `### ❌ DevSecOps scan failed: ${found}, gate fails on ${failOn} and above`;
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
    lines.push(`| ${escapeCell(label)} | ${tool?.status ?? 'imported'} | ${cells.join(' | ')} |`);
  }
  const totals = countBySeverity(findings);
  lines.push(`| **Total** | | ${SEVERITIES.map((severity) => `**${totals[severity]}**`).join(' | ')} |`);
  return lines.join('\n');
}

function findingRow(finding: Finding): string {
  const { path, line } = finding.location;
  const link = `[${escapeCell(`${path}:${line}`)}](${pathToRelativeUri(path)}#L${line})`;
  const message = finding.message.replace(/\s+/g, ' ').trim();
  const shortMessage = message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
  const rule =
    finding.helpUri === undefined
      ? `\`${escapeCode(finding.ruleId)}\``
      : `[\`${escapeCode(finding.ruleId)}\`](${finding.helpUri})`;
  return `| ${finding.severity} | ${escapeCell(finding.tool)} | ${rule} | ${link} | ${escapeCell(shortMessage)} |`;
}

function toolNotes(input: ReportInput): string[] {
  const notRun = input.result.tools.filter((tool) => tool.status !== 'ok');
  if (notRun.length === 0) return [];
  return [
    '#### Tools that did not run',
    '',
    ...notRun.map(
      (tool) => `- **${escapeCell(tool.name)}** ${tool.status}: ${escapeCell(tool.reason ?? 'no reason given')}`,
    ),
    '',
  ];
}

function capitalise(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

/**
 * Makes tool-supplied text safe inside a table cell: no line breaks, pipes
 * escaped, and HTML / Markdown markup neutralised so a finding's message can
 * never inject links, images or mentions into a PR comment.
 */
export function escapeCell(text: string): string {
  return withoutControlCharacters(text)
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]|<>!#@]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`));
}

/** Text inside a code span: backticks cannot be escaped there, so they become quotes. */
function escapeCode(text: string): string {
  return withoutControlCharacters(text).replace(/`/g, "'").replace(/\|/g, '\\|');
}
