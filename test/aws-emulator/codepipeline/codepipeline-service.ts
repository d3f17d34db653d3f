import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client, type AwsClientSettings } from '@devsecops/shared/aws';
import type { CodeBuildService, PipelineArtifacts } from '../codebuild/codebuild-service';
import type { CodeCommitService } from '../codecommit/codecommit-service';
import type { GitIdentity } from '../codecommit/git-repository';
import { artifactKey, cloneReferenceArtifact, zipCommit, type ArtifactLocation } from './pipeline-artifacts';
import type { CallContext, ServiceHandler } from '../protocol/json-server';
import { clientError } from '../protocol/service-error';
import { loadServiceModel, type ServiceModel } from '../protocol/service-model';

type Input = Record<string, unknown>;

interface ActionDeclaration {
  readonly name: string;
  readonly actionTypeId: { category: string; owner: string; provider: string; version: string };
  readonly runOrder?: number;
  readonly configuration?: Record<string, string>;
  readonly inputArtifacts?: { name: string }[];
  readonly outputArtifacts?: { name: string }[];
  /** Where the action's output variables are published: `#{<namespace>.<Variable>}` in later actions. */
  readonly namespace?: string;
  readonly roleArn?: string;
}

interface StageDeclaration {
  readonly name: string;
  readonly actions: ActionDeclaration[];
}

interface PipelineDeclaration {
  readonly name: string;
  readonly roleArn: string;
  readonly artifactStore?: { type: string; location: string };
  readonly stages: StageDeclaration[];
  readonly version?: number;
  readonly pipelineType?: 'V1' | 'V2';
}

/** An artifact an execution has produced: where it is, and the source revision it carries. */
type ProducedArtifact = ArtifactLocation & { readonly revision: string };

interface PipelineState {
  declaration: PipelineDeclaration;
  readonly arn: string;
  readonly created: Date;
  updated: Date;
}

type ActionStatus = 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';
type ExecutionStatus = 'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Failed';

interface ActionExecutionState {
  readonly actionExecutionId: string;
  readonly pipelineExecutionId: string;
  readonly stageName: string;
  readonly actionName: string;
  readonly declaration: ActionDeclaration;
  readonly resolvedConfiguration: Record<string, string>;
  readonly startTime: Date;
  lastUpdateTime: Date;
  status: ActionStatus;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorDetails?: { code: string; message: string };
  outputVariables?: Record<string, string>;
  inputArtifacts?: readonly ArtifactLocation[];
  outputArtifacts?: readonly ArtifactLocation[];
}

interface SourceRevisionState {
  readonly actionName: string;
  readonly revisionId: string;
  readonly revisionSummary: string;
  readonly artifactName: string;
}

interface ExecutionState {
  readonly pipelineExecutionId: string;
  readonly pipelineName: string;
  readonly pipelineVersion: number;
  status: ExecutionStatus;
  statusSummary?: string;
  readonly startTime: Date;
  lastUpdateTime: Date;
  readonly sourceRevisions: SourceRevisionState[];
  readonly variables: Record<string, string>;
  readonly triggerDetail: string;
  stopReason?: string;
  abandon: boolean;
  /** Stage name → status, for GetPipelineState. */
  readonly stageStatus: Map<string, 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Cancelled'>;
  readonly actions: ActionExecutionState[];
  /** Artifacts produced so far, by name. */
  readonly artifacts: Map<string, ProducedArtifact>;
  /** Output variables of the actions that declare a namespace, by namespace. */
  readonly namespaces: Map<string, Readonly<Record<string, string>>>;
  done: Promise<void>;
}

/** An artifact's `s3location` in ListActionExecutions, when it was written. */
function s3LocationOf(location: ArtifactLocation | undefined): { s3location?: { bucket: string; key: string } } {
  return location === undefined ? {} : { s3location: { bucket: location.bucket, key: location.key } };
}

/** Read through a function: StopPipelineExecution changes the status while `run` awaits. */
function stopRequested(execution: ExecutionState): boolean {
  return execution.status === 'Stopping';
}

export interface CodePipelineOptions {
  readonly accountId: string;
  readonly region: string;
  readonly codecommit: CodeCommitService;
  readonly codebuild: CodeBuildService;
  /** The artifact stores' S3 (the emulator's s3rver). */
  readonly s3: AwsClientSettings;
}

/** `2026-12-02T10:00:00Z` from git's `1764669600 +0000`: the ISO-8601 dates of a source action's variables. */
function isoDate(identity: GitIdentity): string {
  const seconds = Number(identity.date.split(' ')[0]);
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : '';
}

/** `#{namespace.Variable}` references; `variables` is the pipeline-level namespace of StartPipelineExecution. */
const VARIABLE_REFERENCE = /#\{([A-Za-z0-9@\-_]+)\.([A-Za-z0-9@\-_]+)\}/g;

/**
 * CodePipeline that runs: a CodeCommit source action fixes the commit, then each
 * stage's CodeBuild actions run through the CodeBuild emulator, lower runOrder first,
 * equal runOrder in parallel; a stage runs only when the one before it succeeded.
 */
export class CodePipelineService implements ServiceHandler {
  readonly model: ServiceModel = loadServiceModel('codepipeline');
  private readonly pipelines = new Map<string, PipelineState>();
  private readonly executions = new Map<string, ExecutionState>();

  constructor(private readonly options: CodePipelineOptions) {}

  validationErrorName(): string {
    return 'ValidationException';
  }

  /** Waits for every execution to end (the emulator's close stops builds first). */
  async settle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((e) => e.done));
  }

  async handle(operation: string, input: Input, context: CallContext): Promise<unknown> {
    switch (operation) {
      case 'CreatePipeline':
        return { pipeline: this.createPipeline(input['pipeline'] as PipelineDeclaration) };
      case 'GetPipeline': {
        const pipeline = this.pipeline(input['name'] as string);
        return {
          pipeline: pipeline.declaration,
          metadata: { pipelineArn: pipeline.arn, created: pipeline.created, updated: pipeline.updated },
        };
      }
      case 'ListPipelines':
        return {
          pipelines: [...this.pipelines.values()]
            .sort((a, b) => a.declaration.name.localeCompare(b.declaration.name))
            .map((p) => ({
              name: p.declaration.name,
              version: p.declaration.version,
              created: p.created,
              updated: p.updated,
            })),
        };
      case 'DeletePipeline':
        this.pipelines.delete(input['name'] as string);
        return {};
      case 'StartPipelineExecution':
        return { pipelineExecutionId: (await this.start(input, context)).pipelineExecutionId };
      case 'GetPipelineExecution':
        return {
          pipelineExecution: this.executionView(
            this.execution(input['pipelineName'] as string, input['pipelineExecutionId'] as string),
          ),
        };
      case 'ListPipelineExecutions': {
        this.pipeline(input['pipelineName'] as string);
        return {
          pipelineExecutionSummaries: [...this.executions.values()]
            .filter((e) => e.pipelineName === input['pipelineName'])
            .reverse()
            .map((e) => ({
              pipelineExecutionId: e.pipelineExecutionId,
              status: e.status,
              startTime: e.startTime,
              lastUpdateTime: e.lastUpdateTime,
              sourceRevisions: e.sourceRevisions.map((r) => ({
                actionName: r.actionName,
                revisionId: r.revisionId,
                revisionSummary: r.revisionSummary,
              })),
              trigger: { triggerType: 'StartPipelineExecution', triggerDetail: e.triggerDetail },
              ...(e.stopReason === undefined ? {} : { stopTrigger: { reason: e.stopReason } }),
            })),
        };
      }
      case 'GetPipelineState':
        return this.state(input['name'] as string);
      case 'ListActionExecutions':
        return this.listActionExecutions(input);
      case 'StopPipelineExecution':
        return this.stop(input);
      default:
        throw clientError('ValidationException', `The emulator does not implement CodePipeline ${operation}.`);
    }
  }

  private createPipeline(declaration: PipelineDeclaration): PipelineDeclaration {
    if (this.pipelines.has(declaration.name))
      throw clientError('PipelineNameInUseException', `A pipeline named ${declaration.name} already exists.`);
    const { stages } = declaration;
    if (stages.length < 2) throw clientError('InvalidStructureException', 'A pipeline needs at least two stages.');
    const first = stages[0];
    if (!first || first.actions.some((a) => a.actionTypeId.category !== 'Source'))
      throw clientError('InvalidStructureException', 'The first stage may contain only source actions.');
    if (declaration.artifactStore === undefined)
      throw clientError('InvalidStructureException', 'A pipeline needs an artifact store (an S3 bucket).');
    const names = new Set<string>();
    const namespaces = new Set<string>();
    const produced = new Set<string>();
    for (const stage of stages) {
      const producedHere: string[] = [];
      if (names.has(stage.name))
        throw clientError('InvalidStageDeclarationException', `Stage name ${stage.name} is used twice.`);
      names.add(stage.name);
      if (stage.actions.length === 0)
        throw clientError('InvalidStageDeclarationException', `Stage ${stage.name} has no actions.`);
      for (const action of stage.actions) {
        const { category, provider } = action.actionTypeId;
        const supported =
          (category === 'Source' && provider === 'CodeCommit') ||
          ((category === 'Build' || category === 'Test') && provider === 'CodeBuild');
        if (!supported)
          throw clientError(
            'InvalidActionDeclarationException',
            `Action ${action.name}: the emulator runs CodeCommit source and CodeBuild build/test actions, not ${category}/${provider}.`,
          );
        const required = provider === 'CodeCommit' ? ['RepositoryName', 'BranchName'] : ['ProjectName'];
        for (const key of required)
          if (action.configuration?.[key] === undefined)
            throw clientError('InvalidActionDeclarationException', `Action ${action.name} needs configuration ${key}.`);
        if (category !== 'Source' && stage === first)
          throw clientError('InvalidStructureException', 'The first stage may contain only source actions.');
        if (action.namespace !== undefined) {
          if (namespaces.has(action.namespace) || action.namespace === 'variables')
            throw clientError(
              'InvalidActionDeclarationException',
              `Action ${action.name}: the namespace ${action.namespace} is already used in the pipeline.`,
            );
          namespaces.add(action.namespace);
        }
        for (const input of action.inputArtifacts ?? [])
          if (!produced.has(input.name))
            throw clientError(
              'InvalidStructureException',
              `Input Artifact Bundle ${input.name} in action ${action.name} is not declared in the output artifacts of preceding actions.`,
            );
        for (const output of action.outputArtifacts ?? []) {
          if (produced.has(output.name) || producedHere.includes(output.name))
            throw clientError(
              'InvalidStructureException',
              `Output Artifact Bundle name ${output.name} is used by more than one action.`,
            );
          producedHere.push(output.name);
        }
      }
      for (const name of producedHere) produced.add(name);
    }
    const now = new Date();
    const stored: PipelineDeclaration = { ...declaration, version: 1 };
    this.pipelines.set(declaration.name, {
      declaration: stored,
      arn: `arn:aws:codepipeline:${this.options.region}:${this.options.accountId}:${declaration.name}`,
      created: now,
      updated: now,
    });
    return stored;
  }

  private pipeline(name: string): PipelineState {
    const pipeline = this.pipelines.get(name);
    if (!pipeline)
      throw clientError(
        'PipelineNotFoundException',
        `The account with id '${this.options.accountId}' does not include a pipeline with the name '${name}'`,
      );
    return pipeline;
  }

  private execution(pipelineName: string, executionId: string): ExecutionState {
    this.pipeline(pipelineName);
    const execution = this.executions.get(executionId);
    if (!execution || execution.pipelineName !== pipelineName)
      throw clientError(
        'PipelineExecutionNotFoundException',
        `Pipeline execution ${executionId} does not exist in ${pipelineName}.`,
      );
    return execution;
  }

  private async start(input: Input, context: CallContext): Promise<ExecutionState> {
    const pipeline = this.pipeline(input['name'] as string);
    const declaration = pipeline.declaration;
    const overrides =
      (input['sourceRevisions'] as { actionName: string; revisionType: string; revisionValue: string }[] | undefined) ??
      [];
    const variables = Object.fromEntries(
      ((input['variables'] as { name: string; value: string }[] | undefined) ?? []).map((v) => [v.name, v.value]),
    );
    const sourceRevisions: SourceRevisionState[] = [];
    const sourceStage = declaration.stages[0];
    for (const override of overrides) {
      if (!sourceStage?.actions.some((a) => a.name === override.actionName))
        throw clientError(
          'ValidationException',
          `sourceRevisions names ${override.actionName}, which is not a source action of ${declaration.name}.`,
        );
      if (override.revisionType !== 'COMMIT_ID')
        throw clientError(
          'ValidationException',
          `A CodeCommit source takes revisionType COMMIT_ID, not ${override.revisionType}.`,
        );
    }
    for (const action of sourceStage?.actions ?? []) {
      const config = action.configuration ?? {};
      const git = this.options.codecommit.gitRepository(config['RepositoryName'] ?? '');
      const override = overrides.find((o) => o.actionName === action.name);
      const commit =
        git && (await git.resolveCommit(override?.revisionValue ?? `refs/heads/${config['BranchName'] ?? ''}`));
      if (!git || commit === undefined)
        throw clientError(
          'ValidationException',
          `Source action ${action.name}: ${override ? `commit ${override.revisionValue}` : `branch ${config['BranchName'] ?? ''}`} not found in ${config['RepositoryName'] ?? ''}.`,
        );
      const message = (await git.readCommit(commit)).message.split('\n')[0] ?? '';
      sourceRevisions.push({
        actionName: action.name,
        revisionId: commit,
        revisionSummary: message,
        artifactName: action.outputArtifacts?.[0]?.name ?? action.name,
      });
    }
    const now = new Date();
    const execution: ExecutionState = {
      pipelineExecutionId: randomUUID(),
      pipelineName: declaration.name,
      pipelineVersion: declaration.version ?? 1,
      status: 'InProgress',
      startTime: now,
      lastUpdateTime: now,
      sourceRevisions,
      variables,
      triggerDetail: context.callerArn,
      abandon: false,
      stageStatus: new Map(),
      actions: [],
      artifacts: new Map(),
      namespaces: new Map(),
      done: Promise.resolve(),
    };
    this.executions.set(execution.pipelineExecutionId, execution);
    execution.done = this.run(declaration, execution).catch((error: unknown) => {
      execution.status = 'Failed';
      execution.statusSummary = `Emulator fault: ${error instanceof Error ? error.message : String(error)}`;
    });
    return execution;
  }

  private async run(declaration: PipelineDeclaration, execution: ExecutionState): Promise<void> {
    for (const stage of declaration.stages) {
      if (execution.status === 'Stopping') {
        execution.status = 'Stopped';
        break;
      }
      execution.stageStatus.set(stage.name, 'InProgress');
      const orders = [...new Set(stage.actions.map((a) => a.runOrder ?? 1))].sort((a, b) => a - b);
      let failed = false;
      for (const order of orders) {
        const group = stage.actions.filter((a) => (a.runOrder ?? 1) === order);
        const results = await Promise.all(group.map((action) => this.runAction(stage, action, execution)));
        if (results.some((status) => status !== 'Succeeded')) {
          failed = true;
          break;
        }
        if (stopRequested(execution)) break;
      }
      execution.lastUpdateTime = new Date();
      if (stopRequested(execution)) {
        execution.stageStatus.set(stage.name, 'Stopped');
        execution.status = 'Stopped';
        break;
      }
      if (failed) {
        execution.stageStatus.set(stage.name, 'Failed');
        execution.status = 'Failed';
        execution.statusSummary = `Stage ${stage.name} failed.`;
        return;
      }
      execution.stageStatus.set(stage.name, 'Succeeded');
    }
    if (!stopRequested(execution) && execution.status === 'InProgress') execution.status = 'Succeeded';
    execution.lastUpdateTime = new Date();
  }

  /**
   * Resolves `#{variables.X}` (the execution's variables; an unknown one stays as written) and `#{namespace.X}` (an
   * earlier action's output variable). Returns the names it could not resolve in a namespace, which fail the action
   * as they fail it in CodePipeline.
   */
  private resolve(text: string, execution: ExecutionState, unresolved: string[]): string {
    return text.replace(VARIABLE_REFERENCE, (whole, namespace: string, name: string) => {
      if (namespace === 'variables') return execution.variables[name] ?? whole;
      const value = execution.namespaces.get(namespace)?.[name];
      if (value === undefined) {
        unresolved.push(`${namespace}.${name}`);
        return whole;
      }
      return value;
    });
  }

  private async runAction(
    stage: StageDeclaration,
    action: ActionDeclaration,
    execution: ExecutionState,
  ): Promise<ActionStatus> {
    const unresolved: string[] = [];
    const resolvedConfiguration = Object.fromEntries(
      Object.entries(action.configuration ?? {}).map(([k, v]) => [k, this.resolve(v, execution, unresolved)]),
    );
    const now = new Date();
    const state: ActionExecutionState = {
      actionExecutionId: randomUUID(),
      pipelineExecutionId: execution.pipelineExecutionId,
      stageName: stage.name,
      actionName: action.name,
      declaration: action,
      resolvedConfiguration,
      startTime: now,
      lastUpdateTime: now,
      status: 'InProgress',
    };
    execution.actions.push(state);
    const end = (status: ActionStatus, extra: Partial<ActionExecutionState> = {}): ActionStatus => {
      Object.assign(state, extra);
      state.status = status;
      state.lastUpdateTime = new Date();
      if (status === 'Succeeded' && action.namespace !== undefined)
        execution.namespaces.set(action.namespace, state.outputVariables ?? {});
      return status;
    };
    if (unresolved.length > 0)
      return end('Failed', {
        errorDetails: {
          code: 'JobFailed',
          message: `The action's configuration references variables that do not resolve: ${unresolved.join(', ')}.`,
        },
      });
    if (action.actionTypeId.category === 'Source') return this.runSourceAction(action, execution, state, end);
    const inputArtifact = action.inputArtifacts?.[0]?.name;
    const primaryName = resolvedConfiguration['PrimarySource'] ?? inputArtifact;
    const source =
      execution.sourceRevisions.find((r) => r.artifactName === primaryName) ?? execution.sourceRevisions[0];
    const input = primaryName === undefined ? undefined : execution.artifacts.get(primaryName);
    if (primaryName !== undefined && input === undefined)
      return end('Failed', {
        errorDetails: { code: 'JobFailed', message: `The input artifact ${primaryName} was not produced.` },
      });
    const store = this.pipeline(execution.pipelineName).declaration.artifactStore;
    const outputs: ArtifactLocation[] = (action.outputArtifacts ?? []).map((artifact) => ({
      name: artifact.name,
      bucket: store?.location ?? '',
      key: artifactKey(execution.pipelineName, artifact.name),
    }));
    const pipelineArtifacts: PipelineArtifacts = { ...(input === undefined ? {} : { input }), outputs };
    state.inputArtifacts = input === undefined ? [] : [input];
    let environment: { name: string; value: string; type?: string }[] = [];
    if (resolvedConfiguration['EnvironmentVariables'] !== undefined) {
      try {
        environment = JSON.parse(resolvedConfiguration['EnvironmentVariables']) as typeof environment;
      } catch {
        return end('Failed', {
          errorDetails: {
            code: 'JobFailed',
            message: 'EnvironmentVariables is not a JSON list of {name, value, type}.',
          },
        });
      }
    }
    let buildId: string;
    try {
      const build = this.options.codebuild.startBuild({
        projectName: resolvedConfiguration['ProjectName'] ?? '',
        ...(source === undefined ? {} : { sourceVersion: source.revisionId }),
        pipelineArtifacts,
        environmentVariablesOverride: environment,
        initiator: `codepipeline/${execution.pipelineName}`,
      });
      buildId = build.id;
    } catch (error) {
      return end('Failed', {
        errorDetails: { code: 'JobFailed', message: error instanceof Error ? error.message : String(error) },
      });
    }
    state.externalExecutionId = buildId;
    state.externalExecutionUrl = `https://console.aws.amazon.com/codebuild/home?region=${this.options.region}#/builds/${encodeURIComponent(buildId)}/view/new`;
    if (execution.abandon) this.options.codebuild.stopBuild(buildId);
    const build = (await this.options.codebuild.waitForBuild(buildId)) as {
      buildStatus: string;
      artifacts: { location?: string };
      exportedEnvironmentVariables: { name: string; value: string }[];
      phases: { phaseStatus?: string; contexts?: { message?: string }[] }[];
    };
    const outputVariables = Object.fromEntries(build.exportedEnvironmentVariables.map((v) => [v.name, v.value]));
    if (build.buildStatus === 'SUCCEEDED') {
      // A CODEPIPELINE project uploaded its artifact to the first output; a CodeCommit-source project writes none.
      const uploaded = build.artifacts.location;
      const written = outputs.filter((output) => uploaded === `arn:aws:s3:::${output.bucket}/${output.key}`);
      for (const output of written)
        execution.artifacts.set(output.name, { ...output, revision: input?.revision ?? source?.revisionId ?? '' });
      return end('Succeeded', { summary: `Build ${buildId} succeeded.`, outputVariables, outputArtifacts: written });
    }
    const message =
      build.phases.flatMap((p) => p.contexts ?? []).find((c) => c.message)?.message ?? `Build ${build.buildStatus}`;
    if (build.buildStatus === 'STOPPED')
      return end('Abandoned', { errorDetails: { code: 'JobFailed', message: 'Build stopped.' } });
    return end('Failed', {
      errorDetails: { code: 'JobFailed', message: `Build terminated with state: ${build.buildStatus}. ${message}` },
    });
  }

  /**
   * A CodeCommit source action: the commit the execution pinned, written to the artifact store in the action's
   * `OutputArtifactFormat` (a zip of its files, or a clone reference for CodeBuild), and the action's variables.
   */
  private async runSourceAction(
    action: ActionDeclaration,
    execution: ExecutionState,
    state: ActionExecutionState,
    end: (status: ActionStatus, extra?: Partial<ActionExecutionState>) => ActionStatus,
  ): Promise<ActionStatus> {
    const configuration = state.resolvedConfiguration;
    const revision = execution.sourceRevisions.find((r) => r.actionName === action.name);
    const repositoryName = configuration['RepositoryName'] ?? '';
    const branchName = configuration['BranchName'] ?? '';
    const git = this.options.codecommit.gitRepository(repositoryName);
    if (revision === undefined || git === undefined)
      return end('Failed', {
        errorDetails: { code: 'JobFailed', message: `The repository ${repositoryName} was not found.` },
      });
    const commit = await git.readCommit(revision.revisionId);
    const outputVariables = {
      AuthorDate: isoDate(commit.author),
      BranchName: branchName,
      CommitId: revision.revisionId,
      CommitMessage: commit.message.trimEnd(),
      CommitterDate: isoDate(commit.committer),
      RepositoryName: repositoryName,
    };
    const store = this.pipeline(execution.pipelineName).declaration.artifactStore;
    const written: ArtifactLocation[] = [];
    const s3 = createS3Client(this.options.s3);
    try {
      for (const output of action.outputArtifacts ?? []) {
        const location = {
          name: output.name,
          bucket: store?.location ?? '',
          key: artifactKey(execution.pipelineName, output.name),
        };
        const body =
          configuration['OutputArtifactFormat'] === 'CODEBUILD_CLONE_REF'
            ? cloneReferenceArtifact({ repositoryName, branchName, commitId: revision.revisionId })
            : await zipCommit(git, revision.revisionId);
        await s3.send(new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: body }));
        written.push(location);
        execution.artifacts.set(output.name, { ...location, revision: revision.revisionId });
      }
    } catch (error) {
      return end('Failed', {
        errorDetails: {
          code: 'JobFailed',
          message: `Could not write the source artifact to the artifact store ${store?.location ?? ''}: ${error instanceof Error ? error.message : String(error)}`,
        },
      });
    } finally {
      s3.destroy();
    }
    return end('Succeeded', {
      summary: revision.revisionSummary,
      externalExecutionId: revision.revisionId,
      outputVariables,
      outputArtifacts: written,
    });
  }

  private executionView(execution: ExecutionState): unknown {
    return {
      pipelineName: execution.pipelineName,
      pipelineVersion: execution.pipelineVersion,
      pipelineExecutionId: execution.pipelineExecutionId,
      status: execution.status,
      statusSummary: execution.statusSummary,
      artifactRevisions: execution.sourceRevisions.map((r) => ({
        name: r.artifactName,
        revisionId: r.revisionId,
        revisionChangeIdentifier: r.revisionId,
        revisionSummary: r.revisionSummary,
        created: execution.startTime,
      })),
    };
  }

  private state(name: string): unknown {
    const pipeline = this.pipeline(name);
    const latest = [...this.executions.values()].filter((e) => e.pipelineName === name);
    return {
      pipelineName: name,
      pipelineVersion: pipeline.declaration.version,
      created: pipeline.created,
      updated: pipeline.updated,
      stageStates: pipeline.declaration.stages.map((stage) => {
        const execution = [...latest].reverse().find((e) => e.stageStatus.has(stage.name));
        return {
          stageName: stage.name,
          inboundTransitionState: { enabled: true },
          ...(execution
            ? {
                latestExecution: {
                  pipelineExecutionId: execution.pipelineExecutionId,
                  status: execution.stageStatus.get(stage.name),
                },
              }
            : {}),
          actionStates: stage.actions.map((action) => {
            const run = execution
              ? [...execution.actions].reverse().find((a) => a.stageName === stage.name && a.actionName === action.name)
              : undefined;
            return {
              actionName: action.name,
              ...(run
                ? {
                    latestExecution: {
                      actionExecutionId: run.actionExecutionId,
                      status: run.status,
                      summary: run.summary,
                      lastStatusChange: run.lastUpdateTime,
                      externalExecutionId: run.externalExecutionId,
                      externalExecutionUrl: run.externalExecutionUrl,
                      errorDetails: run.errorDetails,
                    },
                  }
                : {}),
            };
          }),
        };
      }),
    };
  }

  private listActionExecutions(input: Input): unknown {
    const pipelineName = input['pipelineName'] as string;
    this.pipeline(pipelineName);
    const executionId = (input['filter'] as { pipelineExecutionId?: string } | undefined)?.pipelineExecutionId;
    if (executionId !== undefined) this.execution(pipelineName, executionId);
    const details = [...this.executions.values()]
      .filter(
        (e) => e.pipelineName === pipelineName && (executionId === undefined || e.pipelineExecutionId === executionId),
      )
      .flatMap((e) => e.actions.map((a) => ({ execution: e, action: a })))
      .reverse()
      .map(({ execution, action }) => ({
        pipelineExecutionId: execution.pipelineExecutionId,
        actionExecutionId: action.actionExecutionId,
        pipelineVersion: execution.pipelineVersion,
        stageName: action.stageName,
        actionName: action.actionName,
        startTime: action.startTime,
        lastUpdateTime: action.lastUpdateTime,
        status: action.status,
        input: {
          actionTypeId: action.declaration.actionTypeId,
          configuration: action.declaration.configuration,
          resolvedConfiguration: action.resolvedConfiguration,
          inputArtifacts: (action.declaration.inputArtifacts ?? []).map((a) => ({
            name: a.name,
            ...s3LocationOf(action.inputArtifacts?.find((location) => location.name === a.name)),
          })),
          ...(action.declaration.namespace === undefined ? {} : { namespace: action.declaration.namespace }),
        },
        output: {
          executionResult: {
            externalExecutionId: action.externalExecutionId,
            externalExecutionSummary: action.summary ?? action.errorDetails?.message,
            externalExecutionUrl: action.externalExecutionUrl,
          },
          outputVariables: action.outputVariables,
          outputArtifacts: (action.outputArtifacts ?? []).map((location) => ({
            name: location.name,
            ...s3LocationOf(location),
          })),
        },
      }));
    return { actionExecutionDetails: details };
  }

  private stop(input: Input): unknown {
    const execution = this.execution(input['pipelineName'] as string, input['pipelineExecutionId'] as string);
    if (execution.status === 'Stopping')
      throw clientError('DuplicatedStopRequestException', 'The execution is already stopping.');
    if (execution.status !== 'InProgress')
      throw clientError(
        'PipelineExecutionNotStoppableException',
        `The execution is ${execution.status} and cannot be stopped.`,
      );
    execution.status = 'Stopping';
    if (typeof input['reason'] === 'string') execution.stopReason = input['reason'];
    if (input['abandon'] === true) {
      execution.abandon = true;
      for (const action of execution.actions)
        if (action.status === 'InProgress' && action.externalExecutionId !== undefined)
          this.options.codebuild.stopBuild(action.externalExecutionId);
    }
    return { pipelineExecutionId: execution.pipelineExecutionId };
  }
}
