// Every parser that reads repository input, tool output or a download survives anything.
// Each target runs 10,000 generated inputs in a child process under deadlines (no crash, no hang),
// then times inputs of a repeated pattern at two sizes (no super-linear time). A child runs one
// module's targets (loading its parsers once); two children run at a time; each `it` waits for its
// target. See harness/fuzz-settings.ts to replay a failure (filter with FUZZ_TARGET, not --grep:
// --grep only hides the other targets' tests, their children still run).
import { join } from 'node:path';
import type { FuzzTarget } from './harness/fuzz-target';
import { GROWTH_BOUND, GROWTH_FACTOR, growthRatio } from './harness/growth';
import { fuzzSettings, replayCommand, targetSeed } from './harness/fuzz-settings';
import { runFuzzFamily } from './harness/run-fuzz-family';
import type { FuzzReport } from './harness/run-fuzz-family';
import { targets as configTargets } from './targets/config';
import { targets as scaTargets } from './targets/sca';
import { targets as dockerfileTargets } from './targets/dockerfile';
import { targets as reportTargets } from './targets/reports';
import { targets as pipelineTargets } from './targets/pipeline';
import { targets as botTargets } from './targets/bot';
import { targets as extensionTargets } from './targets/extension';

/**
 * Each module of targets (a child loads only its own) with its targets, the longest-running
 * first so that two children at a time finish close together.
 */
const FAMILIES: readonly {
  readonly title: string;
  readonly module: string;
  readonly targets: readonly FuzzTarget[];
}[] = [
  { title: 'pipeline', module: join(__dirname, 'targets', 'pipeline.ts'), targets: pipelineTargets },
  { title: '.devsecops.yml', module: join(__dirname, 'targets', 'config.ts'), targets: configTargets },
  { title: 'SCA', module: join(__dirname, 'targets', 'sca.ts'), targets: scaTargets },
  { title: 'Dockerfile', module: join(__dirname, 'targets', 'dockerfile.ts'), targets: dockerfileTargets },
  { title: 'reports', module: join(__dirname, 'targets', 'reports.ts'), targets: reportTargets },
  { title: 'bot', module: join(__dirname, 'targets', 'bot.ts'), targets: botTargets },
  { title: 'editor quick fixes', module: join(__dirname, 'targets', 'extension.ts'), targets: extensionTargets },
];

/** No input may run longer than this (a generous bound: inputs are a few kB). */
const INPUT_DEADLINE_MS = 10_000;
/** No run of a growth timing may run longer (the large inputs of the slowest parsers take 1-2 s of CPU). */
const GROWTH_RUN_DEADLINE_MS = 30_000;
/** Loading the parsers and generators before the first input, on a busy machine. */
const START_DEADLINE_MS = 60_000;
/**
 * No target may run longer than this, inputs and timings together: each takes 1-40 s on an idle
 * 2-core machine, up to 100 s measured on one loaded 6-fold by other test runs.
 */
const TARGET_DEADLINE_MS = 300_000;
const settings = fuzzSettings();

function seedOf(target: FuzzTarget): number {
  return settings.exactSeed ?? targetSeed(settings.baseSeed, target.name);
}

/** Runs `start` for every item in order, at most `limit` at once. */
function pooled<T>(items: readonly T[], limit: number, start: (item: T) => Promise<void>): void {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await start(item);
    }
  };
  for (let i = 0; i < Math.min(limit, items.length); i++) void worker();
}

describe('hostile input: fuzzing every parser (10,000 inputs each, no crash, no hang)', function () {
  const selected = FAMILIES.flatMap((family) =>
    family.targets
      .filter((target) => settings.targetFilter === undefined || target.name.includes(settings.targetFilter))
      .map((target) => ({ family, target })),
  );
  // Every target ends by its own deadline; this bound only matters if the harness itself breaks.
  this.timeout(TARGET_DEADLINE_MS * (selected.length + 1));
  const jobs = new Map<string, Promise<FuzzReport>>();
  const reports: FuzzReport[] = [];

  before(() => {
    console.log(
      `    fuzz base seed ${String(settings.baseSeed)}${settings.exactSeed === undefined ? '' : `, exact seed ${String(settings.exactSeed)}`}`,
    );
    const families = FAMILIES.map((family) => ({
      family,
      targets: selected
        .filter((entry) => entry.family === family)
        .map((entry) => ({ name: entry.target.name, seed: seedOf(entry.target) })),
    })).filter((job) => job.targets.length > 0);
    // Each target's test waits on this promise; it follows the target's report once its family starts.
    const follow = new Map<string, (report: Promise<FuzzReport>) => void>();
    for (const { targets } of families) {
      for (const { name } of targets) {
        const job = new Promise<FuzzReport>((resolve, reject) => {
          follow.set(name, (report) => {
            report.then(resolve, reject);
          });
        });
        job.catch(() => undefined);
        jobs.set(name, job);
      }
    }
    pooled(families, settings.jobs, async ({ family, targets }) => {
      const run = runFuzzFamily(family.module, targets, {
        ...(settings.path === undefined ? {} : { path: settings.path }),
        ...(settings.runs === undefined ? {} : { runs: settings.runs }),
        skipGrowth: settings.path !== undefined,
        inputDeadlineMs: INPUT_DEADLINE_MS,
        growthRunDeadlineMs: GROWTH_RUN_DEADLINE_MS,
        startDeadlineMs: START_DEADLINE_MS,
        deadlineMs: TARGET_DEADLINE_MS,
        replayCommand,
      });
      for (const [name, report] of run.reports) follow.get(name)?.(report);
      await run.done;
    });
  });

  after(() => {
    if (reports.length === 0) return;
    const inputs = reports.reduce((sum, report) => sum + report.property.runs, 0);
    const seconds = reports.reduce((sum, report) => sum + report.wallMs, 0) / 1000;
    console.log(
      `    ${String(reports.length)} targets, ${String(inputs)} inputs, ${seconds.toFixed(1)} s of target time`,
    );
  });

  for (const entry of selected) {
    it(`${entry.family.title}: ${entry.target.name}`, async () => {
      const job = jobs.get(entry.target.name);
      if (job === undefined) throw new Error('the job was not started');
      const report = await job;
      reports.push(report);
      const growth = report.growth.map((result) => {
        return { ...result, ratio: growthRatio(result) };
      });
      console.log(
        `      ${String(report.property.runs)} inputs in ${(report.property.ms / 1000).toFixed(1)} s` +
          ` (${(report.wallMs / 1000).toFixed(1)} s with start and timings)` +
          growth
            .map(
              (result) =>
                `; ${result.name}: ×${result.ratio.toFixed(1)} for ×${String(result.largeSize / result.smallSize)} input` +
                (result.knownIssue === undefined ? '' : ` (known, not fixed: ${result.knownIssue})`),
            )
            .join(''),
      );
      for (const result of growth) {
        if (result.ratio > GROWTH_BOUND && result.knownIssue === undefined) {
          throw new Error(
            `${entry.target.name}: "${result.name}" took ${result.largeMs.toFixed(1)} ms of CPU at size ${String(result.largeSize)}` +
              ` and ${result.smallMs.toFixed(1)} ms at size ${String(result.smallSize)}: ×${result.ratio.toFixed(1)} for` +
              ` ${String(GROWTH_FACTOR)}× the input (bound ×${String(GROWTH_BOUND)}, at every size tried), super-linear.`,
          );
        }
      }
    });
  }
});
