import { isPythonPath } from '@devsecops/shared/files';
import type { PullRequestDiff } from '../diff/pull-request-diff';
import type { PolicyChange } from './policy-changes';

/**
 * Bandit's default excludes (`bandit.core.constants.EXCLUDE`, applied when no `.bandit` names its own, as the
 * scanner's `bandit-targets.ts` reproduces it). Bandit's `_is_file_included` drops a path that CONTAINS one of them
 * (`any(x in path for x in excluded_path_strings)`), so `app/export_CVS.py` or `app/.github_hooks.py` is never
 * scanned; `*.egg` only as a glob on the whole path, which no Python file name matches.
 */
export const BANDIT_EXCLUDED_SUBSTRINGS = ['.svn', 'CVS', '.bzr', '.hg', '.git', '__pycache__', '.tox', '.eggs'];

/**
 * Third-party folders the scanner leaves out at the repository root when no `.bandit` decides. Both lists are the
 * scanner's own (`BANDIT_DEFAULT_EXCLUDES`, `THIRD_PARTY_FOLDERS`), copied because the Lambda carries no scanner
 * code; a test holds them equal.
 */
export const THIRD_PARTY_ROOT_FOLDERS = new Set(['node_modules', '.venv', 'venv', 'site-packages', '.nox']);

/**
 * The Python files a pull request adds or changes that Bandit leaves out by its defaults: code the scan never
 * checks, which the pull request can import like any other. Each is listed for a security reviewer. (Whether the
 * Bandit in the build applies the list depends on its version and on a `.bandit`; listing one the build did
 * scan asks a reviewer to look once more than needed, never once less.)
 */
export function banditExcludedChanges(diff: PullRequestDiff): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const file of diff.values()) {
    if (!isPythonPath(file.path) || file.changeType === 'deleted') continue;
    const dotted = `./${file.path}`;
    const excluded = BANDIT_EXCLUDED_SUBSTRINGS.find((part) => dotted.includes(part));
    const root = file.path.slice(0, file.path.indexOf('/'));
    const detail =
      excluded !== undefined
        ? `Bandit does not scan this file: its path contains "${excluded}", one of Bandit's default excludes`
        : THIRD_PARTY_ROOT_FOLDERS.has(root)
          ? `Bandit does not scan this file: ${root}/ at the root is left out as third-party code`
          : undefined;
    if (detail !== undefined) changes.push({ kind: 'unscanned', location: { path: file.path, line: 1 }, detail });
  }
  return changes;
}
