// @devsecops/shared/sarif: SARIF 2.1.0, the interchange format between the pipeline, the bot and the editor: writing and reading it, and where reports live (the reports folder, the findings bucket).
export { renderSarif } from './sarif/render-sarif';
export { importSarifFindings, importSarifReport } from './sarif/import-sarif';
export type { ImportedSarifReport } from './sarif/import-sarif';
export {
  findingsPrefix,
  isSarifReportName,
  reportActionOfKey,
  RUN_MANIFEST_NAME,
  sarifReportName,
} from './sarif/report-layout';
export { readStoredReports, STORED_REPORT_LIMITS } from './sarif/stored-reports';
export { MAX_RUN_MANIFEST_CHARS, readRunManifest } from './sarif/run-manifest';
export type { RunManifestReading } from './sarif/run-manifest';
export type {
  ListedObject,
  ReportObjectStore,
  StoredReport,
  StoredReportLimits,
  StoredReports,
  StoredSarifReport,
  UnreadReport,
} from './sarif/stored-reports';
