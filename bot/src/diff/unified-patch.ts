import { parsePatch } from 'diff';
import { DevsecopsError } from '@devsecops/shared/errors';
import { gitHeaderFiles, unquoteGitPath } from './git-patch-headers';
import { fileDiffFromHunks } from './hunks';
import type { FileChangeType, FileDiff, PullRequestDiff } from './pull-request-diff';

const NO_FILE = '/dev/null';

/**
 * `a/app/x.py` → `app/x.py`; git prefixes the two sides with a/ and b/ unless --no-prefix. The diff package takes
 * off the double quotes git puts around a name with non-ASCII or special characters but leaves its C escapes
 * (`\303\251.py` for `é.py`); git writes a backslash only as an escape, so one means the name is escaped.
 */
function stripGitPrefix(name: string): string {
  const unescaped = name.includes('\\') ? unquoteGitPath(`"${name}"`) : name;
  return /^[ab]\//.test(unescaped) ? unescaped.slice(2) : unescaped;
}

/**
 * The patch with carriage returns and Unicode line separators inside a line made spaces (a line's
 * final `\r`, from CRLF, stays). The `diff` package splits on `\n` only and then reads a header
 * with `.`, which stops at those characters: a `--- x\ry` line is neither a header nor the end of
 * one, and parsePatch loops forever, growing its result until the process runs out of memory.
 * Only the lines' markers and counts are used here, so spaces in their text change nothing.
 */
function withoutInnerLineBreaks(patchText: string): string {
  if (!/[\r\u2028\u2029]/.test(patchText)) return patchText;
  return patchText
    .split('\n')
    .map((line) => {
      const crlf = line.endsWith('\r');
      return `${(crlf ? line.slice(0, -1) : line).replace(/[\r\u2028\u2029]/g, ' ')}${crlf ? '\r' : ''}`;
    })
    .join('\n');
}

/**
 * Reads a unified patch (`git diff base...head`) into per-file AFTER-side line sets.
 * Files named only in git's extended headers (both sides of a rename, binary files) are kept with empty line
 * sets; a binary file has no `addedText` (its text is not in the patch). Mode-only changes are left out.
 */
export function parseUnifiedPatch(patchText: string): PullRequestDiff {
  let parsed;
  try {
    parsed = parsePatch(withoutInnerLineBreaks(patchText));
  } catch (error) {
    throw new DevsecopsError('INPUT_INVALID', 'The diff is not a valid unified patch: produce it with `git diff`.', {
      cause: error,
    });
  }
  const files = new Map<string, FileDiff>();
  for (const file of parsed) {
    // The diff package reads a hunk header it cannot match (`@@ -a,b +c,d @@`) as NaN line numbers.
    const broken = file.hunks.find(
      (hunk) => !Number.isSafeInteger(hunk.newStart) || !Number.isSafeInteger(hunk.oldStart),
    );
    if (broken !== undefined) {
      throw new DevsecopsError(
        'INPUT_INVALID',
        'The diff has a hunk header without line numbers ("@@ -start,count +start,count @@" expected): produce it with `git diff`.',
      );
    }
    const oldName = file.oldFileName === undefined ? NO_FILE : stripGitPrefix(file.oldFileName);
    const newName = file.newFileName === undefined ? NO_FILE : stripGitPrefix(file.newFileName);
    if (oldName === NO_FILE && newName === NO_FILE) continue;
    const changeType: FileChangeType = oldName === NO_FILE ? 'added' : newName === NO_FILE ? 'deleted' : 'modified';
    const path = changeType === 'deleted' ? oldName : newName;
    files.set(path, fileDiffFromHunks(path, changeType, file.hunks));
  }
  for (const header of gitHeaderFiles(patchText)) {
    if (files.has(header.path)) continue;
    const { path, changeType } = header;
    files.set(
      path,
      header.binary
        ? { path, changeType, addedLines: new Set(), contextLines: new Set() }
        : { path, changeType, addedLines: new Set(), contextLines: new Set(), addedText: new Map() },
    );
  }
  return files;
}
