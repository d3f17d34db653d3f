// The heavy half of the extension: the core's engines, config, pipeline and database code (YAML, the
// Dockerfile parser, CVSS, PEP 440, the OSV index). Bundled separately as dist/core.js and loaded on first
// use, so activating the extension only loads the small wiring bundle. None of these entry points needs the
// AWS SDK, so it stays out of this bundle too: it loads only in AWS mode (dist/aws-pipeline.js).
export { addSuppression, DEFAULT_CONFIG, executionToEnvironment, loadConfig } from '@devsecops/shared/config';
export { runProcess } from '@devsecops/shared/process';
export { readRepositoryFile } from '@devsecops/shared/files';
export { importSarifFindings } from '@devsecops/shared/sarif';
export { runLocalPipeline } from '@devsecops/shared/pipeline';
export {
  isHashPinnedRequirement,
  lockfileUpdate,
  updateVulnerabilityDatabase,
  upgradeDeclarationEdit,
  upgradedSpecifier,
  upgradeTitle,
} from '@devsecops/shared/engines';
export { createScanEngines } from './scan-engines';
export { policyProblemsOfBuffer, policyProblemsOnDisk } from './policy-check';
