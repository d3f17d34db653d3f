import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { DevsecopsError } from '../../errors/devsecops-error';
import { checkRepositoryFile } from '../../files/repository-file';
import { BANDIT_CONFIG_FILE } from '../../files/scanner-config-files';
import { pathMatcher } from '../../files/glob';
import type { UnscannedFile } from '../scanner';
import { compileFnmatch } from './python-fnmatch';
import { compareText } from '../../findings/finding-order';

/**
 * The files Bandit is given, built by us instead of `bandit -r .`: exactly the files `bandit -r .` (run from
 * the repository root) would scan, minus everything that is not a regular file inside the repository.
 *
 * Bandit's own discovery (bandit/core/manager.py) is reproduced step by step:
 * - it walks the tree like `os.walk('.')`: every folder, excluded or not, without following folder links;
 *   what is not a folder (a file, a link to a file, a dangling link, a FIFO, a device) is a candidate;
 * - a candidate `./dir/name` is scanned when it matches an include glob (`*.py`, `*.pyw` by default, the
 *   `-c` config's `include` otherwise) and no exclude, where an exclude matches as a Python `fnmatch`
 *   pattern on the whole `./…` path OR as a plain substring of it;
 * - the excludes are the `-c` config's `exclude_dirs` plus the `-x` list, whose entries that name an
 *   existing folder (relative to the root) become `<entry>/*`. The `-x` list is, by Bandit version:
 *   1.6 and older, `.bandit`'s `exclude` (else nothing); 1.7.0, Bandit's default list (`.bandit` ignored);
 *   1.7.1 and later, `.bandit`'s `exclude`, else the default list;
 * - `.bandit` is the one file of that name anywhere in the tree (two or more: Bandit refuses to run).
 *
 * Then, unlike Bandit, links and special files follow the rules of every read of the repository
 * (`files/repository-file.ts`): a link that stays inside the repository and ends at a regular file is
 * scanned under its own name, as `bandit -r .` would; a link out of the repository (or into /proc, /dev,
 * /sys), a dangling link, a loop, or a FIFO, socket or device is never handed to Bandit and is listed as
 * unscanned with the safe reader's reason. A name that is not valid UTF-8 is listed as unscanned too.
 * Paths matching the `.devsecops.yml` `ignore` globs are left out (their findings would be dropped anyway).
 */

/** Bandit's default `-x` list since 1.7.0 (`bandit.core.constants.EXCLUDE`). */
export const BANDIT_DEFAULT_EXCLUDES = ['.svn', 'CVS', '.bzr', '.hg', '.git', '__pycache__', '.tox', '.eggs', '*.egg'];

/** Bandit's include globs when no `-c` config is given. */
export const BANDIT_DEFAULT_INCLUDE = ['*.py', '*.pyw'];

/** Third-party code folders that, when present at the root (and no `.bandit` decides), are kept out of the scan. */
export const THIRD_PARTY_FOLDERS = ['node_modules', '.venv', 'venv', 'site-packages', '.nox'];

/** How a Bandit version builds its `-x` list (see the module comment). */
export type BanditExcludeStyle = 'ini-only' | 'defaults-only' | 'ini-else-defaults';

/** The exclude style of a Bandit version; an unknown version is taken to be a current one. */
export function banditExcludeStyle(version: string | undefined): BanditExcludeStyle {
  const [major = 99, minor = 0, patch = 0] = (version ?? '').split('.').map((part) => Number.parseInt(part, 10));
  if (version === undefined || Number.isNaN(major)) return 'ini-else-defaults';
  if (major < 1 || (major === 1 && minor < 7)) return 'ini-only';
  if (major === 1 && minor === 7 && patch === 0) return 'defaults-only';
  return 'ini-else-defaults';
}

/** One non-folder entry of the tree, as `os.walk` would list it. */
export interface TreeEntry {
  /** Repository-relative POSIX path (lossy for a name that is not valid UTF-8). */
  readonly path: string;
  readonly kind: 'file' | 'symlink' | 'special' | 'invalid-name';
}

/** The tree as Bandit's discovery sees it. */
export interface BanditTree {
  /** Every non-folder entry, sorted by path. */
  readonly entries: readonly TreeEntry[];
  /** Entries named `.bandit`, whatever their kind. */
  readonly banditFiles: readonly TreeEntry[];
  /** Folders whose name is not valid UTF-8: Node cannot open them, so their contents are unknown. */
  readonly unreadableFolders: readonly string[];
}

/**
 * True for a link that leads, inside the repository, to a folder. Where a link leads is followed by the safe
 * reader's rules, so nothing outside the repository is touched: a link out is not a folder of the tree (it
 * is listed as unscanned if Bandit would have read it), whatever it points at.
 */
async function isLinkToFolderInside(root: string, path: string): Promise<boolean> {
  const checked = checkRepositoryFile({ root, path });
  if (checked.ok || checked.reason !== 'not-a-file') return false;
  // The link resolves inside the tree to something that is not a regular file: stat follows the same links.
  return stat(join(root, path)).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

function isValidUtf8Name(name: Buffer): boolean {
  return Buffer.from(name.toString('utf8'), 'utf8').equals(name);
}

/**
 * Walks the tree like `os.walk(root)` (folder links listed but not entered), honouring `signal`. The folders of
 * one depth are listed at once (a tree of a hundred folders would otherwise wait on a hundred listings in turn);
 * the entries are sorted at the end, so the order of the listings does not matter.
 */
export async function walkTree(root: string, signal?: AbortSignal): Promise<BanditTree> {
  const entries: TreeEntry[] = [];
  const unreadableFolders: string[] = [];
  let level: string[] = [''];
  while (level.length > 0) {
    if (signal?.aborted) throw new DevsecopsError('CANCELLED', 'Listing the files for Bandit was cancelled.');
    const listings = await Promise.all(
      level.map(async (folder) => {
        try {
          return { folder, dirents: await readdir(join(root, folder), { withFileTypes: true, encoding: 'buffer' }) };
        } catch (error) {
          // os.walk skips a folder it cannot list; the root itself must be readable.
          if (folder === '') {
            throw new DevsecopsError('FILE_UNREADABLE', `Cannot read the folder ${root}: check that it exists.`, {
              cause: error,
            });
          }
          return { folder, dirents: [] };
        }
      }),
    );
    const next: string[] = [];
    for (const { folder, dirents } of listings) {
      for (const dirent of dirents) {
        const name = dirent.name.toString('utf8');
        const path = folder === '' ? name : `${folder}/${name}`;
        if (!isValidUtf8Name(dirent.name)) {
          if (dirent.isDirectory()) unreadableFolders.push(path);
          else entries.push({ path, kind: 'invalid-name' });
          continue;
        }
        if (dirent.isDirectory()) {
          next.push(path);
        } else if (dirent.isSymbolicLink()) {
          // os.walk lists a link to a folder among the folders (and does not enter it); any other link is a file.
          if (!(await isLinkToFolderInside(root, path))) entries.push({ path, kind: 'symlink' });
        } else {
          entries.push({ path, kind: dirent.isFile() ? 'file' : 'special' });
        }
      }
    }
    level = next;
  }
  entries.sort((a, b) => compareText(a.path, b.path));
  unreadableFolders.sort();
  const banditFiles = entries.filter((entry) => posix.basename(entry.path) === BANDIT_CONFIG_FILE);
  return { entries, banditFiles, unreadableFolders };
}

export interface BanditSelection {
  /** Include globs (Python fnmatch on `./path`). */
  readonly include: readonly string[];
  /** The `-c` config's `exclude_dirs`. */
  readonly excludeDirs: readonly string[];
  /** The `-x` value Bandit would use: a comma-separated list, as Bandit splits it. */
  readonly excludedPaths: string;
  /** `.devsecops.yml` ignore globs. */
  readonly ignore: readonly string[];
}

/** The `-x` list for a Bandit version, `.bandit`'s `exclude` (if any) and the third-party folders at the root. */
export function excludedPathsFor(input: {
  readonly style: BanditExcludeStyle;
  /** `.bandit`'s `exclude`, when the file has a non-empty one. */
  readonly iniExclude?: string;
  /** True when the tree has a `.bandit` (which then decides, so third-party folders are not added). */
  readonly hasBanditFile: boolean;
  readonly thirdPartyFolders: readonly string[];
}): string {
  const defaults = input.style === 'ini-only' ? [] : BANDIT_DEFAULT_EXCLUDES;
  if (input.iniExclude !== undefined && input.style !== 'defaults-only') return input.iniExclude;
  const thirdParty = input.hasBanditFile ? [] : input.thirdPartyFolders.map((name) => `./${name}`);
  return [...defaults, ...thirdParty].join(',');
}

/**
 * Bandit's exclude patterns: `exclude_dirs`, then each `-x` entry, an existing folder becoming `<entry>/*`. An
 * entry listed twice is looked at once (it excludes what it did the first time), so a `.bandit` of a megabyte
 * of one repeated entry costs one check.
 */
export async function banditExcludePatterns(
  root: string,
  excludeDirs: readonly string[],
  excludedPaths: string,
): Promise<string[]> {
  const patterns = new Set(excludeDirs);
  if (excludedPaths === '') return [...patterns];
  for (const entry of new Set(excludedPaths.split(','))) {
    // os.path.isdir, relative to the folder Bandit would run in (the root); it follows links, as Python's does.
    const isFolder =
      entry !== '' &&
      (await stat(isAbsolute(entry) ? entry : resolve(root, entry)).then(
        (info) => info.isDirectory(),
        () => false,
      ));
    patterns.add(isFolder ? (entry.endsWith('/') ? `${entry}*` : `${entry}/*`) : entry);
  }
  return [...patterns];
}

/**
 * Bandit's `_is_file_included` with `enforce_glob=True`, on the `./`-prefixed path `os.walk('.')` produces: a
 * file matching an include glob is excluded by a pattern that matches it (fnmatch) or is a substring of its path.
 * Each glob is compiled once for the whole tree: a repository's `.bandit` may list thousands of them.
 */
export interface BanditInclusion {
  readonly matchesInclude: (relativePath: string) => boolean;
  readonly isExcluded: (relativePath: string) => boolean;
}

export function banditInclusion(include: readonly string[], excludePatterns: readonly string[]): BanditInclusion {
  const includeRegexes = [...new Set(include)].map(compileFnmatch);
  const excludes = [...new Set(excludePatterns)].map((pattern) => ({ pattern, regex: compileFnmatch(pattern) }));
  return {
    matchesInclude: (relativePath) => includeRegexes.some((regex) => regex.test(`./${relativePath}`)),
    isExcluded: (relativePath) => {
      const path = `./${relativePath}`;
      return excludes.some(({ pattern, regex }) => path.includes(pattern) || regex.test(path));
    },
  };
}

/**
 * Exclude tests (files × distinct patterns) one selection may run, about ten seconds' work: real `.bandit` files
 * list a few dozen patterns, while one of a megabyte (a hundred thousand) over a large tree would keep the scan
 * busy for hours before Bandit, and its time limit, even start.
 */
export const MAX_EXCLUDE_TESTS = 20_000_000;

/** What Bandit is given, and what it would have scanned but is not. */
export interface BanditTargets {
  /** Absolute paths, sorted: regular files, and links that stay inside the repository to regular files. */
  readonly files: readonly string[];
  readonly unscanned: readonly UnscannedFile[];
  /** Python files the excludes (`.bandit`, `exclude_dirs`, the defaults, third-party folders) left out. */
  readonly excludedCount: number;
  /** Those files, repository-relative. */
  readonly excludedFiles: readonly string[];
}

/** Why a candidate Bandit would scan is not handed to it, or undefined when it is. */
function unscannedReason(root: string, entry: TreeEntry): string | undefined {
  switch (entry.kind) {
    case 'file':
      return undefined;
    case 'invalid-name':
      return 'Bandit did not scan it: its name is not valid UTF-8, so it could not be read safely; rename it.';
    case 'symlink':
    case 'special': {
      const checked = checkRepositoryFile({ root, path: entry.path, ignorable: true });
      return checked.ok ? undefined : checked.error.message;
    }
  }
}

/**
 * Applies Bandit's selection to the walked tree: regular files (and links inside the repository to regular
 * files) to scan, every other candidate Bandit would have read listed as unscanned.
 */
export async function selectBanditTargets(
  root: string,
  tree: BanditTree,
  selection: BanditSelection,
): Promise<BanditTargets> {
  const isIgnored = pathMatcher(selection.ignore);
  const { matchesInclude } = banditInclusion(selection.include, []);
  const matching = tree.entries.filter((entry) => !isIgnored(entry.path) && matchesInclude(entry.path));
  // Counted before any entry is looked at on disk: a folder entry becomes one pattern, so this is an upper bound.
  const patternCount = new Set([
    ...selection.excludeDirs,
    ...(selection.excludedPaths === '' ? [] : selection.excludedPaths.split(',')),
  ]).size;
  if (matching.length * patternCount > MAX_EXCLUDE_TESTS) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `Bandit's excludes (.bandit, exclude_dirs) list ${String(patternCount)} distinct patterns for ${String(matching.length)} files: too many to apply (over ${String(MAX_EXCLUDE_TESTS)} tests). Exclude whole folders with a few patterns instead.`,
    );
  }
  const excludePatterns = await banditExcludePatterns(root, selection.excludeDirs, selection.excludedPaths);
  const { isExcluded } = banditInclusion([], excludePatterns);
  const candidates: TreeEntry[] = [];
  const excludedFiles: string[] = [];
  for (const entry of matching) {
    if (isExcluded(entry.path)) excludedFiles.push(entry.path);
    else candidates.push(entry);
  }
  const scanned: string[] = [];
  const unscanned: UnscannedFile[] = [];
  for (const entry of candidates) {
    const reason = unscannedReason(root, entry);
    if (reason === undefined) scanned.push(entry.path);
    else unscanned.push({ path: entry.path, reason });
  }
  for (const folder of tree.unreadableFolders) {
    if (isIgnored(folder)) continue;
    unscanned.push({
      path: folder,
      reason:
        'Bandit did not scan this folder: its name is not valid UTF-8, so its files could not be listed; rename it.',
    });
  }
  return {
    files: scanned.map((path) => join(root, path)),
    unscanned,
    excludedCount: excludedFiles.length,
    excludedFiles,
  };
}

/**
 * Splits the file list into runs whose command lines stay well under the kernel's limit (ARG_MAX is
 * usually 2 MiB, for arguments and environment together), keeping the order.
 */
export function chunkByArgumentBytes(files: readonly string[], maxBytes: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const file of files) {
    // Each argument costs its bytes, its terminating NUL and a pointer.
    const cost = Buffer.byteLength(file) + 1 + 8;
    if (current.length > 0 && size + cost > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
