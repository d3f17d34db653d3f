/**
 * Runs the local pipeline on a copy of examples/todo-app a few times (default gate, then
 * --continue-on-failure) and prints each action's time, the SCA/SAST overlap and what running them one
 * after the other would have cost. Needs the built CLI: `npm run build -w shared`, then
 * `npx --no -- tsx bench/pipeline.bench.ts`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalPipeline } from '@devsecops/shared/pipeline';
import type { PipelineActionReport, PipelineRunReport } from '@devsecops/shared/pipeline';

const TODO_APP = join(__dirname, '..', 'examples', 'todo-app');
const RUNS = 3;

function seconds(action: PipelineActionReport | undefined): number {
  if (!action?.startedAt || !action.endedAt) return 0;
  return (Date.parse(action.endedAt) - Date.parse(action.startedAt)) / 1000;
}

function find(report: PipelineRunReport, name: string): PipelineActionReport | undefined {
  return report.stages.flatMap((stage) => stage.actions).find((action) => action.name === name);
}

function overlap(a: PipelineActionReport | undefined, b: PipelineActionReport | undefined): number {
  if (!a?.startedAt || !a.endedAt || !b?.startedAt || !b.endedAt) return 0;
  const start = Math.max(Date.parse(a.startedAt), Date.parse(b.startedAt));
  const end = Math.min(Date.parse(a.endedAt), Date.parse(b.endedAt));
  return Math.max(0, end - start) / 1000;
}

async function main(): Promise<void> {
  for (const continueOnFailure of [false, true]) {
    console.log(`\npipeline run examples/todo-app${continueOnFailure ? ' --continue-on-failure' : ''}`);
    for (let run = 1; run <= RUNS; run++) {
      const root = mkdtempSync(join(tmpdir(), 'devsecops-pipeline-bench-'));
      cpSync(TODO_APP, root, { recursive: true, filter: (path) => !path.slice(TODO_APP.length).includes('reports') });
      try {
        const report = await runLocalPipeline({ root, continueOnFailure });
        const total = (Date.parse(report.endedAt) - Date.parse(report.startedAt)) / 1000;
        const sca = find(report, 'sca');
        const sast = find(report, 'sast');
        const hadolint = seconds(find(report, 'hadolint'));
        console.log(
          `  run ${run}: total ${total.toFixed(2)} s · sca ${seconds(sca).toFixed(2)} s · sast ${seconds(sast).toFixed(2)} s` +
            ` · overlap ${overlap(sca, sast).toFixed(2)} s · sca+sast one after the other ${(seconds(sca) + seconds(sast)).toFixed(2)} s` +
            (continueOnFailure ? ` · hadolint ${hadolint.toFixed(2)} s` : ''),
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  }
}

void main();
