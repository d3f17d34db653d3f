import { DEFAULT_TOOL_TIMEOUT_SECONDS } from './config';
import type { DevsecopsConfig, ExecutionKey, ExecutionRequest, ExecutionTool } from './config';
import { executionFromEnvironment } from './execution-from-env';
import { EXECUTION_KEY_NAMES, mergeExecutionSettings, NO_EXECUTION_SETTINGS } from './execution-settings';
import type { ExecutionSettings } from './execution-settings';
import { loadUserConfig } from './user-config';

/**
 * The trust model, enforced here and only here.
 *
 * A repository is untrusted input. Its `.devsecops.yml` may set policy (ignore globs, severities,
 * suppressions, the gate, which scanners are enabled, a Bandit config file inside the repository) but never
 * execution: which program runs (`tools.<tool>.path`, `tools.bandit.python`), extra arguments (`args`), a
 * time limit above the user's (`timeoutSeconds`) or a file read from outside the repository
 * (`tools.sca.database`). Execution comes from the user alone, in this order of precedence:
 *
 *   1. command-line flags of `devsecops scan` / `pipeline run` (or, in VS Code, machine-scoped settings);
 *   2. environment variables (`DEVSECOPS_BANDIT_PATH`, …);
 *   3. the user's configuration file ($DEVSECOPS_CONFIG, else $XDG_CONFIG_HOME/devsecops/config.yml, else
 *      ~/.config/devsecops/config.yml).
 *
 * A repository value for an execution key is ignored with one warning naming the key and where the user
 * can set it instead. The one exception is a time limit *shorter* than the user's: failing sooner can only
 * make a scan incomplete, never let it run longer or differently.
 */

/** A repository setting that was ignored, with what the user can do instead. */
export interface TrustWarning {
  readonly key: ExecutionKey;
  /** `.devsecops.yml:7`. */
  readonly where: string;
  /** One self-contained sentence or two, for stderr, a report note or the editor's output channel. */
  readonly message: string;
}

/** The execution settings a scan runs with, and the warnings about what the repository asked for. */
export interface ExecutionResolution {
  readonly execution: ExecutionSettings;
  readonly warnings: readonly TrustWarning[];
}

/** Says where a user sets an execution key, in the words of one front end (CLI, editor). */
export type WhereToSet = (key: ExecutionKey) => string;

/** The CLI's sources: a flag, an environment variable, or the user's configuration file. */
export const CLI_WHERE_TO_SET: WhereToSet = (key) => {
  const names = EXECUTION_KEY_NAMES[key];
  return `${names.flag}, ${names.variable}, or ${key} in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names)`;
};

const TOOL_NAMES: Readonly<Record<ExecutionTool, string>> = {
  bandit: 'Bandit',
  hadolint: 'hadolint',
  dependencyCheck: 'Dependency-Check',
};

function toolOf(key: ExecutionKey): ExecutionTool | undefined {
  const tool = key.split('.')[1];
  return tool === 'bandit' || tool === 'hadolint' || tool === 'dependencyCheck' ? tool : undefined;
}

/** What a repository cannot decide with `key`, as the middle of a warning. */
function whatItCannotDo(key: ExecutionKey): string {
  const tool = toolOf(key);
  const name = tool === undefined ? '' : TOOL_NAMES[tool];
  if (key === 'tools.bandit.python') return 'a repository cannot choose the Python interpreter that runs Bandit';
  if (key === 'tools.sca.database') {
    return 'a repository cannot choose the vulnerability database file (it may name a file outside the repository)';
  }
  if (key.endsWith('.args')) return `a repository cannot add command-line arguments to ${name}`;
  return `a repository cannot choose which program runs as ${name}`;
}

function ignored(request: ExecutionRequest, whereToSet: WhereToSet, why: string): TrustWarning {
  return {
    key: request.key,
    where: request.where,
    message: `${request.where}: ${request.key} is ignored: ${why}. To set it for yourself, use ${whereToSet(request.key)}.`,
  };
}

/**
 * Combines the user's execution settings with what the repository's config asked for: the user's win, the
 * repository's are ignored with a warning, except a time limit no longer than the user's (or the default).
 */
export function resolveExecution(
  repository: Pick<DevsecopsConfig, 'executionRequests'>,
  user: ExecutionSettings,
  options: { whereToSet?: WhereToSet } = {},
): ExecutionResolution {
  const whereToSet = options.whereToSet ?? CLI_WHERE_TO_SET;
  let execution = user;
  const warnings: TrustWarning[] = [];
  for (const request of repository.executionRequests ?? []) {
    const tool = toolOf(request.key);
    if (request.key.endsWith('.timeoutSeconds') && tool !== undefined && request.timeoutSeconds !== undefined) {
      const userLimit = user[tool].timeoutSeconds;
      const ceiling = userLimit ?? DEFAULT_TOOL_TIMEOUT_SECONDS[tool];
      if (request.timeoutSeconds <= ceiling) {
        const current = execution[tool];
        execution = {
          ...execution,
          [tool]: {
            ...current,
            timeoutSeconds: request.timeoutSeconds,
            sources: { ...current.sources, timeoutSeconds: `${request.key} in ${request.where}` },
          },
        };
        continue;
      }
      warnings.push(
        ignored(
          request,
          whereToSet,
          `it asks for ${String(request.timeoutSeconds)} s, and a repository may only shorten ${TOOL_NAMES[tool]}'s time limit (${String(ceiling)} s, ${userLimit === undefined ? 'the default' : 'your setting'})`,
        ),
      );
      continue;
    }
    warnings.push(ignored(request, whereToSet, whatItCannotDo(request.key)));
  }
  return { execution, warnings };
}

/** The user's execution settings from every source, and the configuration file they came from, if any. */
export interface UserExecutionSettings {
  readonly settings: ExecutionSettings;
  /** The user's configuration file that was read. */
  readonly configFile?: string;
}

/**
 * The user's execution settings: the configuration file, then environment variables over it, then `flags`
 * (command-line flags, or the editor's machine-scoped settings) over both.
 */
export async function loadUserExecutionSettings(
  options: { env?: NodeJS.ProcessEnv; cwd?: string; flags?: ExecutionSettings } = {},
): Promise<UserExecutionSettings> {
  const env = options.env ?? process.env;
  const file = await loadUserConfig(env);
  const fromEnvironment = executionFromEnvironment(env, options.cwd ?? process.cwd());
  const settings = mergeExecutionSettings(
    mergeExecutionSettings(file?.settings ?? NO_EXECUTION_SETTINGS, fromEnvironment),
    options.flags ?? NO_EXECUTION_SETTINGS,
  );
  return { settings, ...(file === undefined ? {} : { configFile: file.path }) };
}
