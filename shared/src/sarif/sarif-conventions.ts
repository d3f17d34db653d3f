import type { Severity } from '../findings/severity';

/**
 * How our SARIF carries what SARIF has no field for, shared by the writer
 * (`render-sarif.ts`) and the reader (`parse-sarif.ts`) so that SARIF out →
 * SARIF in gives back the same findings.
 */

/** The uriBaseId of every result location: the scanned folder, defined in `run.originalUriBaseIds`. */
export const SRCROOT_BASE_ID = '%SRCROOT%';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * The advisory database the built-in SCA engine used travels as a SARIF tool component in
 * `run.tool.extensions` (SARIF §3.18.3: components that extended the driver; a data pack qualifies):
 * `version` is the data's date, `releaseDateUtc` the same as a date-time, and `properties` hold
 * `ageDays`, `maxAgeDays`, `source` and `stale`. A viewer that knows nothing of us still shows the
 * component's name, version and date; a stale database adds a warning notification to the invocation.
 */
export const ADVISORY_DATABASE_COMPONENT = 'OSV advisory database';

/** Keys of `result.properties` in our SARIF. */
export const RESULT_PROPERTY = {
  /** Our normalised severity (after policy overrides). */
  severity: 'severity',
  /** Our ScanCategory (`sast`, `sca`, `dockerfile`). */
  category: 'category',
  nativeSeverity: 'nativeSeverity',
  confidence: 'confidence',
  /** CWE numbers of this result. */
  cwe: 'cwe',
  /** FindingFix: `{ description, fixedVersions? }`. */
  fix: 'fix',
  /** This result's help URI when its rule does not carry one shared by all its results. */
  helpUri: 'helpUri',
  /** The finding's own tool-specific `properties`, kept apart so they never collide with ours. */
  findingProperties: 'findingProperties',
} as const;

/** SARIF level for a severity: what GitHub and the SARIF viewer show without our properties. */
export function levelOfSeverity(severity: Severity): 'error' | 'warning' | 'note' {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
    case 'info':
      return 'note';
  }
}

/**
 * A representative CVSS-like score for GitHub's `security-severity` rule
 * property, inside the band GitHub maps back to the same severity
 * (≥9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low).
 */
export function securitySeverityScore(severity: Severity): string {
  switch (severity) {
    case 'critical':
      return '9.5';
    case 'high':
      return '8.0';
    case 'medium':
      return '5.5';
    case 'low':
      return '2.0';
    case 'info':
      return '0.0';
  }
}

/** A repository-relative POSIX path as a relative URI reference: each segment percent-encoded. */
export function pathToRelativeUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** `external/cwe/cwe-78`: the tag GitHub code scanning and the SARIF viewer recognise. */
export function cweTag(cwe: number): string {
  return `external/cwe/cwe-${cwe}`;
}
