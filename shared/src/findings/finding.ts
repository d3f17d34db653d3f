import type { Severity } from './severity';

/**
 * What kind of check produced a finding. `--only` in the CLI and the pipeline's
 * actions select on it.
 */
export type ScanCategory = 'sast' | 'sca' | 'dockerfile';

export const SCAN_CATEGORIES: readonly ScanCategory[] = ['sast', 'sca', 'dockerfile'];

/** A place in a file. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface SourceLocation {
  /** Repository-relative POSIX path (`app/main.py`), never absolute, never with `\`. */
  readonly path: string;
  /** Line, 1-based. */
  readonly line: number;
  /** Column, 1-based, when the tool reports one. */
  readonly column?: number;
  /** Last line of the region, 1-based, inclusive. */
  readonly endLine?: number;
  /** Column just past the region's end, 1-based (exclusive, as in SARIF). */
  readonly endColumn?: number;
}

/** How to fix a finding, when the tool knows. */
export interface FindingFix {
  /** One sentence a person can act on ("Upgrade jinja2 to 3.1.5"). */
  readonly description: string;
  /** For vulnerable packages: the versions that fix it, lowest first. */
  readonly fixedVersions?: readonly string[];
}

/** The one findings model every scanner produces and every consumer reads. */
export interface Finding {
  /** The tool that reported it: `bandit`, `hadolint`, `dependency-check`, `devsecops-sca`, … */
  readonly tool: string;
  /** The check's kind, used for `--only` and pipeline actions. */
  readonly category: ScanCategory;
  /** The tool's rule id: `B602`, `DL3007`, `GHSA-…`/`PYSEC-…`, `CVE-…`. */
  readonly ruleId: string;
  /** What is wrong, in one or two sentences. */
  readonly message: string;
  /** Normalised severity, after policy overrides. */
  readonly severity: Severity;
  /** The tool's own severity word (`HIGH`, `warning`, a CVSS score…). */
  readonly nativeSeverity?: string;
  /** The tool's confidence, when it reports one (Bandit does). */
  readonly confidence?: string;
  readonly location: SourceLocation;
  /** CWE ids (numbers only: 78 for CWE-78). */
  readonly cwe?: readonly number[];
  /** Where to read about the rule or advisory. */
  readonly helpUri?: string;
  readonly fix?: FindingFix;
  /**
   * Stable identity: tool + ruleId + path + hash of the normalised line content
   * (+ occurrence index). Survives lines moving; see `fingerprint.ts`.
   */
  readonly fingerprint: string;
  /** Tool-specific facts worth keeping (package, installed version, aliases…). JSON-safe values only. */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A finding before its fingerprint is computed (scanners produce these). */
export type FindingDraft = Omit<Finding, 'fingerprint'>;
