import { compareText } from '../findings/finding-order';
import { findingsPrefix, reportActionOfKey, RUN_MANIFEST_NAME } from './report-layout';

/** One object under a prefix, as the store lists it. */
export interface ListedObject {
  readonly key: string;
  /** Its size in bytes when listed. */
  readonly size: number;
}

/**
 * The findings bucket as the reports layout reads it. The AWS SDK stays in aws/ (`s3ReportStore` there); this
 * module decides which objects are a commit's reports.
 */
export interface ReportObjectStore {
  /** Every object whose key starts with `prefix`, in any order. */
  listObjects(prefix: string): AsyncIterable<ListedObject>;
  /**
   * The object's content as UTF-8 text, or undefined when it holds more than `maxBytes`: then no more than about
   * `maxBytes` of it is read (it may have grown since it was listed).
   */
  readText(key: string, maxBytes: number): Promise<string | undefined>;
}

/**
 * How much of a commit's reports is read. Any branch's build can write to the findings bucket, so without a
 * bound one object of gigabytes, or a million small ones, would exhaust the bot's Lambda (512 MB) or the
 * editor. A 32 MiB SARIF report holds about 78,000 findings and costs about 140 MB once read and parsed; a
 * pipeline run writes one report per action, a handful.
 */
export interface StoredReportLimits {
  /** SARIF reports read per commit; the rest, in key order, are not. */
  readonly maxReports: number;
  /** The largest SARIF report read. */
  readonly maxReportBytes: number;
  /** The most bytes of SARIF reports read per commit. */
  readonly maxTotalBytes: number;
  /** The largest run manifest read. */
  readonly maxManifestBytes: number;
  /** Objects listed under a commit's prefix; past them the listing stops (a million keys would take minutes). */
  readonly maxListedObjects: number;
}

const MIB = 1024 * 1024;

export const STORED_REPORT_LIMITS: StoredReportLimits = {
  maxReports: 64,
  maxReportBytes: 32 * MIB,
  maxTotalBytes: 64 * MIB,
  maxManifestBytes: 16 * MIB,
  maxListedObjects: 10_000,
};

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
  /** The run manifest, when it was asked for and uploaded, and not over its limit (then it is in `unread`). */
  readonly manifest?: StoredReport;
  /**
   * Objects that are reports (or the manifest asked for) but were not read, each with why: over a limit. What they
   * hold is unknown, so a caller must not read their absence as "no findings".
   */
  readonly unread: readonly UnreadReport[];
}

/** A report left unread, and why, in words a person can act on. */
export interface UnreadReport {
  readonly key: string;
  readonly reason: string;
}

function sizeText(bytes: number): string {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${String(bytes)} bytes`;
}

/**
 * Reads a commit's reports from the findings bucket: the SARIF files in key order and, with `withManifest`,
 * the run manifest beside them. Keys that are not `<prefix><action>.sarif` with a plain file name are left
 * out (see `reportActionOfKey`). Reports past `limits` are listed in `unread`, not read. The store's errors rise
 * unchanged, for the caller to say what access is missing.
 */
export async function readStoredReports(
  store: ReportObjectStore,
  request: {
    readonly repository: string;
    readonly commit: string;
    readonly withManifest?: boolean;
  },
  limits: StoredReportLimits = STORED_REPORT_LIMITS,
): Promise<StoredReports> {
  const prefix = findingsPrefix(request.repository, request.commit);
  const manifestKey = `${prefix}${RUN_MANIFEST_NAME}`;
  const reports: { key: string; action: string; size: number }[] = [];
  let manifestListed = false;
  let listed = 0;
  let listingCut = false;
  for await (const { key, size } of store.listObjects(prefix)) {
    listed += 1;
    if (listed > limits.maxListedObjects) {
      listingCut = true;
      break;
    }
    const action = reportActionOfKey(prefix, key);
    if (action !== undefined) reports.push({ key, action, size });
    if (key === manifestKey) manifestListed = true;
  }
  reports.sort((a, b) => compareText(a.key, b.key));
  const sarif: StoredSarifReport[] = [];
  // What was not listed is unknown: a report among it would be missed, so the cut is itself an unread report.
  const unread: UnreadReport[] = listingCut
    ? [
        {
          key: prefix,
          reason: `${prefix} holds more than ${String(limits.maxListedObjects)} objects: the rest were not listed, so reports among them were not read`,
        },
      ]
    : [];
  let totalBytes = 0;
  for (const { key, action, size } of reports) {
    const overLimit = (what: string): void => {
      unread.push({ key, reason: `${key} was not read: ${what}` });
    };
    if (sarif.length >= limits.maxReports) {
      overLimit(
        `a commit's reports are read up to ${String(limits.maxReports)}, and there are ${String(reports.length)}`,
      );
      continue;
    }
    if (size > limits.maxReportBytes) {
      overLimit(
        `it is ${size.toLocaleString('en-US')} bytes, over the ${sizeText(limits.maxReportBytes)} a report is read up to`,
      );
      continue;
    }
    if (totalBytes + size > limits.maxTotalBytes) {
      overLimit(`a commit's reports are read up to ${sizeText(limits.maxTotalBytes)} in all, and this one is past it`);
      continue;
    }
    const text = await store.readText(key, limits.maxReportBytes);
    if (text === undefined) {
      overLimit(`it grew past the ${sizeText(limits.maxReportBytes)} a report is read up to after it was listed`);
      continue;
    }
    // What was read, not what was listed: the object may have changed in between.
    totalBytes += Buffer.byteLength(text, 'utf8');
    sarif.push({ key, action, text });
  }
  if (request.withManifest !== true || !manifestListed) return { prefix, sarif, unread };
  const manifestText = await store.readText(manifestKey, limits.maxManifestBytes);
  if (manifestText === undefined) {
    unread.push({
      key: manifestKey,
      reason: `${manifestKey} was not read: it is over the ${sizeText(limits.maxManifestBytes)} a run manifest is read up to`,
    });
    return { prefix, sarif, unread };
  }
  return { prefix, sarif, manifest: { key: manifestKey, text: manifestText }, unread };
}
