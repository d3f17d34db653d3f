import type { Finding, SourceLocation } from './finding';
import { compareSeverityDescending } from './severity';

/** By UTF-16 code unit, never by locale, so output never depends on the machine's language. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What the finding order reads: a whole `Finding`, or a finding cut down for a list (`pipeline-run.json`'s gate
 * failures keep no fingerprint), so that every list of findings in the product is in the one order.
 */
export type OrderedFinding = Pick<Finding, 'tool' | 'ruleId' | 'severity'> & {
  readonly location: Pick<SourceLocation, 'path' | 'line' | 'column'>;
  readonly fingerprint?: string;
};

/** Reading order: by path, line, column, then tool and rule, so every report is stable. */
export function compareByLocation(a: OrderedFinding, b: OrderedFinding): number {
  return (
    compareText(a.location.path, b.location.path) ||
    a.location.line - b.location.line ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    compareText(a.tool, b.tool) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint ?? '', b.fingerprint ?? '')
  );
}

export function sortFindingsByLocation(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareByLocation);
}

/** Most severe first, then in reading order: what a reviewer should look at first. */
export function compareBySeverityThenLocation(a: OrderedFinding, b: OrderedFinding): number {
  return compareSeverityDescending(a.severity, b.severity) || compareByLocation(a, b);
}

export function sortFindingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareBySeverityThenLocation);
}
