// Public surface of the built-in SCA engine (requirements files against an OSV database).
export type { RequirementNote, RequirementNoteKind } from './requirement-note';
export type { VulnerabilityDatabase, DatabaseInfo } from './vulnerability-database';
export { loadVulnerabilityDatabase, type LoadDatabaseOptions } from './database-loader';
export { scanRequirementsText, type ScanRequirementsOptions, type RequirementsScanResult } from './requirements-scan';
export { createBuiltinScaScanner, BUILTIN_SCA_TOOL, type BuiltinScaScannerOptions } from './builtin-sca-scanner';
