import type { Finding } from '@devsecops/shared/findings';
import type { ToolWithoutBaseline } from '@devsecops/shared/policy';

/**
 * Something a report says was not checked, or a report that cannot be trusted at all. Any of these
 * makes the review incomplete: no verdict, and never an approval.
 */
export interface NotScanned {
  /** The report (S3 key or local path) this comes from. */
  readonly report: string;
  /** The tool, when the report names one. */
  readonly tool?: string;
  /** The repository-relative file, when it is about one file. */
  readonly path?: string;
  /** Why, in the tool's or the reader's words. */
  readonly reason: string;
}

/** The findings of one commit and where they came from. */
export interface LoadedFindings {
  readonly findings: readonly Finding[];
  /** The SARIF files read (S3 keys or local paths), sorted. Empty: the pipeline has not uploaded yet. */
  readonly sources: readonly string[];
  /** Where the reports are, for the summary (`s3://bucket/repo/commit/` or a local folder). */
  readonly location: string;
  /** What the reports say was not checked (files, failed tools, unreadable or empty reports). */
  readonly notScanned: readonly NotScanned[];
  /**
   * Fingerprints of findings the destination already had: the reports were compared with its reports
   * (`baselineState`), so a gate with scope `new` does not count them. Absent: no baseline.
   */
  readonly preExisting?: ReadonlySet<string>;
  /**
   * Tools the reports were compared with no baseline for (the destination had no successful report of them):
   * every finding of theirs counts as new, and the summary says so.
   */
  readonly withoutBaseline?: readonly ToolWithoutBaseline[];
}
