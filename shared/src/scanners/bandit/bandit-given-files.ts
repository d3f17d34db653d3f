import { discoverFiles } from '../../files/discover-files';
import { isPythonPath } from '../../files/file-kinds';
import { THIRD_PARTY_FOLDERS } from './bandit-command';

/**
 * Bandit leaves out a file when its path (`./a/b.py`) merely contains an
 * excluded string (`.git` excludes `./.github/x.py` too): its default
 * excludes (1.7+, and ours with `-x`) and the root's third-party folders.
 */
const BANDIT_EXCLUDED_SUBSTRINGS = [
  '.svn',
  'CVS',
  '.bzr',
  '.hg',
  '.git',
  '__pycache__',
  '.tox',
  '.eggs',
  ...THIRD_PARTY_FOLDERS.map((name) => `./${name}`),
];

export interface RecursiveScanSetup {
  /** Absolute repository root: Bandit runs `-r .` from it. */
  readonly root: string;
  /** The project has a `.bandit` file, passed with `--ini` (its `exclude` changes the file set). */
  readonly hasIniFile: boolean;
  /** A `-c` config file is passed (its `exclude_dirs` changes the file set). */
  readonly hasConfigFile: boolean;
  /** Extra arguments from `tools.bandit.args` (may exclude or add files). */
  readonly extraArgs: readonly string[];
  /** `ignore` globs: their files may be left out of the list (they are never reported). */
  readonly ignore: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * The files `bandit -r .` is certain to scan, as repository-relative paths,
 * for checking the report covers each of them; undefined when they cannot be
 * known exactly (a `.bandit`, `-c` file or extra arguments may exclude
 * files, or the tree is too large to list), so no file is ever wrongly called
 * unscanned. A stand-in until Bandit is given an explicit file list: it lists
 * regular `.py`/`.pyw` files the way our file discovery does (no symbolic
 * links, no virtualenvs or `node_modules` at any depth), minus every path
 * Bandit's exclusion could drop: always a subset of what Bandit scans.
 */
export async function filesBanditScansRecursively(setup: RecursiveScanSetup): Promise<string[] | undefined> {
  if (setup.hasIniFile || setup.hasConfigFile || setup.extraArgs.length > 0) return undefined;
  try {
    const files = await discoverFiles(setup.root, {
      match: isPythonPath,
      ignore: setup.ignore,
      ...(setup.signal === undefined ? {} : { signal: setup.signal }),
    });
    return files.filter(
      (path) =>
        !BANDIT_EXCLUDED_SUBSTRINGS.some((excluded) => `./${path}`.includes(excluded)) &&
        !path
          .split('/')
          .slice(0, -1)
          .some((folder) => folder.endsWith('.egg')),
    );
  } catch {
    // Too many files or an unreadable tree: the report's errors and Bandit's log still count.
    return undefined;
  }
}
