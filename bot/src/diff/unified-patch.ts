import { parsePatch } from 'diff';
import { DevsecopsError } from '@devsecops/shared';
import { fileDiffFromHunks } from './hunks';
import type { FileChangeType, FileDiff, PullRequestDiff } from './pull-request-diff';

const NO_FILE = '/dev/null';

/** `a/app/x.py` → `app/x.py`; git prefixes the two sides with a/ and b/ unless --no-prefix. */
function stripGitPrefix(name: string): string {
  return /^[ab]\//.test(name) ? name.slice(2) : name;
}

/**
 * Reads a unified patch (`git diff base...head`) into per-file AFTER-side line sets.
 * Files with no hunks (renames, mode or binary changes) are kept with empty line sets.
 */
export function parseUnifiedPatch(patchText: string): PullRequestDiff {
  let parsed;
  try {
    parsed = parsePatch(patchText);
  } catch (error) {
    throw new DevsecopsError('INPUT_INVALID', 'The diff is not a valid unified patch: produce it with `git diff`.', {
      cause: error,
    });
  }
  const files = new Map<string, FileDiff>();
  for (const file of parsed) {
    const oldName = file.oldFileName === undefined ? NO_FILE : stripGitPrefix(file.oldFileName);
    const newName = file.newFileName === undefined ? NO_FILE : stripGitPrefix(file.newFileName);
    if (oldName === NO_FILE && newName === NO_FILE) continue;
    const changeType: FileChangeType = oldName === NO_FILE ? 'added' : newName === NO_FILE ? 'deleted' : 'modified';
    const path = changeType === 'deleted' ? oldName : newName;
    files.set(path, fileDiffFromHunks(path, changeType, file.hunks));
  }
  return files;
}
