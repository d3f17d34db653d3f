import { resolve } from 'node:path';
import { isScalar } from 'yaml';
import type { ExecutionTool } from './config';
import { NO_EXECUTION_SETTINGS, resolveUserPath } from './execution-settings';
import type { ExecutionSettings, ToolExecution, ToolExecutionField } from './execution-settings';
import type { Fields, ProblemList } from './parse-config';
import {
  CONFIG_VERSION,
  describe,
  parseYamlDocument,
  readMapping,
  readString,
  readStringList,
  readTimeoutSeconds,
  throwProblems,
} from './parse-config';

// The user's configuration file (`user-config.ts`) read: its shape checked, every problem at its line.

const TOP_LEVEL_KEYS = ['version', 'tools'] as const;
const TOOL_KEYS = ['bandit', 'hadolint', 'dependencyCheck', 'sca'] as const;
const TOOL_FIELDS = ['path', 'args', 'timeoutSeconds'] as const;
/** Keys of `.devsecops.yml` that are the repository's policy: named in the error when written here. */
const POLICY_TOP_LEVEL_KEYS = ['ignore', 'severity', 'gate', 'suppressions'] as const;
const POLICY_TOOL_KEYS = ['enabled', 'configFile'] as const;

function policyKeyProblem(key: string): string {
  return `${key} is the repository's policy, not an execution setting: set it in the repository's .devsecops.yml. This file holds only tools.<tool>.path, args, timeoutSeconds, tools.bandit.python and tools.sca.database.`;
}

/** Parses the user's configuration file; every problem is reported with its line, in one CONFIG_INVALID error. */
export function parseUserConfig(text: string, sourceName: string, baseDir: string): ExecutionSettings {
  const { contents, list } = parseYamlDocument(text, sourceName);
  const settings = list.problems.length === 0 ? readRoot(contents, list, baseDir) : NO_EXECUTION_SETTINGS;
  throwProblems(list, sourceName);
  return settings;
}

function readRoot(contents: unknown, list: ProblemList, baseDir: string): ExecutionSettings {
  if (contents === null || contents === undefined) return NO_EXECUTION_SETTINGS;
  const fields = readMapping(contents, 'the top level', [...TOP_LEVEL_KEYS, ...POLICY_TOP_LEVEL_KEYS], list);
  if (fields === undefined) return NO_EXECUTION_SETTINGS;
  for (const key of POLICY_TOP_LEVEL_KEYS) {
    const field = fields.get(key);
    if (field !== undefined) list.add(field.key, policyKeyProblem(key));
  }
  const version = fields.get('version');
  if (version !== undefined && !(isScalar(version.value) && version.value.value === CONFIG_VERSION)) {
    list.add(version.value ?? version.key, `version ${describe(version.value)} is not supported; write "version: 1".`);
  }
  const tools = fields.get('tools');
  if (tools === undefined) return NO_EXECUTION_SETTINGS;
  const toolFields = readMapping(tools.value, 'tools', TOOL_KEYS, list);
  if (toolFields === undefined) return NO_EXECUTION_SETTINGS;
  const tool = (name: ExecutionTool, extra: readonly string[] = []): ToolExecution & { python?: string } => {
    const node = toolFields.get(name);
    return node === undefined ? {} : readTool(node.value, name, extra, list, baseDir);
  };
  const sca = toolFields.get('sca');
  return {
    bandit: tool('bandit', ['python']),
    hadolint: tool('hadolint'),
    dependencyCheck: tool('dependencyCheck'),
    sca: sca === undefined ? {} : readSca(sca.value, list, baseDir),
  };
}

function checkPolicyKeys(fields: Fields, where: string, list: ProblemList): void {
  for (const key of POLICY_TOOL_KEYS) {
    const field = fields.get(key);
    if (field !== undefined) list.add(field.key, policyKeyProblem(`${where}.${key}`));
  }
}

function readTool(
  node: unknown,
  tool: ExecutionTool,
  extra: readonly string[],
  list: ProblemList,
  baseDir: string,
): ToolExecution & { python?: string } {
  const where = `tools.${tool}`;
  const fields = readMapping(node, where, [...TOOL_FIELDS, ...extra, ...POLICY_TOOL_KEYS], list);
  if (fields === undefined) return {};
  checkPolicyKeys(fields, where, list);
  const sources: Partial<Record<ToolExecutionField, string>> = {};
  const source = (field: ToolExecutionField, key: unknown): void => {
    sources[field] = `${where}.${field} in ${list.sourceName}:${String(list.lineOf(key))}`;
  };
  const path = fields.get('path');
  const python = fields.get('python');
  const args = fields.get('args');
  const timeoutSeconds = fields.get('timeoutSeconds');
  if (path !== undefined) source('path', path.key);
  if (python !== undefined) source('python', python.key);
  if (args !== undefined) source('args', args.key);
  if (timeoutSeconds !== undefined) source('timeoutSeconds', timeoutSeconds.key);
  return {
    ...(path === undefined
      ? {}
      : {
          path: resolveUserPath(readString(path.value, `${where}.path`, 'an executable name or path', list), baseDir),
        }),
    ...(python === undefined
      ? {}
      : {
          python: resolveUserPath(
            readString(python.value, `${where}.python`, 'a Python interpreter name or path', list),
            baseDir,
          ),
        }),
    ...(args === undefined
      ? {}
      : { args: readStringList(args.value, `${where}.args`, 'an argument', '--verbose', list) }),
    ...(timeoutSeconds === undefined
      ? {}
      : { timeoutSeconds: readTimeoutSeconds(timeoutSeconds.value, `${where}.timeoutSeconds`, list) }),
    ...(Object.keys(sources).length === 0 ? {} : { sources }),
  };
}

function readSca(node: unknown, list: ProblemList, baseDir: string): ExecutionSettings['sca'] {
  const fields = readMapping(node, 'tools.sca', ['database', 'enabled'], list);
  if (fields === undefined) return {};
  const enabled = fields.get('enabled');
  if (enabled !== undefined) list.add(enabled.key, policyKeyProblem('tools.sca.enabled'));
  const database = fields.get('database');
  if (database === undefined) return {};
  const path = readString(database.value, 'tools.sca.database', 'a path to the database zip', list);
  return {
    database: resolve(baseDir, path),
    sources: { database: `tools.sca.database in ${list.sourceName}:${String(list.lineOf(database.key))}` },
  };
}
