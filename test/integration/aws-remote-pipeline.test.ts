import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListPipelineExecutionsCommand, StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { runProcess, type ProcessResult } from '@devsecops/shared/process';
import { createCodePipelineClient, runRemotePipeline } from '@devsecops/shared/aws';
import type { RemotePipelineSettings } from '@devsecops/shared/aws';
import type { PipelineProgressEvent } from '@devsecops/shared/pipeline';
import { pipelineExitCode, type PipelineRunReport } from '@devsecops/shared/pipeline';
import {
  EMULATOR_ACCESS_KEY_ID,
  EMULATOR_SECRET_ACCESS_KEY,
  startAwsEmulator,
  type AwsEmulator,
} from '../aws-emulator/emulator';
import { FINDINGS_BUCKET } from '../aws-emulator/fixtures';
import { emulatorSettings, FAST_POLL, seedDemoCloud } from '../aws-emulator/testing';
import { cliBundle, removeCliBundle } from '../../shared/test/cli/cli-bundle';

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/** The report without what changes every run (times, build ids, temp paths). */
function stable(report: PipelineRunReport) {
  return report.stages.map((stage) => ({
    ...stage,
    actions: stage.actions.map(({ startedAt, endedAt, buildId, ...action }) => ({
      ...action,
      ran: startedAt !== null && endedAt !== null,
      build: buildId === undefined ? 'none' : buildId.split(':')[0],
    })),
  }));
}

describe('devsecops pipeline run --remote (runRemotePipeline) against the emulator', function () {
  this.timeout(120_000);
  let emulator: AwsEmulator;
  let checkout: string;
  let commit: string;
  let settings: RemotePipelineSettings;

  after(removeCliBundle);

  beforeEach(async () => {
    emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET] });
    ({ commit } = await seedDemoCloud(emulator));
    // The user's checkout is a clone of the CodeCommit repository: same commit ids.
    checkout = path.join(await mkdtemp(path.join(os.tmpdir(), 'remote-run-')), 'todo-app');
    const gitDir = emulator.codecommit.gitRepository('todo-app')?.gitDir ?? '';
    const clone = await runProcess({ command: 'git', args: ['clone', '--quiet', gitDir, checkout] });
    assert.equal(clone.exitCode, 0, clone.stderr);
    settings = {
      client: emulatorSettings(emulator),
      s3Endpoint: emulator.s3Endpoint,
      pipelineName: 'devsecops',
      findingsBucket: FINDINGS_BUCKET,
      repository: 'todo-app',
    };
  });

  afterEach(async () => {
    await emulator.close();
    await rm(path.dirname(checkout), { recursive: true, force: true });
  });

  it('runs the cloud pipeline at HEAD with the local progress events, and brings the findings home', async () => {
    const events: PipelineProgressEvent[] = [];
    const report = await runRemotePipeline({
      root: checkout,
      continueOnFailure: false,
      signal: new AbortController().signal,
      onProgress: (event) => events.push(event),
      settings,
      schedule: FAST_POLL,
    });
    assert.equal(report.runner, 'aws');
    assert.equal(report.source, `codecommit://todo-app@${commit}`);
    assert.equal(report.cancelled, false);
    assert.equal(pipelineExitCode(report), 0);
    assert.deepEqual(stable(report), [
      {
        name: 'Source',
        status: 'succeeded',
        actions: [{ name: 'Source', status: 'succeeded', findings: 0, reportFiles: [], ran: true, build: 'none' }],
      },
      {
        name: 'application-validation',
        status: 'succeeded',
        actions: [
          {
            name: 'sca',
            status: 'succeeded',
            findings: 1,
            gate: 'passed',
            reportFiles: ['sca.sarif'],
            ran: true,
            build: 'devsecops-stage',
          },
          {
            name: 'sast',
            status: 'succeeded',
            findings: 1,
            gate: 'passed',
            reportFiles: ['sast.sarif'],
            ran: true,
            build: 'devsecops-stage',
          },
        ],
      },
      {
        name: 'dockerfile-validation',
        status: 'succeeded',
        actions: [
          {
            name: 'hadolint',
            status: 'succeeded',
            findings: 0,
            gate: 'passed',
            reportFiles: ['hadolint.sarif'],
            ran: true,
            build: 'devsecops-stage',
          },
        ],
      },
    ]);
    // Each stage and action starts before it ends, stages in order, exactly once each.
    const lifecycle = events
      .filter((e) => e.type !== 'action-log' && e.type !== 'pipeline-ended')
      .map((e) => ('action' in e ? `${e.type} ${e.action}` : `${e.type} ${e.stage}`));
    for (const name of [
      'stage Source',
      'stage application-validation',
      'stage dockerfile-validation',
      'action sca',
      'action sast',
      'action hadolint',
    ]) {
      const [kind, what] = name.split(' ');
      const start = lifecycle.indexOf(`${kind}-started ${what}`);
      const end = lifecycle.indexOf(`${kind}-ended ${what}`);
      assert.ok(start >= 0 && end > start, `${name}: ${lifecycle.join(', ')}`);
      assert.equal(lifecycle.filter((l) => l === `${kind}-ended ${what}`).length, 1);
    }
    assert.ok(
      lifecycle.indexOf('stage-ended application-validation') <
        lifecycle.indexOf('stage-started dockerfile-validation'),
    );
    const sastEnded = events.find((e) => e.type === 'action-ended' && e.action === 'sast');
    assert.equal(sastEnded?.type === 'action-ended' ? sastEnded.findings : -1, 1);
    assert.deepEqual(events.at(-1), { type: 'pipeline-ended', report });
    const written = JSON.parse(
      await readFile(path.join(checkout, 'reports', 'pipeline-run.json'), 'utf8'),
    ) as PipelineRunReport;
    assert.deepEqual(written, report);
    assert.ok(existsSync(path.join(checkout, 'reports', 'sast.sarif')));
    assert.ok(existsSync(path.join(checkout, 'reports', 'summary.md')));
  });

  it('builds with CodeBuild alone when no pipeline is configured', async () => {
    const report = await runRemotePipeline({
      root: checkout,
      continueOnFailure: false,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      settings: {
        client: settings.client,
        s3Endpoint: emulator.s3Endpoint,
        findingsBucket: FINDINGS_BUCKET,
        repository: 'todo-app',
        codebuildProject: 'devsecops-stage',
      },
      schedule: FAST_POLL,
    });
    assert.deepEqual(stable(report), [
      {
        name: 'build',
        status: 'succeeded',
        actions: [
          {
            name: 'devsecops-stage',
            status: 'succeeded',
            findings: 1,
            gate: 'passed',
            reportFiles: ['scan.sarif'],
            ran: true,
            build: 'devsecops-stage',
          },
        ],
      },
    ]);
    assert.ok(existsSync(path.join(checkout, 'reports', 'scan.sarif')));
  });

  it('stops the execution when cancelled and reports the rest as skipped', async () => {
    const controller = new AbortController();
    const report = await runRemotePipeline({
      root: checkout,
      continueOnFailure: false,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'stage-ended' && event.stage === 'Source') controller.abort();
      },
      settings,
      schedule: FAST_POLL,
    });
    assert.equal(report.cancelled, true);
    assert.equal(pipelineExitCode(report), 2);
    assert.equal(report.stages.at(-1)?.status, 'skipped');
    assert.equal(report.stages.at(-1)?.reason, 'cancelled');
    const codepipeline = createCodePipelineClient(emulatorSettings(emulator));
    const { pipelineExecutionSummaries } = await codepipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'devsecops' }),
    );
    codepipeline.destroy();
    await emulator.codepipeline.settle();
    assert.deepEqual(
      pipelineExecutionSummaries?.map((e) => e.stopTrigger?.reason),
      ['Cancelled from devsecops pipeline run --remote'],
    );
  });

  /** Stops every execution of the demo pipeline, as someone in the console would. */
  async function stopFromConsole(codepipeline: CodePipelineClient): Promise<void> {
    const { pipelineExecutionSummaries } = await codepipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'devsecops' }),
    );
    for (const execution of pipelineExecutionSummaries ?? []) {
      await codepipeline.send(
        new StopPipelineExecutionCommand({
          pipelineName: 'devsecops',
          pipelineExecutionId: execution.pipelineExecutionId,
          reason: 'Stopped from the console',
        }),
      );
    }
  }

  it('an execution someone else stops after its first stage passed is cancelled, never passed', async () => {
    const codepipeline = createCodePipelineClient(emulatorSettings(emulator));
    let stopping: Promise<void> | undefined;
    try {
      const report = await runRemotePipeline({
        root: checkout,
        continueOnFailure: false,
        signal: new AbortController().signal,
        onProgress: (event) => {
          if (event.type === 'stage-ended' && event.stage === 'Source') stopping ??= stopFromConsole(codepipeline);
        },
        settings,
        schedule: FAST_POLL,
      });
      await stopping;
      // The stage that was running when the stop came ends with its actions passed: only the execution says Stopped.
      assert.deepEqual(
        [report.cancelled, pipelineExitCode(report), report.stages.at(-1)?.status, report.stages.at(-1)?.reason],
        [true, 2, 'skipped', 'cancelled'],
      );
    } finally {
      codepipeline.destroy();
      await emulator.codepipeline.settle();
    }
  });

  /**
   * Runs the shipped CLI bundle's `pipeline run --remote` (it loads its AWS part from a separate file), with
   * `endpoints`; `cli` is shared's own build unless another bundle of the CLI is named.
   */
  async function runBundledRemote(endpoints: Readonly<Record<string, string>>, cli?: string) {
    cli ??= await cliBundle();
    return runProcess({
      command: process.execPath,
      args: [cli, 'pipeline', 'run', checkout, '--remote'],
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: path.dirname(checkout),
        AWS_ACCESS_KEY_ID: EMULATOR_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
        AWS_REGION: emulator.region,
        ...endpoints,
        DEVSECOPS_AWS_PIPELINE: 'devsecops',
        DEVSECOPS_FINDINGS_BUCKET: FINDINGS_BUCKET,
      },
      timeoutMs: 60_000,
    });
  }

  /** The product's own endpoint variables, pointed at the emulator. */
  const devsecopsEndpoints = () => ({
    DEVSECOPS_AWS_ENDPOINT: emulator.endpoint,
    DEVSECOPS_AWS_S3_ENDPOINT: emulator.s3Endpoint,
  });

  /** The CLI ran the cloud pipeline to the end and brought home the demo's one SCA finding. */
  function assertRanRemotely(result: ProcessResult): void {
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /application-validation +sca passed \(1 finding/);
  }

  it('works from the bundled devsecops CLI, configured by environment variables, without SDK warnings on stderr', async () => {
    const result = await runBundledRemote(devsecopsEndpoints());
    assertRanRemotely(result);
    assert.match(result.stderr, /stage dockerfile-validation: succeeded/);
    assert.doesNotMatch(result.stderr, /NodeVersionSupportWarning|Warning/);
  });

  it("works from the extension's copy of the CLI, whose AWS part is the extension's one bundle with the AWS SDK", async () => {
    // Built by `npm run build` (npm test builds before the suites), as the .vsix ships it.
    const cli = path.join(REPOSITORY_ROOT, 'extension', 'dist', 'cli.js');
    assertRanRemotely(await runBundledRemote(devsecopsEndpoints(), cli));
  });

  it("takes the SDK's standard endpoint variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3 with path-style S3)", async () => {
    assertRanRemotely(
      await runBundledRemote({ AWS_ENDPOINT_URL: emulator.endpoint, AWS_ENDPOINT_URL_S3: emulator.s3Endpoint }),
    );
  });
});
