// The way from "the gate failed" to the findings that failed it: the terminal, `summary.md` and the HTML report
// list exactly the findings the gate counted (not suppressed, in its baseline scope, at or above its threshold),
// most severe first, with what to do about each.
import type { Finding } from '../findings/finding';
import { meetsThreshold } from '../findings/severity';
import type { GateThreshold } from '../findings/severity';
import type { GateScope } from '../config/config';
import type { BaselineComparison } from '../policy/baseline';
import { findingsInGateScope } from '../policy/baseline';
import { sortFindingsBySeverity } from '../findings/finding-order';
import { oneLine, printablePath } from './safe-text';

/** What a list of gate failures shows of a finding (`pipeline-run.json` keeps exactly this much). */
export type ListedFinding = Pick<Finding, 'tool' | 'category' | 'ruleId' | 'severity' | 'message' | 'location' | 'fix'>;

/**
 * A finding cut down to what a list shows, with its location reduced to path, line and column (the column keeps
 * the lists of several actions, merged, in the one finding order).
 */
export function listedFinding(finding: Finding): ListedFinding {
  const { path, line, column } = finding.location;
  return {
    tool: finding.tool,
    category: finding.category,
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: shortMessage(finding.message, 400),
    location: { path, line, ...(column === undefined ? {} : { column }) },
    ...(finding.fix === undefined ? {} : { fix: finding.fix }),
  };
}

/** What the gate counted and what it left out, so a notice can say both. */
export interface GateCount {
  /** The findings at or above the threshold in the gate's scope, most severe first. */
  readonly failing: readonly Finding[];
  /** Reported findings below the threshold (in scope). */
  readonly belowThreshold: number;
  /** Findings the baseline already had, left out by scope `new`. */
  readonly preExisting: number;
  /** Findings silenced by `.devsecops.yml` suppressions. */
  readonly suppressed: number;
}

/** The gate's settings a count needs. */
export interface GateSettings {
  readonly failOn: GateThreshold;
  readonly scope: GateScope;
}

/** Counts as the gate does: `reported` are the findings policy left (suppressed ones are never counted). */
export function countForGate(
  reported: readonly Finding[],
  suppressed: number,
  gate: GateSettings,
  baseline: BaselineComparison | undefined,
): GateCount {
  const inScope = findingsInGateScope(reported, gate.scope, baseline);
  const failing = sortFindingsBySeverity(inScope.filter((finding) => meetsThreshold(finding.severity, gate.failOn)));
  return {
    failing,
    belowThreshold: inScope.length - failing.length,
    preExisting: reported.length - inScope.length,
    suppressed,
  };
}

/** "not counted: 2 below high, 1 suppressed, 4 already in the baseline", or '' when nothing was left out. */
export function describeUncounted(count: GateCount, failOn: GateThreshold): string {
  const parts = [
    count.belowThreshold > 0 ? `${String(count.belowThreshold)} below ${failOn}` : '',
    count.suppressed > 0 ? `${String(count.suppressed)} suppressed` : '',
    count.preExisting > 0 ? `${String(count.preExisting)} already in the baseline` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? '' : `not counted: ${parts.join(', ')}`;
}

/** Gate failures listed on a terminal at most; the rest are counted with where to find them. */
export const MAX_LISTED_GATE_FAILURES = 10;

/** A message on a gate-failure line is cut to this many characters. */
const MAX_FAILURE_MESSAGE_CHARS = 140;

/** `app/main.py:12`: the location as every list shows it (a hostile path is quoted). */
export function findingLocation(finding: ListedFinding): string {
  return `${printablePath(finding.location.path)}:${String(finding.location.line)}`;
}

/** A finding's message on one line, cut to `maxChars`. */
export function shortMessage(message: string, maxChars = MAX_FAILURE_MESSAGE_CHARS): string {
  const flat = oneLine(message.replace(/\s+/g, ' ').trim());
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1)}…`;
}

/** The fix in one line: its description, with the fixed versions when the tool names them. */
export function fixText(finding: ListedFinding): string | undefined {
  if (finding.fix === undefined) return undefined;
  return shortMessage(finding.fix.description, 200);
}

/**
 * Terminal lines for the findings that failed the gate: severity, location, rule and message, then the fix on
 * the next line; at most `limit`, then "…N more in <where>". Every text from a report is kept on its line.
 */
export function gateFailureLines(
  failing: readonly ListedFinding[],
  options: {
    readonly limit?: number;
    readonly moreIn: string;
    /** How many failed in all, when `failing` holds only the first of them; default its length. */
    readonly total?: number;
  },
): string[] {
  const limit = options.limit ?? MAX_LISTED_GATE_FAILURES;
  const shown = failing.slice(0, limit);
  const total = Math.max(options.total ?? failing.length, shown.length);
  const lines: string[] = [];
  for (const finding of shown) {
    lines.push(
      `  ${finding.severity.padEnd(8)} ${findingLocation(finding)}  ${oneLine(finding.ruleId)}  ${shortMessage(finding.message)}`,
    );
    const fix = fixText(finding);
    if (fix !== undefined) lines.push(`  ${''.padEnd(8)} fix: ${fix}`);
  }
  if (total > shown.length) lines.push(`  …${String(total - shown.length)} more in ${options.moreIn}`);
  return lines;
}

/**
 * How to accept a finding on purpose, in both places the product reads: the tool's own inline pragma, and a
 * `.devsecops.yml` suppression with a reason (and an expiry) that every report lists as suppressed. The example
 * uses the most severe failing finding's rule and file, so it can be copied as it is.
 */
export function suppressionAdvice(example: ListedFinding | undefined): string[] {
  const sast = example?.category === 'sast' ? inCodeSpan(example.ruleId) : 'B602';
  const dockerfile = example?.category === 'dockerfile' ? inCodeSpan(example.ruleId) : 'DL3008';
  const rule = yamlStringInCodeSpan(example === undefined ? 'B602' : example.ruleId);
  const path = yamlStringInCodeSpan(example === undefined ? 'app/main.py' : example.location.path);
  return [
    'To accept a finding on purpose, suppress it with a reason:',
    `  - inline, the tool's own way: \`# nosec ${sast}\` at the end of the Python line (Bandit), \`# hadolint ignore=${dockerfile}\` on the line above the Dockerfile instruction;`,
    `  - or in .devsecops.yml (every report lists it as suppressed, with its reason): \`suppressions: [{ rule: ${rule}, path: ${path}, reason: "why this is acceptable", expires: 2027-06-30 }]\``,
  ];
}

/**
 * A rule id from a scanned repository or a SARIF file, for inside one of the advice's code spans: on one line,
 * and a backtick, which would close the span (and let text such as `[x](https://…)` after it become a link in
 * summary.md), becomes a quote. Tools' rule ids never hold one.
 */
function inCodeSpan(text: string): string {
  return oneLine(text).replace(/`/g, "'");
}

/**
 * A value for the `.devsecops.yml` example inside a code span: a YAML double-quoted string (JSON's escapes are
 * YAML's) with a backtick written as `\u0060` (and line separators and C1 controls escaped too), so the span
 * cannot be closed early, the line cannot be broken, and the value stays exact.
 */
function yamlStringInCodeSpan(text: string): string {
  return JSON.stringify(text).replace(
    /[`\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
