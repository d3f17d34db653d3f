/**
 * The PR bot on the AWS emulator, end to end through the real SDK clients: what it writes, counted.
 * - a no-change re-run makes 0 writes;
 * - a 200-finding pull request posts at most the inline cap (20) and exactly one summary;
 * - under 20% throttling + 5% server errors (the emulator's fault injection), how many of 20 reviews
 *   complete with exactly one comment per finding and one summary.
 * Prints the counts and median wall times; exits 1 when a count is not what the bot promises (the same
 * counts are asserted in test/integration/bot-operations.test.ts and bot-races.test.ts).
 * `npm run bench -- bot-emulator`.
 */
import { performance } from 'node:perf_hooks';
import { createCodeCommitClient, createS3Client } from '@devsecops/shared/aws';
import type { FindingDraft } from '@devsecops/shared/findings';
import { startAwsEmulator } from '../test/aws-emulator/emulator';
import { emulatorS3Settings, emulatorSettings } from '../test/aws-emulator/testing';
import {
  AUTHOR_ACCESS_KEY_ID,
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  commentsOn,
  openPullRequest,
  reviewOnEmulator,
  successfulWrites,
  type EmulatedPullRequest,
} from '../test/integration/bot-pull-requests';
import { median } from './stats';

const RERUNS = 5;
const BIG_PR_FINDINGS = 200;
const INLINE_CAP = 20;
const FAULTED_RUNS = 20;
const CONCURRENCY = 4;

let failures = 0;
function check(label: string, ok: boolean): void {
  if (!ok) failures += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

async function main(): Promise<void> {
  const emulator = await startAwsEmulator({
    buckets: [FINDINGS_BUCKET],
    accessKeyIds: [BOT_ACCESS_KEY_ID, AUTHOR_ACCESS_KEY_ID],
    faultSeed: 7,
  });
  const author = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: AUTHOR_ACCESS_KEY_ID }));
  const s3 = createS3Client(emulatorS3Settings(emulator));
  const host = { author, s3, bucket: FINDINGS_BUCKET };
  const review = (pr: EmulatedPullRequest) =>
    reviewOnEmulator(emulator, pr, { accessKeyId: BOT_ACCESS_KEY_ID, bucket: FINDINGS_BUCKET, maxInline: INLINE_CAP });
  try {
    // 1. No-change re-runs.
    const pr = await openPullRequest(host, 'rerun');
    const first = await timed(() => review(pr));
    const rerunWrites: number[] = [];
    const rerunMs: number[] = [];
    for (let run = 0; run < RERUNS; run += 1) {
      const since = emulator.calls().length;
      const { ms } = await timed(() => review(pr));
      rerunWrites.push(successfulWrites(emulator, since));
      rerunMs.push(ms);
    }
    console.log(
      `first review: ${first.ms.toFixed(0)} ms; no-change re-run: writes ${JSON.stringify(rerunWrites)}, ` +
        `median ${median(rerunMs).toFixed(0)} ms (${RERUNS} runs)`,
    );
    check(
      'a no-change re-run makes 0 writes',
      rerunWrites.every((writes) => writes === 0),
    );

    // 2. A pull request with 200 findings on added lines.
    const after = Array.from({ length: BIG_PR_FINDINGS }, (_, index) => `value_${index} = eval(input())`).join('\n');
    const drafts: FindingDraft[] = Array.from({ length: BIG_PR_FINDINGS }, (_, index) => ({
      tool: 'bandit',
      category: 'sast',
      ruleId: 'B307',
      message: 'Use of possibly insecure function - consider using safer ast.literal_eval.',
      severity: 'medium',
      location: { path: 'app/main.py', line: index + 1 },
    }));
    const big = await openPullRequest(host, 'big', drafts, { before: 'import os\n', after: `${after}\n` });
    const bigRun = await timed(() => review(big));
    const bigComments = await commentsOn(author, big.pullRequestId);
    const inline = bigComments.filter((comment) => comment.inline).length;
    const summaries = bigComments.filter((comment) => comment.marker === 'summary open').length;
    const summarySize = Buffer.byteLength(
      bigComments.find((comment) => comment.marker === 'summary open')?.content ?? '',
      'utf8',
    );
    console.log(
      `${BIG_PR_FINDINGS}-finding PR: ${inline} inline comment(s) (cap ${INLINE_CAP}), ${summaries} summary ` +
        `(${summarySize} bytes), ${bigRun.ms.toFixed(0)} ms`,
    );
    check(
      'a 200-finding PR posts within the inline cap and exactly one summary',
      inline <= INLINE_CAP && summaries === 1,
    );

    // 3. Twenty reviews under injected throttling and server errors, four at a time (as concurrent Lambdas).
    const prs: EmulatedPullRequest[] = [];
    for (let index = 0; index < FAULTED_RUNS; index += 1) prs.push(await openPullRequest(host, `faults-${index}`));
    const since = emulator.calls().length;
    emulator.setFaults([
      { kind: 'throttle', rate: 0.2 },
      { kind: 'server-error', rate: 0.05 },
    ]);
    const outcomes: { status: string; ms: number }[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < prs.length; index = next++) {
        const target = prs[index];
        if (target === undefined) return;
        const started = performance.now();
        const status = await review(target).then(
          (result) => result.status,
          (error: unknown) => `error: ${error instanceof Error ? error.message : String(error)}`,
        );
        outcomes.push({ status, ms: performance.now() - started });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const faultCalls = emulator.calls().slice(since);
    emulator.setFaults([]);
    let exact = 0;
    for (const target of prs) {
      const markers = (await commentsOn(author, target.pullRequestId))
        .map((comment) => comment.marker.replace(/^v1:[0-9a-f]{32} /, ''))
        .sort();
      if (JSON.stringify(markers) === JSON.stringify(['open', 'open', 'summary open'])) exact += 1;
    }
    const completed = outcomes.filter((outcome) => outcome.status === 'posted').length;
    const throttled = faultCalls.filter((call) => call.fault === 'throttle').length;
    const failed = faultCalls.filter((call) => call.fault === 'server-error').length;
    console.log(
      `under 20% throttling + 5% 5xx: ${completed} of ${FAULTED_RUNS} runs completed, ${exact} of ${FAULTED_RUNS} ` +
        `with exactly one comment per finding and one summary; ${faultCalls.length} calls, ${throttled} throttled, ` +
        `${failed} 5xx; median run ${median(outcomes.map((outcome) => outcome.ms)).toFixed(0)} ms ` +
        `(${CONCURRENCY} at a time)`,
    );
    for (const outcome of outcomes) if (outcome.status !== 'posted') console.log(`  ${outcome.status}`);
    check(
      '20 of 20 faulted runs complete with exactly one comment per finding',
      completed === FAULTED_RUNS && exact === FAULTED_RUNS,
    );
  } finally {
    author.destroy();
    s3.destroy();
    await emulator.close();
  }
  process.exit(failures === 0 ? 0 : 1);
}

void main();
