import assert from 'node:assert/strict';
import { renderFindingComment } from '../../src/comments/render-finding';
import { renderSummary } from '../../src/comments/render-summary';
import { judgeGate } from '../../src/approval/gate';
import { planDuplicateCleanup } from '../../src/plan/own-comments';
import type { PullRequestComment } from '../../src/ports';
import { EVAL, SHELL_TRUE } from '../findings';
import { commentUpdates } from './comment-updates';

const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);
const LINE_14 = { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' } as const;
const SUMMARY = renderSummary({
  sourceCommit: OLD,
  gate: judgeGate([], 'high'),
  mode: 'added',
  allFindings: [],
  inlineCount: 0,
  listed: [],
  notReportedCount: 0,
  resolvedCount: 0,
});

function comment(commentId: string, afterCommitId: string, content: string, inline = true): PullRequestComment {
  return { commentId, afterCommitId, content, ...(inline ? { location: LINE_14 } : {}) };
}

describe('planDuplicateCleanup (after a run, whatever raced it)', () => {
  it('keeps the comment on the current source commit, else the oldest, and retires the rest', () => {
    const actions = planDuplicateCleanup(
      [
        comment('a-old', OLD, renderFindingComment(SHELL_TRUE)),
        comment('a-new', NEW, renderFindingComment(SHELL_TRUE)),
        comment('b-1', OLD, renderFindingComment(EVAL)),
        comment('b-2', OLD, renderFindingComment(EVAL)),
        comment('s-old', OLD, SUMMARY, false),
        comment('s-new', NEW, SUMMARY, false),
      ],
      NEW,
    );
    assert.deepStrictEqual(commentUpdates(actions), [
      'a-old duplicate-comment',
      'b-2 duplicate-comment',
      's-old duplicate-summary',
    ]);
  });

  it('has nothing to do when every finding has one comment', () => {
    assert.deepStrictEqual(
      planDuplicateCleanup(
        [comment('a', OLD, renderFindingComment(SHELL_TRUE)), comment('b', OLD, renderFindingComment(EVAL))],
        NEW,
      ),
      [],
    );
  });
});
