import { fork } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildMessage, FuzzJob, GrowthResult, JobTarget, PropertyResult } from './child-protocol';
import { readRecordedInput } from './input-recorder';
import { scratchFolder } from './scratch-folder';

/** What one target's run gave. */
export interface FuzzReport {
  readonly target: string;
  readonly property: PropertyResult;
  readonly growth: readonly GrowthResult[];
  /** Wall time from the target's start to its last result. */
  readonly wallMs: number;
}

export interface FuzzRunOptions {
  /** Replay exactly this fast-check path (from a failure report). */
  readonly path?: string;
  readonly runs?: number;
  readonly skipGrowth: boolean;
  /** A target is stopped when no new input starts for this long: one input hung. */
  readonly inputDeadlineMs: number;
  /** The same for one run of a growth timing (its large input is some 100 kB). */
  readonly growthRunDeadlineMs: number;
  /** The child may take this long to load the parsers, and each target to build its generators. */
  readonly startDeadlineMs: number;
  /** A target is stopped when it takes longer, inputs and growth timings together. */
  readonly deadlineMs: number;
  /** How to rerun one target alone, for failure messages. */
  readonly replayCommand: (target: string, seed: number, path: string | undefined) => string;
}

/** A family's run: one promise per target (settling as each finishes), and one for the whole family. */
export interface FamilyRun {
  readonly reports: ReadonlyMap<string, Promise<FuzzReport>>;
  readonly done: Promise<void>;
}

/** How often the parent looks at the child's progress. */
const POLL_MS = 200;
/** stderr kept for a crash report. */
const MAX_STDERR_CHARS = 4000;

const CHILD_MAIN = join(__dirname, 'fuzz-child.ts');

interface Settler {
  readonly resolve: (report: FuzzReport) => void;
  readonly reject: (error: Error) => void;
}

function lines(parts: readonly (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined).join('\n');
}

/**
 * Runs a module's targets in order in one child process (loading the parsers once), each under
 * its own deadlines. A target that hangs, overruns or kills the child is failed with a message that
 * names its seed, the fast-check path and the input; the targets after it go on in a fresh child.
 */
export function runFuzzFamily(
  targetsModule: string,
  targets: readonly JobTarget[],
  options: FuzzRunOptions,
): FamilyRun {
  const settlers = new Map<string, Settler>();
  const reports = new Map<string, Promise<FuzzReport>>();
  for (const target of targets) {
    const report = new Promise<FuzzReport>((resolve, reject) => settlers.set(target.name, { resolve, reject }));
    // Observed by the target's test; this only keeps an early rejection from counting as unhandled.
    report.catch(() => undefined);
    reports.set(target.name, report);
  }
  const done = (async (): Promise<void> => {
    let remaining = [...targets];
    while (remaining.length > 0) {
      const finished = await runChild(targetsModule, remaining, options, settlers);
      remaining = remaining.slice(finished);
    }
  })();
  return { reports, done };
}

/** Runs `targets` in one child until they all finish or one fails it; resolves with how many it settled. */
function runChild(
  targetsModule: string,
  targets: readonly JobTarget[],
  options: FuzzRunOptions,
  settlers: ReadonlyMap<string, Settler>,
): Promise<number> {
  const folder = scratchFolder('devsecops-fuzz-');
  const recorderPath = join(folder, 'current-input');
  writeFileSync(recorderPath, Buffer.alloc(16));
  const job: FuzzJob = {
    targetsModule,
    targets,
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.runs === undefined ? {} : { runs: options.runs }),
    skipGrowth: options.skipGrowth,
    recorderPath,
  };
  const child = fork(CHILD_MAIN, [JSON.stringify(job)], {
    // --no-warnings: the yaml library warns through process.emitWarning on odd keys, thousands of times.
    execArgv: ['--require', require.resolve('tsx/cjs'), '--max-old-space-size=1536', '--no-warnings'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.slice(0, MAX_STDERR_CHARS - stderr.length);
  });

  return new Promise<number>((resolveChild) => {
    /** Index of the target running now (targets before it are settled). */
    let current = 0;
    let property: PropertyResult | undefined;
    let targetStarted = performance.now();
    let lastCount = 0;
    let lastProgress = performance.now();
    let finished = false;

    const target = (): JobTarget | undefined => targets[current];
    const finishChild = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
      resolveChild(current);
    };
    const settleCurrent = (outcome: { report: FuzzReport } | { error: Error }): void => {
      const running = target();
      if (running === undefined) return;
      const settler = settlers.get(running.name);
      if ('report' in outcome) settler?.resolve(outcome.report);
      else settler?.reject(outcome.error);
      current += 1;
      property = undefined;
    };
    const phase = (): string => (property === undefined ? 'property' : 'growth timing');
    const recorded = (): { started: number; text: string } => {
      try {
        return readRecordedInput(recorderPath, true);
      } catch {
        return { started: 0, text: '(unknown)' };
      }
    };
    /** Failure text for the running target: what happened, then how to replay the input. */
    const failure = (what: string): Error => {
      const running = target();
      const input = recorded();
      // During the property phase the n-th input started is fast-check's run n-1: its path replays it.
      const path = property === undefined && input.started > 0 ? String(input.started - 1) : undefined;
      const seed = running?.seed ?? 0;
      return new Error(
        lines([
          `${running?.name ?? targetsModule}: ${what} (${phase()} phase, at input #${String(input.started)}).`,
          `seed: ${String(seed)}${path === undefined ? '' : `, path: ${path}`}`,
          `replay: ${options.replayCommand(running?.name ?? '', seed, path)}`,
          `input: ${input.text}`,
          stderr.trim() === '' ? undefined : `stderr: ${stderr.trim()}`,
        ]),
      );
    };

    const watchdog = setInterval(() => {
      const now = performance.now();
      let count = lastCount;
      try {
        count = readRecordedInput(recorderPath, false).started;
      } catch {
        // Being written: look again next time.
      }
      if (count !== lastCount) {
        lastCount = count;
        lastProgress = now;
      }
      const idle = now - lastProgress;
      const inputDeadline = property === undefined ? options.inputDeadlineMs : options.growthRunDeadlineMs;
      let problem: string | undefined;
      if (count === 0 && idle > options.startDeadlineMs) {
        problem = `did not start an input within ${String(options.startDeadlineMs)} ms`;
      } else if (count > 0 && idle > inputDeadline) {
        problem = `one input ran for more than ${String(inputDeadline)} ms (a hang)`;
      } else if (now - targetStarted > options.deadlineMs) {
        problem = `did not finish within ${String(options.deadlineMs)} ms`;
      }
      if (problem === undefined) return;
      settleCurrent({ error: failure(problem) });
      finishChild();
    }, POLL_MS);

    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'start') {
        targetStarted = performance.now();
        lastCount = 0;
        lastProgress = targetStarted;
        return;
      }
      const running = target();
      if (running?.name !== message.target) return;
      const wallMs = performance.now() - targetStarted;
      if (message.kind === 'property') {
        property = message.property;
        const failed = property.failure;
        if (failed !== undefined) {
          settleCurrent({
            error: new Error(
              lines([
                `${running.name}: the property failed after ${String(property.runs)} inputs (${String(failed.shrinks)} shrinks).`,
                `seed: ${String(failed.seed)}, path: ${failed.path}`,
                `replay: ${options.replayCommand(running.name, failed.seed, failed.path)}`,
                `counterexample: ${failed.counterexample}`,
                `error: ${failed.error}`,
              ]),
            ),
          });
        } else if (options.skipGrowth) {
          settleCurrent({ report: { target: running.name, property, growth: [], wallMs } });
        }
      } else if (property !== undefined) {
        settleCurrent({ report: { target: running.name, property, growth: message.growth, wallMs } });
      }
      if (current >= targets.length) finishChild();
    });
    child.on('error', (error) => {
      settleCurrent({ error });
      finishChild();
    });
    child.on('exit', (code, signal) => {
      if (finished) return;
      if (current < targets.length) {
        settleCurrent({
          error: failure(`the fuzz process died (exit code ${String(code)}, signal ${String(signal)})`),
        });
      }
      finishChild();
    });
  });
}
