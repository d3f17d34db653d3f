import { CreateProjectCommand, type CodeBuildClient } from '@aws-sdk/client-codebuild';
import {
  CreateBranchCommand,
  CreateCommitCommand,
  CreateRepositoryCommand,
  PutFileCommand,
  type CodeCommitClient,
  type PutFileCommandInput,
  type PutFileCommandOutput,
} from '@aws-sdk/client-codecommit';
import { CreatePipelineCommand, type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  createCodeBuildClient,
  createCodeCommitClient,
  createCodePipelineClient,
  createS3Client,
  type AwsClientSettings,
} from '@devsecops/shared/aws';
import type { AwsEmulator } from './emulator';
import { EMULATOR_ACCESS_KEY_ID, EMULATOR_SECRET_ACCESS_KEY } from './emulator';
import { ARTIFACTS_BUCKET, demoRepositoryFiles, devsecopsPipeline, stageProject } from './fixtures';

/** A poll schedule short enough for tests: the emulator's builds and pipelines end in seconds. */
export const FAST_POLL = { initialDelayMs: 50, maxDelayMs: 200 };

/**
 * Client settings that point the product's client factory at a running emulator.
 * `accessKeyId` picks who the caller is (the emulator derives the caller ARN from it).
 */
export function emulatorSettings(
  emulator: AwsEmulator,
  overrides: Partial<AwsClientSettings> & { accessKeyId?: string } = {},
): AwsClientSettings {
  const { accessKeyId = EMULATOR_ACCESS_KEY_ID, ...rest } = overrides;
  return {
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: { accessKeyId, secretAccessKey: EMULATOR_SECRET_ACCESS_KEY },
    ...rest,
  };
}

/** The same, for S3. */
/**
 * The bot Lambda's environment against the emulator, as a deployment sets it: its bucket, approvals on, the
 * bot's credentials, and the SDK's standard endpoint variables (what the emulator prints).
 */
export function botLambdaEnvironment(
  emulator: AwsEmulator,
  bot: { readonly bucket: string; readonly accessKeyId: string },
): Record<string, string> {
  return {
    FINDINGS_BUCKET: bot.bucket,
    DEVSECOPS_BOT_APPROVE: 'true',
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: bot.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
    AWS_ENDPOINT_URL_CODECOMMIT: emulator.endpoint,
    AWS_ENDPOINT_URL_STS: emulator.endpoint,
    AWS_ENDPOINT_URL_S3: emulator.s3Endpoint,
  };
}

export function emulatorS3Settings(emulator: AwsEmulator): AwsClientSettings {
  return { ...emulatorSettings(emulator), endpoint: emulator.s3Endpoint };
}

/** The ARN the emulator gives a caller with this access key. */
export function callerArn(accessKeyId: string = EMULATOR_ACCESS_KEY_ID): string {
  return `arn:aws:iam::123456789012:user/${accessKeyId}`;
}

/** Runs `call`, expecting it to throw; returns the error's `name` (what the SDK mapped `__type` to). */
export async function errorName(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}

/** One SDK client per emulated service, pointed at the emulator as the default caller. */
export interface EmulatorClients {
  readonly codecommit: CodeCommitClient;
  readonly codebuild: CodeBuildClient;
  readonly codepipeline: CodePipelineClient;
  readonly s3: S3Client;
  /** Releases every client's sockets. */
  destroy(): void;
}

export function emulatorClients(emulator: AwsEmulator): EmulatorClients {
  const clients = {
    codecommit: createCodeCommitClient(emulatorSettings(emulator)),
    codebuild: createCodeBuildClient(emulatorSettings(emulator)),
    codepipeline: createCodePipelineClient(emulatorSettings(emulator)),
    s3: createS3Client(emulatorS3Settings(emulator)),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((client) => client.destroy()) };
}

/** Creates a repository whose `main` holds `files` (path → text) in one commit; returns the commit id. */
export async function createRepositoryWithFiles(
  codecommit: CodeCommitClient,
  repositoryName: string,
  files: Readonly<Record<string, string>>,
  commitMessage: string,
): Promise<string> {
  await codecommit.send(new CreateRepositoryCommand({ repositoryName }));
  const created = await codecommit.send(
    new CreateCommitCommand({
      repositoryName,
      branchName: 'main',
      commitMessage,
      putFiles: Object.entries(files).map(([filePath, content]) => ({
        filePath,
        fileContent: Buffer.from(content, 'utf8'),
      })),
    }),
  );
  return String(created.commitId);
}

/** Creates a bucket unless it exists already. */
export async function ensureBucket(emulator: AwsEmulator, bucket: string): Promise<void> {
  const s3 = createS3Client(emulatorS3Settings(emulator));
  try {
    const exists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => true,
      () => false,
    );
    if (!exists) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
}

/**
 * Creates the demo repository (one commit on `main`), the stage project and the pipeline (with its artifact
 * bucket); returns the commit.
 */
export async function seedDemoCloud(
  emulator: AwsEmulator,
  names: { repository?: string; project?: string; pipeline?: string } = {},
): Promise<{ commit: string; repository: string; pipeline: string; project: string }> {
  const repository = names.repository ?? 'todo-app';
  const project = names.project ?? 'devsecops-stage';
  const pipeline = names.pipeline ?? 'devsecops';
  const clients = emulatorClients(emulator);
  const { codecommit, codebuild, codepipeline } = clients;
  try {
    const commit = await createRepositoryWithFiles(codecommit, repository, demoRepositoryFiles(), 'Demo application');
    await codebuild.send(new CreateProjectCommand(stageProject(project, repository, emulator.region)));
    await ensureBucket(emulator, ARTIFACTS_BUCKET);
    await codepipeline.send(new CreatePipelineCommand({ pipeline: devsecopsPipeline(pipeline, repository, project) }));
    return { commit, repository, pipeline, project };
  } finally {
    clients.destroy();
  }
}

/**
 * Branches `put.branchName` off `put.parentCommitId`, then puts one file on the new branch:
 * the usual source of a test pull request. Returns PutFile's answer (its `commitId` is the branch's new tip).
 */
export async function putFileOnNewBranch(
  client: CodeCommitClient,
  put: PutFileCommandInput & { parentCommitId: string },
): Promise<PutFileCommandOutput> {
  await client.send(
    new CreateBranchCommand({
      repositoryName: put.repositoryName,
      branchName: put.branchName,
      commitId: put.parentCommitId,
    }),
  );
  return client.send(new PutFileCommand(put));
}

/** A file written straight into the emulator's git repository: its bytes, and a link when `link` is set. */
export interface GitFile {
  readonly content: Buffer;
  /** A symbolic link whose target is `content`. */
  readonly link?: true;
}

/**
 * Commits `files` onto `branchName` (created at `parentCommitId` when missing) straight into the emulator's git
 * repository, as a `git push` would: no CreateCommit limit applies, so a blob larger than CodeCommit's API takes
 * (6 MiB) can be stored, as real repositories hold them. Returns the commit id. No event is sent: commit before
 * opening the pull request.
 */
export async function commitWithGit(
  emulator: AwsEmulator,
  request: {
    readonly repositoryName: string;
    readonly branchName: string;
    /** The commit a new branch starts at; ignored when the branch exists (its tip is the parent). */
    readonly parentCommitId: string;
    readonly files: Readonly<Record<string, GitFile>>;
    readonly message?: string;
  },
): Promise<string> {
  const git = emulator.codecommit.gitRepository(request.repositoryName);
  if (git === undefined) throw new Error(`The emulator has no repository ${request.repositoryName}.`);
  const tip = await git.branchTip(request.branchName);
  const { commitId } = await git.commit({
    parent: tip ?? request.parentCommitId,
    writes: Object.entries(request.files).map(([filePath, file]) => ({
      path: filePath,
      content: file.content,
      mode: file.link === true ? '120000' : '100644',
    })),
    deletes: [],
    message: request.message ?? 'Pushed with git',
    authorName: 'Test Author',
    authorEmail: 'author@example.invalid',
  });
  if (!(await git.updateBranch(request.branchName, commitId, tip)))
    throw new Error(`${request.branchName} moved while the test committed to it.`);
  return commitId;
}
