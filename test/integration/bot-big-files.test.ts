import assert from 'node:assert/strict';
import {
  CreateCommitCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import type { S3Client } from '@aws-sdk/client-s3';
import { createCodeCommitClient } from '@devsecops/shared/aws';
import { GET_FILE_SIZE_LIMIT } from '../aws-emulator/codecommit/codecommit-service';
import { type AwsEmulator } from '../aws-emulator/emulator';
import { commitWithGit, emulatorSettings, type GitFile } from '../aws-emulator/testing';
import {
  B307,
  BOT_ACCESS_KEY_ID,
  commentsOn,
  FINDINGS_BUCKET,
  fingerprinted,
  MAIN_AFTER,
  MAIN_BEFORE,
  reviewOnEmulator,
  uploadFindings,
  startBotEmulator,
  stopBotEmulator,
} from './bot-pull-requests';
import { codeCommitDiffService } from '../../bot/src/codecommit/diff-service';
import { TooManyChangedFilesError } from '../../bot/src/diff/too-many-files';
import type { BotRunResult } from '../../bot/src/run-bot';

/**
 * Files CodeCommit's GetFile will not return (over 6 MiB; a `git push` stores them), on either side of a pull
 * request. The bot must still review: post the findings it has, say which file it could not read and why, and
 * never approve on what it could not read; a destination policy it cannot read gives no verdict at all.
 */
const MAIN_POLICY = 'version: 1\ngate:\n  failOn: high\n';

/** `text` padded with comment lines past GetFile's limit. */
const tooLarge = (text: string, comment = '#'): Buffer =>
  Buffer.concat([Buffer.from(text), Buffer.alloc(GET_FILE_SIZE_LIMIT + 1024, `${comment} padding\n`)]);

describe('the bot and files larger than CodeCommit returns (emulator)', function () {
  this.timeout(120_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let s3: S3Client;
  let repositoryCount = 0;

  before(async () => {
    ({ emulator, author, s3 } = await startBotEmulator());
  });

  after(async () => {
    await stopBotEmulator({ emulator, author, s3 });
  });

  /**
   * main holds app/main.py and `.devsecops.yml` (plus `mainFiles`, pushed with git); the pull request changes
   * app/main.py (B307, medium: under the gate) and pushes `changed`. Its build's report holds B307 alone.
   */
  const review = async (
    changed: Readonly<Record<string, GitFile>>,
    mainFiles: Readonly<Record<string, GitFile>> = {},
  ): Promise<{ result: BotRunResult; summary: string }> => {
    repositoryCount += 1;
    const repository = `big-files-${String(repositoryCount)}`;
    await author.send(new CreateRepositoryCommand({ repositoryName: repository }));
    const first = await author.send(
      new CreateCommitCommand({
        repositoryName: repository,
        branchName: 'main',
        commitMessage: 'Initial commit',
        putFiles: [
          { filePath: 'app/main.py', fileContent: Buffer.from(MAIN_BEFORE) },
          { filePath: '.devsecops.yml', fileContent: Buffer.from(MAIN_POLICY) },
        ],
      }),
    );
    const mainCommit =
      Object.keys(mainFiles).length === 0
        ? String(first.commitId)
        : await commitWithGit(emulator, {
            repositoryName: repository,
            branchName: 'main',
            parentCommitId: String(first.commitId),
            files: mainFiles,
          });
    const sourceCommit = await commitWithGit(emulator, {
      repositoryName: repository,
      branchName: 'feature',
      parentCommitId: mainCommit,
      files: { 'app/main.py': { content: Buffer.from(MAIN_AFTER) }, ...changed },
    });
    const created = await author.send(
      new CreatePullRequestCommand({
        title: 'Add generated tables',
        targets: [{ repositoryName: repository, sourceReference: 'feature', destinationReference: 'main' }],
      }),
    );
    const pullRequestId = String(created.pullRequest?.pullRequestId);
    await uploadFindings(
      { author, s3, bucket: FINDINGS_BUCKET },
      repository,
      sourceCommit,
      fingerprinted(MAIN_AFTER, [B307]),
    );
    const result = await reviewOnEmulator(
      emulator,
      { repository, pullRequestId, sourceCommit, mainCommit },
      { accessKeyId: BOT_ACCESS_KEY_ID, bucket: FINDINGS_BUCKET },
    );
    const comments = await commentsOn(author, pullRequestId);
    assert.deepStrictEqual(
      comments
        .map(
          (comment) =>
            `${comment.inline ? 'inline' : 'general'} ${comment.marker.split(' ')[0] === 'summary' ? 'summary' : 'finding'}`,
        )
        .sort(),
      ['general summary', 'inline finding'],
      'the B307 comment and the summary are posted',
    );
    return { result, summary: comments.find((comment) => comment.marker.startsWith('summary'))?.content ?? '' };
  };

  const changesOf = (result: BotRunResult): string[] =>
    result.status === 'skipped'
      ? []
      : (result.gate.policyChanges ?? []).map(
          (change) =>
            `${change.kind}${change.location === undefined ? '' : ` ${change.location.path}:${String(change.location.line)}`} ${change.detail}`,
        );

  const verdictOf = (result: BotRunResult): unknown[] =>
    result.status === 'skipped'
      ? [result.status]
      : [result.status, result.gate.status, result.gate.passed, result.approval?.state];

  it('approves the same pull request without a large file (the control)', async () => {
    const { result } = await review({});
    assert.deepStrictEqual(verdictOf(result), ['posted', 'passed', true, 'APPROVE']);
  });

  it('a Python file over 6 MiB the pull request adds: its findings still posted, the file named in the summary, not approved', async () => {
    const { result, summary } = await review({ 'app/tables.py': { content: tooLarge('TABLE = []  # nosec\n') } });
    assert.deepStrictEqual(changesOf(result), [
      "inline-suppression app/tables.py:1 the bot could not read this file (larger than CodeCommit's GetFile returns, 6 MiB) to look for inline suppressions",
    ]);
    assert.deepStrictEqual(verdictOf(result), ['posted', 'passed', false, 'REVOKE']);
    assert.match(summary, /app\/tables\.py:1/);
    assert.match(summary, /larger than CodeCommit's GetFile returns, 6 MiB/);
  });

  it('a Dockerfile over 6 MiB the pull request adds is named, and not approved', async () => {
    const { result } = await review({
      Dockerfile: { content: tooLarge('FROM python:3.12-slim\n# hadolint ignore=DL3002\nUSER root\n') },
    });
    assert.deepStrictEqual(changesOf(result), [
      "inline-suppression Dockerfile:1 the bot could not read this file (larger than CodeCommit's GetFile returns, 6 MiB) to look for inline suppressions",
    ]);
    assert.deepStrictEqual(verdictOf(result), ['posted', 'passed', false, 'REVOKE']);
  });

  it('a Python file over 6 MiB the destination has and the pull request shrinks is named, and not approved', async () => {
    const { result } = await review(
      { 'app/tables.py': { content: Buffer.from('import subprocess  # nosec\n') } },
      { 'app/tables.py': { content: tooLarge('TABLE = []\n') } },
    );
    assert.deepStrictEqual(changesOf(result), [
      "inline-suppression app/tables.py:1 the bot could not read this file (larger than CodeCommit's GetFile returns, 6 MiB) to look for inline suppressions",
    ]);
    assert.deepStrictEqual(verdictOf(result), ['posted', 'passed', false, 'REVOKE']);
  });

  it('a .hadolint.yaml and a .bandit over 6 MiB the pull request writes are listed as scanner configs, and not approved', async () => {
    const { result } = await review({
      '.hadolint.yaml': { content: tooLarge('ignored:\n  - DL3002\n') },
      '.bandit': { content: tooLarge('[bandit]\nskips = B602\n') },
    });
    assert.deepStrictEqual(changesOf(result), ['config-file .bandit', 'config-file .hadolint.yaml']);
    assert.deepStrictEqual(verdictOf(result), ['posted', 'passed', false, 'REVOKE']);
  });

  it('a .devsecops.yml over 6 MiB the pull request writes is listed as a policy the bot cannot read, and not approved', async () => {
    const { result } = await review({ '.devsecops.yml': { content: tooLarge('version: 1\ngate:\n  failOn: none\n') } });
    const changes = changesOf(result);
    assert.equal(changes.length, 1, JSON.stringify(changes));
    assert.match(
      changes[0] ?? '',
      /^config-file \.devsecops\.yml of the pull request cannot be read.*larger than CodeCommit's GetFile returns/,
    );
    assert.deepStrictEqual(verdictOf(result), ['posted', 'passed', false, 'REVOKE']);
  });

  it('scanner configs over 6 MiB the destination has and the pull request leaves alone are not links: reviewed as usual', async () => {
    const { result } = await review(
      {},
      {
        '.hadolint.yaml': { content: tooLarge('ignored: []\n') },
        '.bandit': { content: tooLarge('[bandit]\n') },
      },
    );
    assert.deepStrictEqual(changesOf(result), []);
    assert.deepStrictEqual(verdictOf(result), ['posted', 'passed', true, 'APPROVE']);
  });

  it('a destination .devsecops.yml over 6 MiB is a policy the bot cannot know: findings posted, no verdict, the reason in the summary', async () => {
    const { result, summary } = await review(
      {},
      { '.devsecops.yml': { content: tooLarge('version: 1\ngate:\n  failOn: low\n') } },
    );
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(
      result.gate.notScanned.map((entry) => entry.path),
      ['.devsecops.yml'],
    );
    assert.match(
      result.gate.notScanned[0]?.reason ?? '',
      /destination's policy cannot be read.*larger than CodeCommit's GetFile returns/,
    );
    assert.deepStrictEqual(verdictOf(result), ['posted', 'incomplete', false, undefined]);
    assert.match(summary, /destination's policy cannot be read/);
  });
  it('a pull request of many files: the bot reads at most its limit (Python files and Dockerfiles first), the rest are named unread', async () => {
    await author.send(new CreateRepositoryCommand({ repositoryName: 'many-files' }));
    const first = await author.send(
      new CreateCommitCommand({
        repositoryName: 'many-files',
        branchName: 'main',
        commitMessage: 'Initial commit',
        putFiles: [{ filePath: 'app/main.py', fileContent: Buffer.from(MAIN_BEFORE) }],
      }),
    );
    const data = Object.fromEntries(
      Array.from({ length: 40 }, (_, index) => [
        `data/${String(index).padStart(2, '0')}.txt`,
        { content: Buffer.from(`${String(index)}\n`) },
      ]),
    );
    const sourceCommit = await commitWithGit(emulator, {
      repositoryName: 'many-files',
      branchName: 'feature',
      parentCommitId: String(first.commitId),
      files: {
        ...data,
        'app/main.py': { content: Buffer.from(MAIN_AFTER) },
        Dockerfile: { content: Buffer.from('FROM scratch\n') },
      },
    });
    const since = emulator.calls().length;
    const bot = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: BOT_ACCESS_KEY_ID }));
    const diff = await codeCommitDiffService(bot, {
      repositoryName: 'many-files',
      beforeCommit: String(first.commitId),
      afterCommit: sourceCommit,
      maxFilesRead: 2,
    })
      .pullRequestDiff()
      .finally(() => bot.destroy());
    assert.equal(diff.size, 42);
    assert.deepStrictEqual(
      [...diff.values()]
        .filter((file) => file.unreadable === undefined)
        .map((file) => `${file.path} ${String(file.addedLines.size > 0)}`),
      ['app/main.py true', 'Dockerfile true'],
    );
    assert.equal(
      diff.get('data/00.txt')?.unreadable,
      'one of 42 changed files: the bot reads 2 at most, Python files and Dockerfiles first',
    );
    // Both sides of the two files read, and the three root scanner configs looked at: no file of data/.
    const getFileCalls = emulator
      .calls()
      .slice(since)
      .filter((call) => call.operation === 'GetFile').length;
    assert.ok(getFileCalls <= 6, String(getFileCalls));
    // One file more than the bot lists: no diff at all (the review says why, with no verdict).
    const listing = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: BOT_ACCESS_KEY_ID }));
    await assert.rejects(
      codeCommitDiffService(listing, {
        repositoryName: 'many-files',
        beforeCommit: String(first.commitId),
        afterCommit: sourceCommit,
        maxFilesListed: 41,
      })
        .pullRequestDiff()
        .finally(() => listing.destroy()),
      (error: unknown) => error instanceof TooManyChangedFilesError && error.limit === 41,
    );
  });
  it("line diffs stop at the pull request's time budget: the files left count as rewritten, every line added", async () => {
    await author.send(new CreateRepositoryCommand({ repositoryName: 'slow-diffs' }));
    const first = await author.send(
      new CreateCommitCommand({
        repositoryName: 'slow-diffs',
        branchName: 'main',
        commitMessage: 'Initial commit',
        putFiles: [{ filePath: 'app/main.py', fileContent: Buffer.from(MAIN_BEFORE) }],
      }),
    );
    const sourceCommit = await commitWithGit(emulator, {
      repositoryName: 'slow-diffs',
      branchName: 'feature',
      parentCommitId: String(first.commitId),
      files: { 'app/main.py': { content: Buffer.from(MAIN_AFTER) } },
    });
    const bot = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: BOT_ACCESS_KEY_ID }));
    const request = { repositoryName: 'slow-diffs', beforeCommit: String(first.commitId), afterCommit: sourceCommit };
    try {
      const inTime = await codeCommitDiffService(bot, request).pullRequestDiff();
      const late = await codeCommitDiffService(bot, { ...request, diffBudgetMs: 0 }).pullRequestDiff();
      const lines = MAIN_AFTER.split('\n').length - 1;
      assert.ok((inTime.get('app/main.py')?.addedLines.size ?? 0) < lines);
      assert.equal(late.get('app/main.py')?.addedLines.size, lines);
    } finally {
      bot.destroy();
    }
  });
});
