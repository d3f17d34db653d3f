import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { globMatcher } from '../policy/glob';

/** Folders never worth scanning: VCS data, dependencies, virtualenvs, caches, our own reports. */
export const ALWAYS_SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
]);

export interface DiscoverOptions {
  /** Repository-relative globs (see policy/glob.ts) to leave out, from `.devsecops.yml` `ignore`. */
  readonly ignore?: readonly string[];
  /** Which files to keep, by repository-relative POSIX path. */
  readonly match: (relativePath: string) => boolean;
  readonly signal?: AbortSignal;
  /** Stop after this many matches (guards against pathological trees). Default 100,000. */
  readonly maxFiles?: number;
}

/**
 * Lists matching files under `root` as sorted, repository-relative POSIX
 * paths. Symbolic links are not followed, so a hostile repository cannot make
 * a scan read outside itself or loop forever.
 */
export async function discoverFiles(root: string, options: DiscoverOptions): Promise<string[]> {
  const isIgnored = options.ignore?.length ? globMatcher(options.ignore) : () => false;
  const maxFiles = options.maxFiles ?? 100_000;
  const found: string[] = [];

  const walk = async (relativeDir: string): Promise<void> => {
    if (options.signal?.aborted) throw new DevsecopsError('CANCELLED', 'File discovery was cancelled.');
    let dir;
    try {
      dir = await opendir(join(root, relativeDir));
    } catch (error) {
      if (relativeDir === '') {
        throw new DevsecopsError('FILE_UNREADABLE', `Cannot read the folder ${root}: check that it exists.`, {
          cause: error,
        });
      }
      return; // An unreadable subfolder is skipped, not fatal.
    }
    const entries: { name: string; isDir: boolean }[] = [];
    for await (const entry of dir) {
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) entries.push({ name: entry.name, isDir: true });
      else if (entry.isFile()) entries.push({ name: entry.name, isDir: false });
    }
    for (const entry of entries) {
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDir) {
        if (ALWAYS_SKIPPED_DIRECTORIES.has(entry.name)) continue;
        if (isIgnored(relativePath) || isIgnored(`${relativePath}/`)) continue;
        await walk(relativePath);
      } else if (options.match(relativePath) && !isIgnored(relativePath)) {
        if (found.length >= maxFiles) {
          throw new DevsecopsError(
            'INPUT_INVALID',
            `More than ${maxFiles} matching files under ${root}: add ignore globs to .devsecops.yml to narrow the scan.`,
          );
        }
        found.push(relativePath);
      }
    }
  };

  await walk('');
  // Sort whole paths, not per folder, so `requirements.txt` comes before `requirements/dev.txt`.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
