import { DevsecopsError } from '@devsecops/shared/errors';
import type { Finding } from '@devsecops/shared/findings';
import type { PullRequestDiff } from '../diff/pull-request-diff';

/**
 * Which findings to report, named after reviewdog's filter modes:
 * `added` – on lines the PR added or changed; `diff_context` – anywhere in the diff's hunks;
 * `file` – anywhere in a file the PR changed; `nofilter` – everything.
 */
export type FilterMode = 'added' | 'diff_context' | 'file' | 'nofilter';

export const FILTER_MODES: readonly FilterMode[] = ['added', 'diff_context', 'file', 'nofilter'];

/** Parses a user-written mode, or throws a USAGE error listing the valid ones. */
export function parseFilterMode(text: string): FilterMode {
  const mode = FILTER_MODES.find((candidate) => candidate === text);
  if (mode === undefined) {
    throw new DevsecopsError('USAGE', `Unknown filter mode "${text}": use one of ${FILTER_MODES.join(', ')}.`);
  }
  return mode;
}

/** A finding and where it sits relative to the PR diff. The filter marks; it never drops. */
export interface FilteredFinding {
  readonly finding: Finding;
  /** True when the mode says this finding belongs to the PR's review. */
  readonly shouldReport: boolean;
  /** The finding's file is changed by the PR (and still exists after it). */
  readonly inDiffFile: boolean;
  /** Some line of the finding's region is shown in the diff's hunks (AFTER side). */
  readonly inDiffContext: boolean;
  /** Some line of the finding's region was added or changed by the PR. */
  readonly inAddedLine: boolean;
}

function regionLines(finding: Finding): number[] {
  const first = finding.location.line;
  const last = Math.max(first, finding.location.endLine ?? first);
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
}

/** Marks each finding against the diff; the order of the input is kept. */
export function filterFindings(
  findings: readonly Finding[],
  diff: PullRequestDiff,
  mode: FilterMode,
): FilteredFinding[] {
  return findings.map((finding) => {
    const file = diff.get(finding.location.path);
    const inDiffFile = file !== undefined && file.changeType !== 'deleted';
    const lines = regionLines(finding);
    const inDiffContext = inDiffFile && lines.some((line) => file.contextLines.has(line));
    const inAddedLine = inDiffFile && lines.some((line) => file.addedLines.has(line));
    const shouldReport =
      mode === 'added' ? inAddedLine : mode === 'diff_context' ? inDiffContext : mode === 'file' ? inDiffFile : true;
    return { finding, shouldReport, inDiffFile, inDiffContext, inAddedLine };
  });
}
