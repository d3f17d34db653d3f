import assert from 'node:assert/strict';
import { isDevsecopsError } from '@devsecops/shared/errors';
import type { Finding } from '@devsecops/shared/findings';
import type { FileDiff, PullRequestDiff } from '../../src/diff/pull-request-diff';
import { FILTER_MODES, filterFindings, parseFilterMode } from '../../src/filter/filter-findings';
import { EVAL } from '../findings';

function fileDiff(path: string, changeType: FileDiff['changeType'], added: number[], context: number[]): FileDiff {
  return { path, changeType, addedLines: new Set(added), contextLines: new Set([...added, ...context]) };
}

function at(path: string, line: number, endLine?: number): Finding {
  return { ...EVAL, location: endLine === undefined ? { path, line } : { path, line, endLine } };
}

function marksOf(finding: Finding, diff: PullRequestDiff) {
  return FILTER_MODES.map((mode) => {
    const [marked] = filterFindings([finding], diff, mode);
    return [mode, marked?.shouldReport, marked?.inDiffFile, marked?.inDiffContext, marked?.inAddedLine];
  });
}

describe('filterFindings at the edges of a diff', () => {
  it('parses every mode by its exact name and lists all four when one is unknown', () => {
    assert.deepStrictEqual(['added', 'diff_context', 'file', 'nofilter'].map(parseFilterMode), [
      'added',
      'diff_context',
      'file',
      'nofilter',
    ]);
    for (const wrong of ['File', ' added', '', 'diff-context']) {
      assert.throws(
        () => parseFilterMode(wrong),
        (error: unknown) =>
          isDevsecopsError(error) &&
          error.code === 'USAGE' &&
          error.message === `Unknown filter mode "${wrong}": use one of added, diff_context, file, nofilter.`,
      );
    }
  });

  it('never places a finding in a file the pull request deletes, even on lines its hunks show', () => {
    const diff: PullRequestDiff = new Map([['app/old.py', fileDiff('app/old.py', 'deleted', [3], [2, 4])]]);
    // [mode, shouldReport, inDiffFile, inDiffContext, inAddedLine]
    assert.deepStrictEqual(marksOf(at('app/old.py', 3), diff), [
      ['added', false, false, false, false],
      ['diff_context', false, false, false, false],
      ['file', false, false, false, false],
      ['nofilter', true, false, false, false],
    ]);
  });

  it('places a finding in an added or modified file', () => {
    for (const changeType of ['added', 'modified'] as const) {
      const diff: PullRequestDiff = new Map([['app/new.py', fileDiff('app/new.py', changeType, [3], [])]]);
      const [marked] = filterFindings([at('app/new.py', 3)], diff, 'added');
      assert.deepStrictEqual([marked?.inDiffFile, marked?.inAddedLine, marked?.shouldReport], [true, true, true]);
    }
  });

  it('counts a region as in the hunks when only some of its lines are shown', () => {
    // Lines 5–6 are shown (6 added), 7–9 are not: the region 5–9 is partly in context, partly added.
    const diff: PullRequestDiff = new Map([['app/main.py', fileDiff('app/main.py', 'modified', [6], [5])]]);
    const [marked] = filterFindings([at('app/main.py', 5, 9)], diff, 'diff_context');
    assert.deepStrictEqual([marked?.inDiffContext, marked?.inAddedLine, marked?.shouldReport], [true, true, true]);
    // A region that ends before the hunks start is outside them.
    const [before] = filterFindings([at('app/main.py', 1, 4)], diff, 'diff_context');
    assert.deepStrictEqual([before?.inDiffContext, before?.inAddedLine, before?.shouldReport], [false, false, false]);
  });
});
