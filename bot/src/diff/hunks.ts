import type { Hunk } from 'diff';
import type { FileChangeType, FileDiff } from './pull-request-diff';

/**
 * Turns unified-diff hunks into the AFTER-side line sets the filter needs.
 * `+` lines are added (and in context); ` ` lines are context; `-` and `\` lines have no AFTER line.
 */
export function fileDiffFromHunks(
  path: string,
  changeType: FileChangeType,
  hunks: readonly Hunk[],
  afterLineCount?: number,
): FileDiff {
  const addedLines = new Set<number>();
  const addedText = new Map<number, string>();
  const contextLines = new Set<number>();
  for (const hunk of hunks) {
    let afterLine = hunk.newStart;
    for (const line of hunk.lines) {
      const marker = line.charAt(0);
      if (marker === '+') {
        addedLines.add(afterLine);
        addedText.set(afterLine, line.slice(1));
        contextLines.add(afterLine);
        afterLine += 1;
      } else if (marker === ' ') {
        contextLines.add(afterLine);
        afterLine += 1;
      }
    }
  }
  return afterLineCount === undefined
    ? { path, changeType, addedLines, contextLines, addedText }
    : { path, changeType, addedLines, contextLines, afterLineCount, addedText };
}
