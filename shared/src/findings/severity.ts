/**
 * The five normalised severities, most severe first. Every tool's native
 * severity is mapped onto these; the native value is kept on the finding.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** A gate threshold: a severity, or `none` to never fail. */
export type GateThreshold = Severity | 'none';

const RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

/** Larger is more severe: critical = 4 … info = 0. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** True when `severity` is at or above `threshold` (`none` is never reached). */
export function meetsThreshold(severity: Severity, threshold: GateThreshold): boolean {
  return threshold !== 'none' && RANK[severity] >= RANK[threshold];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Parses a user-written severity (case-insensitive); undefined when it is not one. */
export function parseSeverity(text: string): Severity | undefined {
  const lower = text.trim().toLowerCase();
  return isSeverity(lower) ? lower : undefined;
}

/**
 * A CVSS base score on the CVSS qualitative rating scale (FIRST, CVSS v3.1 specification §5): ≥9 critical,
 * ≥7 high, ≥4 medium, >0 low, else info. SARIF's `security-severity` (GitHub's convention) is such a score.
 */
export function severityOfCvssScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** Orders findings' severities most severe first, for stable, readable output. */
export function compareSeverityDescending(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}
