import type { Finding, Severity } from '@devsecops/shared';
import { escapeCell, printablePath } from '@devsecops/shared';
import { code, MAX_COMMENT_CHARS, truncateToSize } from './markdown';
import { renderFindingMarker, stripMarker } from './marker';

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

/** The body of a finding's inline comment. Pure; golden-tested. */
export function renderFindingComment(finding: Finding): string {
  const lines = [`${severityBadge(finding.severity)} · ${finding.tool} ${code(finding.ruleId)}`, ''];
  lines.push(escapeCell(finding.message), '');
  const facts: string[] = [];
  if (finding.cwe !== undefined && finding.cwe.length > 0) {
    facts.push(
      `- CWE: ${finding.cwe.map((id) => `[CWE-${id}](https://cwe.mitre.org/data/definitions/${id}.html)`).join(', ')}`,
    );
  }
  if (finding.fix !== undefined) {
    const versions =
      finding.fix.fixedVersions !== undefined && finding.fix.fixedVersions.length > 0
        ? ` (fixed in ${finding.fix.fixedVersions.map(code).join(', ')})`
        : '';
    facts.push(`- Fix: ${escapeCell(finding.fix.description)}${versions}`);
  }
  if (finding.helpUri !== undefined && /^https?:\/\//.test(finding.helpUri)) {
    facts.push(`- More: <${finding.helpUri.replace(/[<>\s]/g, '')}>`);
  }
  if (facts.length > 0) lines.push(...facts, '');
  const marker = renderFindingMarker(finding.fingerprint, 'open');
  // The marker must survive any truncation: it is how the next run finds this comment.
  const body = truncateToSize(lines.join('\n'), MAX_COMMENT_CHARS - marker.length - 1);
  return `${body}\n${marker}`;
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
  const head = `✅ **Resolved** in ${code(shortCommit(commit))}: the scan no longer reports this finding.\n\n`;
  const body = truncateToSize(head + quoted(previousContent), MAX_COMMENT_CHARS - marker.length - 2);
  return `${body}\n\n${marker}`;
}

/** An old comment whose finding now sits on another line: points to where the new comment is. */
export function renderMovedComment(previousContent: string, finding: Finding, commit: string): string {
  const marker = renderFindingMarker(finding.fingerprint, 'moved');
  const head =
    `↪️ **Moved** in ${code(shortCommit(commit))}: this finding is now at ${code(locationText(finding))}; ` +
    `see the comment there.\n\n`;
  const body = truncateToSize(head + quoted(previousContent), MAX_COMMENT_CHARS - marker.length - 2);
  return `${body}\n\n${marker}`;
}
