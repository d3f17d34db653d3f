// The cloud loop on the emulator, as the integration test and the benchmark drive it: synthesize the CDK app
// (offline, as `npm run synth`), stand up what its template declares, push examples/todo-app to main (which runs
// the pipeline), open a pull request, push a fix; each step waits for what EventBridge, CodePipeline, CodeBuild and
// the bot's Lambda do in reaction.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import {
  CreateBranchCommand,
  CreateCommitCommand,
  CreatePullRequestCommand,
  GetCommentsForPullRequestCommand,
  GetPullRequestApprovalStatesCommand,
  GetPullRequestCommand,
  type CodeCommitClient,
  type Comment,
} from '@aws-sdk/client-codecommit';
import {
  GetPipelineExecutionCommand,
  type CodePipelineClient,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { createCodeCommitClient, createCodePipelineClient } from '@devsecops/shared/aws';
import { createDevsecopsApp } from '../../infra/src/devsecops-app';
import { standUpTemplate, type StoodUpStack } from '../aws-emulator/cloudformation/stand-up-template';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import type { EventDelivery } from '../aws-emulator/events/event-bus';
import { emulatorSettings } from '../aws-emulator/testing';
import { createCodeBuildImage, type CodeBuildImage } from './codebuild-image';

const REPO_ROOT = join(__dirname, '..', '..');
export const TODO_APP = join(REPO_ROOT, 'examples', 'todo-app');
export const STACK_NAME = 'DevsecopsPipeline';
/** The bot function's identity (its execution role), distinct from the developer who opens the pull request. */
export const BOT_ACCESS_KEY_ID = 'AKIABOTFUNCTIONROLE1';

/** The pull request's change: a `subprocess` call with `shell=True`, and a vulnerable pin. */
export const EXPORT_WITH_SHELL = [
  'import subprocess',
  '',
  '',
  'def export(path):',
  '    subprocess.call("tar czf backup.tgz " + path, shell=True)',
  '',
].join('\n');
export const EXPORT_FIXED = [
  'import subprocess',
  '',
  '',
  'def export(path):',
  '    subprocess.call(["tar", "czf", "backup.tgz", path])',
  '',
].join('\n');
export const VULNERABLE_PIN = 'PyJWT==1.5.0';

export interface CloudLoop {
  readonly emulator: AwsEmulator;
  readonly stack: StoodUpStack;
  readonly image: CodeBuildImage;
  readonly codecommit: CodeCommitClient;
  readonly codepipeline: CodePipelineClient;
  readonly repositoryName: string;
  /** The pipeline the template declares (built from pipeline/pipeline.yml). */
  readonly pipelineName: string;
  /** Its artifact store. */
  readonly artifactBucket: string;
  readonly findingsBucket: string;
  /** The CLI bundle as the assembly holds it (what the stack uploads), and its SHA-256 as the template pins it. */
  readonly cliBundle: { readonly path: string; readonly sha256: string };
  /** Milliseconds each setup step took. */
  readonly setupTimings: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = performance.now() - started;
  }
}

/** Every file of a folder, relative POSIX path → content (the example is small, text only). */
function filesOf(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(root, path).split(sep).join('/'), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

/** A finding of examples/todo-app as the CLI's JSON report gives it. */
export interface TodoAppFinding {
  readonly tool: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly fingerprint: string;
}

/** The findings of a scan of examples/todo-app (or a changed copy of it) with the CLI of this checkout, no policy. */
export function scanTodoApp(folder = TODO_APP): TodoAppFinding[] {
  const cli = join(REPO_ROOT, 'shared', 'dist', 'cli.js');
  let output: string;
  try {
    output = execFileSync(process.execPath, [cli, 'scan', folder, '--format', 'json', '--fail-on', 'none'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // Exit 2: the example's own Dockerfile/requirements make the scan incomplete or not; the JSON is printed either way.
    const stdout = (error as { stdout?: unknown }).stdout;
    output = typeof stdout === 'string' ? stdout : '';
  }
  return (JSON.parse(output) as { findings: TodoAppFinding[] }).findings;
}

/** At or above the gate's default threshold (high). */
export function atOrAboveGate(finding: TodoAppFinding): boolean {
  return finding.severity === 'high' || finding.severity === 'critical';
}

/** The Dockerfile rules' findings (the built-in engine here, hadolint where installed). */
export function isDockerfileFinding(finding: TodoAppFinding): boolean {
  return finding.tool === 'devsecops-dockerfile' || finding.tool === 'hadolint';
}

/** The logical id of the pull-request build: the one project that builds from the repository itself. */
export function pullRequestProjectId(stack: StoodUpStack): string {
  const found = Object.entries(stack.values.template.Resources).find(
    ([, resource]) =>
      resource.Type === 'AWS::CodeBuild::Project' &&
      (resource.Properties?.['Source'] as { Type?: string } | undefined)?.Type === 'CODECOMMIT',
  );
  if (found === undefined) throw new Error('The template has no project building from CodeCommit.');
  return found[0];
}

/** The findings bucket: the one the bot function reads (its FINDINGS_BUCKET). */
function findingsBucketOf(stack: StoodUpStack): string {
  for (const resource of Object.values(stack.values.template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const variables = (resource.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    if (variables?.['FINDINGS_BUCKET'] !== undefined) return stack.values.resolveString(variables['FINDINGS_BUCKET']);
  }
  throw new Error('No function of the template names a FINDINGS_BUCKET.');
}

/** The pipeline's artifact store, as the template declares it. */
function artifactBucketOf(stack: StoodUpStack, pipelineId: string): string {
  const store = stack.values.template.Resources[pipelineId]?.Properties?.['ArtifactStore'] as
    { Location?: unknown } | undefined;
  return stack.values.resolveString(store?.Location);
}

/** DEVSECOPS_CLI_SHA256 as the template gives it to the pull-request build. */
function pinnedCliSha256(stack: StoodUpStack): string | undefined {
  const project = stack.values.template.Resources[pullRequestProjectId(stack)];
  const environment = project?.Properties?.['Environment'] as
    { EnvironmentVariables?: { Name: string; Value: unknown }[] } | undefined;
  const value = environment?.EnvironmentVariables?.find((variable) => variable.Name === 'DEVSECOPS_CLI_SHA256')?.Value;
  return typeof value === 'string' ? value : undefined;
}

/** Synthesizes the app, starts the emulator and stands the stack up in it. */
export async function startCloudLoop(): Promise<CloudLoop> {
  const timings: Record<string, number> = {};
  const work = mkdtempSync(join(tmpdir(), 'devsecops-cloud-loop-'));
  const assemblyDir = join(work, 'cdk.out');
  await timed(timings, 'synth', async () => {
    const { app } = await createDevsecopsApp({ outdir: assemblyDir, env: {} });
    app.synth();
  });
  const image = createCodeBuildImage(join(work, 'image'));
  mkdirSync(join(work, 'emulator'));
  const emulator = await startAwsEmulator({
    dataDir: join(work, 'emulator'),
    buildEnv: image.baseEnv,
    accessKeyIds: [BOT_ACCESS_KEY_ID],
  });
  image.useEndpoints({ s3: emulator.s3Endpoint, services: emulator.endpoint });
  const codecommit = createCodeCommitClient(emulatorSettings(emulator));
  const codepipeline = createCodePipelineClient(emulatorSettings(emulator));
  try {
    const stack = await timed(timings, 'standUp', () =>
      standUpTemplate({
        emulator,
        assemblyDir,
        stackName: STACK_NAME,
        adaptProject: (_id, project) => image.adaptProject(project),
        functionEnvironment: { DEVSECOPS_AWS_ENDPOINT: emulator.endpoint, DEVSECOPS_S3_ENDPOINT: emulator.s3Endpoint },
        functionTimeoutMs: 120_000,
        // The emulator's S3 pairs each extra key with itself as the secret.
        functionCredentials: { accessKeyId: BOT_ACCESS_KEY_ID, secretAccessKey: BOT_ACCESS_KEY_ID },
      }),
    );
    const [repositoryName] = [...stack.repositories.values()];
    const [pipelineId] = [...stack.pipelines.keys()];
    if (pipelineId === undefined)
      throw new Error(`The template's pipeline was not stood up: ${stack.notStoodUp.join('; ')}`);
    const findingsBucket = findingsBucketOf(stack);
    const [asset] = stack.assets;
    if (repositoryName === undefined || asset === undefined)
      throw new Error('The template has no repository or CLI bundle.');
    const bundleFile = readdirSync(assemblyDir).find((name) => name.startsWith('asset.') && name.endsWith('.zip'));
    if (bundleFile === undefined) throw new Error('The assembly has no CLI bundle zip.');
    const sha256 = pinnedCliSha256(stack);
    if (sha256 === undefined) throw new Error('The template pins no DEVSECOPS_CLI_SHA256.');
    return {
      emulator,
      stack,
      image,
      codecommit,
      codepipeline,
      repositoryName,
      pipelineName: stack.values.nameOf(pipelineId),
      artifactBucket: artifactBucketOf(stack, pipelineId),
      findingsBucket,
      cliBundle: { path: join(assemblyDir, bundleFile), sha256 },
      setupTimings: timings,
      close: async () => {
        codecommit.destroy();
        codepipeline.destroy();
        await emulator.close();
        stack.close();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    codecommit.destroy();
    codepipeline.destroy();
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** Waits until `check` returns a value (polling), or fails naming what it waited for. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${String(timeoutMs / 1000)} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The bot's finished invocation for the PR build of `commit` (the one that reads its reports). */
export function botRunAfterBuild(loop: CloudLoop, commit: string): () => EventDelivery | undefined {
  return () =>
    loop.emulator.events.deliveries.find(
      (delivery) =>
        delivery.rule.startsWith('BotPullRequestBuildFinished') &&
        delivery.endedAt !== undefined &&
        JSON.stringify(delivery.event.detail).includes(`"value":"${commit}"`),
    );
}

/**
 * The pipeline execution a push to main started (through the template's EventBridge rule on the repository's
 * reference changes), once it has ended.
 */
export async function pipelineRunOf(loop: CloudLoop, commit: string, timeoutMs = 600_000): Promise<PipelineExecution> {
  const trigger = await waitFor(
    `the push of ${commit} to start the pipeline`,
    () =>
      loop.emulator.events.deliveries.find(
        (delivery) =>
          delivery.event['detail-type'] === 'CodeCommit Repository State Change' &&
          delivery.event.detail['commitId'] === commit &&
          delivery.endedAt !== undefined,
      ),
    timeoutMs,
  );
  if (trigger.error !== undefined) throw new Error(`The pipeline did not start: ${trigger.error}`);
  const pipelineExecutionId = String(trigger.result);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pipelineExecution } = await loop.codepipeline.send(
      new GetPipelineExecutionCommand({ pipelineName: loop.pipelineName, pipelineExecutionId }),
    );
    if (pipelineExecution !== undefined && pipelineExecution.status !== 'InProgress') return pipelineExecution;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for pipeline execution ${pipelineExecutionId}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Pushes examples/todo-app (with its policy) as the first commit of main. Its findings at or above the gate stop
 * the pipeline at application validation, so main never gets a Dockerfile report: the pull-request build scans
 * main's Dockerfile itself for the baseline.
 */
export async function pushTodoAppToMain(loop: CloudLoop, policy = 'version: 1\n'): Promise<string> {
  const putFiles = [...filesOf(TODO_APP)].map(([filePath, content]) => ({ filePath, fileContent: content }));
  putFiles.push({ filePath: '.devsecops.yml', fileContent: Buffer.from(policy) });
  const created = await loop.codecommit.send(
    new CreateCommitCommand({
      repositoryName: loop.repositoryName,
      branchName: 'main',
      commitMessage: 'The todo app',
      putFiles,
    }),
  );
  return String(created.commitId);
}

/** Creates `branch` at `baseCommit` and commits `files` (path → text) on it; returns the new commit. */
export async function branchWithCommit(
  loop: CloudLoop,
  branch: string,
  baseCommit: string,
  files: Readonly<Record<string, string>>,
  message: string,
): Promise<string> {
  await loop.codecommit.send(
    new CreateBranchCommand({ repositoryName: loop.repositoryName, branchName: branch, commitId: baseCommit }),
  );
  const commit = await loop.codecommit.send(
    new CreateCommitCommand({
      repositoryName: loop.repositoryName,
      branchName: branch,
      parentCommitId: baseCommit,
      commitMessage: message,
      putFiles: Object.entries(files).map(([filePath, text]) => ({ filePath, fileContent: Buffer.from(text) })),
    }),
  );
  return String(commit.commitId);
}

/** Branches off `baseCommit` with `files` changed and opens a pull request from that branch into `destination`. */
export async function openPullRequestWith(
  loop: CloudLoop,
  change: {
    readonly baseCommit: string;
    readonly branch: string;
    readonly destination: string;
    readonly files: Readonly<Record<string, string>>;
    readonly title: string;
  },
): Promise<{ pullRequestId: string; sourceCommit: string }> {
  const sourceCommit = await branchWithCommit(loop, change.branch, change.baseCommit, change.files, change.title);
  const created = await loop.codecommit.send(
    new CreatePullRequestCommand({
      title: change.title,
      targets: [
        {
          repositoryName: loop.repositoryName,
          sourceReference: change.branch,
          destinationReference: change.destination,
        },
      ],
      clientRequestToken: `${change.branch}-${sourceCommit}`.replace(/[^A-Za-z0-9-]/g, '-'),
    }),
  );
  return { pullRequestId: String(created.pullRequest?.pullRequestId), sourceCommit };
}

/** Branches off main, adds the shell=True export and the vulnerable pin, and opens the pull request. */
export async function openPullRequest(
  loop: CloudLoop,
  mainCommit: string,
  branch = 'feature/export',
): Promise<{ pullRequestId: string; sourceCommit: string }> {
  const requirements = readFileSync(join(TODO_APP, 'requirements.txt'), 'utf8');
  return openPullRequestWith(loop, {
    baseCommit: mainCommit,
    branch,
    destination: 'main',
    files: { 'todo_app/export.py': EXPORT_WITH_SHELL, 'requirements.txt': `${requirements}${VULNERABLE_PIN}\n` },
    title: 'Export the todo list',
  });
}

/** Pushes the fix to the pull request's branch: no shell, the vulnerable pin removed. */
export async function pushFix(loop: CloudLoop, parentCommit: string, branch = 'feature/export'): Promise<string> {
  const requirements = readFileSync(join(TODO_APP, 'requirements.txt'), 'utf8');
  const commit = await loop.codecommit.send(
    new CreateCommitCommand({
      repositoryName: loop.repositoryName,
      branchName: branch,
      parentCommitId: parentCommit,
      commitMessage: 'Export without a shell; drop PyJWT',
      putFiles: [
        { filePath: 'todo_app/export.py', fileContent: Buffer.from(EXPORT_FIXED) },
        { filePath: 'requirements.txt', fileContent: Buffer.from(requirements) },
      ],
    }),
  );
  return String(commit.commitId);
}

/** Every comment on the pull request (all revisions), oldest first. */
export async function pullRequestComments(
  loop: CloudLoop,
  pullRequestId: string,
): Promise<(Comment & { filePath?: string; filePosition?: number; afterCommitId?: string })[]> {
  const comments: (Comment & { filePath?: string; filePosition?: number; afterCommitId?: string })[] = [];
  let nextToken: string | undefined;
  do {
    const page = await loop.codecommit.send(
      new GetCommentsForPullRequestCommand({ pullRequestId, ...(nextToken === undefined ? {} : { nextToken }) }),
    );
    for (const thread of page.commentsForPullRequestData ?? []) {
      for (const comment of thread.comments ?? []) {
        comments.push({
          ...comment,
          ...(thread.location?.filePath === undefined ? {} : { filePath: thread.location.filePath }),
          ...(thread.location?.filePosition === undefined ? {} : { filePosition: thread.location.filePosition }),
          ...(thread.afterCommitId === undefined ? {} : { afterCommitId: thread.afterCommitId }),
        });
      }
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return comments;
}

/** The approval states of the pull request's current revision. */
export async function approvalStates(loop: CloudLoop, pullRequestId: string): Promise<string[]> {
  const pullRequest = await loop.codecommit.send(new GetPullRequestCommand({ pullRequestId }));
  const states = await loop.codecommit.send(
    new GetPullRequestApprovalStatesCommand({ pullRequestId, revisionId: pullRequest.pullRequest?.revisionId }),
  );
  return (states.approvals ?? []).map((approval) => String(approval.approvalState));
}

/** Size of a file, for the report of what was served. */
export function sizeOf(path: string): number {
  return statSync(path).size;
}
