import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user cache folder: `$DEVSECOPS_CACHE_DIR`, else `$XDG_CACHE_HOME/devsecops`, else the platform's
 * cache folder (`~/.cache/devsecops` on Linux, `~/Library/Caches/devsecops` on macOS,
 * `%LOCALAPPDATA%\devsecops\Cache` on Windows). Only the user's environment decides it: a repository's
 * `.devsecops.yml` has no say, so a scanned repository can neither read nor plant what a scan remembers.
 */
export function cacheDirectory(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const explicit = env['DEVSECOPS_CACHE_DIR'];
  if (explicit) return explicit;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg) return join(xdg, 'devsecops');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'devsecops');
  if (platform === 'win32') return join(env['LOCALAPPDATA'] || join(home, 'AppData', 'Local'), 'devsecops', 'Cache');
  return join(home, '.cache', 'devsecops');
}

/**
 * Where a scan remembers per-file results: the cache folder, unless the user said no (`--no-cache`, passed
 * as `disabled`, or `DEVSECOPS_NO_CACHE` set to anything but empty, 0 or false).
 */
export function resultCacheDirectory(env: NodeJS.ProcessEnv, disabled = false): string | undefined {
  const variable = env['DEVSECOPS_NO_CACHE']?.trim().toLowerCase();
  const off = disabled || !(variable === undefined || variable === '' || variable === '0' || variable === 'false');
  return off ? undefined : cacheDirectory(env);
}
