// Public surface of the built-in SCA engine (requirements files, Python manifests and lockfiles against an
// OSV database), with the pure helpers the editor uses on manifests and the database's age.
export type { RequirementNote, RequirementNoteKind } from './requirement-note';
export type { VulnerabilityDatabase, DatabaseInfo, DatabaseSource, AdvisoryMatch } from './vulnerability-database';
export { loadVulnerabilityDatabase, clearLoadedDatabases, type LoadDatabaseOptions } from './database-loader';
export { updateVulnerabilityDatabase, type UpdateDatabaseOptions, type UpdateDatabaseResult } from './database-update';
export { cacheDirectory, DEFAULT_OSV_EXPORT_URL, PYPA_ATTRIBUTION } from './database-location';
export { scanRequirementsText, type ScanRequirementsOptions, type RequirementsScanResult } from './requirements-scan';
export { createBuiltinScaScanner, BUILTIN_SCA_TOOL, type BuiltinScaScannerOptions } from './builtin-sca-scanner';
export { readPythonManifest, scanPythonManifests, type ReadManifest, type ManifestScanResult } from './manifest-scan';
export type { ManifestReading, ManifestRequirement, DeclaredText } from './manifest-reading';
export {
  packageDeclarations,
  upgradeDeclarationEdit,
  upgradedSpecifier,
  upgradedPoetryConstraint,
  lockfileUpdate,
  type ManifestTextEdit,
  type LockfileUpdate,
} from './manifest-edits';
export { databaseAge, isStaleDatabase, staleDatabaseWarning } from './database-age';
export { upgradeTarget, upgradeTitle, type UpgradeFrom, type UpgradeTarget } from './upgrade-target';
