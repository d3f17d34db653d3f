// @devsecops/shared/sarif: SARIF 2.1.0, the interchange format between the pipeline, the bot and the editor: writing and reading it.
export { renderSarif } from './reporters/sarif';
export { importSarifFindings, importSarifReport } from './scanners/sarif-import/import-sarif';
export type { ImportedSarifReport } from './scanners/sarif-import/import-sarif';
export { isJsonObject } from './scanners/json-output';
