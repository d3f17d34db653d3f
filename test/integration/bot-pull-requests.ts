import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateCommitCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  paginateGetCommentsForPullRequest,
  type CodeCommitClient,
  type Comment,
  type CommentsForPullRequest,
} from '@aws-sdk/client-codecommit';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createCodeCommitClient, createS3Client } from '@devsecops/shared/aws';
import { splitLines } from '@devsecops/shared/files';
import { assignFingerprints } from '@devsecops/shared/findings';
import { renderReport } from '@devsecops/shared/reports';
import type { Finding, FindingDraft } from '@devsecops/shared/findings';
import { createBotClients } from '../../bot/src/codecommit/clients';
import { codeCommitDependencies } from '../../bot/src/codecommit/dependencies';
import { parseMarker } from '../../bot/src/comments/marker';
import { sarifReader } from '../../bot/src/findings/sarif-reader';
import { runBot } from '../../bot/src/run-bot';
import { runManifestText } from '../../shared/test/sarif/run-manifest-fixture';
import type { BotRunResult } from '../../bot/src/run-bot';
import { EMULATOR_SECRET_ACCESS_KEY, startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { emulatorS3Settings, emulatorSettings, putFileOnNewBranch } from '../aws-emulator/testing';

/** Pull requests on the emulator for the bot's integration tests and benchmarks. */

/** The findings bucket the pull requests' reports go to. */
export const FINDINGS_BUCKET = 'findings';
/** Who calls the emulator (it derives each caller's ARN from the access key id): the bot, and the author. */
export const BOT_ACCESS_KEY_ID = 'AKIDDEVSECOPSBOT';
export const AUTHOR_ACCESS_KEY_ID = 'AKIDAUTHOR';

export const BOT_FIXTURES = path.join(__dirname, '..', '..', 'bot', 'test', 'fixtures');
/** app/main.py before and after the pull request (adds a shell=True call on line 14 and an eval on line 29). */
export const MAIN_BEFORE = readFileSync(path.join(BOT_FIXTURES, 'diffs', 'main.before.py'), 'utf8');
export const MAIN_AFTER = readFileSync(path.join(BOT_FIXTURES, 'diffs', 'main.after.py'), 'utf8');

export const B602: FindingDraft = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B602',
  message: 'subprocess call with shell=True identified, security issue.',
  severity: 'high',
  location: { path: 'app/main.py', line: 14 },
};
export const B307: FindingDraft = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B307',
  message: 'Use of possibly insecure function - consider using safer ast.literal_eval.',
  severity: 'medium',
  location: { path: 'app/main.py', line: 29 },
};

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

/** Findings with the fingerprints `devsecops scan` gives them for `source` (app/main.py). */
export function fingerprinted(source: string, drafts: readonly FindingDraft[]): Finding[] {
  const lines = splitLines(source);
  return assignFingerprints(drafts, (_path, line) => lines[line - 1]);
}

/** The SARIF `devsecops scan` writes for these findings. */
export function sarifOf(findings: readonly Finding[]): string {
  return renderReport('sarif', {
    result: { findings, tools: [] },
    root: '/src',
    gate: { failOn: 'high', passed: !findings.some((finding) => finding.severity === 'high') },
  });
}

export interface EmulatedPullRequest {
  readonly repository: string;
  readonly pullRequestId: string;
  readonly sourceCommit: string;
  readonly mainCommit: string;
}

/** Where the pull requests go: the author's CodeCommit client, S3 for the reports and the findings bucket. */
export interface PullRequestHost {
  readonly author: CodeCommitClient;
  readonly s3: S3Client;
  readonly bucket: string;
}

/** The emulator as the bot's suites run it: the findings bucket, the bot's key known to S3, the author's clients. */
export interface BotEmulatorSession {
  readonly emulator: AwsEmulator;
  readonly author: CodeCommitClient;
  readonly s3: S3Client;
}

export async function startBotEmulator(): Promise<BotEmulatorSession> {
  const emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET], accessKeyIds: [BOT_ACCESS_KEY_ID] });
  return {
    emulator,
    author: createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: AUTHOR_ACCESS_KEY_ID })),
    s3: createS3Client(emulatorS3Settings(emulator)),
  };
}

export async function stopBotEmulator(session: BotEmulatorSession): Promise<void> {
  session.author.destroy();
  session.s3.destroy();
  await session.emulator.close();
}

/** Uploads the SARIF of `findings` as the PR build would: `<repository>/<commit>/sast.sarif` and its run manifest. */
export async function uploadFindings(
  host: PullRequestHost,
  repository: string,
  commit: string,
  findings: readonly Finding[],
): Promise<void> {
  await uploadReports(host, repository, commit, { 'sast.sarif': sarifOf(findings) });
}

/**
 * Uploads SARIF reports under `<repository>/<commit>/` as a whole run would: each report, then the run manifest
 * (`pipeline-run.json`) that lists each one as the report of a succeeded action named after it.
 */
export async function uploadReports(
  host: Pick<PullRequestHost, 's3' | 'bucket'>,
  repository: string,
  commit: string,
  reports: Readonly<Record<string, string>>,
): Promise<void> {
  const manifest = runManifestText(
    Object.keys(reports).map((name) => ({
      name: name.replace(/\.sarif$/, ''),
      status: 'succeeded',
      gate: 'passed',
      reportFiles: [name],
    })),
  );
  for (const [name, body] of [...Object.entries(reports), ['pipeline-run.json', manifest] as const]) {
    await host.s3.send(
      new PutObjectCommand({ Bucket: host.bucket, Key: `${repository}/${commit}/${name}`, Body: body }),
    );
  }
}

/**
 * A repository whose `main` has `before` as app/main.py, a pull request from `feature` that changes it to
 * `after`, and the SARIF of `drafts` (fingerprinted on `after`) uploaded for the source commit.
 */
export async function openPullRequest(
  host: PullRequestHost,
  repository: string,
  drafts: readonly FindingDraft[] = [B602, B307],
  files: { readonly before: string; readonly after: string } = { before: MAIN_BEFORE, after: MAIN_AFTER },
): Promise<EmulatedPullRequest> {
  await host.author.send(new CreateRepositoryCommand({ repositoryName: repository }));
  const first = await host.author.send(
    new CreateCommitCommand({
      repositoryName: repository,
      branchName: 'main',
      commitMessage: 'Initial commit',
      putFiles: [{ filePath: 'app/main.py', fileContent: text(files.before) }],
    }),
  );
  const mainCommit = String(first.commitId);
  const put = await putFileOnNewBranch(host.author, {
    repositoryName: repository,
    branchName: 'feature',
    parentCommitId: mainCommit,
    filePath: 'app/main.py',
    fileContent: text(files.after),
    commitMessage: 'Change app/main.py',
  });
  const sourceCommit = String(put.commitId);
  const created = await host.author.send(
    new CreatePullRequestCommand({
      title: 'Change app/main.py',
      targets: [{ repositoryName: repository, sourceReference: 'feature', destinationReference: 'main' }],
    }),
  );
  const pullRequestId = String(created.pullRequest?.pullRequestId);
  await uploadFindings(host, repository, sourceCommit, fingerprinted(files.after, drafts));
  return { repository, pullRequestId, sourceCommit, mainCommit };
}

/** Runs the bot as the Lambda wires it, against the emulator, as the caller with `accessKeyId`. */
export async function reviewOnEmulator(
  emulator: AwsEmulator,
  pr: EmulatedPullRequest,
  options: {
    readonly accessKeyId: string;
    readonly bucket: string;
    readonly approve?: boolean;
    readonly maxInline?: number;
  },
): Promise<BotRunResult> {
  const clients = createBotClients(
    {
      region: emulator.region,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: EMULATOR_SECRET_ACCESS_KEY },
    },
    { codeCommit: emulator.endpoint, sts: emulator.endpoint, s3: emulator.s3Endpoint },
  );
  try {
    const ref = {
      repositoryName: pr.repository,
      pullRequestId: pr.pullRequestId,
      sourceCommit: pr.sourceCommit,
      destinationCommit: pr.mainCommit,
      trigger: 'test',
    };
    const deps = codeCommitDependencies(ref, {
      clients,
      findings: { kind: 's3', bucket: options.bucket },
      readSarif: sarifReader(),
    });
    return await runBot(ref, deps, {
      mode: 'added',
      maxInline: options.maxInline ?? 20,
      approve: options.approve ?? true,
      dryRun: false,
    });
  } finally {
    clients.destroy();
  }
}

/** One comment as the tests look at it: who wrote it, and its marker (`<fingerprint> <state>`, `summary <state>`). */
export interface SeenComment {
  readonly commentId: string;
  readonly author: string;
  readonly inline: boolean;
  readonly marker: string;
  readonly content: string;
}

/** The documented EventBridge "Pull Request State Change" event (`kind`: pullRequestCreated, …) with these ids. */
export function pullRequestEvent(
  kind: string,
  pr: {
    readonly repository: string;
    readonly pullRequestId: string;
    readonly sourceCommit: string;
    readonly mainCommit: string;
  },
) {
  const event = JSON.parse(readFileSync(path.join(BOT_FIXTURES, 'events', 'pull-request-created.json'), 'utf8')) as {
    detail: Record<string, unknown>;
  };
  return {
    ...event,
    detail: {
      ...event.detail,
      event: kind,
      pullRequestId: pr.pullRequestId,
      sourceCommit: pr.sourceCommit,
      destinationCommit: pr.mainCommit,
      repositoryNames: [pr.repository],
    },
  };
}

/** One comment on a pull request and the thread it stands in (its location and commits). */
export interface ThreadComment {
  readonly thread: CommentsForPullRequest;
  readonly comment: Comment;
}

/** Every comment on the pull request as CodeCommit answers it, page after page, read as `reader`. */
export async function threadCommentsOn(reader: CodeCommitClient, pullRequestId: string): Promise<ThreadComment[]> {
  const found: ThreadComment[] = [];
  for await (const page of paginateGetCommentsForPullRequest({ client: reader }, { pullRequestId })) {
    for (const thread of page.commentsForPullRequestData ?? []) {
      for (const comment of thread.comments ?? []) found.push({ thread, comment });
    }
  }
  return found;
}

/** Every comment on the pull request, read as `reader`. */
export async function commentsOn(reader: CodeCommitClient, pullRequestId: string): Promise<SeenComment[]> {
  return (await threadCommentsOn(reader, pullRequestId)).map(({ thread, comment }) => {
    const marker = parseMarker(comment.content ?? '');
    return {
      commentId: String(comment.commentId),
      author: String(comment.authorArn),
      inline: thread.location !== undefined,
      marker:
        marker === undefined
          ? 'none'
          : marker.kind === 'summary'
            ? `summary ${marker.state}`
            : `${marker.fingerprint} ${marker.state}`,
      content: comment.content ?? '',
    };
  });
}

/** Writes the emulator answered with success since call number `since`: posts, edits, approvals. */
export function successfulWrites(emulator: AwsEmulator, since = 0): number {
  return emulator
    .calls()
    .slice(since)
    .filter(
      (call) =>
        ['PostCommentForPullRequest', 'UpdateComment', 'UpdatePullRequestApprovalState'].includes(call.operation) &&
        call.status === 200 &&
        !call.replayed,
    ).length;
}
