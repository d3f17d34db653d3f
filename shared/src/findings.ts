// @devsecops/shared/findings: The findings model: what a finding is, its severity, its fingerprint and the order findings are shown in.
export { SCAN_CATEGORIES } from './findings/finding';
export type { Finding, FindingDraft } from './findings/finding';
export {
  SEVERITIES,
  compareSeverityDescending,
  meetsThreshold,
  parseSeverity,
  severityRank,
} from './findings/severity';
export type { GateThreshold, Severity } from './findings/severity';
export { assignFingerprints } from './findings/fingerprint';
export type { LineReader } from './findings/fingerprint';
export {
  compareByLocation,
  compareBySeverityThenLocation,
  compareText,
  sortFindingsBySeverity,
} from './findings/finding-order';
