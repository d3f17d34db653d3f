// Where reports live. `devsecops pipeline run` writes `<action>.sarif` files and the run manifest into its
// reports folder; every build uploads that folder to the findings bucket under `<repository>/<commit>/`,
// and the bot, `pipeline run --remote` and the extension read exactly that.

/** The run manifest `devsecops pipeline run` writes beside the SARIF files: every action, its status and reports. */
export const RUN_MANIFEST_NAME = 'pipeline-run.json';

/** `<repository>/<commit>/`: the S3 prefix a commit's reports folder is uploaded under. */
export function findingsPrefix(repository: string, commit: string): string {
  return `${repository}/${commit}/`;
}

/** True for a SARIF report's file name or object key. */
export function isSarifReportName(name: string): boolean {
  return name.endsWith('.sarif');
}
