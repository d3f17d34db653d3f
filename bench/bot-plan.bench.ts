// Prints how long the bot's pure stages take on a large pull request: line-diffing a 5,000-line file,
// filtering 10,000 findings against a 500-file diff, and planning against 1,000 earlier bot comments
// (a re-run). Numbers only; nothing is asserted.
import type { Finding, Severity } from '@devsecops/shared/findings';
import { judgeGate } from '../bot/src/approval/gate';
import { renderFindingComment } from '../bot/src/comments/render-finding';
import type { FileDiff } from '../bot/src/diff/pull-request-diff';
import { diffFileTexts } from '../bot/src/diff/text-diff';
import { filterFindings } from '../bot/src/filter/filter-findings';
import { planComments } from '../bot/src/plan/plan-comments';
import type { PullRequestComment } from '../bot/src/ports';
import { medianRunMs } from './stats';

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const FINDING_COUNT = 10_000;
const FILE_COUNT = 2_000;
const CHANGED_FILES = 500;
const EXISTING_COMMENTS = 1_000;
const REPEATS = 5;

function medianMs(run: () => unknown): number {
  return medianRunMs(REPEATS, run);
}

const before = Array.from({ length: 5_000 }, (_, index) => `line_${index} = compute(${index})`).join('\n');
const after = before
  .split('\n')
  .map((line, index) => (index % 25 === 0 ? `${line}  # changed` : line))
  .join('\n');

const findings: Finding[] = Array.from({ length: FINDING_COUNT }, (_, index) => ({
  tool: 'bandit',
  category: 'sast',
  ruleId: `B${100 + (index % 97)}`,
  message: `Finding number ${index}: something risky happens here.`,
  severity: SEVERITIES[index % SEVERITIES.length] ?? 'low',
  location: { path: `src/package_${index % FILE_COUNT}/module.py`, line: (index % 500) + 1 },
  fingerprint: `v1:${index.toString(16).padStart(32, '0')}`,
}));

const diff = new Map<string, FileDiff>();
for (let file = 0; file < CHANGED_FILES; file += 1) {
  const path = `src/package_${file}/module.py`;
  const added = new Set<number>();
  const context = new Set<number>();
  for (let line = 1; line <= 500; line += 2) {
    added.add(line);
    for (let around = line - 3; around <= line + 3; around += 1) if (around >= 1) context.add(around);
  }
  diff.set(path, { path, changeType: 'modified', addedLines: added, contextLines: context, afterLineCount: 500 });
}

const filtered = filterFindings(findings, diff, 'added');
const reported = filtered.filter((entry) => entry.shouldReport);
const existing: PullRequestComment[] = reported.slice(0, EXISTING_COMMENTS).map((entry, index) => ({
  commentId: `c${index}`,
  content: renderFindingComment(entry.finding),
  location: {
    filePath: entry.finding.location.path,
    filePosition: entry.finding.location.line,
    relativeFileVersion: 'AFTER',
  },
}));
const gate = judgeGate(findings, 'high');

console.log(
  `${FINDING_COUNT} findings over ${FILE_COUNT} files, ${CHANGED_FILES} changed files, ` +
    `${EXISTING_COMMENTS} earlier comments; median of ${REPEATS} runs`,
);
console.log(
  `diff one 5,000-line file (200 changed lines): ${medianMs(() => diffFileTexts('a.py', before, after)).toFixed(1)} ms`,
);
console.log(
  `filter 10,000 findings (mode added):         ${medianMs(() => filterFindings(findings, diff, 'added')).toFixed(1)} ms`,
);
const plan = (): unknown =>
  planComments({
    pullRequestId: '1',
    sourceCommit: 'a'.repeat(40),
    diff,
    findings: filtered,
    mode: 'added',
    existing,
    gate,
    maxInline: EXISTING_COMMENTS,
  });
console.log(`plan a re-run (${reported.length} reported, cap ${EXISTING_COMMENTS}):  ${medianMs(plan).toFixed(1)} ms`);
