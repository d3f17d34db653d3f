import { isAbsolute, resolve } from 'node:path';
import type { ExecutionKey, ExecutionTool } from './config';

/**
 * Execution settings: which program runs for each external tool, with which extra arguments and time
 * limit, and which vulnerability database file is read. They come only from the user (a user-level config
 * file, environment variables, command-line flags, machine-scoped editor settings), never from the
 * repository being scanned; see `trust.ts` for how the two meet.
 */

/** The field of a tool's execution settings (`path`, `args`, `timeoutSeconds`, and Bandit's `python`). */
export type ToolExecutionField = 'path' | 'args' | 'timeoutSeconds' | 'python';

/** How one external tool is run. */
export interface ToolExecution {
  /** Executable: an absolute path, or a bare name looked up on PATH. */
  readonly path?: string;
  /** Extra arguments appended to the tool's command line. */
  readonly args?: readonly string[];
  /** Seconds one run may take before it is stopped (`TOOL_TIMEOUT`); default per tool. */
  readonly timeoutSeconds?: number;
  /** Where each value was set (`--bandit-path`, `DEVSECOPS_BANDIT_PATH`, `~/.config/devsecops/config.yml:4`). */
  readonly sources?: Readonly<Partial<Record<ToolExecutionField, string>>>;
}

export interface ExecutionSettings {
  readonly bandit: ToolExecution & {
    /** Python interpreter that runs Bandit as `python -I -m bandit`; absolute, or a bare name on PATH. */
    readonly python?: string;
  };
  readonly hadolint: ToolExecution;
  readonly dependencyCheck: ToolExecution;
  readonly sca: {
    /** OSV database zip (absolute); default: the per-user download, else the bundled snapshot. */
    readonly database?: string;
    readonly sources?: { readonly database?: string };
  };
}

/** Nothing set: every tool from PATH with its default time limit, the default database. */
export const NO_EXECUTION_SETTINGS: ExecutionSettings = {
  bandit: {},
  hadolint: {},
  dependencyCheck: {},
  sca: {},
};

export const EXECUTION_TOOLS: readonly ExecutionTool[] = ['bandit', 'hadolint', 'dependencyCheck'];

/**
 * Layers settings: every value set in `higher` wins over the one in `lower` (arguments are replaced, not
 * appended: one source decides a tool's command line).
 */
export function mergeExecutionSettings(lower: ExecutionSettings, higher: ExecutionSettings): ExecutionSettings {
  const tool = <T extends ToolExecution & { python?: string }>(a: T, b: T): T => ({
    ...a,
    ...b,
    ...(a.sources || b.sources ? { sources: { ...a.sources, ...b.sources } } : {}),
  });
  return {
    bandit: tool(lower.bandit, higher.bandit),
    hadolint: tool(lower.hadolint, higher.hadolint),
    dependencyCheck: tool(lower.dependencyCheck, higher.dependencyCheck),
    sca: {
      ...lower.sca,
      ...higher.sca,
      ...(lower.sca.sources || higher.sca.sources ? { sources: { ...lower.sca.sources, ...higher.sca.sources } } : {}),
    },
  };
}

/**
 * A program named by the user: a bare name (`bandit`, `python3`) stays a PATH lookup; anything with a slash
 * is made absolute against `base` (the folder of the config file that names it, or the working directory
 * for a flag or variable), so it never depends on the folder a tool later runs in.
 */
export function resolveUserPath(value: string, base: string): string {
  if (!value.includes('/') && !isAbsolute(value)) return value;
  return resolve(base, value);
}

/** The CLI flag, environment variable and editor setting that set each execution key, for messages. */
export interface ExecutionKeyNames {
  readonly flag: string;
  readonly variable: string;
  /** The machine-scoped VS Code setting, when there is one. */
  readonly editorSetting?: string;
}

export const EXECUTION_KEY_NAMES: Readonly<Record<ExecutionKey, ExecutionKeyNames>> = {
  'tools.bandit.path': {
    flag: '--bandit-path',
    variable: 'DEVSECOPS_BANDIT_PATH',
    editorSetting: 'devsecops.bandit.path',
  },
  'tools.bandit.python': {
    flag: '--bandit-python',
    variable: 'DEVSECOPS_BANDIT_PYTHON',
    editorSetting: 'devsecops.bandit.python',
  },
  'tools.bandit.args': {
    flag: '--bandit-arg',
    variable: 'DEVSECOPS_BANDIT_ARGS',
    editorSetting: 'devsecops.bandit.args',
  },
  'tools.bandit.timeoutSeconds': { flag: '--bandit-timeout', variable: 'DEVSECOPS_BANDIT_TIMEOUT_SECONDS' },
  'tools.hadolint.path': {
    flag: '--hadolint-path',
    variable: 'DEVSECOPS_HADOLINT_PATH',
    editorSetting: 'devsecops.hadolint.path',
  },
  'tools.hadolint.args': {
    flag: '--hadolint-arg',
    variable: 'DEVSECOPS_HADOLINT_ARGS',
    editorSetting: 'devsecops.hadolint.args',
  },
  'tools.hadolint.timeoutSeconds': { flag: '--hadolint-timeout', variable: 'DEVSECOPS_HADOLINT_TIMEOUT_SECONDS' },
  'tools.dependencyCheck.path': {
    flag: '--dependency-check-path',
    variable: 'DEVSECOPS_DEPENDENCY_CHECK_PATH',
    editorSetting: 'devsecops.dependencyCheck.path',
  },
  'tools.dependencyCheck.args': {
    flag: '--dependency-check-arg',
    variable: 'DEVSECOPS_DEPENDENCY_CHECK_ARGS',
    editorSetting: 'devsecops.dependencyCheck.args',
  },
  'tools.dependencyCheck.timeoutSeconds': {
    flag: '--dependency-check-timeout',
    variable: 'DEVSECOPS_DEPENDENCY_CHECK_TIMEOUT_SECONDS',
  },
  'tools.sca.database': {
    flag: '--sca-database',
    variable: 'DEVSECOPS_SCA_DATABASE',
    editorSetting: 'devsecops.sca.databasePath',
  },
};

/** The execution key of one tool field (`tools.bandit.path`). */
export function executionKey(tool: ExecutionTool, field: ToolExecutionField): ExecutionKey {
  if (field === 'python') return 'tools.bandit.python';
  return `tools.${tool}.${field}`;
}
