// @devsecops/shared/engines: The scanners and the scan that runs them: Bandit, the built-in Dockerfile rules and the built-in SCA with its vulnerability database.
export { runScan } from './scan/run-scan';
export { fingerprintAndApplyPolicy } from './scan/fingerprint-and-apply-policy';
export type { AdvisoryDatabaseAge, ScannerOutcome, ScanResult, ToolRun, UnscannedFile } from './scanners/scanner';
export { createBanditScanner } from './scanners/bandit/bandit-scanner';
export { BANDIT_DEFAULT_EXCLUDES, THIRD_PARTY_FOLDERS } from './scanners/bandit/bandit-targets';
export { lintDockerfile } from './scanners/builtin-dockerfile/engine';
export { loadHadolintConfig } from './scanners/builtin-dockerfile/hadolint-config';
export { readIgnorePragma } from './scanners/builtin-dockerfile/pragmas';
export type { IgnorePragma } from './scanners/builtin-dockerfile/pragmas';
export { BUILTIN_DOCKERFILE_TOOL } from './scanners/builtin-dockerfile/severity-mapping';
export {
  BUILTIN_SCA_TOOL,
  MAX_REQUIREMENTS_FILE_BYTES,
  manifestUnscannedReason,
  ownLinesUnscannedReason,
  requirementsUnscannedReason,
} from './scanners/builtin-sca/builtin-sca-scanner';
export { databaseAge } from './scanners/builtin-sca/database-age';
export { isHashPinnedRequirement } from './scanners/builtin-sca/hash-pinned-requirement';
export { loadVulnerabilityDatabase } from './scanners/builtin-sca/database-loader';
export { updateVulnerabilityDatabase } from './scanners/builtin-sca/database-update';
export { lockfileUpdate, upgradeDeclarationEdit, upgradedSpecifier } from './scanners/builtin-sca/manifest-edits';
export type { LockfileUpdate } from './scanners/builtin-sca/manifest-edits';
export { readPythonManifest, scanPythonManifests } from './scanners/builtin-sca/manifest-scan';
export type { ReadManifest } from './scanners/builtin-sca/manifest-scan';
export { scanRequirementsText } from './scanners/builtin-sca/requirements-scan';
export { upgradeTarget, upgradeTitle } from './scanners/builtin-sca/upgrade-target';
export type { UpgradeFrom, UpgradeTarget } from './scanners/builtin-sca/upgrade-target';
export { VulnerabilityDatabase } from './scanners/builtin-sca/vulnerability-database';
export { resultCacheDirectory } from './cache/cache-directory';
