import type { Finding } from '../findings/finding';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A scan's findings in one deterministic order: path, line, column, tool, rule
 * id, then fingerprint (so even two findings on one spot never swap places).
 * Comparison is by code unit, never locale, so every machine agrees.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.location.path, b.location.path) ||
      a.location.line - b.location.line ||
      (a.location.column ?? 0) - (b.location.column ?? 0) ||
      compareText(a.tool, b.tool) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.fingerprint, b.fingerprint),
  );
}
