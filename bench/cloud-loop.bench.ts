/**
 * The cloud loop on the emulator (test/cloud-loop): how long from a push to the bot's comments, step by step.
 * Setup once (synthesize the CDK app offline, stand its template up in the emulator, push examples/todo-app to
 * main and wait for the pipeline it starts to stop at application validation, timed as its own step), then per
 * round: a pull request that adds `shell=True` and a vulnerable pin (push → PR build → comments
 * posted, approval revoked) and a fix pushed to it (push → build → tombstones, approval). Medians over the rounds.
 * The PR build runs the real pull-request buildspec with the real CLI bundle; its internet steps are replaced by
 * the image stand-in (see test/cloud-loop/codebuild-image.ts). Needs `npm run build -w shared -w bot` first.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { EventDelivery } from '../test/aws-emulator/events/event-bus';
import {
  botRunAfterBuild,
  openPullRequest,
  pipelineRunOf,
  pushFix,
  pushTodoAppToMain,
  startCloudLoop,
  waitFor,
  type CloudLoop,
} from '../test/cloud-loop/cloud-loop';
import { median } from './stats';

const ROUNDS = 3;

interface StepTimes {
  /** The CodeCommit calls of the push (and of opening the pull request). */
  readonly push: number;
  /**
   * From the start of the push to the PR build starting (event → rule → StartBuild). The emulator emits the event
   * inside the push's call, so the build often starts before the push has answered.
   */
  readonly toBuild: number;
  /** The PR build: install, the scans of `pipeline run`, upload. */
  readonly build: number;
  /** From the build's end event to the bot's Lambda having posted and set its approval. */
  readonly bot: number;
  /** Push → comments posted. */
  readonly total: number;
}

function triggerFor(loop: CloudLoop, commit: string): EventDelivery | undefined {
  return loop.emulator.events.deliveries.find(
    (delivery) =>
      delivery.rule.startsWith('PullRequestBuildTrigger') && JSON.stringify(delivery.input).includes(commit),
  );
}

async function measure(loop: CloudLoop, push: () => Promise<string>): Promise<StepTimes> {
  const started = performance.timeOrigin + performance.now();
  const commit = await push();
  const pushed = performance.timeOrigin + performance.now();
  const review = await waitFor('the bot to review the build', botRunAfterBuild(loop, commit));
  if (review.error !== undefined) throw new Error(`The bot failed: ${review.error}`);
  const trigger = triggerFor(loop, commit);
  const buildStarted = trigger?.startedAt ?? pushed;
  const ended = review.endedAt ?? review.startedAt;
  return {
    push: pushed - started,
    toBuild: buildStarted - started,
    build: review.startedAt - buildStarted,
    bot: ended - review.startedAt,
    total: ended - started,
  };
}

function line(label: string, rounds: readonly StepTimes[]): string {
  const of = (key: keyof StepTimes): string => `${(median(rounds.map((round) => round[key])) / 1000).toFixed(2)} s`;
  return `${label}: push → comments ${of('total')} (push ${of('push')} · push start → build start ${of('toBuild')} · PR build ${of('build')} · bot Lambda ${of('bot')})`;
}

async function main(): Promise<void> {
  const setupStarted = performance.now();
  const loop = await startCloudLoop();
  try {
    console.log(
      `setup: synth ${((loop.setupTimings['synth'] ?? 0) / 1000).toFixed(1)} s · stand-up ${((loop.setupTimings['standUp'] ?? 0) / 1000).toFixed(1)} s · total ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (${String(cpus().length)} cores)`,
    );
    const pushStarted = performance.now();
    const main = await pushTodoAppToMain(loop);
    const pushed = performance.now();
    const execution = await pipelineRunOf(loop, main);
    console.log(
      `pipeline on main: push → ${String(execution.status)} ${execution.statusSummary ?? ''} ${((performance.now() - pushStarted) / 1000).toFixed(1)} s (push ${((pushed - pushStarted) / 1000).toFixed(2)} s · push end → execution ended ${((performance.now() - pushed) / 1000).toFixed(1)} s)`,
    );
    if (execution.status !== 'Failed') throw new Error(`Expected the pipeline to stop at application validation.`);
    const opened: StepTimes[] = [];
    const fixed: StepTimes[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const branch = `feature/export-${String(round)}`;
      let source = '';
      opened.push(
        await measure(loop, async () => {
          source = (await openPullRequest(loop, main, branch)).sourceCommit;
          return source;
        }),
      );
      fixed.push(await measure(loop, () => pushFix(loop, source, branch)));
      console.log(
        `round ${String(round + 1)}: pull request ${((opened.at(-1)?.total ?? 0) / 1000).toFixed(1)} s, fix ${((fixed.at(-1)?.total ?? 0) / 1000).toFixed(1)} s`,
      );
    }
    console.log(line(`pull request opened (median of ${String(ROUNDS)})`, opened));
    console.log(line(`fix pushed (median of ${String(ROUNDS)})`, fixed));
  } finally {
    await loop.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
