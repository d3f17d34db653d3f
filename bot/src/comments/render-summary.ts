import { SEVERITIES } from '@devsecops/shared';
import type { Finding } from '@devsecops/shared';
import type { GateOutcome } from '../approval/gate';
import type { FilterMode } from '../filter/filter-findings';
import { escapeCell, printablePath } from '@devsecops/shared';
import type { NotScanned } from '../findings/loaded-findings';
import { code, commentSize, MAX_COMMENT_CHARS } from './markdown';
import { SUMMARY_MARKER_TEXT } from './marker';
import { compareFindingsForReview } from './order';
import { locationText, severityBadge, shortCommit } from './render-finding';

/** Why a reported finding is listed in the summary instead of commented inline. */
export type SummaryListReason = 'outside-diff' | 'over-inline-cap';

/** One finding the summary lists. */
export interface SummaryEntry {
  readonly finding: Finding;
  readonly reason: SummaryListReason;
}

/** Everything the summary comment shows. */
export interface SummaryInput {
  /** The source commit the findings are for. */
  readonly sourceCommit: string;
  readonly gate: GateOutcome;
  readonly mode: FilterMode;
  /** Every finding of the commit (counted by severity). */
  readonly allFindings: readonly Finding[];
  /** Findings with an inline comment this run. */
  readonly inlineCount: number;
  /** Reported findings without an inline comment, listed in the table. */
  readonly listed: readonly SummaryEntry[];
  /** Findings the filter mode leaves out of this review (not on the PR's changes). */
  readonly notReportedCount: number;
  /** Inline comments marked resolved by this run or earlier ones. */
  readonly resolvedCount: number;
  /** Where the full reports are (`s3://bucket/repo/commit/`), when known. */
  readonly reportLocation?: string;
  /** Size limit of the body, in UTF-8 bytes; defaults to CodeCommit's comment limit. */
  readonly maxSize?: number;
}

const MODE_TEXT: Readonly<Record<FilterMode, string>> = {
  added: 'on lines this pull request adds or changes',
  diff_context: 'in the changed parts of the diff',
  file: 'in files this pull request changes',
  nofilter: 'anywhere in the repository',
};

function countsText(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const parts = SEVERITIES.flatMap((severity) => {
    const count = findings.filter((finding) => finding.severity === severity).length;
    return count === 0 ? [] : [`${count} ${severity}`];
  });
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}

/** The list of what was not scanned takes at most this many bytes of the comment; the rest is counted. */
const MAX_NOT_SCANNED_BYTES = 3_000;

/** A path or reason in the not-scanned table is cut to this many characters. */
const MAX_NOT_SCANNED_CELL_CHARS = 200;

function cut(text: string): string {
  const characters = Array.from(text);
  return characters.length <= MAX_NOT_SCANNED_CELL_CHARS
    ? text
    : `${characters.slice(0, MAX_NOT_SCANNED_CELL_CHARS - 1).join('')}…`;
}

function verdictLine(gate: GateOutcome): string {
  if (gate.status === 'incomplete') {
    const files = gate.notScanned.filter((entry) => entry.path !== undefined).length;
    const other = gate.notScanned.length - files;
    const parts = [
      ...(files > 0 ? [`${files} file${files === 1 ? ' was' : 's were'} not scanned`] : []),
      ...(other > 0
        ? [`${other} report problem${other === 1 ? '' : 's'} (a failed tool or an unreadable report)`]
        : []),
    ];
    return `⚠️ **No verdict: the scan is incomplete**: ${parts.join(' and ')}. The bot does not approve until every report is complete.`;
  }
  return gate.passed
    ? `✅ **Security gate passed**`
    : `❌ **Security gate failed**: ${gate.failingCount} finding${gate.failingCount === 1 ? '' : 's'} at or above ${gate.failOn}`;
}

/** What was not scanned, as a table bounded in size: file, tool, why, and which report says so. */
function notScannedSection(notScanned: readonly NotScanned[]): string[] {
  if (notScanned.length === 0) return [];
  const lines = [
    '',
    '#### Not scanned',
    '',
    'Fix these files or reports, or list the files under `ignore` in `.devsecops.yml` to leave them out on purpose.',
    '',
    '| File | Tool | Why | Report |',
    '| --- | --- | --- | --- |',
  ];
  let size = 0;
  let listed = 0;
  for (const entry of notScanned) {
    const line = `| ${entry.path === undefined ? '–' : code(cut(printablePath(entry.path)))} | ${escapeCell(entry.tool ?? '–')} | ${escapeCell(cut(entry.reason))} | ${code(cut(entry.report))} |`;
    if (size + commentSize(line) + 1 > MAX_NOT_SCANNED_BYTES) break;
    lines.push(line);
    size += commentSize(line) + 1;
    listed += 1;
  }
  if (listed < notScanned.length)
    lines.push('', `…and ${notScanned.length - listed} more not listed: see the reports.`);
  return lines;
}

function row(entry: SummaryEntry): string {
  const { finding } = entry;
  const where = entry.reason === 'outside-diff' ? 'not in diff' : 'inline limit';
  return `| ${severityBadge(finding.severity)} | ${finding.tool} ${code(finding.ruleId)} | ${code(locationText(finding))} | ${escapeCell(finding.message)} | ${where} |`;
}

/**
 * The one general comment per PR: gate verdict, counts, what was not scanned (when a report is
 * incomplete there is no verdict), and the findings that have no inline comment. Rows that do not
 * fit CodeCommit's size limit are cut, with a note saying how many.
 */
export function renderSummary(input: SummaryInput): string {
  const maxSize = input.maxSize ?? MAX_COMMENT_CHARS;
  const verdict = verdictLine(input.gate);
  const header = [
    '## DevSecOps scan',
    '',
    verdict,
    '',
    `Commit ${code(shortCommit(input.sourceCommit))}: ${countsText(input.allFindings)}. ` +
      `Reviewing findings ${MODE_TEXT[input.mode]}: ${input.inlineCount} commented inline, ${input.listed.length} listed below` +
      (input.notReportedCount > 0 ? `, ${input.notReportedCount} elsewhere in the code not shown` : '') +
      (input.resolvedCount > 0 ? `, ${input.resolvedCount} resolved` : '') +
      '.',
    ...notScannedSection(input.gate.notScanned),
  ];
  const footer: string[] = [];
  if (input.reportLocation !== undefined) footer.push('', `Full reports: ${code(input.reportLocation)}`);
  footer.push('', SUMMARY_MARKER_TEXT);

  const entries = [...input.listed].sort((a, b) => compareFindingsForReview(a.finding, b.finding));
  const tableHead = ['', '| Severity | Rule | Location | Message | Why here |', '| --- | --- | --- | --- | --- |'];
  const fixed = [...header, ...(entries.length > 0 ? tableHead : []), ...footer].join('\n');
  // Reserve room for the truncation note so adding it can never push the body over the limit.
  const noteReserve = 200;
  let size = commentSize(fixed) + noteReserve;
  const rows: string[] = [];
  for (const entry of entries) {
    const line = row(entry);
    const lineSize = commentSize(line) + 1;
    if (size + lineSize > maxSize) break;
    rows.push(line);
    size += lineSize;
  }
  const omitted = entries.length - rows.length;
  const note =
    omitted > 0
      ? [
          '',
          `…and ${omitted} more finding${omitted === 1 ? '' : 's'} not listed: CodeCommit limits a comment to ` +
            `${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters. See the full reports.`,
        ]
      : [];
  return [...header, ...(entries.length > 0 ? [...tableHead, ...rows] : []), ...note, ...footer].join('\n');
}
