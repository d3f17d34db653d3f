import { resolve } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { MAX_TOOL_TIMEOUT_SECONDS } from './config';
import type { ExecutionKey, ExecutionTool } from './config';
import { EXECUTION_KEY_NAMES, EXECUTION_TOOLS, executionKey, resolveUserPath } from './execution-settings';
import type { ExecutionSettings, ToolExecution, ToolExecutionField } from './execution-settings';

/**
 * Execution settings from environment variables (`DEVSECOPS_BANDIT_PATH`, `DEVSECOPS_BANDIT_ARGS`…): the
 * user's environment, never the repository's. Lists are JSON (`DEVSECOPS_BANDIT_ARGS='["--skip","B101"]'`)
 * so an argument with a space is never split by guesswork. Relative paths are relative to `cwd`.
 */
export function executionFromEnvironment(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ExecutionSettings {
  const value = (key: ExecutionKey): { name: string; text: string } | undefined => {
    const name = EXECUTION_KEY_NAMES[key].variable;
    const text = env[name]?.trim();
    return text ? { name, text } : undefined;
  };
  const tool = (name: ExecutionTool): ToolExecution & { python?: string } => {
    const fields: (ToolExecutionField & keyof ToolExecution)[] = ['path', 'args', 'timeoutSeconds'];
    const sources: Partial<Record<ToolExecutionField, string>> = {};
    let result: ToolExecution & { python?: string } = {};
    for (const field of name === 'bandit' ? [...fields, 'python' as const] : fields) {
      const found = value(executionKey(name, field));
      if (found === undefined) continue;
      sources[field] = found.name;
      const parsed =
        field === 'args'
          ? parseArgumentList(found.name, found.text)
          : field === 'timeoutSeconds'
            ? parseTimeoutSeconds(found.name, found.text)
            : resolveUserPath(found.text, cwd);
      result = { ...result, [field]: parsed };
    }
    return Object.keys(sources).length === 0 ? result : { ...result, sources };
  };
  const database = value('tools.sca.database');
  const [bandit, hadolint, dependencyCheck] = EXECUTION_TOOLS.map(tool);
  return {
    bandit: bandit ?? {},
    hadolint: hadolint ?? {},
    dependencyCheck: dependencyCheck ?? {},
    sca: database === undefined ? {} : { database: resolve(cwd, database.text), sources: { database: database.name } },
  };
}

/** A JSON list of strings: `["--skip", "B101"]`. */
export function parseArgumentList(name: string, text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `${name} must be a JSON list of strings, e.g. ${name}='["--skip", "B101"]'; it is ${JSON.stringify(text.slice(0, 80))}.`,
    );
  }
  return parsed;
}

/** A number of seconds greater than 0 and at most a day, as in the config files. */
export function parseTimeoutSeconds(name: string, text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TOOL_TIMEOUT_SECONDS || text.trim() === '') {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `${name} is ${JSON.stringify(text.slice(0, 40))}; give a number of seconds greater than 0 and at most ${String(MAX_TOOL_TIMEOUT_SECONDS)}, e.g. 900.`,
    );
  }
  return seconds;
}

/**
 * The settings as environment variables, the inverse of `executionFromEnvironment`: how `pipeline run`
 * hands the user's settings (flags included) down to the `devsecops scan` its actions run.
 */
export function executionToEnvironment(settings: ExecutionSettings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const tool of EXECUTION_TOOLS) {
    const execution: ToolExecution & { python?: string } = settings[tool];
    if (execution.path !== undefined) env[EXECUTION_KEY_NAMES[executionKey(tool, 'path')].variable] = execution.path;
    if (execution.args !== undefined) {
      env[EXECUTION_KEY_NAMES[executionKey(tool, 'args')].variable] = JSON.stringify(execution.args);
    }
    if (execution.timeoutSeconds !== undefined) {
      env[EXECUTION_KEY_NAMES[executionKey(tool, 'timeoutSeconds')].variable] = String(execution.timeoutSeconds);
    }
    if (execution.python !== undefined) env[EXECUTION_KEY_NAMES['tools.bandit.python'].variable] = execution.python;
  }
  if (settings.sca.database !== undefined)
    env[EXECUTION_KEY_NAMES['tools.sca.database'].variable] = settings.sca.database;
  return env;
}
