import type { Finding } from '../findings/finding';
import { compareSeverityDescending, SEVERITIES } from '../findings/severity';
import type { Severity } from '../findings/severity';
import type { ToolRun } from '../scanners/scanner';

/** Locale-independent comparison, so output never depends on the machine's language. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reading order: by path, line, column, then tool and rule, so every report is stable. */
export function compareByLocation(a: Finding, b: Finding): number {
  return (
    compareText(a.location.path, b.location.path) ||
    a.location.line - b.location.line ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    compareText(a.tool, b.tool) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

export function sortFindingsByLocation(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareByLocation);
}

/** Most severe first, then in reading order: what a reviewer should look at first. */
export function sortFindingsBySeverity(findings: readonly Finding[]): Finding[] {
  return sortFindingsByLocation(findings).sort((a, b) => compareSeverityDescending(a.severity, b.severity));
}

/** How many findings of each severity (every severity present, zero when none). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** "2 high, 3 medium": only the severities that occur, most severe first. */
export function describeCounts(counts: Readonly<Record<Severity, number>>): string {
  return SEVERITIES.filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}`)
    .join(', ');
}

/**
 * Tool names in report order: the scan's tool runs first (in the order they
 * ran), then any tool that only appears in findings, alphabetically.
 */
export function toolNamesInOrder(tools: readonly ToolRun[], findings: readonly Finding[]): string[] {
  const names = tools.map((tool) => tool.name);
  const extra = [...new Set(findings.map((finding) => finding.tool))].filter((name) => !names.includes(name));
  return [...new Set([...names, ...extra.sort(compareText)])];
}

/** "1 finding" / "3 findings". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
