import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ProcessRunner } from '../process/process-runner';
import { trustedSearchPath } from '../process/tool-environment';
import { cachedVersion, rememberVersion, versionCacheKey } from './tool-version-cache';

/** The external tools the product runs, by the name used in findings and `ToolRun`s. */
export type ExternalToolName = 'bandit' | 'hadolint' | 'dependency-check';

/**
 * How to get each tool, worded for a person reading a skipped status. The user's own settings are named so
 * the hint also works for a tool installed in an unusual place (a repository cannot set them).
 */
export const INSTALL_HINTS: Readonly<Record<ExternalToolName, string>> = {
  bandit:
    'Install Bandit: `pipx install bandit` or `apt-get install bandit`, or point --bandit-path (or --bandit-python, DEVSECOPS_BANDIT_PATH, tools.bandit.path in ~/.config/devsecops/config.yml) at it.',
  hadolint:
    'Install hadolint from https://github.com/hadolint/hadolint/releases (put it on PATH), or point --hadolint-path (DEVSECOPS_HADOLINT_PATH, tools.hadolint.path in ~/.config/devsecops/config.yml) at it. The built-in Dockerfile rules run without it.',
  'dependency-check':
    'Install OWASP Dependency-Check from https://owasp.org/www-project-dependency-check/ (the `dependency-check` launcher on PATH), or point --dependency-check-path (DEVSECOPS_DEPENDENCY_CHECK_PATH, tools.dependencyCheck.path in ~/.config/devsecops/config.yml) at it. The built-in SCA engine runs without it.',
};

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds an executable the way a shell would, without running one: a command
 * containing a slash is taken as a path (relative to `cwd`), anything else is
 * looked up on `PATH` in order. Returns the absolute path, or undefined.
 *
 * Only absolute PATH folders are searched (`.` or an empty entry would mean the
 * current folder, which may be the scanned repository), and none inside
 * `untrustedFolders`: a repository cannot provide the program that scans it.
 */
export async function findExecutable(
  command: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string; untrustedFolders?: readonly string[] } = {},
): Promise<string | undefined> {
  if (command === '') return undefined;
  if (command.includes('/') || isAbsolute(command)) {
    const path = resolve(options.cwd ?? process.cwd(), command);
    return (await isExecutableFile(path)) ? path : undefined;
  }
  const searchPath = trustedSearchPath((options.env ?? process.env)['PATH'], options.untrustedFolders);
  for (const dir of searchPath.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The first `N.N` or `N.N.N` version number in a tool's `--version` output. */
export function extractVersion(text: string): string | undefined {
  return /\b(\d+\.\d+(?:\.\d+)?)\b/.exec(text)?.[1];
}

/**
 * Asks a tool for its version (`<command> <args…>`, usually `--version`), once per installed tool
 * (see `tool-version-cache.ts`). Undefined when it cannot tell: a version is nice to report, never
 * essential.
 */
export async function probeVersion(
  runProcess: ProcessRunner,
  request: {
    command: string;
    args: readonly string[];
    /** The tool's own (minimal) environment. */
    env?: NodeJS.ProcessEnv;
    /** A folder the repository does not control. */
    cwd?: string;
    /** The user's environment, which says where the per-user cache is; default `env`, then process.env. */
    cacheEnv?: NodeJS.ProcessEnv;
    signal?: AbortSignal;
  },
): Promise<string | undefined> {
  const cacheEnv = request.cacheEnv ?? request.env ?? process.env;
  const key = versionCacheKey(request.command, request.args);
  const known = key === undefined ? undefined : cachedVersion(key, cacheEnv);
  if (known !== undefined) return known;
  const result = await runProcess({
    command: request.command,
    args: request.args,
    timeoutMs: 30_000,
    ...(request.env ? { env: request.env } : {}),
    ...(request.cwd ? { cwd: request.cwd } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (result.failure) return undefined;
  const version = extractVersion(`${result.stdout}\n${result.stderr}`);
  if (key !== undefined && version !== undefined) rememberVersion(key, version, cacheEnv);
  return version;
}
