// Runs one fuzz target in a child process, so the parent can stop it when a parser hangs and
// survives when one kills the process (a fatal V8 error is not an exception). The job is argv[2]
// (JSON); results go back over IPC: one `property` message, then one `growth` message.
import { openSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type { ChildMessage, FuzzJob, PropertyResult } from './child-protocol';
import type { FuzzTarget } from './fuzz-target';
import { measureGrowth } from './growth';
import { describeInput, InputRecorder } from './input-recorder';

/** fast-check's rendering of an input, or ours when it is too deep for fast-check's recursion. */
function printable(input: unknown): string {
  try {
    return fc.stringify(input);
  } catch {
    return describeInput(input);
  }
}

function isFuzzTargetList(value: unknown): value is readonly FuzzTarget[] {
  return Array.isArray(value) && value.every((item) => typeof (item as { name?: unknown }).name === 'string');
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('fuzz-child.ts runs only as a forked child'));
      return;
    }
    process.send(message, (error: Error | null) => (error === null ? resolve() : reject(error)));
  });
}

async function runTarget(target: FuzzTarget, seed: number, job: FuzzJob, recorder: InputRecorder): Promise<void> {
  recorder.startTarget();
  await send({ kind: 'start', target: target.name });
  const started = performance.now();
  const details = await fc.check(
    target.property((input) => recorder.record(input)),
    {
      seed,
      numRuns: job.runs ?? target.runs,
      ...(job.path === undefined ? {} : { path: job.path }),
    },
  );
  const ms = performance.now() - started;
  const property: PropertyResult = details.failed
    ? {
        runs: details.numRuns,
        ms,
        failure: {
          seed: details.seed,
          path: details.counterexamplePath ?? '',
          counterexample: details.counterexample === null ? '(none)' : printable(details.counterexample[0]),
          error:
            details.errorInstance instanceof Error
              ? (details.errorInstance.stack ?? details.errorInstance.message)
              : String(details.errorInstance),
          shrinks: details.numShrinks,
        },
      }
    : { runs: details.numRuns, ms };
  await send({ kind: 'property', target: target.name, property });
  if (property.failure === undefined && !job.skipGrowth) {
    const growth = target.growth.map((check) => measureGrowth(check, recorder));
    await send({ kind: 'growth', target: target.name, growth });
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as FuzzJob;
  const exported = createRequire(__filename)(job.targetsModule) as { targets?: unknown };
  const targets = exported.targets;
  if (!isFuzzTargetList(targets)) throw new Error(`${job.targetsModule} exports no \`targets\` list`);
  const recorder = new InputRecorder(openSync(job.recorderPath, 'r+'));
  for (const { name, seed } of job.targets) {
    const target = targets.find((candidate) => candidate.name === name);
    if (target === undefined) throw new Error(`${job.targetsModule} has no fuzz target named ${name}`);
    await runTarget(target, seed, job, recorder);
  }
  process.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(70);
});
