import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, relative, resolve } from 'node:path';

/**
 * The environment an external tool (Bandit, hadolint, Dependency-Check, ShellCheck, a version probe) runs
 * with: an allow-list of the user's variables, never the whole environment. A scanner reads untrusted code;
 * if it (or a plugin, or a crafted input that exploits it) misbehaves, it must not hold the user's AWS keys,
 * tokens or interpreter hooks (PYTHONPATH, PYTHONSTARTUP, BANDIT_*, NODE_OPTIONS…).
 */

/** What every tool gets, when the user has it set: enough to find programs, a home, a locale and a clock. */
export const BASE_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_*', 'TMPDIR', 'TZ'] as const;

/** Proxy settings, for a tool that downloads (Dependency-Check refreshes the NVD data). */
export const PROXY_VARIABLES = [
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
] as const;

/**
 * What each tool truly needs beyond the base, by tool: the JVM's home and options for Dependency-Check's
 * launcher (and the proxy to reach the NVD), hadolint's own `HADOLINT_*` settings. Bandit and ShellCheck
 * need nothing more.
 */
export const TOOL_EXTRA_VARIABLES = {
  bandit: [],
  hadolint: ['HADOLINT_*'],
  'dependency-check': ['JAVA_HOME', 'JAVA_OPTS', ...PROXY_VARIABLES],
  shellcheck: [],
  git: [],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type ToolEnvironmentName = keyof typeof TOOL_EXTRA_VARIABLES;

/** True when `name` is one of `patterns` (an exact name, or a prefix written `PREFIX_*`). */
export function matchesVariable(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
}

/** The variables of `env` allowed by `patterns`, in `env`'s order. */
export function pickVariables(env: NodeJS.ProcessEnv, patterns: readonly string[]): NodeJS.ProcessEnv {
  const picked: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && matchesVariable(name, patterns)) picked[name] = value;
  }
  return picked;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** True when `path` is `folder` or inside it (both absolute), also after resolving symbolic links. */
export function isInsideFolder(path: string, folder: string): boolean {
  const inside = (candidate: string, base: string): boolean => {
    const fromBase = relative(base, candidate);
    return fromBase === '' || (!fromBase.startsWith('..') && !isAbsolute(fromBase));
  };
  return inside(resolve(path), resolve(folder)) || inside(realpathOrSelf(path), realpathOrSelf(folder));
}

/**
 * `PATH` as tools may search it: only absolute folders (an empty or relative entry means "the current
 * folder", which may be the repository), and none inside `untrustedFolders` (the scanned repository: a
 * virtualenv or `bin/` committed to it must not provide the `bandit` or `java` that runs).
 */
export function trustedSearchPath(path: string | undefined, untrustedFolders: readonly string[] = []): string {
  return (path ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && isAbsolute(entry))
    .filter((entry) => !untrustedFolders.some((folder) => isInsideFolder(entry, folder)))
    .join(delimiter);
}

export interface ToolEnvironmentOptions {
  /** Folders whose programs must not be found through PATH (the scanned repository). */
  readonly untrustedFolders?: readonly string[];
}

/**
 * The environment for one tool: the base allow-list plus that tool's needs, taken from the user's
 * environment, with PATH reduced to absolute folders outside the repository.
 */
export function toolEnvironment(
  userEnv: NodeJS.ProcessEnv,
  tool: ToolEnvironmentName,
  options: ToolEnvironmentOptions = {},
): NodeJS.ProcessEnv {
  const env = pickVariables(userEnv, [...BASE_VARIABLES, ...TOOL_EXTRA_VARIABLES[tool]]);
  if (env['PATH'] !== undefined) env['PATH'] = trustedSearchPath(env['PATH'], options.untrustedFolders);
  return env;
}
