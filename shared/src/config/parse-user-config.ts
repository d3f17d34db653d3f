import { resolve } from 'node:path';
import userConfigSchema from '../../schemas/user-config.schema.json';
import type { ExecutionTool } from './config';
import { NO_EXECUTION_SETTINGS, resolveUserPath } from './execution-settings';
import type { ExecutionSettings, ToolExecution, ToolExecutionField } from './execution-settings';
import { parseYamlDocument, plainValue, throwProblems } from './parse-config';
import type { YamlLines, YamlPathSegment } from './yaml-lines';
import { YamlSchema } from './yaml-schema';

// The user's configuration file (`user-config.ts`) read: its shape checked by its JSON Schema
// (`schemas/user-config.schema.json`), every problem at its line.

/** The file's schema, worded as `.devsecops.yml`'s: the two files share their `tools.<tool>` keys. */
const USER_CONFIG_SCHEMA = new YamlSchema(userConfigSchema, {
  rootName: 'the top level',
  unknownKey: 'unknown key "{key}" in {where}; {hint}',
  wrongValue: '{where} is {value}; it {expected}.',
  missingKey: '{where} has no "{key}".',
});

/** The file's shape once its schema has taken it (every key optional; null where a key is left empty). */
type Text = string | number;
interface ToolFile {
  readonly path?: Text;
  readonly args?: readonly Text[] | null;
  readonly timeoutSeconds?: number;
  readonly python?: Text;
}
interface UserConfigFile {
  readonly tools?: {
    readonly bandit?: ToolFile | null;
    readonly hadolint?: ToolFile | null;
    readonly dependencyCheck?: ToolFile | null;
    readonly sca?: { readonly database?: Text } | null;
  } | null;
}

/** Parses the user's configuration file; every problem is reported with its line, in one CONFIG_INVALID error. */
export function parseUserConfig(text: string, sourceName: string, baseDir: string): ExecutionSettings {
  const parsed = parseYamlDocument(text, sourceName);
  const { list } = parsed;
  const value = list.problems.length === 0 ? plainValue(parsed, list) : undefined;
  if (value !== undefined && value !== null) {
    for (const problem of USER_CONFIG_SCHEMA.problems(value, parsed.lines)) {
      list.problems.push({ line: problem.line, span: problem.span, message: problem.message });
    }
  }
  throwProblems(list, sourceName);
  return value === undefined || value === null
    ? NO_EXECUTION_SETTINGS
    : settingsOf(value, parsed.lines, sourceName, baseDir);
}

/** The settings a file that passed its schema means: paths resolved against `baseDir`, each with its line. */
function settingsOf(value: unknown, lines: YamlLines, sourceName: string, baseDir: string): ExecutionSettings {
  const tools = (value as UserConfigFile).tools ?? {};
  const where = (path: readonly YamlPathSegment[]): string =>
    `${path.join('.')} in ${sourceName}:${String(lines.keySpan(path).line)}`;
  const tool = (name: ExecutionTool): ToolExecution & { python?: string } => {
    const file = tools[name] ?? {};
    const sources: Partial<Record<ToolExecutionField, string>> = {};
    for (const field of ['path', 'python', 'args', 'timeoutSeconds'] as const) {
      if (Object.hasOwn(file, field)) sources[field] = where(['tools', name, field]);
    }
    return {
      ...(file.path === undefined ? {} : { path: resolveUserPath(String(file.path), baseDir) }),
      ...(file.python === undefined ? {} : { python: resolveUserPath(String(file.python), baseDir) }),
      ...(file.args === undefined ? {} : { args: (file.args ?? []).map(String) }),
      ...(file.timeoutSeconds === undefined ? {} : { timeoutSeconds: file.timeoutSeconds }),
      ...(Object.keys(sources).length === 0 ? {} : { sources }),
    };
  };
  const database = tools.sca?.database;
  return {
    bandit: tool('bandit'),
    hadolint: tool('hadolint'),
    dependencyCheck: tool('dependencyCheck'),
    sca:
      database === undefined
        ? {}
        : {
            database: resolve(baseDir, String(database)),
            sources: { database: where(['tools', 'sca', 'database']) },
          },
  };
}
