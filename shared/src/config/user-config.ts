import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { loadedOnFirstUse } from '../modules/loaded-on-first-use';
import type { ExecutionSettings } from './execution-settings';
import type * as ParseUserConfig from './parse-user-config';

/** The YAML reader of this file (`parse-user-config.ts`), loaded only when there is a file to read. */
const userConfigParser = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require: the CLI bundle makes it a file of its own
  (): typeof ParseUserConfig => require('./parse-user-config') as typeof ParseUserConfig,
);

/**
 * The user's own configuration file: the execution settings of the external tools, in the same YAML shape
 * as `.devsecops.yml` (`tools.bandit.path`, `tools.bandit.args`, …). It lives outside every repository, so
 * it may say what runs:
 *
 *     $DEVSECOPS_CONFIG, else $XDG_CONFIG_HOME/devsecops/config.yml, else ~/.config/devsecops/config.yml
 */

/** Bigger than any real settings file, small enough that a wrong path (a log, a device) costs nothing. */
const MAX_USER_CONFIG_BYTES = 1024 * 1024;

/** Where the user's configuration file is, and whether the user named it explicitly (`DEVSECOPS_CONFIG`). */
export function userConfigLocation(env: NodeJS.ProcessEnv = process.env): { path: string; explicit: boolean } {
  const explicit = env['DEVSECOPS_CONFIG']?.trim();
  if (explicit) return { path: explicit, explicit: true };
  const xdg = env['XDG_CONFIG_HOME']?.trim();
  const base = xdg ? xdg : join(env['HOME']?.trim() || homedir(), '.config');
  return { path: join(base, 'devsecops', 'config.yml'), explicit: false };
}

/**
 * Reads the user's configuration file. No file at the default location means no settings; a file named by
 * `DEVSECOPS_CONFIG` must exist. Only a regular file of at most 1 MiB is read.
 */
export async function loadUserConfig(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ readonly path: string; readonly settings: ExecutionSettings } | undefined> {
  const { path, explicit } = userConfigLocation(env);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `Cannot read your devsecops configuration ${path}${explicit ? ' (DEVSECOPS_CONFIG)' : ''}: check that the file exists and is readable.`,
      { cause: error },
    );
  }
  if (!info.isFile() || info.size > MAX_USER_CONFIG_BYTES) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `Your devsecops configuration ${path} is ${info.isFile() ? 'larger than 1 MiB' : 'not a regular file'}: point DEVSECOPS_CONFIG at a YAML file.`,
    );
  }
  const text = await readFile(path, 'utf8');
  return { path, settings: userConfigParser().parseUserConfig(text, path, dirname(path)) };
}
