import { structuredPatch } from 'diff';
import { splitLines } from '@devsecops/shared';
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

/** Line-diffs two versions of one file (either may be absent: added or deleted) with the `diff` package. */
export function diffFileTexts(path: string, before: string | undefined, after: string | undefined): FileDiff {
  const changeType: FileChangeType = before === undefined ? 'added' : after === undefined ? 'deleted' : 'modified';
  const patch = structuredPatch(path, path, before ?? '', after ?? '', '', '', { context: DIFF_CONTEXT_LINES });
  return fileDiffFromHunks(path, changeType, patch.hunks, after === undefined ? 0 : lineCountOf(after));
}
