import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseTimeoutSeconds } from '../config/execution-from-env';
import { resolveUserPath } from '../config/execution-settings';
import type { ExecutionSettings, ToolExecution, ToolExecutionField } from '../config/execution-settings';

/**
 * The execution flags `devsecops scan` and `devsecops pipeline run` take: the user's say over which program
 * runs as each tool, with which extra arguments and time limit (a repository's `.devsecops.yml` cannot).
 */

/** The flags as commander hands them over. */
export interface ExecutionFlagValues {
  readonly banditPath?: string;
  readonly banditPython?: string;
  readonly banditArg?: readonly string[];
  readonly banditTimeout?: string;
  readonly hadolintPath?: string;
  readonly hadolintArg?: readonly string[];
  readonly hadolintTimeout?: string;
  readonly dependencyCheckPath?: string;
  readonly dependencyCheckArg?: readonly string[];
  readonly dependencyCheckTimeout?: string;
  readonly scaDatabase?: string;
}

const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds the execution flags to a command. */
export function addExecutionFlags(command: Command): Command {
  return command
    .option('--bandit-path <file>', 'the bandit executable to run (default: bandit on PATH)')
    .option('--bandit-python <file>', 'run Bandit as `<python> -I -m bandit` instead')
    .option('--bandit-arg <arg>', 'an extra Bandit argument (repeat for several; --bandit-arg=--skip …)', collect)
    .option('--bandit-timeout <seconds>', "Bandit's time limit (default 600)")
    .option('--hadolint-path <file>', 'the hadolint executable to run (default: hadolint on PATH)')
    .option('--hadolint-arg <arg>', 'an extra hadolint argument (repeat for several)', collect)
    .option('--hadolint-timeout <seconds>', "hadolint's time limit (default 120)")
    .option('--dependency-check-path <file>', 'the Dependency-Check launcher (default: dependency-check on PATH)')
    .option('--dependency-check-arg <arg>', 'an extra Dependency-Check argument (repeat for several)', collect)
    .option('--dependency-check-timeout <seconds>', "Dependency-Check's time limit (default 3600)")
    .option('--sca-database <zip>', 'the OSV database zip for the built-in SCA engine');
}

/** The flags as execution settings; relative paths are relative to `cwd`. */
export function executionFromFlags(values: ExecutionFlagValues, cwd: string = process.cwd()): ExecutionSettings {
  const tool = (
    flag: string,
    path: string | undefined,
    args: readonly string[] | undefined,
    timeout: string | undefined,
  ): ToolExecution => {
    const sources: Partial<Record<ToolExecutionField, string>> = {};
    if (path !== undefined) sources.path = `${flag}-path`;
    if (args !== undefined && args.length > 0) sources.args = `${flag}-arg`;
    if (timeout !== undefined) sources.timeoutSeconds = `${flag}-timeout`;
    return {
      ...(path === undefined ? {} : { path: resolveUserPath(path, cwd) }),
      ...(args === undefined || args.length === 0 ? {} : { args }),
      ...(timeout === undefined ? {} : { timeoutSeconds: parseTimeoutSeconds(`${flag}-timeout`, timeout) }),
      ...(Object.keys(sources).length === 0 ? {} : { sources }),
    };
  };
  const bandit = tool('--bandit', values.banditPath, values.banditArg, values.banditTimeout);
  return {
    bandit:
      values.banditPython === undefined
        ? bandit
        : {
            ...bandit,
            python: resolveUserPath(values.banditPython, cwd),
            sources: { ...bandit.sources, python: '--bandit-python' },
          },
    hadolint: tool('--hadolint', values.hadolintPath, values.hadolintArg, values.hadolintTimeout),
    dependencyCheck: tool(
      '--dependency-check',
      values.dependencyCheckPath,
      values.dependencyCheckArg,
      values.dependencyCheckTimeout,
    ),
    sca:
      values.scaDatabase === undefined
        ? {}
        : { database: resolve(cwd, values.scaDatabase), sources: { database: '--sca-database' } },
  };
}
