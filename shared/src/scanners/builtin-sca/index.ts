// Public surface of the built-in SCA engine (requirements files against an OSV database).
export type { RequirementNote, RequirementNoteKind } from './requirement-note';
export type { VulnerabilityDatabase, DatabaseInfo, DatabaseSource, AdvisoryMatch } from './vulnerability-database';
export { loadVulnerabilityDatabase, clearLoadedDatabases, type LoadDatabaseOptions } from './database-loader';
export { updateVulnerabilityDatabase, type UpdateDatabaseOptions, type UpdateDatabaseResult } from './database-update';
export { cacheDirectory, DEFAULT_OSV_EXPORT_URL, PYPA_ATTRIBUTION } from './database-location';
export { scanRequirementsText, type ScanRequirementsOptions, type RequirementsScanResult } from './requirements-scan';
export { createBuiltinScaScanner, BUILTIN_SCA_TOOL, type BuiltinScaScannerOptions } from './builtin-sca-scanner';
