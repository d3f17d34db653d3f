import { createHash } from 'node:crypto';
import type { Finding } from '@devsecops/shared/findings';
import type { PullRequestDiff } from '../diff/pull-request-diff';
import type { FilteredFinding } from '../filter/filter-findings';
import { compareBySeverityThenLocation } from '@devsecops/shared/findings';
import { renderFindingComment, renderMovedComment, renderResolvedComment } from '../comments/render-finding';
import { renderSummary } from '../comments/render-summary';
import type { ReviewSubject, SummaryEntry } from '../comments/render-summary';
import type { InlineLocation, PullRequestComment } from '../ports';
import type { CommentAction } from './comment-action';
import { readOwnComments, retireDuplicates } from './own-comments';

/** Inline comments per pull request unless configured: more than this is noise, the rest go to the summary. */
export const DEFAULT_MAX_INLINE_COMMENTS = 20;

/** What the planner needs. All of it is data; the planner makes no calls. */
export interface PlanInput extends ReviewSubject {
  readonly pullRequestId: string;
  readonly diff: PullRequestDiff;
  readonly findings: readonly FilteredFinding[];
  /** The bot's own comments on the pull request (never anyone else's: their markers are not trusted). */
  readonly existing: readonly PullRequestComment[];
  /** At most this many open inline comments after the run. */
  readonly maxInline: number;
}

export interface CommentPlan {
  /** Writes to make, in order: new inline comments, edits, then the summary. */
  readonly actions: readonly CommentAction[];
  /** Fingerprints with an open inline comment after the plan runs. */
  readonly inlineFingerprints: readonly string[];
  /** Bot comments that already say the right thing. */
  readonly unchangedCount: number;
  /** The summary comment's body. */
  readonly summary: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Token for an idempotent post: a retry of the same post on the same commit never posts twice. */
export function clientRequestTokenFor(
  pullRequestId: string,
  sourceCommit: string,
  key: string,
  content: string,
): string {
  return sha256([pullRequestId, sourceCommit, key, sha256(content)].join('\u0000'));
}

/**
 * The AFTER line an inline comment can go on, or undefined when the finding's line is not in a
 * file the PR changes (CodeCommit accepts inline comments only on files in the diff) or past the
 * end of the file's AFTER version. Without the file's length (a bare patch), only lines in the hunks.
 */
export function inlineLocationFor(filtered: FilteredFinding, diff: PullRequestDiff): InlineLocation | undefined {
  const { path, line } = filtered.finding.location;
  const file = diff.get(path);
  if (file === undefined || file.changeType === 'deleted' || !filtered.inDiffFile) return undefined;
  const exists =
    file.afterLineCount === undefined ? file.contextLines.has(line) : line >= 1 && line <= file.afterLineCount;
  return exists ? { filePath: path, filePosition: line, relativeFileVersion: 'AFTER' } : undefined;
}

interface OpenComment {
  readonly comment: PullRequestComment;
  readonly fingerprint: string;
}

function sameAnchor(comment: PullRequestComment, location: InlineLocation): boolean {
  return (
    comment.location?.filePath === location.filePath &&
    comment.location.filePosition === location.filePosition &&
    comment.location.relativeFileVersion === location.relativeFileVersion
  );
}

function byPriority(a: FilteredFinding, b: FilteredFinding): number {
  return compareBySeverityThenLocation(a.finding, b.finding);
}

/**
 * Decides every comment write (reviewdog's idea, plus tombstones): findings are matched to the bot's
 * earlier comments by the fingerprint hidden in each body, so a re-run edits instead of duplicating.
 * - a finding with an open comment on the same line: edit it if the text changed, else leave it;
 * - on another line (code moved): mark the old comment moved and post a new one;
 * - a new finding: post inline while under `maxInline`, else list it in the summary;
 * - an open comment whose finding is gone: edit it into a "resolved" tombstone;
 * - the one summary comment: post it, or edit it when its text changed;
 * - a second comment for one fingerprint, or a second summary (two runs raced, or one was cut short): the
 *   one on the finding's current line (else the first) stays, the others become "duplicate" tombstones.
 */
export function planComments(input: PlanInput): CommentPlan {
  const { pullRequestId, sourceCommit } = input;
  const own = readOwnComments(input.existing);
  const resolvedBefore = own.resolvedCount;

  const actions: CommentAction[] = [];
  const edits: CommentAction[] = [];
  const inlineFingerprints: string[] = [];
  const listed: SummaryEntry[] = [];
  let unchangedCount = 0;
  const present = new Set(input.findings.map((filtered) => filtered.finding.fingerprint));

  const reported = input.findings.filter((filtered) => filtered.shouldReport).sort(byPriority);
  const candidates = reported.map((filtered) => ({ filtered, location: inlineLocationFor(filtered, input.diff) }));
  const currentLocation = new Map(
    candidates.map((candidate) => [candidate.filtered.finding.fingerprint, candidate.location] as const),
  );
  // Of several open comments for one finding, the one on its current line stays.
  const retirement = retireDuplicates(own, {
    finding: (fingerprint, same) => {
      const location = currentLocation.get(fingerprint);
      return location === undefined ? undefined : same.find((comment) => sameAnchor(comment, location));
    },
    summary: () => undefined,
  });
  const summaryComment = retirement.summary;
  edits.push(...retirement.actions);
  const open = new Map<string, OpenComment>(
    [...retirement.open].map(([fingerprint, comment]) => [fingerprint, { comment, fingerprint }]),
  );
  // Findings that already hold a comment keep their place under the cap before new ones get one.
  const ordered = [
    ...candidates.filter((candidate) => open.has(candidate.filtered.finding.fingerprint)),
    ...candidates.filter((candidate) => !open.has(candidate.filtered.finding.fingerprint)),
  ];
  const postNew = (finding: Finding, location: InlineLocation): void => {
    const content = renderFindingComment(finding);
    actions.push({
      kind: 'post-inline',
      fingerprint: finding.fingerprint,
      location,
      content,
      clientRequestToken: clientRequestTokenFor(pullRequestId, sourceCommit, finding.fingerprint, content),
    });
    inlineFingerprints.push(finding.fingerprint);
  };

  for (const { filtered, location } of ordered) {
    const { finding } = filtered;
    const previous = open.get(finding.fingerprint);
    if (location === undefined) {
      listed.push({ finding, reason: 'outside-diff' });
      continue;
    }
    if (inlineFingerprints.length >= input.maxInline) {
      listed.push({ finding, reason: 'over-inline-cap' });
      continue;
    }
    if (previous === undefined) {
      postNew(finding, location);
    } else if (sameAnchor(previous.comment, location)) {
      const content = renderFindingComment(finding);
      if (content === previous.comment.content) {
        unchangedCount += 1;
      } else {
        edits.push({
          kind: 'update',
          commentId: previous.comment.commentId,
          content,
          reason: 'finding-changed',
          fingerprint: finding.fingerprint,
        });
      }
      inlineFingerprints.push(finding.fingerprint);
    } else {
      edits.push({
        kind: 'update',
        commentId: previous.comment.commentId,
        content: renderMovedComment(previous.comment.content, finding, sourceCommit),
        reason: 'finding-moved',
        fingerprint: finding.fingerprint,
      });
      postNew(finding, location);
    }
  }

  let resolvedNow = 0;
  for (const { comment, fingerprint } of open.values()) {
    // Missing from an incomplete report is not fixed: its comment stays open until a complete one says so.
    if (present.has(fingerprint) || input.gate.status === 'incomplete') continue;
    resolvedNow += 1;
    edits.push({
      kind: 'update',
      commentId: comment.commentId,
      content: renderResolvedComment(comment.content, fingerprint, sourceCommit),
      reason: 'finding-resolved',
      fingerprint,
    });
  }

  const summary = renderSummary({
    sourceCommit,
    gate: input.gate,
    mode: input.mode,
    allFindings: input.findings.map((filtered) => filtered.finding),
    inlineCount: inlineFingerprints.length,
    listed,
    notReportedCount: input.findings.length - reported.length,
    resolvedCount: resolvedBefore + resolvedNow,
    ...(input.reportLocation === undefined ? {} : { reportLocation: input.reportLocation }),
    ...(input.build === undefined ? {} : { build: input.build }),
  });
  actions.push(...edits);
  if (summaryComment === undefined) {
    actions.push({
      kind: 'post-summary',
      content: summary,
      clientRequestToken: clientRequestTokenFor(pullRequestId, sourceCommit, 'summary', summary),
    });
  } else if (summaryComment.content === summary) {
    unchangedCount += 1;
  } else {
    actions.push({ kind: 'update', commentId: summaryComment.commentId, content: summary, reason: 'summary-changed' });
  }
  return { actions, inlineFingerprints, unchangedCount, summary };
}
