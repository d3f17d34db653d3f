import type { ServiceEvent } from '../codecommit/codecommit-events';
import { buildStateChangeEvent } from './codebuild-events';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client, type AwsClientSettings } from '@devsecops/shared/aws';
import {
  parseBuildspec,
  type Buildspec,
  runBuildspec,
  type BuildPhaseResult,
  type BuildResult,
  type CodebuildPhaseType,
} from '@devsecops/shared/pipeline';
import type { CodeCommitService } from '../codecommit/codecommit-service';
import { readCloneReference, unzipInto, zipFiles, type ArtifactLocation } from '../codepipeline/pipeline-artifacts';
import type { CallContext, ServiceHandler } from '../protocol/json-server';
import { clientError } from '../protocol/service-error';
import { loadServiceModel, type ServiceModel } from '../protocol/service-model';
import { parseJunitXml, type JunitTestCase } from './junit-report';

type Input = Record<string, unknown>;

interface EnvironmentVariable {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
}

interface ProjectState {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly source: Input & { type: string; location?: string; buildspec?: string };
  readonly sourceVersion?: string;
  readonly artifacts: Input & {
    type: string;
    location?: string;
    path?: string;
    name?: string;
    namespaceType?: string;
    overrideArtifactName?: boolean;
  };
  readonly environment: Input & { environmentVariables?: EnvironmentVariable[] };
  readonly serviceRole: string;
  readonly timeoutInMinutes: number;
  readonly created: Date;
  readonly lastModified: Date;
  nextBuildNumber: number;
}

interface BuildState {
  readonly id: string;
  readonly arn: string;
  readonly buildNumber: number;
  readonly projectName: string;
  readonly startTime: Date;
  endTime?: Date;
  currentPhase: CodebuildPhaseType;
  buildStatus: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'STOPPED';
  readonly sourceVersion?: string;
  resolvedSourceVersion?: string;
  phases: BuildPhaseResult[];
  readonly initiator: string;
  readonly environmentVariables: EnvironmentVariable[];
  readonly pipelineArtifacts?: PipelineArtifacts;
  artifactsLocation?: string;
  exportedEnvironmentVariables: { name: string; value: string }[];
  reportArns: string[];
  /** Lines of the build log, kept for tests and the emulator's console. */
  readonly log: string[];
  readonly abort: AbortController;
  /** Settles when the build has finished (never rejects). */
  done: Promise<void>;
}

interface ReportGroupState {
  readonly arn: string;
  readonly name: string;
  readonly type: string;
  readonly exportConfig: Input;
  readonly created: Date;
  lastModified: Date;
}

interface ReportState {
  readonly arn: string;
  readonly reportGroupArn: string;
  readonly name: string;
  readonly executionId: string;
  readonly created: Date;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly testCases: (JunitTestCase & { testRawDataPath: string })[];
}

/** How the emulator's CodeBuild reaches its neighbours. */
export interface CodeBuildOptions {
  readonly accountId: string;
  readonly region: string;
  /** Folder for build checkouts. */
  readonly dataDir: string;
  readonly codecommit: CodeCommitService;
  /** Where S3 artifacts go (the emulator's s3rver). */
  readonly s3: AwsClientSettings;
  /** Environment underneath every build; default this process's. */
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** Called with each build log line (the emulator's console prints them in verbose mode). */
  readonly onLog?: (buildId: string, line: string) => void;
  /** Receives "CodeBuild Build State Change" events: when a build starts and when it ends. */
  readonly onEvent?: (event: ServiceEvent) => void;
}

/** The artifacts of a CodePipeline action, for a project whose source (and artifacts) type is CODEPIPELINE. */
export interface PipelineArtifacts {
  /** The input artifact, which becomes the source folder; `revision` is the source revision (a commit id). */
  readonly input?: ArtifactLocation & { readonly revision: string };
  /** Where the build's primary artifact goes (zipped), first one first. */
  readonly outputs: readonly ArtifactLocation[];
}

/** What `startBuild` needs; the CodePipeline emulator calls it directly, as CodePipeline calls CodeBuild. */
export interface StartBuildRequest {
  readonly projectName: string;
  readonly sourceVersion?: string;
  readonly environmentVariablesOverride?: readonly EnvironmentVariable[];
  readonly buildspecOverride?: string;
  /** Set by CodePipeline: a CODEPIPELINE project builds from these instead of `sourceVersion`. */
  readonly pipelineArtifacts?: PipelineArtifacts;
  /** `codepipeline/<pipeline>` or the caller's ARN. */
  readonly initiator: string;
}

/**
 * What every CodeBuild BatchGet* operation answers: under `collection`, the view of each key that finds
 * something, in the order asked; under `<collection>NotFound`, the keys that find nothing (never an error).
 */
function batchGet<State>(
  collection: string,
  keys: readonly string[],
  states: { get(key: string): State | undefined },
  view: (state: State) => unknown,
): Record<string, unknown[]> {
  const found: unknown[] = [];
  const notFound: string[] = [];
  for (const key of keys) {
    const state = states.get(key);
    if (state === undefined) notFound.push(key);
    else found.push(view(state));
  }
  return { [collection]: found, [`${collection}NotFound`]: notFound };
}

function expandVariables(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced?: string, bare?: string) => {
      const name = braced ?? bare ?? '';
      return env[name] ?? '';
    },
  );
}

/**
 * CodeBuild that really builds: StartBuild checks the CodeCommit repository's files
 * out at the requested commit and runs the buildspec with the local buildspec runner
 * (CodeBuild's phase semantics), then uploads S3 artifacts and turns JUnit reports into
 * report groups, reports and test cases.
 */
export class CodeBuildService implements ServiceHandler {
  readonly model: ServiceModel = loadServiceModel('codebuild');
  private readonly projects = new Map<string, ProjectState>();
  private readonly builds = new Map<string, BuildState>();
  private readonly reportGroups = new Map<string, ReportGroupState>();
  private readonly reports = new Map<string, ReportState>();

  constructor(private readonly options: CodeBuildOptions) {}

  validationErrorName(): string {
    return 'InvalidInputException';
  }

  /** Log lines of a build (tests read them to see why a build failed). */
  buildLog(buildId: string): readonly string[] {
    return this.builds.get(buildId)?.log ?? [];
  }

  /** Waits for every running build (the emulator's close does this after stopping them). */
  async stopAll(): Promise<void> {
    for (const build of this.builds.values()) build.abort.abort();
    await Promise.all([...this.builds.values()].map((build) => build.done));
  }

  async handle(operation: string, input: Input, context: CallContext): Promise<unknown> {
    switch (operation) {
      case 'CreateProject':
        return { project: this.projectView(this.createProject(input)) };
      case 'BatchGetProjects': {
        // A project is asked for by name or by ARN (`…:project/<name>`).
        const byNameOrArn = { get: (key: string) => this.projects.get(key.split('/').pop() ?? key) };
        return batchGet('projects', input['names'] as string[], byNameOrArn, (p) => this.projectView(p));
      }
      case 'ListProjects':
        return { projects: [...this.projects.keys()].sort() };
      case 'StartBuild': {
        const build = this.startBuild({
          projectName: input['projectName'] as string,
          ...(typeof input['sourceVersion'] === 'string' ? { sourceVersion: input['sourceVersion'] } : {}),
          ...(Array.isArray(input['environmentVariablesOverride'])
            ? { environmentVariablesOverride: input['environmentVariablesOverride'] as EnvironmentVariable[] }
            : {}),
          ...(typeof input['buildspecOverride'] === 'string' ? { buildspecOverride: input['buildspecOverride'] } : {}),
          initiator: context.callerArn.split(':').pop() ?? context.callerArn,
        });
        return { build: this.buildView(build) };
      }
      case 'BatchGetBuilds':
        return batchGet('builds', input['ids'] as string[], this.builds, (b) => this.buildView(b));
      case 'ListBuilds':
        return { ids: [...this.builds.values()].reverse().map((b) => b.id) };
      case 'ListBuildsForProject': {
        const project = this.project(input['projectName'] as string);
        return {
          ids: [...this.builds.values()]
            .filter((b) => b.projectName === project.name)
            .reverse()
            .map((b) => b.id),
        };
      }
      case 'StopBuild': {
        const build = this.builds.get(input['id'] as string);
        if (!build) throw clientError('ResourceNotFoundException', `Build ${String(input['id'])} does not exist.`);
        build.abort.abort();
        await build.done;
        return { build: this.buildView(build) };
      }
      case 'CreateReportGroup':
        return { reportGroup: this.createReportGroup(input) };
      case 'ListReportGroups':
        return {
          reportGroups: [...this.reportGroups.values()]
            .sort((a, b) => a.name.localeCompare(b.name) * (input['sortOrder'] === 'DESCENDING' ? -1 : 1))
            .map((g) => g.arn),
        };
      case 'BatchGetReportGroups':
        return batchGet('reportGroups', input['reportGroupArns'] as string[], this.reportGroups, (g) => g);
      case 'ListReportsForReportGroup': {
        const arn = input['reportGroupArn'] as string;
        if (!this.reportGroups.has(arn))
          throw clientError('ResourceNotFoundException', `Report group ${arn} does not exist.`);
        const reports = [...this.reports.values()].filter((r) => r.reportGroupArn === arn);
        if (input['sortOrder'] !== 'ASCENDING') reports.reverse();
        return { reports: reports.map((r) => r.arn) };
      }
      case 'ListReports':
        return { reports: [...this.reports.keys()].reverse() };
      case 'BatchGetReports':
        return batchGet('reports', input['reportArns'] as string[], this.reports, (r) => this.reportView(r));
      case 'DescribeTestCases':
        return this.describeTestCases(input);
      default:
        throw clientError('InvalidInputException', `The emulator does not implement CodeBuild ${operation}.`);
    }
  }

  // Projects

  private createProject(input: Input): ProjectState {
    const name = input['name'] as string;
    if (this.projects.has(name)) throw clientError('ResourceAlreadyExistsException', `Project already exists: ${name}`);
    const source = input['source'] as ProjectState['source'];
    if (source.type !== 'CODECOMMIT' && source.type !== 'CODEPIPELINE' && source.type !== 'NO_SOURCE')
      throw clientError(
        'InvalidInputException',
        `The emulator builds CODECOMMIT, CODEPIPELINE or NO_SOURCE sources, not ${source.type}.`,
      );
    const artifacts = input['artifacts'] as ProjectState['artifacts'];
    if (artifacts.type === 'S3' && (artifacts.location === undefined || artifacts.location === ''))
      throw clientError('InvalidInputException', 'S3 artifacts need a location (the bucket name).');
    const now = new Date();
    const project: ProjectState = {
      name,
      arn: `arn:aws:codebuild:${this.options.region}:${this.options.accountId}:project/${name}`,
      ...(typeof input['description'] === 'string' ? { description: input['description'] } : {}),
      source,
      ...(typeof input['sourceVersion'] === 'string' ? { sourceVersion: input['sourceVersion'] } : {}),
      artifacts,
      environment: input['environment'] as ProjectState['environment'],
      serviceRole: input['serviceRole'] as string,
      timeoutInMinutes: (input['timeoutInMinutes'] as number | undefined) ?? 60,
      created: now,
      lastModified: now,
      nextBuildNumber: 1,
    };
    this.projects.set(name, project);
    return project;
  }

  private project(name: string): ProjectState {
    const project = this.projects.get(name);
    if (!project) throw clientError('ResourceNotFoundException', `Project cannot be found: ${name}`);
    return project;
  }

  private projectView(project: ProjectState): unknown {
    return Object.fromEntries(Object.entries(project).filter(([key]) => key !== 'nextBuildNumber'));
  }

  // Builds

  /** Starts a build and returns at once; the build runs in the background. */
  startBuild(request: StartBuildRequest): BuildState {
    const project = this.project(request.projectName);
    const uuid = randomUUID();
    const id = `${project.name}:${uuid}`;
    const overrides = request.environmentVariablesOverride ?? [];
    const byName = new Map<string, EnvironmentVariable>();
    for (const variable of [...(project.environment.environmentVariables ?? []), ...overrides])
      byName.set(variable.name, variable);
    const pipelineInput = project.source.type === 'CODEPIPELINE' ? request.pipelineArtifacts?.input : undefined;
    // CodeBuild reports a pipeline build's source version as the input artifact's S3 object.
    const sourceVersion =
      pipelineInput === undefined
        ? (request.sourceVersion ?? project.sourceVersion)
        : `arn:aws:s3:::${pipelineInput.bucket}/${pipelineInput.key}`;
    const build: BuildState = {
      id,
      arn: `arn:aws:codebuild:${this.options.region}:${this.options.accountId}:build/${id}`,
      buildNumber: project.nextBuildNumber++,
      projectName: project.name,
      startTime: new Date(),
      currentPhase: 'SUBMITTED',
      buildStatus: 'IN_PROGRESS',
      ...(sourceVersion === undefined ? {} : { sourceVersion }),
      phases: [],
      initiator: request.initiator,
      environmentVariables: [...byName.values()],
      ...(request.pipelineArtifacts === undefined ? {} : { pipelineArtifacts: request.pipelineArtifacts }),
      exportedEnvironmentVariables: [],
      reportArns: [],
      log: [],
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.builds.set(id, build);
    const image = typeof project.environment['image'] === 'string' ? project.environment['image'] : '';
    this.options.onEvent?.(buildStateChangeEvent(build, image));
    build.done = this.runBuild(project, build, request.buildspecOverride)
      .catch((error: unknown) => {
        build.log.push(`[Container] Emulator fault: ${error instanceof Error ? error.message : String(error)}`);
        this.finish(build, 'FAULT', { statusCode: 'CLIENT_ERROR', message: String(error) });
      })
      .then(() => this.options.onEvent?.(buildStateChangeEvent(build, image)));
    return build;
  }

  /** Resolves when the build has ended; the build as it ended. */
  async waitForBuild(buildId: string): Promise<unknown> {
    const build = this.builds.get(buildId);
    if (!build) throw clientError('ResourceNotFoundException', `Build ${buildId} does not exist.`);
    await build.done;
    return this.buildView(build);
  }

  stopBuild(buildId: string): void {
    this.builds.get(buildId)?.abort.abort();
  }

  private finish(
    build: BuildState,
    status: BuildState['buildStatus'],
    failure?: { statusCode: string; message: string },
  ): void {
    const now = new Date();
    if (failure) {
      build.phases.push({
        phaseType: build.currentPhase,
        phaseStatus: status === 'STOPPED' ? 'STOPPED' : 'FAILED',
        startTime: now,
        endTime: now,
        durationInSeconds: 0,
        contexts: [failure],
      });
    }
    if (!build.phases.some((p) => p.phaseType === 'COMPLETED'))
      build.phases.push({ phaseType: 'COMPLETED', startTime: now, contexts: [] });
    build.currentPhase = 'COMPLETED';
    build.buildStatus = status;
    build.endTime = now;
  }

  private async runBuild(
    project: ProjectState,
    build: BuildState,
    buildspecOverride: string | undefined,
  ): Promise<void> {
    const log = (line: string): void => {
      build.log.push(line);
      this.options.onLog?.(build.id, line);
    };
    const sourceDir = path.join(this.options.dataDir, 'codebuild', build.id.replace(':', '-'), 'src');
    await mkdir(sourceDir, { recursive: true });
    try {
      const repositoryName = project.source.location?.split('/').pop();
      const git = repositoryName === undefined ? undefined : this.options.codecommit.gitRepository(repositoryName);
      if (project.source.type === 'CODEPIPELINE') {
        const failure = await this.unpackPipelineSource(build, sourceDir, log);
        if (failure !== undefined) {
          this.finish(build, 'FAILED', { statusCode: 'CLIENT_ERROR', message: failure });
          return;
        }
      } else if (project.source.type !== 'NO_SOURCE') {
        if (!git) {
          this.finish(build, 'FAILED', {
            statusCode: 'CLIENT_ERROR',
            message: `repository not found for primary source ${String(project.source.location)}`,
          });
          return;
        }
        const version = build.sourceVersion ?? (await git.branches())[0]?.name ?? 'HEAD';
        const commit = await git.resolveCommit(version.replace(/^refs\/heads\//, ''));
        if (commit === undefined) {
          this.finish(build, 'FAILED', {
            statusCode: 'CLIENT_ERROR',
            message: `reference not found for primary source and source version ${version}`,
          });
          return;
        }
        build.resolvedSourceVersion = commit;
        // Cloned as CodeBuild clones: git history down to the project's clone depth (0 or none: all of it).
        const depth = project.source['gitCloneDepth'];
        await rm(sourceDir, { recursive: true, force: true });
        await git.cloneTo(commit, sourceDir, typeof depth === 'number' && depth <= 25 ? depth : undefined);
      }
      const buildspec = await this.loadBuildspec(project, buildspecOverride, sourceDir);
      if (typeof buildspec === 'string') {
        this.finish(build, 'FAILED', { statusCode: 'YAML_FILE_ERROR', message: buildspec });
        return;
      }
      const env = Object.fromEntries(build.environmentVariables.map((v) => [v.name, v.value]));
      const codebuildVars = {
        CODEBUILD_BUILD_ID: build.id,
        CODEBUILD_BUILD_ARN: build.arn,
        CODEBUILD_BUILD_NUMBER: String(build.buildNumber),
        CODEBUILD_INITIATOR: build.initiator,
        CODEBUILD_RESOLVED_SOURCE_VERSION: build.resolvedSourceVersion ?? '',
        CODEBUILD_SOURCE_VERSION: build.sourceVersion ?? '',
        CODEBUILD_SOURCE_REPO_URL: project.source.location ?? '',
        CODEBUILD_SRC_DIR: sourceDir,
        AWS_REGION: this.options.region,
        AWS_DEFAULT_REGION: this.options.region,
      };
      const result = await runBuildspec({
        buildspec,
        sourceDir,
        env,
        ...(this.options.baseEnv === undefined ? {} : { baseEnv: this.options.baseEnv }),
        codebuildVars,
        signal: build.abort.signal,
        cloudOnly: 'run',
        onLog: log,
        onPhase: (event) => {
          if (event.state === 'started') build.currentPhase = event.phaseType;
          else if (event.result && event.phaseType !== 'UPLOAD_ARTIFACTS') build.phases.push(event.result);
        },
      });
      build.exportedEnvironmentVariables = [...result.exportedVariables];
      build.currentPhase = 'UPLOAD_ARTIFACTS';
      const artifactVars = { ...codebuildVars, ...buildspec.env.variables, ...env };
      const uploadFailure =
        result.buildStatus === 'SUCCEEDED'
          ? await this.uploadArtifacts(project, build, result, artifactVars, log)
          : undefined;
      await this.collectReports(project, build, result);
      build.phases = result.phases.map((phase) =>
        phase.phaseType === 'UPLOAD_ARTIFACTS' && uploadFailure !== undefined
          ? {
              ...phase,
              phaseStatus: 'FAILED',
              contexts: [{ statusCode: 'UPLOAD_ARTIFACTS_ERROR', message: uploadFailure }],
            }
          : phase,
      );
      build.currentPhase = 'COMPLETED';
      build.buildStatus = uploadFailure === undefined ? (result.buildStatus as BuildState['buildStatus']) : 'FAILED';
      build.endTime = result.endTime;
    } finally {
      await rm(path.dirname(sourceDir), { recursive: true, force: true });
    }
  }

  /**
   * A CODEPIPELINE source: the input artifact from the artifact store, unzipped as the source folder (CODE_ZIP), or
   * the commit its clone reference names checked out from the repository (CODEBUILD_CLONE_REF). File modes are not
   * restored from a zip. Returns a failure message.
   */
  private async unpackPipelineSource(
    build: BuildState,
    sourceDir: string,
    log: (line: string) => void,
  ): Promise<string | undefined> {
    const input = build.pipelineArtifacts?.input;
    if (input === undefined)
      return 'a project with a CODEPIPELINE source builds only as an action of a pipeline, with an input artifact';
    const s3 = createS3Client(this.options.s3);
    let data: Uint8Array;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: input.bucket, Key: input.key }));
      data = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      return `could not download the input artifact ${input.name} from s3://${input.bucket}/${input.key}: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      s3.destroy();
    }
    build.resolvedSourceVersion = input.revision;
    const reference = readCloneReference(data);
    if (reference !== undefined) {
      const git = this.options.codecommit.gitRepository(reference.repositoryName);
      if (git === undefined || (await git.resolveCommit(reference.commitId)) === undefined)
        return `could not clone ${reference.repositoryName} at ${reference.commitId} (the input artifact's clone reference)`;
      await git.exportTo(reference.commitId, sourceDir);
      log(`[Container] Cloned ${reference.repositoryName} at ${reference.commitId} (input artifact ${input.name})`);
      return undefined;
    }
    try {
      const count = await unzipInto(data, sourceDir);
      log(`[Container] Unzipped ${String(count)} files of the input artifact ${input.name}`);
      return undefined;
    } catch (error) {
      return `the input artifact ${input.name} is not a usable zip: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** The buildspec: the override, else the project's, else `buildspec.yml` in the source. Inline YAML or a source-relative path, as in CodeBuild. */
  private async loadBuildspec(
    project: ProjectState,
    override: string | undefined,
    sourceDir: string,
  ): Promise<Buildspec | string> {
    const given = override ?? project.source.buildspec ?? 'buildspec.yml';
    const inline = given.includes('\n') || /^\s*version\s*:/.test(given);
    let text = given;
    let name = 'inline buildspec';
    if (!inline) {
      const file = path.join(sourceDir, given);
      if (!existsSync(file)) return `no such file: ${given} (the buildspec must be in the source or given inline)`;
      text = await readFile(file, 'utf8');
      name = given;
    }
    try {
      return parseBuildspec(text, name);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** S3 artifacts: `<location>/<path>/<namespace>/<name>/<file>`, with buildspec `artifacts.name` when the project allows overriding. Returns a failure message. */
  private async uploadArtifacts(
    project: ProjectState,
    build: BuildState,
    result: BuildResult,
    variables: Readonly<Record<string, string>>,
    log: (line: string) => void,
  ): Promise<string | undefined> {
    const { artifacts } = project;
    const primary = result.artifacts.find((a) => a.identifier === 'primary');
    if (artifacts.type === 'CODEPIPELINE') return this.uploadPipelineArtifact(build, primary, log);
    if (artifacts.type !== 'S3' || !primary || primary.files.length === 0) return undefined;
    const bucket = artifacts.location ?? '';
    const name = expandVariables(
      artifacts.overrideArtifactName === true && primary.name !== undefined
        ? primary.name
        : (artifacts.name ?? project.name),
      variables,
    );
    const namespace = artifacts.namespaceType === 'BUILD_ID' ? build.id.split(':')[1] : undefined;
    const prefix = [artifacts.path, namespace, name].filter((part) => part !== undefined && part !== '').join('/');
    const s3 = createS3Client(this.options.s3);
    try {
      for (const file of primary.files) {
        const key = `${prefix}/${file.name}`.replace(/^\/+/, '');
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(file.absolutePath) }));
        log(`[Container] Uploaded s3://${bucket}/${key}`);
      }
      build.artifactsLocation = `arn:aws:s3:::${bucket}/${prefix}`;
      return undefined;
    } catch (error) {
      return `Could not upload artifacts to s3://${bucket}/${prefix}: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      s3.destroy();
    }
  }

  /** A CODEPIPELINE project's primary artifact, zipped, to the action's first output artifact. */
  private async uploadPipelineArtifact(
    build: BuildState,
    primary: BuildResult['artifacts'][number] | undefined,
    log: (line: string) => void,
  ): Promise<string | undefined> {
    const output = build.pipelineArtifacts?.outputs[0];
    if (output === undefined || primary === undefined) return undefined;
    const files = new Map<string, Uint8Array>();
    for (const file of primary.files) files.set(file.name, await readFile(file.absolutePath));
    const s3 = createS3Client(this.options.s3);
    try {
      await s3.send(new PutObjectCommand({ Bucket: output.bucket, Key: output.key, Body: zipFiles(files) }));
      log(
        `[Container] Uploaded the output artifact ${output.name} (${String(files.size)} files) to s3://${output.bucket}/${output.key}`,
      );
      build.artifactsLocation = `arn:aws:s3:::${output.bucket}/${output.key}`;
      return undefined;
    } catch (error) {
      return `Could not upload the output artifact ${output.name}: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      s3.destroy();
    }
  }

  private async collectReports(project: ProjectState, build: BuildState, result: BuildResult): Promise<void> {
    for (const collected of result.reports) {
      if (collected.fileFormat !== 'JUNITXML') continue;
      const groupName = collected.name.startsWith('arn:')
        ? (collected.name.split('/').pop() ?? collected.name)
        : `${project.name}-${collected.name}`;
      const groupArn = `arn:aws:codebuild:${this.options.region}:${this.options.accountId}:report-group/${groupName}`;
      if (!this.reportGroups.has(groupArn))
        this.createReportGroup({ name: groupName, type: 'TEST', exportConfig: { exportConfigType: 'NO_EXPORT' } });
      const testCases: ReportState['testCases'] = [];
      for (const file of collected.files) {
        try {
          for (const testCase of parseJunitXml(await readFile(file.absolutePath, 'utf8')))
            testCases.push({ ...testCase, testRawDataPath: file.name });
        } catch {
          // CodeBuild marks an unreadable report file's report FAILED; the cases it has are kept.
        }
      }
      const report: ReportState = {
        arn: `arn:aws:codebuild:${this.options.region}:${this.options.accountId}:report/${groupName}:${build.id.split(':')[1] ?? ''}`,
        reportGroupArn: groupArn,
        name: groupName,
        executionId: build.arn,
        created: new Date(),
        status: testCases.some((c) => c.status === 'FAILED' || c.status === 'ERROR') ? 'FAILED' : 'SUCCEEDED',
        testCases,
      };
      this.reports.set(report.arn, report);
      build.reportArns.push(report.arn);
    }
  }

  private buildView(build: BuildState): unknown {
    const project = this.projects.get(build.projectName);
    return {
      id: build.id,
      arn: build.arn,
      buildNumber: build.buildNumber,
      startTime: build.startTime,
      endTime: build.endTime,
      currentPhase: build.currentPhase,
      buildStatus: build.buildStatus,
      sourceVersion: build.sourceVersion,
      resolvedSourceVersion: build.resolvedSourceVersion,
      projectName: build.projectName,
      phases: build.phases.map((p) => ({ ...p, contexts: p.contexts.length === 0 ? undefined : p.contexts })),
      source: project?.source,
      artifacts: build.artifactsLocation === undefined ? {} : { location: build.artifactsLocation },
      environment:
        project === undefined
          ? undefined
          : { ...project.environment, environmentVariables: build.environmentVariables },
      serviceRole: project?.serviceRole,
      logs: { groupName: `/aws/codebuild/${build.projectName}`, streamName: build.id.split(':')[1] },
      timeoutInMinutes: project?.timeoutInMinutes,
      buildComplete: build.buildStatus !== 'IN_PROGRESS',
      initiator: build.initiator,
      exportedEnvironmentVariables: build.exportedEnvironmentVariables,
      reportArns: build.reportArns,
    };
  }

  // Reports

  private createReportGroup(input: Input): ReportGroupState {
    const name = input['name'] as string;
    const arn = `arn:aws:codebuild:${this.options.region}:${this.options.accountId}:report-group/${name}`;
    if (this.reportGroups.has(arn))
      throw clientError('ResourceAlreadyExistsException', `Report group ${name} already exists.`);
    const now = new Date();
    const group: ReportGroupState = {
      arn,
      name,
      type: input['type'] as string,
      exportConfig: input['exportConfig'] as Input,
      created: now,
      lastModified: now,
    };
    this.reportGroups.set(arn, group);
    return group;
  }

  private reportView(report: ReportState): unknown {
    const statusCounts: Record<string, number> = {};
    for (const testCase of report.testCases) statusCounts[testCase.status] = (statusCounts[testCase.status] ?? 0) + 1;
    return {
      arn: report.arn,
      type: 'TEST',
      name: report.name,
      reportGroupArn: report.reportGroupArn,
      executionId: report.executionId,
      status: report.status,
      created: report.created,
      exportConfig: { exportConfigType: 'NO_EXPORT' },
      truncated: false,
      testSummary: {
        total: report.testCases.length,
        statusCounts,
        durationInNanoSeconds: report.testCases.reduce((sum, c) => sum + c.durationInNanoSeconds, 0),
      },
    };
  }

  private describeTestCases(input: Input): unknown {
    const arn = input['reportArn'] as string;
    const report = this.reports.get(arn);
    if (!report) throw clientError('ResourceNotFoundException', `Report ${arn} does not exist.`);
    const filter = (input['filter'] as { status?: string; keyword?: string } | undefined) ?? {};
    const cases = report.testCases.filter(
      (c) =>
        (filter.status === undefined || c.status === filter.status) &&
        (filter.keyword === undefined || `${c.prefix} ${c.name}`.includes(filter.keyword)),
    );
    return { testCases: cases.map((c) => ({ ...c, reportArn: report.arn })) };
  }
}
