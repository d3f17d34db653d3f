/**
 * How long the CDK app takes to synthesize (what `npm run synth` and the template tests pay): building the
 * CLI bundle zip, constructing the stack, and synthesizing it with CDK's CloudFormation schema validation and
 * cdk-nag. The first synth of a process also starts CDK's validation engine; later ones do not (the tests
 * share one process). Needs the built CLI and bot: `npm run build -w shared -w bot`, then
 * `npx --no -- tsx bench/synth.bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCliBundle } from '../infra/src/cli-bundle';
import { createDevsecopsApp } from '../infra/src/devsecops-app';
import { repositoryPaths } from '../infra/src/repository-paths';
import { median } from './stats';

const ROUNDS = 4;

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'devsecops-synth-bench-'));
  try {
    const bundleTimes: number[] = [];
    let bundle = buildCliBundle(repositoryPaths().root, join(scratch, 'bundle'));
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      bundle = buildCliBundle(repositoryPaths().root, join(scratch, 'bundle'));
      bundleTimes.push(performance.now() - start);
    }
    console.log(`CLI bundle zip: median ${median(bundleTimes).toFixed(0)} ms over ${String(ROUNDS)} builds`);
    const construct: number[] = [];
    const synth: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      const { app } = await createDevsecopsApp({
        env: {},
        outdir: join(scratch, `out-${String(round)}`),
        cliBundle: bundle,
      });
      const built = performance.now();
      app.synth();
      const done = performance.now();
      construct.push(built - start);
      synth.push(done - built);
      console.log(
        `synth ${String(round + 1)}${round === 0 ? ' (first in the process)' : ''}: construct ${(built - start).toFixed(0)} ms · synth + validation ${(done - built).toFixed(0)} ms`,
      );
    }
    console.log(
      `later synths: median construct ${median(construct.slice(1)).toFixed(0)} ms · synth + validation ${median(synth.slice(1)).toFixed(0)} ms`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
