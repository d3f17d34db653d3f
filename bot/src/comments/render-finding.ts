import type { Finding, Severity } from '@devsecops/shared/findings';
import { cweUrl, markdownCodeSpan, markdownPlainText, printablePath } from '@devsecops/shared/reports';
import { autolink, MAX_COMMENT_CHARS } from './markdown';
import { renderFindingMarker, stripMarker, withMarker } from './marker';

const SEVERITY_BADGE: Readonly<Record<Severity, string>> = {
  critical: '🔴 **Critical**',
  high: '🟠 **High**',
  medium: '🟡 **Medium**',
  low: '🔵 **Low**',
  info: '⚪ **Info**',
};

/** `🟠 **High**`: the severity as the comment shows it. */
export function severityBadge(severity: Severity): string {
  return SEVERITY_BADGE[severity];
}

/** `app/main.py:12` (or `:12-14` for a region); a path with control characters or line breaks is quoted. */
export function locationText(finding: Finding): string {
  const { line, endLine } = finding.location;
  const path = printablePath(finding.location.path);
  return endLine !== undefined && endLine > line ? `${path}:${line}-${endLine}` : `${path}:${line}`;
}

/** `bandit \`B602\``: the tool and rule as comments show them, both inert whatever the report says. */
export function ruleText(finding: Finding): string {
  return `${markdownPlainText(finding.tool)} ${markdownCodeSpan(finding.ruleId)}`;
}

/** The body of a finding's inline comment. Pure; golden-tested. */
export function renderFindingComment(finding: Finding): string {
  const lines = [`${severityBadge(finding.severity)} · ${ruleText(finding)}`, ''];
  lines.push(markdownPlainText(finding.message), '');
  const facts: string[] = [];
  const cwes = (finding.cwe ?? []).filter((id) => Number.isSafeInteger(id) && id > 0);
  if (cwes.length > 0) {
    facts.push(`- CWE: ${cwes.map((id) => `[CWE-${id}](${cweUrl(id)})`).join(', ')}`);
  }
  if (finding.fix !== undefined) {
    const versions =
      finding.fix.fixedVersions !== undefined && finding.fix.fixedVersions.length > 0
        ? ` (fixed in ${finding.fix.fixedVersions.map(markdownCodeSpan).join(', ')})`
        : '';
    facts.push(`- Fix: ${markdownPlainText(finding.fix.description)}${versions}`);
  }
  const help = finding.helpUri === undefined ? undefined : autolink(finding.helpUri);
  if (help !== undefined) facts.push(`- More: ${help}`);
  if (facts.length > 0) lines.push(...facts);
  const marker = renderFindingMarker(finding.fingerprint, 'open');
  return withMarker(lines.join('\n'), marker, MAX_COMMENT_CHARS);
}

/** `abc1234`: a commit as comments show it. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

function quoted(previousContent: string): string {
  return stripMarker(previousContent)
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/**
 * The tombstone: the old comment, edited to say its finding is fixed, so the thread keeps its
 * history instead of vanishing.
 */
export function renderResolvedComment(previousContent: string, fingerprint: string, commit: string): string {
  const marker = renderFindingMarker(fingerprint, 'resolved');
  const head = `✅ **Resolved** in ${markdownCodeSpan(shortCommit(commit))}: the scan no longer reports this finding.\n\n`;
  return withMarker(head + quoted(previousContent), marker, MAX_COMMENT_CHARS);
}

/** An old comment whose finding now sits on another line: points to where the new comment is. */
export function renderMovedComment(previousContent: string, finding: Finding, commit: string): string {
  const marker = renderFindingMarker(finding.fingerprint, 'moved');
  const head =
    `↪️ **Moved** in ${markdownCodeSpan(shortCommit(commit))}: this finding is now at ${markdownCodeSpan(locationText(finding))}; ` +
    `see the comment there.\n\n`;
  return withMarker(head + quoted(previousContent), marker, MAX_COMMENT_CHARS);
}

/**
 * A second comment for a finding that already has one (two runs raced, or a run was cut short): retired
 * so the pull request shows one comment per finding, pointing to the one that stays.
 */
export function renderDuplicateComment(previousContent: string, fingerprint: string, keptCommentId: string): string {
  const marker = renderFindingMarker(fingerprint, 'duplicate');
  const head = `🔁 **Duplicate**: another comment (${markdownCodeSpan(keptCommentId)}) tracks this finding.\n\n`;
  return withMarker(head + quoted(previousContent), marker, MAX_COMMENT_CHARS);
}
