import type { Suppression } from '../config/config';
import type { Finding, FindingFix } from '../findings/finding';
import type { GateThreshold, Severity } from '../findings/severity';
import { describeIncompleteness, gateStatus, incompletenessOf } from '../policy/completeness';
import type { GateStatus } from '../policy/completeness';
import type { BaselineEntry, ToolWithoutBaseline } from '../policy/baseline';
import { baselineStateOf } from '../policy/baseline';
import { isStaleDatabase } from '../scanners/builtin-sca/database-age';
import type { AdvisoryDatabaseAge, ToolStatus, UnscannedFile } from '../scanners/scanner';
import type { ReportInput } from './report-input';
import { compareByLocation, sortFindingsByLocation } from '../findings/finding-order';

/** One finding in `--format json`: the Finding flattened, with its location's fields at the top. */
export interface JsonFinding {
  readonly tool: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Path relative to the scanned folder, forward slashes. */
  readonly path: string;
  /** Line, 1-based. */
  readonly line: number;
  /** Column, 1-based (UTF-16 code units). */
  readonly column?: number;
  /** Last line, 1-based, inclusive. */
  readonly endLine?: number;
  /** Column just past the end, 1-based. */
  readonly endColumn?: number;
  readonly fingerprint: string;
  readonly helpUri?: string;
  /** CWE numbers (78 for CWE-78). */
  readonly cwe?: readonly number[];
  readonly nativeSeverity?: string;
  readonly confidence?: string;
  /** With `--baseline`: whether the baseline already had this finding. */
  readonly baselineState?: 'new' | 'unchanged';
  readonly fix?: FindingFix;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** One tool in `--format json`. `version` is null when the tool did not run or did not say. */
export interface JsonTool {
  readonly name: string;
  readonly version: string | null;
  readonly status: ToolStatus;
  readonly reason?: string;
  /** What the tool said that is not a finding (nothing to scan, lines it could not check). */
  readonly notes?: readonly string[];
  /** Files this tool should have analysed but could not: any entry makes the result incomplete. */
  readonly unscanned?: readonly UnscannedFile[];
  /** The advisory database it checked against (built-in SCA): its date, age, and whether that is past the limit. */
  readonly advisoryDatabase?: AdvisoryDatabaseAge & { readonly stale: boolean };
}

/** The whole `--format json` document. */
export interface JsonReport {
  readonly findings: readonly JsonFinding[];
  readonly tools: readonly JsonTool[];
  readonly gate: {
    readonly failOn: GateThreshold;
    /** True only when `status` is `passed`. */
    readonly passed: boolean;
    /** `incomplete` when a tool failed, left files unscanned or none ran: never a pass, whatever the findings. */
    readonly status: GateStatus;
    /** Why the result is incomplete ("bandit could not scan 2 files"), when it is. */
    readonly incomplete?: string;
  };
  /** Suppressed findings, each with the `.devsecops.yml` suppression that silenced it. */
  readonly suppressed: readonly (JsonFinding & { readonly suppression: Suppression })[];
  /** With `--baseline`: what was compared, the counts, and the baseline findings no longer reported. */
  readonly baseline?: {
    readonly sources: readonly string[];
    readonly new: number;
    readonly unchanged: number;
    readonly absent: readonly BaselineEntry[];
    /** Tools the baseline has no complete report of, and why: every finding of theirs is new. */
    readonly withoutBaseline?: readonly ToolWithoutBaseline[];
  };
}

export function toJsonFinding(finding: Finding): JsonFinding {
  const { location } = finding;
  return {
    tool: finding.tool,
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    path: location.path,
    line: location.line,
    ...(location.column === undefined ? {} : { column: location.column }),
    ...(location.endLine === undefined ? {} : { endLine: location.endLine }),
    ...(location.endColumn === undefined ? {} : { endColumn: location.endColumn }),
    fingerprint: finding.fingerprint,
    ...(finding.helpUri === undefined ? {} : { helpUri: finding.helpUri }),
    ...(finding.cwe === undefined ? {} : { cwe: finding.cwe }),
    ...(finding.nativeSeverity === undefined ? {} : { nativeSeverity: finding.nativeSeverity }),
    ...(finding.confidence === undefined ? {} : { confidence: finding.confidence }),
    ...(finding.fix === undefined ? {} : { fix: finding.fix }),
    ...(finding.properties === undefined ? {} : { properties: finding.properties }),
  };
}

export function buildJsonReport(input: ReportInput): JsonReport {
  const baseline = input.baseline;
  const withState = (finding: Finding): JsonFinding => {
    const baselineState = baselineStateOf(finding, baseline);
    return { ...toJsonFinding(finding), ...(baselineState === undefined ? {} : { baselineState }) };
  };
  const unchangedCount = input.result.findings.filter((finding) => baseline?.unchanged.has(finding.fingerprint)).length;
  const suppressed = [...(input.suppressed ?? [])].sort((a, b) => compareByLocation(a.finding, b.finding));
  return {
    findings: sortFindingsByLocation(input.result.findings).map(withState),
    tools: input.result.tools.map((tool) => ({
      name: tool.name,
      version: tool.version ?? null,
      status: tool.status,
      ...(tool.reason === undefined ? {} : { reason: tool.reason }),
      ...(tool.notes === undefined || tool.notes.length === 0 ? {} : { notes: tool.notes }),
      ...(tool.unscanned === undefined || tool.unscanned.length === 0
        ? {}
        : { unscanned: tool.unscanned.map((file) => ({ path: file.path, reason: file.reason })) }),
      ...(tool.advisoryDatabase === undefined
        ? {}
        : { advisoryDatabase: { ...tool.advisoryDatabase, stale: isStaleDatabase(tool.advisoryDatabase) } }),
    })),
    gate: jsonGate(input),
    suppressed: suppressed.map(({ finding, suppression }) => ({ ...withState(finding), suppression })),
    ...(baseline === undefined
      ? {}
      : {
          baseline: {
            sources: baseline.baseline.sources,
            new: input.result.findings.length - unchangedCount,
            unchanged: unchangedCount,
            absent: baseline.absent,
            ...(baseline.withoutBaseline.length === 0 ? {} : { withoutBaseline: baseline.withoutBaseline }),
          },
        }),
  };
}

function jsonGate(input: ReportInput): JsonReport['gate'] {
  const status = gateStatus(input.gate.passed, input.result.tools);
  const incompleteness = incompletenessOf(input.result.tools);
  return {
    failOn: input.gate.failOn,
    passed: status === 'passed',
    status,
    ...(incompleteness === undefined ? {} : { incomplete: describeIncompleteness(incompleteness) }),
  };
}

/** `--format json`: two-space indented, findings in reading order. */
export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(buildJsonReport(input), null, 2)}\n`;
}
