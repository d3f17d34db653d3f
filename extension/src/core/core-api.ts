// The heavy half of the extension: the core's engines, config, pipeline and database code (YAML, the
// Dockerfile parser, CVSS, PEP 440, the OSV index). Bundled separately as dist/core.js and loaded on first
// use, so activating the extension only loads the small wiring bundle. Deep imports (not the package index)
// keep the AWS SDK out of this bundle too: it loads only in AWS mode (dist/aws-pipeline.js).
export { DEFAULT_CONFIG } from '@devsecops/shared/src/config/config';
export { addSuppression } from '@devsecops/shared/src/config/add-suppression';
export { loadConfig } from '@devsecops/shared/src/config/load-config';
export { executionToEnvironment } from '@devsecops/shared/src/config/execution-from-env';
export { runProcess } from '@devsecops/shared/src/process/process-runner';
export { readRepositoryFile } from '@devsecops/shared/src/files/repository-file';
export { importSarifFindings } from '@devsecops/shared/src/scanners/sarif-import/import-sarif';
export { runLocalPipeline } from '@devsecops/shared/src/pipeline/local-pipeline';
export { updateVulnerabilityDatabase } from '@devsecops/shared/src/scanners/builtin-sca/database-update';
export { createScanEngines } from '../node/scan-engines';
export { lockfileUpdate, upgradeDeclarationEdit, upgradeTitle } from '@devsecops/shared/src/scanners/builtin-sca/index';
