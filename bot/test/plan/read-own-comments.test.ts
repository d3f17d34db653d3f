import assert from 'node:assert/strict';
import { renderFindingMarker, renderSummaryMarker } from '../../src/comments/marker';
import { readOwnComments, retireDuplicates } from '../../src/plan/own-comments';
import type { PullRequestComment } from '../../src/ports';

const FINGERPRINT = 'v1:0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const LINE_14 = { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' } as const;

function inline(commentId: string, marker: string): PullRequestComment {
  return { commentId, content: `A finding.\n\n${marker}`, location: LINE_14 };
}
function general(commentId: string, marker: string): PullRequestComment {
  return { commentId, content: `Summary.\n\n${marker}` };
}
const ids = (comments: readonly PullRequestComment[] | undefined) => comments?.map((comment) => comment.commentId);

describe('readOwnComments', () => {
  it('sorts comments by marker: open inline per fingerprint, open summaries, and a count of resolved ones', () => {
    const own = readOwnComments([
      inline('open-1', renderFindingMarker(FINGERPRINT, 'open')),
      general('summary', renderSummaryMarker('open')),
      general('retired-summary', renderSummaryMarker('duplicate')),
      inline('resolved', renderFindingMarker(FINGERPRINT, 'resolved')),
      inline('moved', renderFindingMarker(FINGERPRINT, 'moved')),
      inline('duplicate', renderFindingMarker(FINGERPRINT, 'duplicate')),
      // A finding's marker on a comment with no line (not something the bot posts) is no open inline comment.
      general('no-line', renderFindingMarker(FINGERPRINT, 'open')),
      inline('open-2', renderFindingMarker(FINGERPRINT, 'open')),
      { ...inline('reply', renderFindingMarker(FINGERPRINT, 'open')), inReplyTo: 'open-1' },
      inline('unmarked', 'no marker here'),
    ]);
    assert.deepStrictEqual(
      {
        open: [...own.openByFingerprint].map(([fingerprint, comments]) => [fingerprint, ids(comments)]),
        summaries: ids(own.summaries),
        resolvedCount: own.resolvedCount,
      },
      { open: [[FINGERPRINT, ['open-1', 'open-2']]], summaries: ['summary'], resolvedCount: 1 },
    );
  });
});

describe('retireDuplicates', () => {
  const keepFirst = { finding: () => undefined, summary: () => undefined };

  it('has no summary to keep, and says so by leaving the field out, when there is none', () => {
    const retirement = retireDuplicates(
      readOwnComments([inline('a', renderFindingMarker(FINGERPRINT, 'open'))]),
      keepFirst,
    );
    assert.deepStrictEqual(Object.keys(retirement).sort(), ['actions', 'open']);
    assert.deepStrictEqual(ids([...retirement.open.values()]), ['a']);
  });

  it('keeps nothing open for a fingerprint without comments', () => {
    const retirement = retireDuplicates(
      { openByFingerprint: new Map([[FINGERPRINT, []]]), summaries: [], resolvedCount: 0 },
      keepFirst,
    );
    assert.deepStrictEqual([retirement.open.size, retirement.actions.length], [0, 0]);
  });
});
