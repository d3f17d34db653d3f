// The heavy half of the extension: the core's engines, config, pipeline and database code (YAML, the
// Dockerfile parser, CVSS, PEP 440, the OSV index). Bundled separately as dist/core.js and loaded on first
// use, so activating the extension only loads the small wiring bundle.
export { DEFAULT_CONFIG, addSuppression, importSarifFindings, loadConfig, runProcess } from '@devsecops/shared';
export { runLocalPipeline } from '@devsecops/shared/src/pipeline/local-pipeline';
export { updateVulnerabilityDatabase } from '@devsecops/shared/src/scanners/builtin-sca/database-update';
export { createScanEngines } from '../node/scan-engines';
