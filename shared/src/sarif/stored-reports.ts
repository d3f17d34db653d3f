import { compareText } from '../findings/finding-order';
import { findingsPrefix, reportActionOfKey, RUN_MANIFEST_NAME } from './report-layout';

/**
 * The findings bucket as the reports layout reads it. The AWS SDK stays in aws/ (`s3ReportStore` there); this
 * module decides which objects are a commit's reports.
 */
export interface ReportObjectStore {
  /** Every object key that starts with `prefix`, in any order. */
  listKeys(prefix: string): AsyncIterable<string>;
  /** The object's content as UTF-8 text. */
  readText(key: string): Promise<string>;
}

/** One object of a commit's reports in the findings bucket. */
export interface StoredReport {
  /** Object key, `<repository>/<commit>/<name>`. */
  readonly key: string;
  readonly text: string;
}

/** One SARIF report of a commit: `<repository>/<commit>/<action>.sarif`. */
export interface StoredSarifReport extends StoredReport {
  /** The pipeline action that wrote it: the key's file name without `.sarif`, a plain file name. */
  readonly action: string;
}

/** A commit's reports as the findings bucket holds them. */
export interface StoredReports {
  /** `<repository>/<commit>/`. */
  readonly prefix: string;
  /** Every `<prefix><action>.sarif` object, sorted by key. Empty: nothing was uploaded (yet). */
  readonly sarif: readonly StoredSarifReport[];
  /** The run manifest, when it was asked for and uploaded. */
  readonly manifest?: StoredReport;
}

/**
 * Reads a commit's reports from the findings bucket: the SARIF files in key order and, with `withManifest`,
 * the run manifest beside them. Keys that are not `<prefix><action>.sarif` with a plain file name are left
 * out (see `reportActionOfKey`). The store's errors rise unchanged, for the caller to say what access is missing.
 */
export async function readStoredReports(
  store: ReportObjectStore,
  request: {
    readonly repository: string;
    readonly commit: string;
    readonly withManifest?: boolean;
  },
): Promise<StoredReports> {
  const prefix = findingsPrefix(request.repository, request.commit);
  const manifestKey = `${prefix}${RUN_MANIFEST_NAME}`;
  const reports: { key: string; action: string }[] = [];
  let manifestListed = false;
  for await (const key of store.listKeys(prefix)) {
    const action = reportActionOfKey(prefix, key);
    if (action !== undefined) reports.push({ key, action });
    if (key === manifestKey) manifestListed = true;
  }
  reports.sort((a, b) => compareText(a.key, b.key));
  const sarif: StoredSarifReport[] = [];
  for (const { key, action } of reports) sarif.push({ key, action, text: await store.readText(key) });
  if (request.withManifest !== true || !manifestListed) return { prefix, sarif };
  return { prefix, sarif, manifest: { key: manifestKey, text: await store.readText(manifestKey) } };
}
