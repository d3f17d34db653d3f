import type { GateScope } from '../config/config';
import type { GateThreshold } from '../findings/severity';
import type { PolicyResult } from '../policy/apply-policy';
import type { BaselineComparison } from '../policy/baseline';
import type { RuleDescriptor } from '../scanners/rule-descriptor';
import type { ScanResult } from '../scanners/scanner';
import type { SourceExcerpts } from './html/source-excerpts';

/** Everything a report shows. Renderers are pure: the same input gives the same text. */
export interface ReportInput {
  /** The reported findings (after policy) and every tool's run. */
  readonly result: ScanResult;
  /** Absolute path of the scanned tree; finding paths are relative to it (SARIF's `%SRCROOT%`). */
  readonly root: string;
  /** The gate's threshold, scope (with a baseline; default `new`) and verdict, as the CLI decided it. */
  readonly gate: { readonly failOn: GateThreshold; readonly passed: boolean; readonly scope?: GateScope };
  /** Findings silenced by `.devsecops.yml` suppressions, shown as such (never as failures). */
  readonly suppressed?: PolicyResult['suppressed'];
  /** This product's version, recorded where the format has a place for it. */
  readonly toolVersion?: string;
  /**
   * Descriptions of rules the built-in engines know (`listBuiltinRules()`).
   * SARIF rules use them for `shortDescription`; without one, a rule is
   * described by the first sentence of its first finding.
   */
  readonly rules?: readonly RuleDescriptor[];
  /** The scan compared with an earlier one (`--baseline`): each finding new or unchanged, and what is absent. */
  readonly baseline?: BaselineComparison;
  /** HTML only: the source lines around the findings (`readSourceExcerpts`); without them, no source is shown. */
  readonly sourceExcerpts?: SourceExcerpts;
}
