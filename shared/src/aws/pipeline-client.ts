import { randomUUID } from 'node:crypto';
import {
  BatchGetBuildsCommand,
  StartBuildCommand,
  StopBuildCommand,
  type Build,
  type CodeBuildClient,
} from '@aws-sdk/client-codebuild';
import {
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  paginateListActionExecutions,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type ActionExecutionDetail,
  type CodePipelineClient,
  type StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { S3Client } from '@aws-sdk/client-s3';
import { DevsecopsError, isDevsecopsError } from '../errors/devsecops-error';
import { importSarifReport, type ImportedSarifReport } from '../sarif/import-sarif';
import { findingsPrefix } from '../sarif/report-layout';
import { readStoredReports } from '../sarif/stored-reports';
import { s3ReportStore } from './s3-report-store';
import { pollUntil, type PollSchedule } from './backoff-polling';
import {
  createCodeBuildClient,
  createCodePipelineClient,
  createS3Client,
  type AwsClientSettings,
} from './client-factory';

/** A CodeBuild build as the pipeline client follows it. */
export interface BuildSnapshot {
  readonly id: string;
  /** `IN_PROGRESS`, `SUCCEEDED`, `FAILED`, `FAULT`, `TIMED_OUT`, `STOPPED`. */
  readonly status: string;
  /** The phase running now (`BUILD`, …), `COMPLETED` at the end. */
  readonly currentPhase: string;
  readonly phases: readonly {
    readonly type: string;
    readonly status?: string;
    /** Whole seconds, as CodeBuild reports. */
    readonly durationSeconds?: number;
    /** CodeBuild's explanation when the phase failed. */
    readonly message?: string;
  }[];
  /** The commit the build checked out. */
  readonly resolvedSourceVersion?: string;
  /** `env.exported-variables` with their values. */
  readonly exportedVariables: Readonly<Record<string, string>>;
  /** Start and end, epoch milliseconds. */
  readonly startTimeMs?: number;
  readonly endTimeMs?: number;
}

/** One action of a pipeline execution. */
export interface ActionSnapshot {
  readonly name: string;
  /** Undefined until the action has started; then CodePipeline's `InProgress`, `Succeeded`, `Failed`, `Abandoned`. */
  readonly status?: string;
  /** Epoch milliseconds. */
  readonly startTimeMs?: number;
  readonly lastUpdateTimeMs?: number;
  /** The CodeBuild build id for build actions. */
  readonly buildId?: string;
  /** CodePipeline's summary or error message. */
  readonly summary?: string;
}

/** One stage of a pipeline execution, in declaration order. */
export interface StageSnapshot {
  readonly name: string;
  /** Undefined until the stage has started; then `InProgress`, `Succeeded`, `Failed`, `Stopped`, … */
  readonly status?: string;
  readonly actions: readonly ActionSnapshot[];
}

/** What a pipeline execution looks like at one poll. */
export interface PipelineSnapshot {
  readonly pipelineName: string;
  readonly executionId: string;
  /** `InProgress`, `Stopping`, `Stopped`, `Succeeded`, `Superseded`, `Failed`, `Cancelled`. */
  readonly status: string;
  readonly statusSummary?: string;
  /** The source commit of the execution (its first artifact revision). */
  readonly commit?: string;
  readonly stages: readonly StageSnapshot[];
}

/** One stage's SARIF file in the findings bucket, and its findings and tool runs as `importSarifReport` reads them. */
export interface StoredFindings extends Pick<ImportedSarifReport, 'findings' | 'tools'> {
  /** The SARIF file's base name without `.sarif` (the stage or action name). */
  readonly stage: string;
  /** Object key, `<repository>/<commit>/<stage>.sarif`. */
  readonly key: string;
  readonly sarif: string;
}

const TERMINAL_PIPELINE = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

/** The SDK's error name and message, for DevsecopsError messages. */
function awsFailure(what: string, error: unknown, fix: string): DevsecopsError {
  if (isDevsecopsError(error)) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new DevsecopsError('AWS', `${what} failed (${name}: ${message}). ${fix}`, { cause: error });
}

function epochMs(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime();
}

/**
 * Starts the cloud pipeline (or a single CodeBuild build) at a commit, follows it with
 * backoff polling, and loads its findings from S3. The SDK clients retry throttling and
 * 5xx themselves; every start carries an idempotency token so a retried start never
 * runs the pipeline twice.
 */
export class AwsPipelineClient {
  constructor(
    private readonly clients: {
      readonly codepipeline: CodePipelineClient;
      readonly codebuild: CodeBuildClient;
      readonly s3: S3Client;
    },
  ) {}

  /** Builds the three clients through the client factory; `s3` overrides settings for S3 (e.g. its own endpoint). */
  static fromSettings(settings: AwsClientSettings, s3?: Partial<AwsClientSettings>): AwsPipelineClient {
    return new AwsPipelineClient({
      codepipeline: createCodePipelineClient(settings),
      codebuild: createCodeBuildClient(settings),
      s3: createS3Client({ ...settings, ...s3 }),
    });
  }

  destroy(): void {
    this.clients.codepipeline.destroy();
    this.clients.codebuild.destroy();
    this.clients.s3.destroy();
  }

  /**
   * Starts an execution. With `commit`, every source action is pinned to it
   * (`sourceRevisions`, COMMIT_ID); otherwise the source branch's tip is used.
   * Returns the execution id.
   */
  async startPipeline(request: {
    pipelineName: string;
    commit?: string;
    variables?: Readonly<Record<string, string>>;
    clientRequestToken?: string;
  }): Promise<string> {
    try {
      const sourceActions = request.commit === undefined ? [] : await this.sourceActionNames(request.pipelineName);
      const variables = Object.entries(request.variables ?? {}).map(([name, value]) => ({ name, value }));
      const output = await this.clients.codepipeline.send(
        new StartPipelineExecutionCommand({
          name: request.pipelineName,
          clientRequestToken: request.clientRequestToken ?? randomUUID(),
          ...(sourceActions.length === 0
            ? {}
            : {
                sourceRevisions: sourceActions.map((actionName) => ({
                  actionName,
                  revisionType: 'COMMIT_ID' as const,
                  revisionValue: request.commit ?? '',
                })),
              }),
          ...(variables.length === 0 ? {} : { variables }),
        }),
      );
      if (output.pipelineExecutionId === undefined) throw new Error('no pipelineExecutionId in the answer');
      return output.pipelineExecutionId;
    } catch (error) {
      throw awsFailure(
        `Starting pipeline ${request.pipelineName}`,
        error,
        'Check the pipeline name, the region and that the commit is pushed to the source repository.',
      );
    }
  }

  private async sourceActionNames(pipelineName: string): Promise<string[]> {
    const { pipeline } = await this.clients.codepipeline.send(new GetPipelineCommand({ name: pipelineName }));
    return (pipeline?.stages?.[0]?.actions ?? [])
      .filter((action) => action.actionTypeId?.category === 'Source')
      .map((action) => action.name ?? '');
  }

  /** One look at an execution: status, stages and actions in declaration order. */
  async pipelineSnapshot(
    pipelineName: string,
    executionId: string,
    declared?: readonly StageDeclaration[],
  ): Promise<PipelineSnapshot> {
    const stages =
      declared ??
      (await this.clients.codepipeline.send(new GetPipelineCommand({ name: pipelineName }))).pipeline?.stages ??
      [];
    const { pipelineExecution } = await this.clients.codepipeline.send(
      new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId: executionId }),
    );
    const state = await this.clients.codepipeline.send(new GetPipelineStateCommand({ name: pipelineName }));
    const details: ActionExecutionDetail[] = [];
    for await (const page of paginateListActionExecutions(
      { client: this.clients.codepipeline },
      { pipelineName, filter: { pipelineExecutionId: executionId } },
    ))
      details.push(...(page.actionExecutionDetails ?? []));
    const stageStatus = new Map(
      (state.stageStates ?? [])
        .filter((s) => s.latestExecution?.pipelineExecutionId === executionId)
        .map((s) => [s.stageName ?? '', s.latestExecution?.status]),
    );
    const commit = pipelineExecution?.artifactRevisions?.[0]?.revisionId;
    const summary = pipelineExecution?.statusSummary;
    return {
      pipelineName,
      executionId,
      status: pipelineExecution?.status ?? 'InProgress',
      ...(summary === undefined ? {} : { statusSummary: summary }),
      ...(commit === undefined ? {} : { commit }),
      stages: stages.map((stage) => {
        const stageName = stage.name ?? '';
        const status = stageStatus.get(stageName);
        return {
          name: stageName,
          ...(status === undefined ? {} : { status }),
          actions: (stage.actions ?? []).map((action) => {
            // Newest first in the listing; the first match is the latest attempt.
            const run = details.find((d) => d.stageName === stageName && d.actionName === action.name);
            const result = run?.output?.executionResult;
            const started = epochMs(run?.startTime);
            const updated = epochMs(run?.lastUpdateTime);
            const buildId = action.actionTypeId?.provider === 'CodeBuild' ? result?.externalExecutionId : undefined;
            const actionSummary = result?.externalExecutionSummary;
            return {
              name: action.name ?? '',
              ...(run?.status === undefined ? {} : { status: run.status }),
              ...(started === undefined ? {} : { startTimeMs: started }),
              ...(updated === undefined ? {} : { lastUpdateTimeMs: updated }),
              ...(buildId === undefined ? {} : { buildId }),
              ...(actionSummary === undefined ? {} : { summary: actionSummary }),
            };
          }),
        };
      }),
    };
  }

  /** Polls an execution until it ends; `onSnapshot` sees every poll. Cancelling stops following (not the execution). */
  async followPipeline(
    pipelineName: string,
    executionId: string,
    options: { signal?: AbortSignal; schedule?: PollSchedule; onSnapshot?: (snapshot: PipelineSnapshot) => void } = {},
  ): Promise<PipelineSnapshot> {
    try {
      const { pipeline } = await this.clients.codepipeline.send(new GetPipelineCommand({ name: pipelineName }));
      const stages = pipeline?.stages ?? [];
      return await pollUntil(
        () => this.pipelineSnapshot(pipelineName, executionId, stages),
        (snapshot) => TERMINAL_PIPELINE.has(snapshot.status),
        {
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
          ...(options.onSnapshot === undefined ? {} : { onValue: options.onSnapshot }),
        },
      );
    } catch (error) {
      throw awsFailure(
        `Following execution ${executionId} of ${pipelineName}`,
        error,
        'Check your network and AWS credentials, then look at the execution in the CodePipeline console.',
      );
    }
  }

  /** Stops an execution; `abandon` also stops running actions (used on cancel). */
  async stopPipeline(pipelineName: string, executionId: string, reason: string, abandon = true): Promise<void> {
    try {
      await this.clients.codepipeline.send(
        new StopPipelineExecutionCommand({ pipelineName, pipelineExecutionId: executionId, abandon, reason }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      // Already ended or already stopping: nothing left to stop.
      if (name === 'PipelineExecutionNotStoppableException' || name === 'DuplicatedStopRequestException') return;
      throw awsFailure(`Stopping execution ${executionId}`, error, 'Stop it in the CodePipeline console.');
    }
  }

  /** Starts one CodeBuild build (no pipeline); returns its id. */
  async startBuild(request: {
    projectName: string;
    sourceVersion?: string;
    environment?: Readonly<Record<string, string>>;
    buildspecOverride?: string;
    idempotencyToken?: string;
  }): Promise<string> {
    try {
      const output = await this.clients.codebuild.send(
        new StartBuildCommand({
          projectName: request.projectName,
          idempotencyToken: request.idempotencyToken ?? randomUUID(),
          ...(request.sourceVersion === undefined ? {} : { sourceVersion: request.sourceVersion }),
          ...(request.buildspecOverride === undefined ? {} : { buildspecOverride: request.buildspecOverride }),
          ...(request.environment === undefined
            ? {}
            : {
                environmentVariablesOverride: Object.entries(request.environment).map(([name, value]) => ({
                  name,
                  value,
                  type: 'PLAINTEXT' as const,
                })),
              }),
        }),
      );
      const id = output.build?.id;
      if (id === undefined) throw new Error('no build id in the answer');
      return id;
    } catch (error) {
      throw awsFailure(`Starting a build of ${request.projectName}`, error, 'Check the project name and the region.');
    }
  }

  async buildSnapshot(buildId: string): Promise<BuildSnapshot> {
    const { builds } = await this.clients.codebuild.send(new BatchGetBuildsCommand({ ids: [buildId] }));
    const build = builds?.[0];
    if (!build) throw new DevsecopsError('AWS', `Build ${buildId} was not found; check the region.`);
    return buildSnapshotOf(build);
  }

  async followBuild(
    buildId: string,
    options: { signal?: AbortSignal; schedule?: PollSchedule; onSnapshot?: (snapshot: BuildSnapshot) => void } = {},
  ): Promise<BuildSnapshot> {
    try {
      return await pollUntil(
        () => this.buildSnapshot(buildId),
        (snapshot) => snapshot.status !== 'IN_PROGRESS',
        {
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
          ...(options.onSnapshot === undefined ? {} : { onValue: options.onSnapshot }),
        },
      );
    } catch (error) {
      throw awsFailure(
        `Following build ${buildId}`,
        error,
        'Check your network and AWS credentials, then look at the build in the CodeBuild console.',
      );
    }
  }

  async stopBuild(buildId: string): Promise<void> {
    try {
      await this.clients.codebuild.send(new StopBuildCommand({ id: buildId }));
    } catch (error) {
      throw awsFailure(`Stopping build ${buildId}`, error, 'Stop it in the CodeBuild console.');
    }
  }

  /**
   * Reads every `<repository>/<commit>/*.sarif` in the findings bucket into findings.
   * A result that carries our fingerprint keeps it; others are fingerprinted against
   * the files under `root` (the local checkout of that commit), when given.
   */
  async loadFindings(request: {
    bucket: string;
    repository: string;
    commit: string;
    root?: string;
  }): Promise<StoredFindings[]> {
    const prefix = findingsPrefix(request.repository, request.commit);
    try {
      const reports = await readStoredReports(s3ReportStore(this.clients.s3, request.bucket), request);
      // Findings of a report left unread are unknown: the run's results cannot be shown as if it had none.
      const [unread, ...moreUnread] = reports.unread;
      if (unread !== undefined) {
        const more = moreUnread.length > 0 ? ` (and ${String(moreUnread.length)} more)` : '';
        throw new DevsecopsError(
          'INPUT_INVALID',
          `The reports under s3://${request.bucket}/${prefix} cannot all be read: ${unread.reason}${more}. devsecops pipeline run writes nothing this large: check what else writes to the findings bucket.`,
        );
      }
      const stored: StoredFindings[] = [];
      for (const { key, action, text: sarif } of reports.sarif) {
        // Our fingerprints are kept, other results fingerprinted against the checkout, secrets masked.
        const { findings, tools } = importSarifReport(sarif, {
          sourceName: `s3://${request.bucket}/${key}`,
          ...(request.root === undefined ? {} : { root: request.root }),
        });
        stored.push({ stage: action, key, sarif, findings, tools });
      }
      return stored;
    } catch (error) {
      throw awsFailure(
        `Loading findings from s3://${request.bucket}/${prefix}`,
        error,
        'Check the findings bucket name and that your credentials may read it.',
      );
    }
  }
}

function buildSnapshotOf(build: Build): BuildSnapshot {
  const start = epochMs(build.startTime);
  const end = epochMs(build.endTime);
  return {
    id: build.id ?? '',
    status: build.buildStatus ?? 'IN_PROGRESS',
    currentPhase: build.currentPhase ?? 'SUBMITTED',
    phases: (build.phases ?? []).map((phase) => {
      const message = phase.contexts?.find((c) => c.message !== undefined && c.message !== '')?.message;
      return {
        type: phase.phaseType ?? '',
        ...(phase.phaseStatus === undefined ? {} : { status: phase.phaseStatus }),
        ...(phase.durationInSeconds === undefined ? {} : { durationSeconds: phase.durationInSeconds }),
        ...(message === undefined ? {} : { message }),
      };
    }),
    ...(build.resolvedSourceVersion === undefined ? {} : { resolvedSourceVersion: build.resolvedSourceVersion }),
    exportedVariables: Object.fromEntries(
      (build.exportedEnvironmentVariables ?? []).map((v) => [v.name ?? '', v.value ?? '']),
    ),
    ...(start === undefined ? {} : { startTimeMs: start }),
    ...(end === undefined ? {} : { endTimeMs: end }),
  };
}
