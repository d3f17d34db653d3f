import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@devsecops/shared/findings';
import { judgeGate } from '../../src/approval/gate';
import { parseMarker } from '../../src/comments/marker';
import { renderFindingComment } from '../../src/comments/render-finding';
import type { PullRequestDiff } from '../../src/diff/pull-request-diff';
import { diffFileTexts } from '../../src/diff/text-diff';
import { parseUnifiedPatch } from '../../src/diff/unified-patch';
import { filterFindings } from '../../src/filter/filter-findings';
import type { FilterMode } from '../../src/filter/filter-findings';
import { applyPlan } from '../../src/plan/apply-plan';
import { clientRequestTokenFor, planComments } from '../../src/plan/plan-comments';
import type { CommentPlan } from '../../src/plan/plan-comments';
import type { CommentTarget } from '../../src/ports';
import { LOCAL_BOT_ARN } from '../../src/local/fixed-identity';
import { MemoryCommentService } from '../../src/local/memory-comment-service';
import { CONTEXT_LINE, EVAL, LATEST_TAG, SHELL_TRUE, VULNERABLE_PACKAGE } from '../findings';
import { commentUpdates } from './comment-updates';

const DIFFS = join(__dirname, '..', 'fixtures', 'diffs');
const read = (name: string): string => readFileSync(join(DIFFS, name), 'utf8');
const DIFF: PullRequestDiff = new Map([
  ...parseUnifiedPatch(read('pr.patch')),
  ['app/main.py', diffFileTexts('app/main.py', read('main.before.py'), read('main.after.py'))],
]);
const COMMIT_1 = 'a'.repeat(40);
const COMMIT_2 = 'b'.repeat(40);
const target = (commit: string): CommentTarget => ({
  repositoryName: 'MyDemoRepo',
  pullRequestId: '7',
  beforeCommitId: 'd'.repeat(40),
  afterCommitId: commit,
});

async function review(
  service: MemoryCommentService,
  findings: readonly Finding[],
  options: { commit?: string; mode?: FilterMode; maxInline?: number } = {},
): Promise<CommentPlan> {
  const commit = options.commit ?? COMMIT_1;
  const mode = options.mode ?? 'added';
  const plan = planComments({
    pullRequestId: '7',
    sourceCommit: commit,
    diff: DIFF,
    findings: filterFindings(findings, DIFF, mode),
    mode,
    existing: await service.listComments(target(commit)),
    gate: judgeGate(findings, 'high'),
    maxInline: options.maxInline ?? 20,
  });
  await applyPlan(service, target(commit), plan);
  return plan;
}

/** The bot's comments as (kind, fingerprint/summary, state, file:line) for whole-structure asserts. */
function state(service: MemoryCommentService): string[] {
  return service.all().map((comment) => {
    const marker = parseMarker(comment.content);
    const where =
      comment.location === undefined ? 'general' : `${comment.location.filePath}:${comment.location.filePosition}`;
    return marker?.kind === 'finding' ? `${marker.fingerprint} ${marker.state} ${where}` : `summary ${where}`;
  });
}

describe('planComments', () => {
  it('first run: one inline comment per reported finding on the AFTER line, then one summary', async () => {
    const service = new MemoryCommentService();
    const plan = await review(service, [SHELL_TRUE, EVAL, CONTEXT_LINE, LATEST_TAG, VULNERABLE_PACKAGE]);
    assert.deepStrictEqual(
      plan.actions.map((action) =>
        action.kind === 'post-inline'
          ? `${action.kind} ${action.location.filePath}:${action.location.filePosition}`
          : action.kind,
      ),
      ['post-inline app/main.py:14', 'post-inline Dockerfile:1', 'post-inline app/main.py:29', 'post-summary'],
    );
    const first = plan.actions[0];
    assert.ok(first?.kind === 'post-inline');
    assert.deepStrictEqual(first.location, { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' });
    assert.equal(first.content, renderFindingComment(SHELL_TRUE));
    assert.equal(first.clientRequestToken, clientRequestTokenFor('7', COMMIT_1, SHELL_TRUE.fingerprint, first.content));
    assert.match(plan.summary, /0 listed below, 2 elsewhere in the code not shown/);
  });

  it('re-run with the same findings: no writes at all', async () => {
    const service = new MemoryCommentService();
    await review(service, [SHELL_TRUE, EVAL, LATEST_TAG]);
    const writes = service.calls.length;
    const again = await review(service, [SHELL_TRUE, EVAL, LATEST_TAG]);
    assert.deepStrictEqual(again.actions, []);
    assert.equal(again.unchangedCount, 4);
    assert.equal(service.calls.length, writes);
  });

  it('a retried post with the same token replays instead of duplicating', async () => {
    const service = new MemoryCommentService();
    const plan = await review(service, [SHELL_TRUE]);
    await applyPlan(service, target(COMMIT_1), plan);
    assert.equal(service.all().length, 2);
  });

  it('a fixed finding: its comment becomes a resolved tombstone, not deleted', async () => {
    const service = new MemoryCommentService();
    await review(service, [SHELL_TRUE, EVAL]);
    const plan = await review(service, [EVAL], { commit: COMMIT_2 });
    assert.deepStrictEqual(
      plan.actions.map((action) => (action.kind === 'update' ? `${action.kind} ${action.reason}` : action.kind)),
      ['update finding-resolved', 'update summary-changed'],
    );
    assert.deepStrictEqual(state(service), [
      `${SHELL_TRUE.fingerprint} resolved app/main.py:14`,
      `${EVAL.fingerprint} open app/main.py:29`,
      'summary general',
    ]);
    const tombstone = service.all()[0]?.content ?? '';
    assert.match(tombstone, /^✅ \*\*Resolved\*\* in `bbbbbbb`/);
    assert.match(tombstone, /> subprocess call with shell=True/);
    // And a third run leaves the tombstone alone.
    const third = await review(service, [EVAL], { commit: COMMIT_2 });
    assert.deepStrictEqual(third.actions, []);
  });

  it('caps inline comments and lists the overflow in the summary, most severe inline first', async () => {
    const service = new MemoryCommentService();
    const plan = await review(service, [EVAL, LATEST_TAG, SHELL_TRUE], { maxInline: 1 });
    assert.deepStrictEqual(plan.inlineFingerprints, [SHELL_TRUE.fingerprint]);
    assert.match(plan.summary, /\| 🟡 \*\*Medium\*\* \| hadolint `DL3007` \| `Dockerfile:1` \| .* \| inline limit \|/);
    assert.match(plan.summary, /\| 🟡 \*\*Medium\*\* \| bandit `B307` \| `app\/main.py:29` \| .* \| inline limit \|/);
    assert.equal(service.all().filter((comment) => comment.location !== undefined).length, 1);
  });

  it('findings outside the diff go to the summary even when the mode reports them', async () => {
    const service = new MemoryCommentService();
    const plan = await review(service, [VULNERABLE_PACKAGE, CONTEXT_LINE], { mode: 'nofilter' });
    // CONTEXT_LINE is in a changed file and its line exists AFTER: inline. The package file is unchanged.
    assert.deepStrictEqual(plan.inlineFingerprints, [CONTEXT_LINE.fingerprint]);
    assert.match(plan.summary, /`requirements.txt:1` \| .* \| not in diff \|/);
  });

  it('a finding whose text changed on the same line: its comment is edited in place', async () => {
    const service = new MemoryCommentService();
    await review(service, [SHELL_TRUE]);
    const plan = await review(service, [{ ...SHELL_TRUE, severity: 'critical' }], { commit: COMMIT_2 });
    assert.deepStrictEqual(
      plan.actions.map((action) => (action.kind === 'update' ? action.reason : action.kind)),
      ['finding-changed', 'summary-changed'],
    );
    assert.match(service.all()[0]?.content ?? '', /Critical/);
  });

  it('a finding that moved to another line: new comment there, old one marked moved', async () => {
    const service = new MemoryCommentService();
    await review(service, [SHELL_TRUE], { mode: 'file' });
    await review(service, [{ ...SHELL_TRUE, location: { path: 'app/main.py', line: 20 } }], {
      commit: COMMIT_2,
      mode: 'file',
    });
    assert.deepStrictEqual(state(service), [
      `${SHELL_TRUE.fingerprint} moved app/main.py:14`,
      'summary general',
      `${SHELL_TRUE.fingerprint} open app/main.py:20`,
    ]);
  });

  it('ignores comments people wrote and replies in the bot’s threads', async () => {
    const service = new MemoryCommentService([
      {
        pullRequestId: '7',
        commentId: 'human',
        content: 'Looks good to me',
        location: { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' },
      },
    ]);
    await review(service, [SHELL_TRUE]);
    const botComment = service.all().find((comment) => parseMarker(comment.content)?.kind === 'finding');
    assert.ok(botComment !== undefined);
    await service.postReply(botComment.commentId, {
      content: `quoting: ${botComment.content}`,
      clientRequestToken: 'reply-token',
    });
    const plan = await review(service, [SHELL_TRUE]);
    assert.deepStrictEqual(plan.actions, []);
    assert.equal(service.all().find((comment) => comment.commentId === 'human')?.content, 'Looks good to me');
  });
});

describe('planComments: duplicates and older markers', () => {
  const LINE_14 = { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' } as const;

  it('two open comments for one finding (two runs raced): the one on its line stays, the other is retired', async () => {
    const body = renderFindingComment(SHELL_TRUE);
    const service = new MemoryCommentService([
      {
        pullRequestId: '7',
        commentId: 'old-line',
        content: body,
        location: { ...LINE_14, filePosition: 3 },
        authorArn: LOCAL_BOT_ARN,
      },
      { pullRequestId: '7', commentId: 'on-line', content: body, location: LINE_14, authorArn: LOCAL_BOT_ARN },
    ]);
    const plan = await review(service, [SHELL_TRUE]);
    assert.deepStrictEqual(commentUpdates(plan.actions), ['old-line duplicate-comment', 'post-summary']);
    assert.deepStrictEqual(state(service), [
      `${SHELL_TRUE.fingerprint} duplicate app/main.py:3`,
      `${SHELL_TRUE.fingerprint} open app/main.py:14`,
      'summary general',
    ]);
    assert.match(service.all()[0]?.content ?? '', /^🔁 \*\*Duplicate\*\*: another comment \(`on-line`\)/);
    const again = await review(service, [SHELL_TRUE]);
    assert.deepStrictEqual(again.actions, []);
  });

  it('two summaries: the first stays and is edited, the second is retired pointing to it', async () => {
    const service = new MemoryCommentService();
    await review(service, [SHELL_TRUE]);
    const summary = service.all().find((comment) => parseMarker(comment.content)?.kind === 'summary');
    assert.ok(summary !== undefined);
    await service.postGeneral(target(COMMIT_1), { content: summary.content, clientRequestToken: 'second-summary' });
    const plan = await review(service, [SHELL_TRUE]);
    assert.deepStrictEqual(commentUpdates(plan.actions), ['comment-3 duplicate-summary']);
    assert.deepStrictEqual(parseMarker(service.all()[2]?.content ?? ''), { kind: 'summary', state: 'duplicate' });
    assert.match(service.all()[2]?.content ?? '', new RegExp(`comment \`${summary.commentId}\``));
  });

  it('finds comments with the older <!-- --> marker and rewrites them in the Markdown form', async () => {
    const current = renderFindingComment(SHELL_TRUE);
    const legacy = current.replace(
      /\n\n\[\/\/\]: # \(devsecops:fingerprint=(v1:[0-9a-f]{32}) state=open\)$/,
      '\n<!-- devsecops:fingerprint=$1 state=open -->',
    );
    assert.notEqual(legacy, current);
    const service = new MemoryCommentService([
      { pullRequestId: '7', commentId: 'legacy', content: legacy, location: LINE_14, authorArn: LOCAL_BOT_ARN },
    ]);
    const plan = await review(service, [SHELL_TRUE]);
    assert.deepStrictEqual(commentUpdates(plan.actions), ['legacy finding-changed', 'post-summary']);
    assert.equal(service.all()[0]?.content, current);
    assert.ok(service.all().every((comment) => !comment.content.includes('<!--')));
  });

  it('a marker-shaped text is never taken for a marker unless it ends the body in the exact form', () => {
    const fingerprint = SHELL_TRUE.fingerprint;
    assert.deepStrictEqual(parseMarker(`x\n\n[//]: # (devsecops:fingerprint=${fingerprint} state=open)`), {
      kind: 'finding',
      fingerprint,
      state: 'open',
    });
    assert.equal(parseMarker(`[//]: # (devsecops:fingerprint=${fingerprint} state=open)\nmore text`), undefined);
    assert.equal(parseMarker(`[//]: # (devsecops:fingerprint=v1:abc) state=open)`), undefined);
    assert.equal(parseMarker(`<!-- devsecops:fingerprint=v1:x-->y state=open -->`), undefined);
  });
});
