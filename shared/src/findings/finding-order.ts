import type { Finding } from './finding';
import { compareSeverityDescending } from './severity';

/** By UTF-16 code unit, never by locale, so output never depends on the machine's language. */
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
export function compareBySeverityThenLocation(a: Finding, b: Finding): number {
  return compareSeverityDescending(a.severity, b.severity) || compareByLocation(a, b);
}

export function sortFindingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareBySeverityThenLocation);
}
