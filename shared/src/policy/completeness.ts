import type { ToolRun, UnscannedFile } from '../scanners/scanner';
import { isIncomplete } from '../scanners/scanner';

/** A file a tool could not analyse, with the tool's name. */
export interface UnscannedEntry extends UnscannedFile {
  /** The tool that could not analyse it (`bandit`, `devsecops-sca`…). */
  readonly tool: string;
}

/**
 * Why a scan's result is incomplete: it cannot pass a gate, whatever its
 * findings, because something that should have been checked was not.
 */
export interface Incompleteness {
  /** Files tools could not analyse, in tool order. */
  readonly unscanned: readonly UnscannedEntry[];
  /** Tools that failed (crashed, printed something unreadable, missing while `enabled: on`). */
  readonly failedTools: readonly string[];
  /** Every tool was skipped or failed: nothing was checked at all. */
  readonly noToolRan: boolean;
}

/** The gate's verdict as every report states it. */
export type GateStatus = 'passed' | 'failed' | 'incomplete';

/**
 * What left the result incomplete, or undefined when it is complete. An empty
 * tool list (findings read from elsewhere, with no tool runs) says nothing
 * about completeness, so it is not incomplete by itself.
 */
export function incompletenessOf(tools: readonly ToolRun[]): Incompleteness | undefined {
  const unscanned = tools.flatMap((tool) =>
    isIncomplete(tool) ? (tool.unscanned ?? []).map((file) => ({ tool: tool.name, ...file })) : [],
  );
  const failedTools = tools.filter((tool) => tool.status === 'failed').map((tool) => tool.name);
  const noToolRan = tools.length > 0 && !tools.some((tool) => tool.status === 'ok');
  if (unscanned.length === 0 && failedTools.length === 0 && !noToolRan) return undefined;
  return { unscanned, failedTools, noToolRan };
}

/** `incomplete` whenever the result is, else the gate's own verdict on the findings. */
export function gateStatus(findingsPassGate: boolean, tools: readonly ToolRun[]): GateStatus {
  if (incompletenessOf(tools) !== undefined) return 'incomplete';
  return findingsPassGate ? 'passed' : 'failed';
}

/**
 * One sentence for a verdict line: "bandit could not scan 2 files; dependency-check failed".
 * Names only tools (which we name), never file paths, so it is safe on one line anywhere.
 */
export function describeIncompleteness(incompleteness: Incompleteness): string {
  const perTool = new Map<string, number>();
  for (const entry of incompleteness.unscanned) perTool.set(entry.tool, (perTool.get(entry.tool) ?? 0) + 1);
  const parts = [
    ...[...perTool].map(([tool, count]) => `${tool} could not scan ${count} file${count === 1 ? '' : 's'}`),
    ...incompleteness.failedTools.map((tool) => `${tool} failed`),
    ...(incompleteness.noToolRan && incompleteness.failedTools.length === 0 ? ['no scanner ran'] : []),
  ];
  return parts.join('; ');
}

/** What the user can do about files that were not scanned. */
export const UNSCANNED_ADVICE =
  'fix those files, or list them under `ignore` in .devsecops.yml to leave them out on purpose';
