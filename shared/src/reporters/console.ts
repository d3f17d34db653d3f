import type { Finding } from '../findings/finding';
import type { Severity } from '../findings/severity';
import { describeIncompleteness, incompletenessOf, UNSCANNED_ADVICE } from '../policy/completeness';
import type { Incompleteness } from '../policy/completeness';
import { describeComparison } from '../policy/baseline';
import type { ToolRun } from '../scanners/scanner';
import type { ReportInput } from './report-input';
import { oneLine, printablePath } from './safe-text';
import { countBySeverity, describeCounts, plural } from './report-order';
import { sortFindingsByLocation } from '../findings/finding-order';
import { countForGate, describeUncounted, gateFailureLines, suppressionAdvice } from './gate-failures';
import type { GateCount } from './gate-failures';

/** SGR codes. Only used when the caller says the output is a colour terminal. */
const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;

const SEVERITY_STYLE: Readonly<Record<Severity, string>> = {
  critical: ANSI.bold + ANSI.magenta,
  high: ANSI.red,
  medium: ANSI.yellow,
  low: ANSI.cyan,
  info: ANSI.dim,
};

/** Widest severity word, so messages line up. */
const SEVERITY_WIDTH = 'critical'.length;

/**
 * Human-readable report: findings grouped by file in reading order, the files
 * no tool could analyse, then the tools, a summary line and the gate's verdict.
 * Without colour it stays readable (severity words, not just colours, carry
 * the meaning). Paths are quoted when they hold control characters or line
 * breaks and every tool-supplied text is kept on its line, so no file name or
 * message can fake a line of this report.
 */
export function renderConsole(input: ReportInput, options: { readonly color: boolean }): string {
  const paint = (style: string, text: string): string => (options.color ? `${style}${text}${ANSI.reset}` : text);
  const lines: string[] = [];
  const findings = sortFindingsByLocation(input.result.findings);

  const positionWidth = Math.max(0, ...findings.map((finding) => position(finding).length));
  const byFile = (listed: readonly Finding[]): string[] => findingsByFile(listed, positionWidth, paint);
  if (input.baseline === undefined) {
    lines.push(...byFile(findings));
  } else {
    // What this change adds comes first, apart from what the baseline already had.
    const unchanged = input.baseline.unchanged;
    const added = findings.filter((finding) => !unchanged.has(finding.fingerprint));
    const kept = findings.filter((finding) => unchanged.has(finding.fingerprint));
    if (added.length > 0) {
      lines.push(paint(ANSI.bold, `New since the baseline (${added.length}):`), ...byFile(added));
    }
    if (kept.length > 0) {
      if (added.length > 0) lines.push('');
      lines.push(paint(ANSI.bold, `Already in the baseline (${kept.length}):`), ...byFile(kept));
    }
  }
  if (findings.length > 0) lines.push('');

  const incompleteness = incompletenessOf(input.result.tools);
  if (incompleteness !== undefined && incompleteness.unscanned.length > 0) {
    lines.push(paint(ANSI.bold, 'Not scanned (the result is incomplete):'));
    for (const entry of incompleteness.unscanned) {
      lines.push(
        `  ${printablePath(entry.path)}  ${oneLine(entry.reason)}  ${paint(ANSI.dim, `[${oneLine(entry.tool)}]`)}`,
      );
    }
    lines.push('');
  }

  if (input.result.tools.length > 0) {
    lines.push(oneLine(`Tools: ${input.result.tools.map((tool) => describeTool(tool)).join('; ')}`));
  }
  const suppressedCount = input.suppressed?.length ?? 0;
  const counts = describeCounts(countBySeverity(findings));
  const found = findings.length === 0 ? 'No findings' : `${plural(findings.length, 'finding')} (${counts})`;
  lines.push(`${found}${suppressedCount > 0 ? `, ${suppressedCount} suppressed` : ''}.`);
  if (input.baseline !== undefined) {
    lines.push(`Baseline: ${describeComparison(input.result.findings, input.baseline)}.`);
  }
  const count = gateCountOf(input);
  if (count.failing.length > 0) {
    lines.push(
      '',
      paint(
        ANSI.bold,
        `Failed the gate (${plural(count.failing.length, kindOf(input))} at or above ${input.gate.failOn}, most severe first):`,
      ),
      ...gateFailureLines(count.failing, { moreIn: 'the list above' }),
      ...suppressionAdvice(count.failing[0]),
      '',
    );
  }
  lines.push(gateLine(input, count, incompleteness, paint));
  return `${lines.join('\n')}\n`;
}

/** Findings in the order given, under a heading per file (a blank line between files). */
function findingsByFile(
  findings: readonly Finding[],
  positionWidth: number,
  paint: (style: string, text: string) => string,
): string[] {
  const lines: string[] = [];
  let currentPath: string | undefined;
  for (const finding of findings) {
    if (finding.location.path !== currentPath) {
      if (currentPath !== undefined) lines.push('');
      currentPath = finding.location.path;
      lines.push(paint(ANSI.bold, printablePath(currentPath)));
    }
    const severity = paint(SEVERITY_STYLE[finding.severity], finding.severity.padEnd(SEVERITY_WIDTH));
    const message = oneLine(finding.message.replace(/\s+/g, ' ').trim());
    lines.push(
      `  ${position(finding).padEnd(positionWidth)}  ${severity}  ${oneLine(finding.ruleId)}  ${message}  ${paint(ANSI.dim, `[${oneLine(finding.tool)}]`)}`,
    );
  }
  return lines;
}

/** `12:5` (line:column) or `12`. */
function position(finding: Finding): string {
  const { line, column } = finding.location;
  return column === undefined ? String(line) : `${line}:${column}`;
}

function describeTool(tool: ToolRun): string {
  const name = tool.version === undefined ? tool.name : `${tool.name} ${tool.version}`;
  const unscanned = tool.unscanned?.length ?? 0;
  const status = unscanned > 0 ? `${tool.status}, ${plural(unscanned, 'file')} not scanned` : tool.status;
  return tool.reason === undefined ? `${name} ${status}` : `${name} ${status} (${tool.reason})`;
}

/** What the gate counted in this report's input (suppressed findings and, with scope `new`, old ones left out). */
export function gateCountOf(input: ReportInput): GateCount {
  return countForGate(
    input.result.findings,
    input.suppressed?.length ?? 0,
    { failOn: input.gate.failOn, scope: input.gate.scope ?? 'new' },
    input.baseline,
  );
}

/** With a baseline and scope `new`, say so: "no finding at or above high" would be false when old ones are. */
function kindOf(input: ReportInput): string {
  return input.baseline !== undefined && (input.gate.scope ?? 'new') === 'new' ? 'new finding' : 'finding';
}

function gateLine(
  input: ReportInput,
  count: GateCount,
  incompleteness: Incompleteness | undefined,
  paint: (style: string, text: string) => string,
): string {
  const { failOn, passed } = input.gate;
  const failing = count.failing.length;
  const kind = kindOf(input);
  const uncounted = failOn === 'none' ? '' : describeUncounted(count, failOn);
  const notCounted = uncounted === '' ? '' : `; ${uncounted}`;
  if (incompleteness !== undefined) {
    const why = [
      oneLine(describeIncompleteness(incompleteness)),
      ...(failOn !== 'none' && failing > 0 ? [`${plural(failing, kind)} at or above ${failOn}`] : []),
    ].join('; ');
    const advice = incompleteness.unscanned.length > 0 ? `: ${UNSCANNED_ADVICE}` : '';
    return `Gate: ${paint(ANSI.bold + ANSI.yellow, 'INCOMPLETE')} (${why})${advice}.`;
  }
  if (failOn === 'none') return `Gate: ${paint(ANSI.green, 'PASSED')} (fail-on none: the gate never fails).`;
  if (passed) return `Gate: ${paint(ANSI.green, 'PASSED')} (no ${kind} at or above ${failOn}).`;
  return `Gate: ${paint(ANSI.bold + ANSI.red, 'FAILED')} (${plural(failing, kind)} at or above ${failOn}${notCounted}).`;
}
