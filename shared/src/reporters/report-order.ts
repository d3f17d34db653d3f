import type { Finding } from '../findings/finding';
import { compareText } from '../findings/finding-order';
import { SEVERITIES } from '../findings/severity';
import type { Severity } from '../findings/severity';
import type { ToolRun } from '../scanners/scanner';

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
