import { structuredPatch } from 'diff';
import type { ParsedDiff, PatchOptions } from 'diff';
import { isDockerfilePath, isPythonPath, splitLines } from '@devsecops/shared/files';
import { fileDiffFromHunks } from './hunks';
import type { FileChangeType, FileDiff } from './pull-request-diff';

/** Lines of unchanged context around each change, as `git diff` and the CodeCommit console show. */
export const DIFF_CONTEXT_LINES = 3;

/** Number of lines of `text` as an editor counts them (a final newline does not start a line). */
export function lineCountOf(text: string): number {
  if (text === '') return 0;
  const lines = splitLines(text);
  return lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}

/**
 * Line insertions and deletions one file's diff may take. The `diff` package's Myers algorithm costs
 * about the square of this for files with little in common (two different 16,000-line files took a
 * minute; the 1 MiB files a pull request may hold, hours): past it, or past DIFF_TIMEOUT_MS, the file
 * counts as rewritten.
 */
export const MAX_DIFF_EDITS = 2000;
/** Milliseconds one file's diff may take, whatever its shape. */
export const DIFF_TIMEOUT_MS = 2000;

/**
 * Line-diffs two versions of one file (either may be absent: added or deleted) with the `diff` package.
 * A file too different to diff within the limits counts as rewritten: every AFTER line added, so no
 * finding in it is taken for unchanged code. `timeoutMs` (at most DIFF_TIMEOUT_MS) is what the caller's
 * budget has left; at 0 or less the file is not diffed at all and counts as rewritten.
 */
export function diffFileTexts(
  path: string,
  before: string | undefined,
  after: string | undefined,
  timeoutMs: number = DIFF_TIMEOUT_MS,
): FileDiff {
  const changeType: FileChangeType = before === undefined ? 'added' : after === undefined ? 'deleted' : 'modified';
  const afterLineCount = after === undefined ? 0 : lineCountOf(after);
  // `timeout` is a diff option the typings leave out; with a limit reached, structuredPatch gives undefined.
  // Its 0 means no limit, so a spent budget skips the diff instead.
  const options: PatchOptions & { readonly timeout: number } = {
    context: DIFF_CONTEXT_LINES,
    maxEditLength: MAX_DIFF_EDITS,
    timeout: Math.min(timeoutMs, DIFF_TIMEOUT_MS),
  };
  const patch =
    timeoutMs <= 0
      ? undefined
      : (structuredPatch(path, path, before ?? '', after ?? '', '', '', options) as ParsedDiff | undefined);
  const whole = after !== undefined && (isPythonPath(path) || isDockerfilePath(path)) ? { afterText: after } : {};
  if (patch === undefined) {
    const every = new Set(Array.from({ length: afterLineCount }, (_, index) => index + 1));
    const lines = splitLines(after ?? '');
    const addedText = new Map([...every].map((line) => [line, lines[line - 1] ?? '']));
    return { path, changeType, addedLines: every, contextLines: new Set(every), afterLineCount, addedText, ...whole };
  }
  return { ...fileDiffFromHunks(path, changeType, patch.hunks, afterLineCount), ...whole };
}
