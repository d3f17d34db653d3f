import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Finding } from '@devsecops/shared/findings';
import { judgeGate } from '../../src/approval/gate';
import { parseMarker } from '../../src/comments/marker';
import { renderFindingComment } from '../../src/comments/render-finding';
import type { FileDiff, PullRequestDiff } from '../../src/diff/pull-request-diff';
import type { FilteredFinding } from '../../src/filter/filter-findings';
import { clientRequestTokenFor, inlineLocationFor, planComments } from '../../src/plan/plan-comments';
import type { InlineLocation, PullRequestComment } from '../../src/ports';
import { SHELL_TRUE } from '../findings';

const COMMIT = 'a'.repeat(40);

function fileDiff(changeType: FileDiff['changeType'], shown: number[], afterLineCount?: number): FileDiff {
  return {
    path: 'app/main.py',
    changeType,
    addedLines: new Set(shown),
    contextLines: new Set(shown),
    ...(afterLineCount === undefined ? {} : { afterLineCount }),
  };
}
const diffOf = (file: FileDiff): PullRequestDiff => new Map([[file.path, file]]);

function filtered(line: number, inDiffFile = true): FilteredFinding {
  const finding: Finding = { ...SHELL_TRUE, location: { path: 'app/main.py', line } };
  return { finding, shouldReport: true, inDiffFile, inDiffContext: inDiffFile, inAddedLine: inDiffFile };
}
const lineOf = (location: InlineLocation | undefined) => location?.filePosition;

function plan(
  findings: FilteredFinding[],
  diff: PullRequestDiff,
  existing: PullRequestComment[] = [],
  notScanned = false,
) {
  return planComments({
    pullRequestId: '7',
    sourceCommit: COMMIT,
    diff,
    findings,
    mode: 'added',
    existing,
    gate: judgeGate(
      findings.map((entry) => entry.finding),
      'high',
      notScanned
        ? { notScanned: [{ report: 'reports/bandit.sarif', tool: 'bandit', reason: 'bandit is not installed' }] }
        : {},
    ),
    maxInline: 20,
  });
}
const describeActions = (actions: ReturnType<typeof plan>['actions']) =>
  actions.map((action) =>
    action.kind === 'post-inline'
      ? `post-inline ${action.location.filePath}:${action.location.filePosition}`
      : action.kind === 'update'
        ? `update ${action.commentId} ${action.reason}`
        : action.kind,
  );

describe('clientRequestTokenFor', () => {
  it('keeps its published value: sha256 of pull request, commit, key and sha256(content), NUL-separated', () => {
    // Computed independently with Python's hashlib; a change would re-post every comment a retried run makes.
    assert.equal(
      clientRequestTokenFor('7', COMMIT, SHELL_TRUE.fingerprint, 'A comment.'),
      '9b86babb5ba20a7057329b126381af85759c9cf8ec91564019a7f303a175a559',
    );
  });
});

describe('inlineLocationFor', () => {
  it('places a comment only in a file the pull request changes and keeps', () => {
    assert.equal(inlineLocationFor(filtered(3), new Map()), undefined);
    assert.equal(inlineLocationFor(filtered(3), diffOf(fileDiff('deleted', [3], 10))), undefined);
    assert.equal(inlineLocationFor(filtered(3, false), diffOf(fileDiff('modified', [3], 10))), undefined);
    assert.deepStrictEqual(inlineLocationFor(filtered(3), diffOf(fileDiff('modified', [3], 10))), {
      filePath: 'app/main.py',
      filePosition: 3,
      relativeFileVersion: 'AFTER',
    });
  });

  it('places it on any line from 1 to the end of the file when the file length is known', () => {
    const diff = diffOf(fileDiff('modified', [5], 10));
    assert.deepStrictEqual(
      [0, 1, 9, 10, 11].map((line) => lineOf(inlineLocationFor(filtered(line), diff))),
      [undefined, 1, 9, 10, undefined],
    );
  });

  it('places it only on lines the hunks show when the file length is unknown (a bare patch)', () => {
    const diff = diffOf(fileDiff('modified', [4, 5]));
    assert.deepStrictEqual(
      [3, 4, 5, 6].map((line) => lineOf(inlineLocationFor(filtered(line), diff))),
      [undefined, 4, 5, undefined],
    );
  });
});

describe('planComments: where an earlier comment stands', () => {
  const diff = diffOf(fileDiff('modified', [14], 40));
  const earlier = (location: InlineLocation): PullRequestComment => ({
    commentId: 'earlier',
    content: renderFindingComment({ ...SHELL_TRUE, location: { path: 'app/main.py', line: 14 } }),
    location,
  });

  it('leaves a comment on the same file, line and side alone', () => {
    const result = plan([filtered(14)], diff, [
      earlier({ filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' }),
    ]);
    assert.deepStrictEqual(describeActions(result.actions), ['post-summary']);
    assert.equal(result.unchangedCount, 1);
  });

  it('marks a comment moved when it sits on another file, line or side, and posts a new one', () => {
    for (const location of [
      { filePath: 'app/other.py', filePosition: 14, relativeFileVersion: 'AFTER' },
      { filePath: 'app/main.py', filePosition: 13, relativeFileVersion: 'AFTER' },
      { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'BEFORE' },
    ] as const) {
      const result = plan([filtered(14)], diff, [earlier(location)]);
      assert.deepStrictEqual(describeActions(result.actions), [
        'post-inline app/main.py:14',
        'update earlier finding-moved',
        'post-summary',
      ]);
      const moved = result.actions[1];
      assert.equal(moved?.kind === 'update' ? parseMarker(moved.content)?.state : undefined, 'moved');
    }
  });

  it('keeps the comment of a missing finding open while the reports are incomplete, resolves it once complete', () => {
    const existing = [earlier({ filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' })];
    assert.deepStrictEqual(describeActions(plan([], diff, existing, true).actions), ['post-summary']);
    assert.deepStrictEqual(describeActions(plan([], diff, existing, false).actions), [
      'update earlier finding-resolved',
      'post-summary',
    ]);
  });
});

describe('planComments: the summary', () => {
  it('posts it with the token of key "summary" and names the report location and build links it is given', () => {
    const result = planComments({
      pullRequestId: '7',
      sourceCommit: COMMIT,
      diff: new Map(),
      findings: [],
      mode: 'added',
      existing: [],
      gate: judgeGate([], 'high'),
      maxInline: 20,
      reportLocation: 's3://reports-bucket/pr-7/',
      build: { logUrl: 'https://console.example/log', reportsUrl: 'https://console.example/reports' },
    });
    const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
    assert.deepStrictEqual(result.actions, [
      {
        kind: 'post-summary',
        content: result.summary,
        clientRequestToken: sha256(['7', COMMIT, 'summary', sha256(result.summary)].join('\u0000')),
      },
    ]);
    assert.ok(result.summary.includes('s3://reports-bucket/pr-7/'), result.summary);
    assert.ok(result.summary.includes('[build log](https://console.example/log)'), result.summary);
    assert.ok(result.summary.includes('[CodeBuild test reports](https://console.example/reports)'), result.summary);
  });
});
