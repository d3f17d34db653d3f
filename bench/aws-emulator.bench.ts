/**
 * How fast the AWS emulator answers through the real SDK v3 clients: sequential GetBranch
 * calls (JSON 1.1 front door + a git rev-parse), PutFile commits (git plumbing), and a
 * whole three-stage pipeline run (four real buildspec builds) followed by the findings
 * download. Prints numbers; asserts nothing. `npx --no -- tsx bench/aws-emulator.bench.ts`.
 */
import { GetBranchCommand, PutFileCommand } from '@aws-sdk/client-codecommit';
import { createCodeCommitClient, AwsPipelineClient } from '@devsecops/shared/aws';
import { startAwsEmulator } from '../test/aws-emulator/emulator';
import { FINDINGS_BUCKET } from '../test/aws-emulator/fixtures';
import { emulatorSettings, seedDemoCloud } from '../test/aws-emulator/testing';

const CALLS = 200;
const COMMITS = 30;
const PIPELINE_RUNS = 3;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(label: string, timesMs: number[]): void {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const total = timesMs.reduce((sum, t) => sum + t, 0);
  console.log(
    `${label}: n=${timesMs.length} mean ${(total / timesMs.length).toFixed(1)} ms, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, ${((1000 * timesMs.length) / total).toFixed(0)}/s`,
  );
}

async function main(): Promise<void> {
  const emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET] });
  const { commit } = await seedDemoCloud(emulator);
  const codecommit = createCodeCommitClient(emulatorSettings(emulator));
  const pipelines = AwsPipelineClient.fromSettings(emulatorSettings(emulator), { endpoint: emulator.s3Endpoint });
  try {
    const reads: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      await codecommit.send(new GetBranchCommand({ repositoryName: 'todo-app', branchName: 'main' }));
      reads.push(performance.now() - started);
    }
    summary('CodeCommit GetBranch (SDK round trip)', reads);

    const writes: number[] = [];
    let parent = commit;
    for (let i = 0; i < COMMITS; i++) {
      const started = performance.now();
      const put = await codecommit.send(
        new PutFileCommand({
          repositoryName: 'todo-app',
          branchName: 'main',
          parentCommitId: parent,
          filePath: `notes/${i}.txt`,
          fileContent: Buffer.from(`note ${i}\n`),
        }),
      );
      parent = String(put.commitId);
      writes.push(performance.now() - started);
    }
    summary('CodeCommit PutFile (one git commit each)', writes);

    const runs: number[] = [];
    for (let i = 0; i < PIPELINE_RUNS; i++) {
      const started = performance.now();
      const executionId = await pipelines.startPipeline({ pipelineName: 'devsecops', commit: parent });
      const end = await pipelines.followPipeline('devsecops', executionId, {
        schedule: { initialDelayMs: 50, maxDelayMs: 200 },
      });
      if (end.status !== 'Succeeded') throw new Error(`pipeline ${end.status}`);
      await pipelines.loadFindings({ bucket: FINDINGS_BUCKET, repository: 'todo-app', commit: parent });
      runs.push(performance.now() - started);
    }
    summary('Pipeline run, 3 stages / 4 builds, + findings download', runs);
  } finally {
    codecommit.destroy();
    pipelines.destroy();
    await emulator.close();
  }
}

void main();
