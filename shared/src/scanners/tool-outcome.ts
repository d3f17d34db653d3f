import type { ExecutionTool, ToolEnablement } from '../config/config';
import { DEFAULT_TOOL_TIMEOUT_SECONDS } from '../config/config';
import { EXECUTION_KEY_NAMES } from '../config/execution-settings';
import type { ToolExecution } from '../config/execution-settings';
import { boundedExcerpt, DevsecopsError } from '../errors/devsecops-error';
import type { FindingDraft, ScanCategory } from '../findings/finding';
import type { ProcessResult } from '../process/process-runner';
import type { ScanContext, ScannerOutcome, ToolRun } from './scanner';
import { findExecutable, INSTALL_HINTS, type ExternalToolName } from './tool-discovery';

/** Identifies a tool in outcomes: its finding name, category and the name people know it by. */
export interface ToolIdentity {
  /** Name as in findings and `ToolRun.name` (`bandit`). */
  readonly name: string;
  readonly category: ScanCategory;
  /** Name for messages (`Bandit`, `OWASP Dependency-Check`). */
  readonly displayName: string;
  /** Its key under `tools` in the config files (`dependencyCheck`), named in messages about its settings. */
  readonly configKey?: ExecutionTool;
}

/** A tool the user installs, and may point at with `tools.<configKey>.path` in their own configuration. */
export interface ExternalTool extends ToolIdentity {
  readonly name: ExternalToolName;
  readonly configKey: ExecutionTool;
}

export const EXTERNAL_TOOLS = {
  bandit: { name: 'bandit', category: 'sast', displayName: 'Bandit', configKey: 'bandit' },
  hadolint: { name: 'hadolint', category: 'dockerfile', displayName: 'hadolint', configKey: 'hadolint' },
  'dependency-check': {
    name: 'dependency-check',
    category: 'sca',
    displayName: 'OWASP Dependency-Check',
    configKey: 'dependencyCheck',
  },
} as const satisfies Readonly<Record<ExternalToolName, ExternalTool>>;

/** A tool that did not run, with what to do about it. */
export function skippedOutcome(tool: ToolIdentity, reason: string): ScannerOutcome {
  return { findings: [], tools: [{ name: tool.name, category: tool.category, status: 'skipped', reason }] };
}

/** A tool that ran and reported: its findings, and its `ToolRun` with the version it said it was. */
export function succeededOutcome(
  tool: ToolIdentity,
  findings: readonly FindingDraft[],
  extra: { version?: string | undefined; durationMs: number },
): ScannerOutcome {
  const run: ToolRun = {
    name: tool.name,
    category: tool.category,
    status: 'ok',
    ...(extra.version === undefined ? {} : { version: extra.version }),
    durationMs: extra.durationMs,
  };
  return { findings, tools: [run] };
}

/** A tool that ran (or tried to) and failed: no findings from it, the error in its `ToolRun`. */
export function failedOutcome(
  tool: ToolIdentity,
  error: DevsecopsError,
  extra: { version?: string | undefined; durationMs?: number } = {},
): ScannerOutcome {
  const run: ToolRun = {
    name: tool.name,
    category: tool.category,
    status: 'failed',
    reason: error.detail ? `${error.message}\n${error.detail}` : error.message,
    errorCode: error.code,
    ...(extra.version === undefined ? {} : { version: extra.version }),
    ...(extra.durationMs === undefined ? {} : { durationMs: extra.durationMs }),
  };
  return { findings: [], tools: [run] };
}

/**
 * The error for a process that could not start or was stopped (not found,
 * timed out, cancelled), or undefined when it ran to an exit.
 */
export function processFailureError(tool: ToolIdentity, result: ProcessResult): DevsecopsError | undefined {
  const failure = result.failure;
  if (!failure) return undefined;
  switch (failure.kind) {
    case 'not-found':
      return new DevsecopsError('TOOL_NOT_FOUND', `${tool.displayName} was not found. ${failure.message}`);
    case 'timeout':
      return new DevsecopsError(
        'TOOL_TIMEOUT',
        tool.configKey === undefined
          ? `${tool.displayName} timed out. ${failure.message}`
          : `${tool.displayName} timed out and was stopped. ${failure.message} If it needs longer on this repository, raise its time limit (default ${String(DEFAULT_TOOL_TIMEOUT_SECONDS[tool.configKey])} s) with ${timeoutSettingNames(tool.configKey)}.`,
      );
    case 'cancelled':
      return new DevsecopsError('CANCELLED', `${tool.displayName} was cancelled.`);
    case 'spawn-error':
      return new DevsecopsError('TOOL_FAILED', `${tool.displayName} could not be started: ${failure.message}`);
  }
}

/** The error for a tool that exited with a code that means "I failed" rather than "I found issues". */
export function exitCodeError(tool: ToolIdentity, result: ProcessResult, commandLine: string): DevsecopsError {
  const printed = result.stderr.trim() || result.stdout.trim() || '(nothing)';
  return new DevsecopsError(
    'TOOL_FAILED',
    `${tool.displayName} failed (exit code ${String(result.exitCode ?? result.exitSignal)}); run \`${commandLine}\` by hand to see why. It printed:`,
    { detail: boundedExcerpt(printed) },
  );
}

/** The error for output that is not what the tool's format promises. */
export function outputInvalidError(tool: ToolIdentity, what: string, output: string, cause?: unknown): DevsecopsError {
  return new DevsecopsError(
    'TOOL_OUTPUT_INVALID',
    `${tool.displayName} printed output that is not valid ${what}; check its installation and configuration. It printed:`,
    { detail: boundedExcerpt(output === '' ? '(nothing)' : output), ...(cause === undefined ? {} : { cause }) },
  );
}

/** A command line for messages, quoting only arguments that need it. Never executed. */
export function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((part) => (/^[\w./:=@,+-]+$/.test(part) ? part : JSON.stringify(part))).join(' ');
}

/**
 * The outcome for a tool that is not installed: skipped with the install hint,
 * or failed when the user set `enabled: on` (they asked for it, so a scan
 * without it is incomplete).
 */
export function notInstalledOutcome(tool: ToolIdentity, enablement: ToolEnablement, message: string): ScannerOutcome {
  return enablement === 'on'
    ? failedOutcome(tool, new DevsecopsError('TOOL_NOT_FOUND', message))
    : skippedOutcome(tool, message);
}

/** Where the user raises a tool's time limit (a repository can only lower it). */
function timeoutSettingNames(tool: ExecutionTool): string {
  const names = EXECUTION_KEY_NAMES[`tools.${tool}.timeoutSeconds`];
  return `${names.flag}, ${names.variable} or tools.${tool}.timeoutSeconds in your own configuration file`;
}

/** How long one run of a tool may take, in milliseconds: the resolved `timeoutSeconds` or the tool's default. */
export function toolTimeoutMs(tool: ExecutionTool, execution: ToolExecution | undefined): number {
  return (execution?.timeoutSeconds ?? DEFAULT_TOOL_TIMEOUT_SECONDS[tool]) * 1000;
}

/**
 * Exit codes of a completed run for a tool that exits 1 when it reports findings (Bandit; hadolint when a
 * finding reaches its failure threshold): anything else is an error.
 */
export const CLEAN_OR_FINDINGS_EXIT_CODES: ReadonlySet<number> = new Set([0, 1]);

/**
 * Finds a tool the user may point at (`tools.<key>.path` in their own configuration, a flag, a variable):
 * that path, else the tool's own name on PATH, reported as `resolveToolOrSkip` says when it is missing.
 */
export function resolveUserSetTool(context: ScanContext, tool: ExternalTool): ReturnType<typeof resolveToolOrSkip> {
  const execution = context.execution?.[tool.configKey] ?? {};
  return resolveToolOrSkip(context, tool, context.config.tools[tool.configKey].enabled, {
    wanted: execution.path ?? tool.name,
    ...(execution.path === undefined ? {} : { setting: execution.sources?.path ?? `tools.${tool.configKey}.path` }),
    installHint: INSTALL_HINTS[tool.name],
  });
}

/** What to look for when resolving a tool's executable. */
export interface ToolLookup {
  /** Command name or path to find (`bandit`, `/opt/bin/hadolint`, `python3`). */
  readonly wanted: string;
  /**
   * Where the user set `wanted` (`--bandit-path`, `tools.bandit.path in ~/.config/devsecops/config.yml:3`,
   * `devsecops.bandit.path`), or undefined when `wanted` is the tool's default name looked up on PATH.
   */
  readonly setting?: string;
  /** How to get the tool, appended to the "not found" message. */
  readonly installHint: string;
}

/**
 * Finds a tool's executable, or says what the scan reports instead: skipped
 * with the install hint when the default name is not on PATH (failed with
 * `enabled: on`), and failed when a path the user set explicitly does not
 * name an executable, since that is a broken configuration, not an optional
 * tool that happens to be absent.
 */
export async function resolveToolOrSkip(
  context: ScanContext,
  tool: ToolIdentity,
  enablement: ToolEnablement,
  lookup: ToolLookup,
): Promise<{ readonly executable: string } | { readonly outcome: ScannerOutcome }> {
  // PATH folders inside the repository do not count: a repository cannot provide the program that scans it.
  const executable = await findExecutable(lookup.wanted, {
    ...(context.env ? { env: context.env } : {}),
    untrustedFolders: [context.root],
  });
  if (executable !== undefined) return { executable };
  const inRepository =
    lookup.setting === undefined
      ? await findExecutable(lookup.wanted, context.env ? { env: context.env } : {})
      : undefined;
  if (inRepository !== undefined) {
    return {
      outcome: notInstalledOutcome(
        tool,
        enablement,
        `${tool.displayName} (\`${lookup.wanted}\`) was not found outside the repository being scanned: the one on PATH, ${inRepository}, is inside it, and a repository cannot provide the program that scans it. If you trust that copy, set its path yourself. ${lookup.installHint}`,
      ),
    };
  }
  if (lookup.setting !== undefined) {
    return {
      outcome: failedOutcome(
        tool,
        new DevsecopsError(
          'TOOL_NOT_FOUND',
          // The same words as a tool missing from PATH ("… was not found"), so every front end (CLI, editor)
          // recognises it; the setting is the user's (a flag, a variable, their config file, an editor setting).
          `${tool.displayName} (\`${lookup.wanted}\`, set in ${lookup.setting}) was not found: it is not an executable file. Fix the path, or remove the setting to use ${tool.displayName} from PATH.`,
        ),
      ),
    };
  }
  return {
    outcome: notInstalledOutcome(
      tool,
      enablement,
      `${tool.displayName} (\`${lookup.wanted}\`) was not found. ${lookup.installHint}`,
    ),
  };
}
