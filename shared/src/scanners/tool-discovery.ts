import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ProcessRunner } from '../process/process-runner';
import { cachedVersion, rememberVersion, versionCacheKey } from './tool-version-cache';

/** The external tools the product runs, by the name used in findings and `ToolRun`s. */
export type ExternalToolName = 'bandit' | 'hadolint' | 'dependency-check';

/**
 * How to get each tool, worded for a person reading a skipped status. The
 * `.devsecops.yml` key is named so the hint also works for a tool installed in
 * an unusual place.
 */
export const INSTALL_HINTS: Readonly<Record<ExternalToolName, string>> = {
  bandit:
    'Install Bandit: `pipx install bandit` or `apt-get install bandit`, or set tools.bandit.path (or tools.bandit.python) in .devsecops.yml.',
  hadolint:
    'Install hadolint from https://github.com/hadolint/hadolint/releases (put it on PATH), or set tools.hadolint.path in .devsecops.yml. The built-in Dockerfile rules run without it.',
  'dependency-check':
    'Install OWASP Dependency-Check from https://owasp.org/www-project-dependency-check/ (the `dependency-check` launcher on PATH), or set tools.dependencyCheck.path in .devsecops.yml. The built-in SCA engine runs without it.',
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
 */
export async function findExecutable(
  command: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string | undefined> {
  if (command === '') return undefined;
  if (command.includes('/') || isAbsolute(command)) {
    const path = resolve(options.cwd ?? process.cwd(), command);
    return (await isExecutableFile(path)) ? path : undefined;
  }
  const searchPath = (options.env ?? process.env)['PATH'] ?? '';
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
  request: { command: string; args: readonly string[]; env?: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<string | undefined> {
  const env = request.env ?? process.env;
  const key = versionCacheKey(request.command, request.args);
  const known = key === undefined ? undefined : cachedVersion(key, env);
  if (known !== undefined) return known;
  const result = await runProcess({
    command: request.command,
    args: request.args,
    timeoutMs: 30_000,
    ...(request.env ? { env: request.env } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (result.failure) return undefined;
  const version = extractVersion(`${result.stdout}\n${result.stderr}`);
  if (key !== undefined && version !== undefined) rememberVersion(key, version, env);
  return version;
}
