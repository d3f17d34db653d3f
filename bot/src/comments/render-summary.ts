import { markdownCodeSpan, markdownPlainText, markdownWebLink, printablePath } from '@devsecops/shared/reports';
import { SEVERITIES } from '@devsecops/shared/findings';
import type { Finding } from '@devsecops/shared/findings';
import type { GateOutcome } from '../approval/gate';
import type { PolicyChange } from '../approval/policy-changes';
import type { BuildLinks } from '../event/pull-request';
import type { FilterMode } from '../filter/filter-findings';
import type { NotScanned } from '../findings/loaded-findings';
import { commentSize, MAX_COMMENT_CHARS } from './markdown';
import { renderSummaryMarker, withMarker } from './marker';
import { compareBySeverityThenLocation } from '@devsecops/shared/findings';
import { locationText, ruleText, severityBadge, shortCommit } from './render-finding';

/** Why a reported finding is listed in the summary instead of commented inline. */
export type SummaryListReason = 'outside-diff' | 'over-inline-cap';

/** One finding the summary lists. */
export interface SummaryEntry {
  readonly finding: Finding;
  readonly reason: SummaryListReason;
}

/** What one review is of: the commit, how findings were filtered and judged, where its reports and build are. */
export interface ReviewSubject {
  /** The source commit the findings are for. */
  readonly sourceCommit: string;
  readonly gate: GateOutcome;
  readonly mode: FilterMode;
  /** Where the full reports are (`s3://bucket/repo/commit/`), when known. */
  readonly reportLocation?: string;
  /** The pull request build's log and test reports, when the run was started by its event. */
  readonly build?: BuildLinks;
}

/** Everything the summary comment shows. */
export interface SummaryInput extends ReviewSubject {
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
  const kind = gate.scope === 'new' ? 'new finding' : 'finding';
  const preExisting =
    gate.preExistingCount !== undefined && gate.preExistingCount > 0
      ? ` (${gate.preExistingCount} finding${gate.preExistingCount === 1 ? '' : 's'} at or above ${gate.failOn} the destination already had ${gate.preExistingCount === 1 ? 'does' : 'do'} not count)`
      : '';
  if (gate.status === 'failed') {
    return `❌ **Security gate failed**: ${gate.failingCount} ${kind}${gate.failingCount === 1 ? '' : 's'} at or above ${gate.failOn}${preExisting}`;
  }
  if (!gate.passed) {
    return `🔎 **Needs a security reviewer**: no ${kind} at or above ${gate.failOn}${preExisting}, but this pull request changes what the scan counts (below), so the bot does not approve it.`;
  }
  return `✅ **Security gate passed**${preExisting}`;
}

/**
 * Tools the pull request was compared with no baseline for: said, so that "new" reads as "not compared" for
 * them. Their findings all counted, the safe side: a finding the destination may already have had blocks.
 */
function withoutBaselineLines(gate: GateOutcome): string[] {
  const tools = gate.withoutBaseline ?? [];
  if (tools.length === 0) return [];
  const rows = tools.map((entry) => `- ${markdownCodeSpan(cut(entry.tool))}: ${markdownPlainText(cut(entry.reason))}`);
  return [
    '',
    `No baseline for ${tools.map((entry) => markdownCodeSpan(cut(entry.tool))).join(', ')}: every finding of ${tools.length === 1 ? 'it' : 'these tools'} counts as new, including any the destination already had.`,
    '',
    ...boundedRows(rows, MAX_NOT_SCANNED_BYTES, 'more tools without a baseline.'),
  ];
}

/** The most of the policy-change list the comment holds; the rest is counted. */
const MAX_POLICY_CHANGE_BYTES = 2_000;

/** What the pull request's own files would relax: each needs a security reviewer's approval. */
function policyChangesSection(changes: readonly PolicyChange[] | undefined): string[] {
  if (changes === undefined || changes.length === 0) return [];
  const lines = [
    '',
    '#### Changed by this pull request: needs a security reviewer',
    '',
    "This review used the destination branch's `.devsecops.yml`. Once merged, these changes apply to everyone:",
    '',
    '| Change | Where | What |',
    '| --- | --- | --- |',
  ];
  const rows = changes.map((change) => {
    const at = (location: { readonly path: string; readonly line: number }): string =>
      markdownCodeSpan(cut(`${printablePath(location.path)}:${String(location.line)}`));
    const where =
      change.finding !== undefined
        ? `${markdownCodeSpan(cut(change.finding.ruleId))} ${at(change.finding.location)}`
        : change.location !== undefined
          ? at(change.location)
          : '–';
    return `| ${change.kind} | ${where} | ${markdownPlainText(cut(change.detail))} |`;
  });
  return [...lines, ...boundedRows(rows, MAX_POLICY_CHANGE_BYTES, 'more changes not listed.')];
}

/** As many rows as fit in `maxBytes`, then a line counting the rest (`…and N <rest>`). */
function boundedRows(rows: readonly string[], maxBytes: number, rest: string): string[] {
  const kept: string[] = [];
  let size = 0;
  for (const row of rows) {
    if (size + commentSize(row) + 1 > maxBytes) break;
    kept.push(row);
    size += commentSize(row) + 1;
  }
  return kept.length < rows.length ? [...kept, '', `…and ${rows.length - kept.length} ${rest}`] : kept;
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
  const rows = notScanned.map(
    (entry) =>
      `| ${entry.path === undefined ? '–' : markdownCodeSpan(cut(printablePath(entry.path)))} | ${markdownPlainText(entry.tool ?? '–')} | ${markdownPlainText(cut(entry.reason))} | ${markdownCodeSpan(cut(entry.report))} |`,
  );
  return [...lines, ...boundedRows(rows, MAX_NOT_SCANNED_BYTES, 'more not listed: see the reports.')];
}

/** Findings the summary shows as one row: same severity, tool, rule, file, message and reason. */
interface SummaryGroup {
  /** The first of the group in review order; its text stands for all of them. */
  readonly finding: Finding;
  readonly reason: SummaryListReason;
  /** Lines of every finding in the group, ascending, without repeats. */
  readonly lines: readonly number[];
  readonly count: number;
}

function groupKey(entry: SummaryEntry): string {
  const { finding } = entry;
  return JSON.stringify([
    finding.severity,
    finding.tool,
    finding.ruleId,
    finding.location.path,
    finding.message,
    entry.reason,
  ]);
}

/** Identical findings (on other lines) as one row with their count, in review order. */
export function groupEntries(listed: readonly SummaryEntry[]): SummaryGroup[] {
  const groups = new Map<string, { finding: Finding; reason: SummaryListReason; lines: Set<number>; count: number }>();
  for (const entry of [...listed].sort((a, b) => compareBySeverityThenLocation(a.finding, b.finding))) {
    const key = groupKey(entry);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, {
        finding: entry.finding,
        reason: entry.reason,
        lines: new Set([entry.finding.location.line]),
        count: 1,
      });
    } else {
      group.lines.add(entry.finding.location.line);
      group.count += 1;
    }
  }
  return [...groups.values()].map((group) => ({ ...group, lines: [...group.lines].sort((a, b) => a - b) }));
}

/** Lines a grouped row names before it says "…". */
const MAX_GROUP_LINES = 8;

/** A row's message is cut to this many bytes whatever room is left: one finding cannot take the table. */
const MAX_ROW_MESSAGE_BYTES = 600;

/** A row cut to fit the space left keeps at least this much of its message, else it is left out. */
const MIN_ROW_MESSAGE_BYTES = 40;

function locationCell(group: SummaryGroup): string {
  if (group.count === 1) return markdownCodeSpan(locationText(group.finding));
  const shown = group.lines.slice(0, MAX_GROUP_LINES).join(', ');
  const more = group.lines.length > MAX_GROUP_LINES ? ', …' : '';
  return markdownCodeSpan(`${printablePath(group.finding.location.path)}:${shown}${more}`);
}

/** The message cell, cut (on a character, before escaping) so that the cell takes at most `maxBytes`. */
function messageCell(group: SummaryGroup, maxBytes: number): string | undefined {
  const prefix = group.count > 1 ? `**${group.count}×** ` : '';
  const whole = prefix + markdownPlainText(group.finding.message);
  if (commentSize(whole) <= maxBytes) return whole;
  const characters = Array.from(group.finding.message);
  const fits = (length: number): boolean =>
    commentSize(prefix + markdownPlainText(`${characters.slice(0, length).join('')}…`)) <= maxBytes;
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return fits(low) ? prefix + markdownPlainText(`${characters.slice(0, low).join('')}…`) : undefined;
}

/** One table row within `maxBytes` (its message shortened as needed), or undefined when it cannot fit. */
function row(group: SummaryGroup, maxBytes: number): string | undefined {
  const where = group.reason === 'outside-diff' ? 'not in diff' : 'inline limit';
  const before = `| ${severityBadge(group.finding.severity)} | ${ruleText(group.finding)} | ${locationCell(group)} | `;
  const after = ` | ${where} |`;
  const room = Math.min(MAX_ROW_MESSAGE_BYTES, maxBytes - commentSize(before) - commentSize(after));
  if (room < MIN_ROW_MESSAGE_BYTES) return undefined;
  const message = messageCell(group, room);
  return message === undefined ? undefined : before + message + after;
}

/** Rows for `groups` that fit in `budget` bytes (each with its line break), in order, the last one shortened to fit. */
function fillRows(groups: readonly SummaryGroup[], budget: number): string[] {
  const rows: string[] = [];
  let size = 0;
  for (const group of groups) {
    const line = row(group, budget - size - 1);
    if (line === undefined) break;
    rows.push(line);
    size += commentSize(line) + 1;
  }
  return rows;
}

function omittedNote(omitted: number): string[] {
  return [
    '',
    `…and ${omitted} more finding${omitted === 1 ? '' : 's'} not listed: CodeCommit limits a comment to ` +
      `${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters. See the full reports.`,
  ];
}

function buildLine(build: BuildLinks | undefined): string[] {
  const links = [
    ...(build?.logUrl === undefined ? [] : [markdownWebLink('build log', build.logUrl)]),
    ...(build?.reportsUrl === undefined ? [] : [markdownWebLink('CodeBuild test reports', build.reportsUrl)]),
  ];
  return links.length === 0 ? [] : ['', `Pull request build: ${links.join(' · ')}`];
}

/**
 * The one general comment per PR: gate verdict, counts, what was not scanned (when a report is
 * incomplete there is no verdict), and the findings that have no inline comment, identical ones as one
 * row with their count. The table fills the comment up to CodeCommit's size limit: a row too long for
 * the space left is shortened, and a note says how many rows did not fit.
 */
export function renderSummary(input: SummaryInput): string {
  const maxSize = input.maxSize ?? MAX_COMMENT_CHARS;
  const verdict = verdictLine(input.gate);
  const header = [
    '## DevSecOps scan',
    '',
    verdict,
    '',
    `Commit ${markdownCodeSpan(shortCommit(input.sourceCommit))}: ${countsText(input.allFindings)}. ` +
      `Reviewing findings ${MODE_TEXT[input.mode]}: ${input.inlineCount} commented inline, ${input.listed.length} listed below` +
      (input.notReportedCount > 0 ? `, ${input.notReportedCount} elsewhere in the code not shown` : '') +
      (input.resolvedCount > 0 ? `, ${input.resolvedCount} resolved` : '') +
      '.',
    ...withoutBaselineLines(input.gate),
    ...notScannedSection(input.gate.notScanned),
    ...policyChangesSection(input.gate.policyChanges),
  ];
  const footer = [
    ...buildLine(input.build),
    ...(input.reportLocation === undefined ? [] : ['', `Full reports: ${markdownCodeSpan(input.reportLocation)}`]),
  ];
  const marker = renderSummaryMarker('open');
  const groups = groupEntries(input.listed);
  const tableHead =
    groups.length > 0
      ? ['', '| Severity | Rule | Location | Message | Why here |', '| --- | --- | --- | --- | --- |']
      : [];
  // What is left for rows once the rest of the comment, its marker and the blank line before it are counted.
  const fixedSize = commentSize([...header, ...tableHead, ...footer].join('\n')) + commentSize(marker) + 2;
  let rows = fillRows(groups, maxSize - fixedSize);
  let note: string[] = [];
  if (rows.length < groups.length) {
    // The note's own line break, and a count never longer than that of every listed finding.
    const reserve = commentSize(omittedNote(input.listed.length).join('\n')) + 1;
    rows = fillRows(groups, maxSize - fixedSize - reserve);
    const omitted = groups.slice(rows.length).reduce((sum, group) => sum + group.count, 0);
    note = omittedNote(omitted);
  }
  return withMarker([...header, ...tableHead, ...rows, ...note, ...footer].join('\n'), marker, maxSize);
}

/** A second summary comment (two runs raced), retired in favour of the one the bot keeps editing. */
export function renderDuplicateSummary(keptCommentId: string): string {
  return withMarker(
    `🔁 **Superseded**: the DevSecOps summary of this pull request is comment ${markdownCodeSpan(keptCommentId)}.`,
    renderSummaryMarker('duplicate'),
    MAX_COMMENT_CHARS,
  );
}
