import type { Finding, Severity } from '@devsecops/shared/findings';

/** How a finding shows in the editor: a diagnostic severity, or `off` to hide it. */
export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

export const DIAGNOSTIC_LEVELS: readonly DiagnosticLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

/** The user's severity settings (`devsecops.diagnostics.*`). */
export interface SeverityMapSettings {
  /** Finding severity → level, for every tool. Missing keys fall back to `DEFAULT_SEVERITY_LEVELS`. */
  readonly severity: Readonly<Partial<Record<Severity, DiagnosticLevel>>>;
  /** Tool name → (finding severity → level), winning over `severity`. */
  readonly toolSeverity: Readonly<Record<string, Readonly<Partial<Record<Severity, DiagnosticLevel>>>>>;
  /** Rule id → level, winning over everything else. */
  readonly ruleSeverity: Readonly<Record<string, DiagnosticLevel>>;
}

export const DEFAULT_SEVERITY_LEVELS: Readonly<Record<Severity, DiagnosticLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'information',
  info: 'hint',
};

export const DEFAULT_SEVERITY_MAP_SETTINGS: SeverityMapSettings = { severity: {}, toolSeverity: {}, ruleSeverity: {} };

export function isDiagnosticLevel(value: unknown): value is DiagnosticLevel {
  return typeof value === 'string' && (DIAGNOSTIC_LEVELS as readonly string[]).includes(value);
}

/** The level a finding shows at: rule override, then the tool's map, then the global map, then the default. */
export function diagnosticLevelOf(
  finding: Pick<Finding, 'tool' | 'ruleId' | 'severity'>,
  settings: SeverityMapSettings,
): DiagnosticLevel {
  return (
    settings.ruleSeverity[finding.ruleId] ??
    settings.toolSeverity[finding.tool]?.[finding.severity] ??
    settings.severity[finding.severity] ??
    DEFAULT_SEVERITY_LEVELS[finding.severity]
  );
}
