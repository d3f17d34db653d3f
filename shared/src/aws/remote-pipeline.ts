import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { actionFindingsOfSarif, withGateFailures } from '../pipeline/action-findings';
import { writePipelineHtmlReport } from '../pipeline/pipeline-html';
import path from 'node:path';
import { loadConfig } from '../config/load-config';
import { DEFAULT_CONFIG } from '../config/config';
import { isDevsecopsError } from '../errors/devsecops-error';
import { meetsThreshold, type GateThreshold } from '../findings/severity';
import { describeIncompleteness, incompletenessOf } from '../policy/completeness';
import { runProcess as defaultRunProcess, type ProcessRunner } from '../process/process-runner';
import type { PipelineProgressEvent, ProgressListener } from '../pipeline/progress';
import { combinedStatus, renderPipelineSummaryMarkdown } from '../pipeline/run-report';
import type {
  PipelineActionReport,
  PipelineRunReport,
  PipelineStageReport,
  PipelineStatus,
} from '../reporters/pipeline-run-report';
import { RUN_MANIFEST_NAME, sarifReportName } from '../sarif/report-layout';
import type { PollSchedule } from './backoff-polling';
import {
  AwsPipelineClient,
  type ActionSnapshot,
  type BuildSnapshot,
  type PipelineSnapshot,
  type StoredFindings,
} from './pipeline-client';
import { remoteSettingsFromEnvironment, type RemotePipelineSettings } from './remote-settings';
import { executionVerdict, type ExecutionVerdict } from './execution-verdict';

/** What `devsecops pipeline run --remote` passes (the same options as the local runner), plus test seams. */
export interface RemotePipelineOptions {
  /** The repository checkout; its HEAD commit is the one the cloud pipeline runs on. */
  readonly root: string;
  readonly failOn?: GateThreshold;
  /** Recorded in the report; the cloud pipeline's own stage transitions decide what runs. */
  readonly continueOnFailure: boolean;
  /** Where the SARIF files, `pipeline-run.json` and `summary.md` go; default `<root>/reports`. */
  readonly reportsDir?: string;
  readonly signal: AbortSignal;
  readonly onProgress: ProgressListener;
  /** Default: read from the environment (see `remoteSettingsFromEnvironment`). */
  readonly settings?: RemotePipelineSettings;
  /** Environment to read settings from; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Polling schedule; default 2 s growing to 15 s. */
  readonly schedule?: PollSchedule;
  readonly runProcess?: ProcessRunner;
}

const TERMINAL_ACTION = new Set(['Succeeded', 'Failed', 'Abandoned']);
const TERMINAL_STAGE = new Set(['Succeeded', 'Failed', 'Stopped', 'Cancelled']);

function statusOf(cloudStatus: string | undefined): PipelineStatus {
  if (cloudStatus === undefined) return 'skipped';
  return cloudStatus === 'Succeeded' || cloudStatus === 'SUCCEEDED' ? 'succeeded' : 'failed';
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** The commit checked out at `root`, when it is a git work tree. */
async function headCommit(root: string, run: ProcessRunner): Promise<string | undefined> {
  const result = await run({
    command: 'git',
    args: ['-C', root, 'rev-parse', '--verify', 'HEAD^{commit}'],
    timeoutMs: 10_000,
  });
  const commit = result.stdout.trim();
  return result.exitCode === 0 && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}

/**
 * Turns successive pipeline snapshots into the same progress events the local runner
 * emits: stage-started/ended and action-started/ended, each exactly once.
 */
class SnapshotProgress {
  private readonly started = new Set<string>();
  private readonly ended = new Set<string>();

  constructor(
    private readonly emit: ProgressListener,
    private readonly findingsOf: (action: string) => Promise<number>,
  ) {}

  async update(snapshot: PipelineSnapshot): Promise<void> {
    for (const stage of snapshot.stages) {
      if (stage.status !== undefined && !this.once(`stage:${stage.name}`, this.started))
        this.emit({ type: 'stage-started', stage: stage.name, actions: stage.actions.map((a) => a.name) });
      for (const action of stage.actions) await this.updateAction(stage.name, action);
      if (
        stage.status !== undefined &&
        TERMINAL_STAGE.has(stage.status) &&
        !this.once(`stage:${stage.name}`, this.ended)
      )
        this.emit({ type: 'stage-ended', stage: stage.name, status: statusOf(stage.status) });
    }
  }

  private async updateAction(stage: string, action: ActionSnapshot): Promise<void> {
    const key = `action:${stage}/${action.name}`;
    if (action.status !== undefined && !this.once(key, this.started))
      this.emit({ type: 'action-started', stage, action: action.name });
    if (action.status !== undefined && TERMINAL_ACTION.has(action.status) && !this.once(key, this.ended)) {
      const status = statusOf(action.status);
      this.emit({
        type: 'action-ended',
        stage,
        action: action.name,
        status,
        findings: await this.findingsOf(action.name),
        durationMs: Math.max(0, (action.lastUpdateTimeMs ?? 0) - (action.startTimeMs ?? 0)),
        ...(status === 'failed' && action.summary !== undefined ? { reason: action.summary } : {}),
      });
    }
  }

  /** True when `key` was already in `set`; adds it. */
  private once(key: string, set: Set<string>): boolean {
    if (set.has(key)) return true;
    set.add(key);
    return false;
  }

  /** Emits what never ended (cancelled or skipped) so views can close every row. */
  finish(stages: readonly PipelineStageReport[]): void {
    for (const stage of stages) {
      if (this.ended.has(`stage:${stage.name}`)) continue;
      for (const action of stage.actions) {
        const key = `action:${stage.name}/${action.name}`;
        if (this.started.has(key) && !this.ended.has(key))
          this.emit({
            type: 'action-ended',
            stage: stage.name,
            action: action.name,
            status: action.status,
            findings: action.findings,
            durationMs: 0,
            ...(action.reason === undefined ? {} : { reason: action.reason }),
          });
      }
      this.emit({
        type: 'stage-ended',
        stage: stage.name,
        status: stage.status,
        ...(stage.reason === undefined ? {} : { reason: stage.reason }),
        ...(this.started.has(`stage:${stage.name}`) ? {} : { actions: stage.actions.map((a) => a.name) }),
      });
    }
  }
}

/** What following a cloud run needs, whichever kind it is. */
interface FollowContext {
  readonly client: AwsPipelineClient;
  readonly settings: RemotePipelineSettings;
  /** HEAD of the checkout: the run's commit until AWS says which one it resolved. */
  readonly localCommit: string | undefined;
  readonly options: RemotePipelineOptions;
  readonly emit: ProgressListener;
}

/**
 * One cloud run (an execution or a build) followed to its end: the latest snapshot (read while the run goes on,
 * to count the findings of the commit it runs on), the progress events it gave, and whether the user cancelled it.
 */
class FollowedRun<Snapshot> {
  latest: Snapshot | undefined;
  cancelled = false;
  /** The run's progress events, with the findings counted at the commit the run is on. */
  readonly progress: SnapshotProgress;

  constructor(
    context: FollowContext,
    private readonly commitOf: (snapshot: Snapshot) => string | undefined,
  ) {
    this.progress = new SnapshotProgress(
      context.emit,
      findingCounter(context.client, context.settings, () => this.commit ?? context.localCommit),
    );
  }

  /** The commit AWS resolved the run to, once a snapshot has said it. */
  get commit(): string | undefined {
    return this.latest === undefined ? undefined : this.commitOf(this.latest);
  }

  /**
   * Follows the run until it ends. Each snapshot is shown once the one before it has been (showing may read
   * S3). A cancel stops the run in AWS too (`stop`), and is recorded here rather than raised.
   */
  async follow(
    poll: (onSnapshot: (snapshot: Snapshot) => void) => Promise<Snapshot>,
    show: (snapshot: Snapshot) => Promise<void>,
    stop: () => Promise<void>,
  ): Promise<void> {
    let updates = Promise.resolve();
    try {
      this.latest = await poll((snapshot) => {
        this.latest = snapshot;
        updates = updates.then(() => show(snapshot));
      });
    } catch (error) {
      if (!(isDevsecopsError(error) && error.code === 'CANCELLED')) throw error;
      this.cancelled = true;
      await stop();
    }
    await updates;
  }
}

/**
 * Runs the pipeline in AWS: starts the CodePipeline execution (or a CodeBuild build) at
 * the checkout's HEAD commit, follows it with the local run's progress events, then
 * downloads the SARIF findings from S3 into the reports folder and writes the same
 * `pipeline-run.json` and `summary.md` as a local run.
 */
export async function runRemotePipeline(options: RemotePipelineOptions): Promise<PipelineRunReport> {
  const root = path.resolve(options.root);
  const settings = options.settings ?? remoteSettingsFromEnvironment(options.env ?? process.env, root);
  const reportsDir = path.resolve(options.reportsDir ?? path.join(root, 'reports'));
  const run = options.runProcess ?? defaultRunProcess;
  const config = await loadConfig(root).catch(() => DEFAULT_CONFIG);
  const gate = { failOn: options.failOn ?? config.gate.failOn, scope: config.gate.scope ?? 'new' } as const;
  const threshold = gate.failOn;
  const startedAt = new Date().toISOString();
  const localCommit = await headCommit(root, run);
  const client = AwsPipelineClient.fromSettings(
    settings.client,
    settings.s3Endpoint === undefined ? {} : { endpoint: settings.s3Endpoint },
  );
  const emit = (event: PipelineProgressEvent): void => options.onProgress(event);
  let cancelled = false;
  try {
    const context: FollowContext = { client, settings, localCommit, options, emit };
    const outcome =
      settings.pipelineName !== undefined
        ? await followPipelineRun(context, settings.pipelineName)
        : await followBuildRun(context, settings.codebuildProject ?? '');
    cancelled = outcome.run.cancelled || outcome.verdict.cancelled;
    const commit = outcome.run.commit ?? localCommit;
    const stored =
      commit === undefined
        ? []
        : await client.loadFindings({ bucket: settings.findingsBucket, repository: settings.repository, commit, root });
    await mkdir(reportsDir, { recursive: true });
    for (const file of stored) await writeFile(path.join(reportsDir, sarifReportName(file.stage)), file.sarif);
    const findings = stored.flatMap((file) => actionFindingsOfSarif(file.stage, file.sarif, gate) ?? []);
    const stages = outcome.stages(stored, threshold, cancelled).map((stage) => ({
      ...stage,
      actions: stage.actions.map((action) =>
        withGateFailures(
          action,
          findings.find((entry) => entry.action === action.name),
        ),
      ),
    }));
    outcome.run.progress.finish(stages);
    const report: PipelineRunReport = {
      runner: 'aws',
      source: `codecommit://${settings.repository}@${commit ?? 'unknown'}`,
      startedAt,
      endedAt: new Date().toISOString(),
      failOn: options.failOn ?? null,
      continueOnFailure: options.continueOnFailure,
      cancelled,
      ...(outcome.verdict.runFailure === undefined ? {} : { runFailure: outcome.verdict.runFailure }),
      reportsDir,
      gate,
      stages,
    };
    await writeFile(path.join(reportsDir, RUN_MANIFEST_NAME), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(path.join(reportsDir, 'summary.md'), renderPipelineSummaryMarkdown(report));
    await writePipelineHtmlReport(report, findings, root, path.join(reportsDir, 'index.html'));
    emit({ type: 'pipeline-ended', report });
    return report;
  } finally {
    client.destroy();
  }
}

interface RunOutcome {
  /** The run as followed to its end: whether it was cancelled, the commit AWS resolved, its progress. */
  readonly run: Pick<FollowedRun<unknown>, 'cancelled' | 'commit' | 'progress'>;
  /** What the cloud run's own end status says, whatever its stages read. */
  readonly verdict: ExecutionVerdict;
  readonly stages: (
    stored: readonly StoredFindings[],
    threshold: GateThreshold,
    cancelled: boolean,
  ) => PipelineStageReport[];
}

function findingCounter(client: AwsPipelineClient, settings: RemotePipelineSettings, commit: () => string | undefined) {
  return async (action: string): Promise<number> => {
    const at = commit();
    if (at === undefined) return 0;
    try {
      const stored = await client.loadFindings({
        bucket: settings.findingsBucket,
        repository: settings.repository,
        commit: at,
      });
      return stored.find((s) => s.stage === action)?.findings.length ?? 0;
    } catch {
      // The count is progress decoration; the final report loads findings again and reports failures.
      return 0;
    }
  };
}

/** An action's report from its last snapshot (which ended it at its last update) and its SARIF files. */
function actionReport(
  action: ActionSnapshot,
  files: readonly StoredFindings[],
  threshold: GateThreshold,
  skippedReason: string | undefined,
): PipelineActionReport {
  const findings = files.flatMap((file) => file.findings);
  const incompleteness = incompletenessOf(files.flatMap((file) => file.tools));
  // An incomplete report fails the action whatever the build said: it is never a pass, nor a gate failure.
  const status = incompleteness === undefined ? statusOf(action.status) : 'failed';
  const gateReached = findings.some((f) => meetsThreshold(f.severity, threshold));
  const gate =
    files.length === 0
      ? undefined
      : incompleteness !== undefined
        ? 'incomplete'
        : status === 'succeeded'
          ? 'passed'
          : gateReached
            ? 'failed'
            : undefined;
  const reason =
    incompleteness !== undefined
      ? `incomplete: ${describeIncompleteness(incompleteness)}`
      : status === 'skipped'
        ? skippedReason
        : status === 'failed'
          ? action.summary
          : undefined;
  return {
    name: action.name,
    status,
    startedAt: status === 'skipped' ? null : iso(action.startTimeMs),
    endedAt: status === 'skipped' ? null : iso(action.lastUpdateTimeMs),
    findings: findings.length,
    ...(reason === undefined ? {} : { reason }),
    ...(gate === undefined ? {} : { gate }),
    ...(incompleteness === undefined || incompleteness.unscanned.length === 0
      ? {}
      : { unscanned: incompleteness.unscanned }),
    reportFiles: files.map((file) => sarifReportName(file.stage)),
    ...(action.buildId === undefined ? {} : { buildId: action.buildId }),
  };
}

async function followPipelineRun(context: FollowContext, pipelineName: string): Promise<RunOutcome> {
  const { client, localCommit, options } = context;
  const run = new FollowedRun<PipelineSnapshot>(context, (snapshot) => snapshot.commit);
  const executionId = await client.startPipeline({
    pipelineName,
    ...(localCommit === undefined ? {} : { commit: localCommit }),
    clientRequestToken: randomUUID(),
  });
  await run.follow(
    (onSnapshot) =>
      client.followPipeline(pipelineName, executionId, {
        signal: options.signal,
        ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
        onSnapshot,
      }),
    (snapshot) => run.progress.update(snapshot),
    () => client.stopPipeline(pipelineName, executionId, 'Cancelled from devsecops pipeline run --remote'),
  );
  const final = run.latest;
  return {
    run,
    verdict: final === undefined ? { cancelled: true } : executionVerdict(final),
    stages: (stored, threshold, wasCancelled) => {
      let earlierFailed = false;
      return (final?.stages ?? []).map((stage) => {
        const skippedReason = wasCancelled ? 'cancelled' : earlierFailed ? 'an earlier stage failed' : 'did not run';
        const actions = stage.actions.map((action) =>
          actionReport(
            action,
            stored.filter((file) => file.stage === action.name),
            threshold,
            skippedReason,
          ),
        );
        const status = combinedStatus(actions.map((a) => a.status));
        if (status === 'failed') earlierFailed = true;
        return { name: stage.name, status, ...(status === 'skipped' ? { reason: skippedReason } : {}), actions };
      });
    },
  };
}

async function followBuildRun(context: FollowContext, projectName: string): Promise<RunOutcome> {
  const { client, localCommit, options, emit } = context;
  const stageName = 'build';
  const run = new FollowedRun<BuildSnapshot>(context, (build) => build.resolvedSourceVersion);
  const buildId = await client.startBuild({
    projectName,
    ...(localCommit === undefined ? {} : { sourceVersion: localCommit }),
    idempotencyToken: randomUUID(),
  });
  const asPipeline = (build: BuildSnapshot): PipelineSnapshot => {
    const status =
      build.status === 'IN_PROGRESS' ? 'InProgress' : build.status === 'SUCCEEDED' ? 'Succeeded' : 'Failed';
    const message = build.phases.find((p) => p.message !== undefined)?.message;
    return {
      pipelineName: projectName,
      executionId: build.id,
      status,
      stages: [
        {
          name: stageName,
          status,
          actions: [
            {
              name: projectName,
              status,
              buildId: build.id,
              ...(build.startTimeMs === undefined ? {} : { startTimeMs: build.startTimeMs }),
              ...(build.endTimeMs === undefined ? {} : { lastUpdateTimeMs: build.endTimeMs }),
              ...(message === undefined ? {} : { summary: message }),
            },
          ],
        },
      ],
    };
  };
  let seenPhases = 0;
  await run.follow(
    (onSnapshot) =>
      client.followBuild(buildId, {
        signal: options.signal,
        ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
        onSnapshot,
      }),
    async (build) => {
      await run.progress.update(asPipeline({ ...build, status: 'IN_PROGRESS' }));
      for (const phase of build.phases.slice(seenPhases))
        emit({
          type: 'action-log',
          stage: stageName,
          action: projectName,
          line: `${phase.type} ${phase.status ?? ''}`.trim(),
        });
      seenPhases = build.phases.length;
      if (build.status !== 'IN_PROGRESS') await run.progress.update(asPipeline(build));
    },
    () => client.stopBuild(buildId),
  );
  const final = run.latest;
  return {
    run,
    // A lone build's status is its one action's, which the report already reads.
    verdict: { cancelled: false },
    stages: (stored, threshold, wasCancelled) => {
      const snapshot = final === undefined ? undefined : asPipeline(final);
      const action = snapshot?.stages[0]?.actions[0] ?? { name: projectName };
      const report = actionReport(
        wasCancelled ? { ...action, status: 'Failed', summary: 'cancelled' } : action,
        // A lone build's SARIF files are all its own.
        stored,
        threshold,
        'cancelled',
      );
      return [{ name: stageName, status: report.status, actions: [report] }];
    },
  };
}
