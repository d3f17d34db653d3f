// Where reports live. `devsecops pipeline run` writes `<action>.sarif` files and the run manifest into its
// reports folder; every build uploads that folder to the findings bucket under `<repository>/<commit>/`,
// and the bot, `pipeline run --remote` and the extension read exactly that.

/** The run manifest `devsecops pipeline run` writes beside the SARIF files: every action, its status and reports. */
export const RUN_MANIFEST_NAME = 'pipeline-run.json';

const SARIF_EXTENSION = '.sarif';

/** `<repository>/<commit>/`: the S3 prefix a commit's reports folder is uploaded under. */
export function findingsPrefix(repository: string, commit: string): string {
  return `${repository}/${commit}/`;
}

/** `<action>.sarif`: the file name of an action's SARIF report in the reports folder. */
export function sarifReportName(action: string): string {
  return `${action}${SARIF_EXTENSION}`;
}

/** True for a SARIF report's file name or object key. */
export function isSarifReportName(name: string): boolean {
  return name.endsWith(SARIF_EXTENSION);
}

/**
 * The action whose report `key` is, when `key` is `<prefix><action>.sarif` with `<action>` one plain path
 * segment; otherwise undefined. The reports folder is flat, and the action name becomes a local file name
 * (`pipeline run --remote` writes `<action>.sarif` into its reports folder), so a key from the bucket that
 * would name a file elsewhere (`../x.sarif`, `a/b.sarif`, `a\b.sarif`) or no file at all (`.sarif`, `..sarif`)
 * is not a report.
 */
export function reportActionOfKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(prefix) || !isSarifReportName(key)) return undefined;
  const action = key.slice(prefix.length, -SARIF_EXTENSION.length);
  if (action === '' || action === '.' || action === '..' || /[/\\]/.test(action)) return undefined;
  return action;
}
