import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { compareText } from '../findings/finding-order';
import { globMatcher } from './glob';

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

/** What a walk saw that is not a regular file or a folder: left out, never followed or opened. */
export type SkippedEntryKind = 'symlink' | 'special';

export interface WalkOptions {
  /** Repository-relative globs (see files/glob.ts) to leave out, from `.devsecops.yml` `ignore`. */
  readonly ignore?: readonly string[];
  readonly signal?: AbortSignal;
  /** Called for each regular file, by repository-relative POSIX path, in no particular order. */
  readonly onFile: (relativePath: string) => void;
  /** Called for each symbolic link (to a file or a folder) and special file (FIFO, socket, device) not ignored. */
  readonly onSkipped?: (relativePath: string, kind: SkippedEntryKind) => void;
}

/**
 * Visits every regular file under `root` without collecting them, so a tree of any size costs
 * memory only for the folder being read. Folders in ALWAYS_SKIPPED_DIRECTORIES and paths matching
 * `ignore` are not entered. Symbolic links are never followed (a hostile repository cannot make a
 * walk leave itself or loop), and special files are never opened: both are only reported.
 */
export async function walkFiles(root: string, options: WalkOptions): Promise<void> {
  const isIgnored = options.ignore?.length ? globMatcher(options.ignore) : () => false;

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
    // Folders are entered after this one is read to the end, so one directory handle is open at a time.
    const folders: string[] = [];
    for await (const entry of dir) {
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRECTORIES.has(entry.name)) continue;
        if (isIgnored(relativePath) || isIgnored(`${relativePath}/`)) continue;
        folders.push(relativePath);
      } else if (entry.isFile()) {
        if (!isIgnored(relativePath)) options.onFile(relativePath);
      } else if (options.onSkipped !== undefined && !isIgnored(relativePath)) {
        options.onSkipped(relativePath, entry.isSymbolicLink() ? 'symlink' : 'special');
      }
    }
    for (const folder of folders) await walk(folder);
  };

  await walk('');
}

export interface DiscoverOptions {
  /** Repository-relative globs (see files/glob.ts) to leave out, from `.devsecops.yml` `ignore`. */
  readonly ignore?: readonly string[];
  /** Which files to keep, by repository-relative POSIX path. */
  readonly match: (relativePath: string) => boolean;
  readonly signal?: AbortSignal;
  /** Stop after this many matches (guards against pathological trees). Default DEFAULT_MAX_DISCOVERED_FILES. */
  readonly maxFiles?: number;
  /**
   * Called for each matching path that is a symbolic link or a special file: not in the result,
   * but a scanner that was meant to read it can say it was not scanned.
   */
  readonly onSkipped?: (relativePath: string, kind: SkippedEntryKind) => void;
}

/** The most files one discovery returns unless told otherwise. */
export const DEFAULT_MAX_DISCOVERED_FILES = 100_000;

/** Folders named in the too-many-files message, the fullest first. */
const LISTED_FOLDERS = 5;

function tooManyFilesError(
  root: string,
  maxFiles: number,
  perFolder: ReadonlyMap<string, number>,
  options: DiscoverOptions,
): DevsecopsError {
  const fullest = [...perFolder]
    .sort(([a, countA], [b, countB]) => countB - countA || compareText(a, b))
    .slice(0, LISTED_FOLDERS)
    .map(([folder, count]) => `${folder} (${count.toLocaleString('en-US')})`);
  const where =
    fullest.length > 0 ? ` Most of the first ${maxFiles.toLocaleString('en-US')} are in: ${fullest.join(', ')}.` : '';
  // Only a caller that applies the configuration's ignore globs can honestly suggest adding one.
  const advice =
    options.ignore === undefined
      ? 'Narrow the file patterns.'
      : 'Add ignore globs to .devsecops.yml (e.g. "- vendor/**") for generated or vendored folders.';
  return new DevsecopsError(
    'INPUT_INVALID',
    `More than ${maxFiles.toLocaleString('en-US')} matching files under ${root}, the most one scan reads.${where} ${advice}`,
  );
}

/**
 * Lists matching files under `root` as sorted, repository-relative POSIX paths: regular files
 * only. Symbolic links are not followed and special files not opened (see `walkFiles`), so a
 * hostile repository cannot make a scan read outside itself, block on a FIFO, or loop forever.
 */
export async function discoverFiles(root: string, options: DiscoverOptions): Promise<string[]> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_DISCOVERED_FILES;
  const found: string[] = [];
  const perFolder = new Map<string, number>();
  await walkFiles(root, {
    ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onFile: (relativePath) => {
      if (!options.match(relativePath)) return;
      // Thrown from inside the walk, which stops it: nothing past the limit is read.
      if (found.length >= maxFiles) throw tooManyFilesError(root, maxFiles, perFolder, options);
      const slash = relativePath.indexOf('/');
      const folder = slash < 0 ? '(the top folder)' : `${relativePath.slice(0, slash)}/`;
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
      found.push(relativePath);
    },
    ...(options.onSkipped === undefined
      ? {}
      : {
          onSkipped: (relativePath: string, kind: SkippedEntryKind) => {
            if (options.match(relativePath)) options.onSkipped?.(relativePath, kind);
          },
        }),
  });
  // Sort whole paths, not per folder, so `requirements.txt` comes before `requirements/dev.txt`.
  return found.sort(compareText);
}
