import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateCommitCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  GetBranchCommand,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { removeCliBundle, runCli } from '../../shared/test/cli/cli-bundle';
import { failedRunSarif } from '../../shared/test/sarif/failed-run-sarif';
import { runManifestText } from '../../shared/test/sarif/run-manifest-fixture';
import { type AwsEmulator } from '../aws-emulator/emulator';
import { putFileOnNewBranch } from '../aws-emulator/testing';
import {
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  commentsOn,
  reviewOnEmulator,
  uploadReports,
  startBotEmulator,
  stopBotEmulator,
} from './bot-pull-requests';

/**
 * The policy and baseline path end to end: the real CLI scans each commit as the pull-request build does (the
 * destination's policy with --policy, the destination's reports as --baseline), the reports land in the
 * emulator's S3, and the real bot reviews the pull request on the emulator's CodeCommit.
 */
const REPOSITORY = 'policy-app';
const ENV = { PATH: '/usr/bin:/bin' };

const MAIN_POLICY = 'version: 1\ngate:\n  failOn: high\n';
/** On main already: a high finding the pull request never touches (pre-existing, so it must not block). */
const LEGACY = 'import subprocess\n\n\ndef legacy(command):\n    return subprocess.call(command, shell=True)\n';
const APP_CLEAN = 'def run(command):\n    return command.split()\n';
const APP_SHELL =
  'import subprocess\n\n\ndef run(command):\n    return subprocess.run(command, shell=True, check=True)\n';
/** The pull request's own policy: every way of hiding what it adds. */
const PR_POLICY = [
  'version: 1',
  'gate:',
  '  failOn: critical',
  'suppressions:',
  '  - rule: "*"',
  '    reason: trust me',
  '',
].join('\n');

describe('the bot judges a pull request by the destination, on what it adds (real CLI, emulator)', function () {
  this.timeout(180_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let s3: S3Client;
  let work: string;
  let mainCommit: string;
  let pullRequestId: string;

  /** The tree at a commit, written out as a checkout. */
  const checkout = (name: string, files: Readonly<Record<string, string>>): string => {
    const root = path.join(work, name);
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    }
    return root;
  };

  /** `devsecops scan --only sast` as a build does, its SARIF uploaded to `<repository>/<commit>/sast.sarif`. */
  const scanAndUpload = async (root: string, commit: string, extra: readonly string[] = []): Promise<string> => {
    const sarif = path.join(work, `${commit}.sarif`);
    const result = await runCli(['scan', root, '--only', 'sast', '--format', 'sarif', '--output', sarif, ...extra], {
      env: ENV,
    });
    assert.ok(result.exitCode === 0 || result.exitCode === 1, result.stderr);
    const body = readFileSync(sarif, 'utf8');
    await uploadReports({ s3, bucket: FINDINGS_BUCKET }, REPOSITORY, commit, { 'sast.sarif': body });
    return sarif;
  };

  /** A PR build of `files`: the destination's policy and the destination's reports as baseline. */
  const pullRequestBuild = async (commit: string, files: Readonly<Record<string, string>>): Promise<void> => {
    const destinationPolicy = path.join(work, 'destination-policy.yml');
    writeFileSync(destinationPolicy, MAIN_POLICY);
    const baseline = path.join(work, 'baseline');
    mkdirSync(baseline, { recursive: true });
    writeFileSync(path.join(baseline, 'sast.sarif'), readFileSync(path.join(work, `${mainCommit}.sarif`)));
    await scanAndUpload(checkout(commit, files), commit, ['--policy', destinationPolicy, '--baseline', baseline]);
  };

  const push = async (files: Readonly<Record<string, string>>, message: string): Promise<string> => {
    const tip = await author.send(new GetBranchCommand({ repositoryName: REPOSITORY, branchName: 'feature' }));
    const commit = await author.send(
      new CreateCommitCommand({
        repositoryName: REPOSITORY,
        branchName: 'feature',
        parentCommitId: tip.branch?.commitId,
        commitMessage: message,
        putFiles: Object.entries(files).map(([filePath, content]) => ({
          filePath,
          fileContent: Buffer.from(content, 'utf8'),
        })),
      }),
    );
    return String(commit.commitId);
  };

  const review = (sourceCommit: string) =>
    reviewOnEmulator(
      emulator,
      { repository: REPOSITORY, pullRequestId, sourceCommit, mainCommit },
      { accessKeyId: BOT_ACCESS_KEY_ID, bucket: FINDINGS_BUCKET },
    );

  /** Pushes `changed` onto the branch (the tree becomes `files`), runs the PR build and reviews the commit. */
  const pushBuildReview = async (
    files: Readonly<Record<string, string>>,
    changed: Readonly<Record<string, string>>,
    message: string,
  ) => {
    const commit = await push(changed, message);
    await pullRequestBuild(commit, files);
    const result = await review(commit);
    if (result.status !== 'posted') assert.fail(JSON.stringify(result));
    return result;
  };

  const summary = async (): Promise<string> =>
    (await commentsOn(author, pullRequestId)).find((comment) => comment.marker.startsWith('summary'))?.content ?? '';

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'devsecops-bot-policy-'));
    ({ emulator, author, s3 } = await startBotEmulator());
    await author.send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
    const mainFiles = { '.devsecops.yml': MAIN_POLICY, 'app/legacy.py': LEGACY, 'app/main.py': APP_CLEAN };
    const first = await author.send(
      new CreateCommitCommand({
        repositoryName: REPOSITORY,
        branchName: 'main',
        commitMessage: 'Initial commit',
        putFiles: Object.entries(mainFiles).map(([filePath, content]) => ({
          filePath,
          fileContent: Buffer.from(content, 'utf8'),
        })),
      }),
    );
    mainCommit = String(first.commitId);
    // The pipeline scanned main: its reports are the baseline of every pull request against it.
    await scanAndUpload(checkout(mainCommit, mainFiles), mainCommit);
    await putFileOnNewBranch(author, {
      repositoryName: REPOSITORY,
      branchName: 'feature',
      parentCommitId: mainCommit,
      filePath: 'README.md',
      fileContent: Buffer.from('feature\n', 'utf8'),
      commitMessage: 'Branch',
    });
  });

  after(async () => {
    await stopBotEmulator({ emulator, author, s3 });
    rmSync(work, { recursive: true, force: true });
    removeCliBundle();
  });

  it('a pull request that adds shell=True and suppresses it in its own .devsecops.yml is not approved', async () => {
    const files = { '.devsecops.yml': PR_POLICY, 'app/legacy.py': LEGACY, 'app/main.py': APP_SHELL };
    const commit = await push({ '.devsecops.yml': PR_POLICY, 'app/main.py': APP_SHELL }, 'Shell, and hide it');
    const created = await author.send(
      new CreatePullRequestCommand({
        title: 'Shell, and hide it',
        targets: [{ repositoryName: REPOSITORY, sourceReference: 'feature', destinationReference: 'main' }],
      }),
    );
    pullRequestId = String(created.pullRequest?.pullRequestId);
    await pullRequestBuild(commit, files);
    const result = await review(commit);
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(
      [result.gate.status, result.gate.failingCount, result.gate.preExistingCount, result.approval?.state],
      ['failed', 1, 1, 'REVOKE'],
    );
    assert.deepStrictEqual(
      (result.gate.policyChanges ?? []).map(
        (change) =>
          `${change.kind} ${change.finding === undefined ? change.detail : `${change.finding.ruleId} ${change.finding.location.path}`}`,
      ),
      // Its suppression would hide the legacy findings too, once merged.
      [
        'suppressed B404 app/legacy.py',
        'suppressed B602 app/legacy.py',
        'suppressed B404 app/main.py',
        'suppressed B602 app/main.py',
        'gate gate.failOn high → critical',
      ],
    );
    const text = await summary();
    assert.match(
      text,
      /❌ \*\*Security gate failed\*\*: 1 new finding at or above high \(1 finding at or above high the destination already had does not count\)/,
    );
    assert.ok(text.includes('#### Changed by this pull request: needs a security reviewer'), text);
    assert.ok(!text.includes('<!--'), text);
  });

  it('fixed, but the policy change stays: no finding fails, and still no approval (needs a reviewer)', async () => {
    const files = { '.devsecops.yml': PR_POLICY, 'app/legacy.py': LEGACY, 'app/main.py': APP_CLEAN };
    const result = await pushBuildReview(files, { 'app/main.py': APP_CLEAN }, 'No shell');
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
    assert.ok((await summary()).includes('🔎 **Needs a security reviewer**'));
  });

  it("with the destination's policy back, the pre-existing finding does not block: approved", async () => {
    const files = { '.devsecops.yml': MAIN_POLICY, 'app/legacy.py': LEGACY, 'app/main.py': APP_CLEAN };
    const result = await pushBuildReview(files, { '.devsecops.yml': MAIN_POLICY }, 'Policy as on main');
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.gate.preExistingCount, result.approval?.state],
      ['passed', true, 1, 'APPROVE'],
    );
  });
  it('a failed tool and a report the run lists but never uploaded: no verdict, nothing resolved, no approval', async () => {
    // An open inline comment first: shell=True again, scanned as usual.
    const shellFiles = { '.devsecops.yml': MAIN_POLICY, 'app/legacy.py': LEGACY, 'app/main.py': APP_SHELL };
    const shell = await push({ 'app/main.py': APP_SHELL }, 'Shell again');
    await pullRequestBuild(shell, shellFiles);
    const flagged = await review(shell);
    assert.ok(flagged.status === 'posted' && flagged.approval?.state === 'REVOKE', JSON.stringify(flagged));
    const openBefore = (await commentsOn(author, pullRequestId)).filter((c) => c.inline && c.marker.endsWith(' open'));
    assert.ok(openBefore.length > 0, 'an open inline comment to keep');
    // The fix, but Bandit failed on it, and the run's sca.sarif never arrived.
    const fixed = await push({ 'app/main.py': APP_CLEAN }, 'No shell (Bandit crashed)');
    const failedRun = failedRunSarif('bandit', 'Bandit crashed');
    const manifest = runManifestText([
      { name: 'sca', status: 'succeeded', gate: 'passed', reportFiles: ['sca.sarif'] },
      { name: 'sast', status: 'failed', gate: 'incomplete', reportFiles: ['sast.sarif'] },
    ]);
    for (const [name, body] of [
      ['sast.sarif', failedRun],
      ['pipeline-run.json', manifest],
    ] as const) {
      await s3.send(
        new PutObjectCommand({ Bucket: FINDINGS_BUCKET, Key: `${REPOSITORY}/${fixed}/${name}`, Body: body }),
      );
    }
    const result = await review(fixed);
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval, result.post?.updated],
      ['incomplete', false, undefined, 1], // Only the summary is rewritten.
    );
    assert.deepStrictEqual(
      result.gate.notScanned.map((entry) => entry.reason),
      ['bandit failed: Bandit crashed', 'sca.sarif of the sca action is listed in the run but was not uploaded'],
    );
    const openAfter = (await commentsOn(author, pullRequestId)).filter((c) => c.inline && c.marker.endsWith(' open'));
    assert.deepStrictEqual(
      openAfter.map((c) => c.commentId),
      openBefore.map((c) => c.commentId),
    );
    assert.ok((await summary()).includes('No verdict: the scan is incomplete'));
  });

  it('a fix that hides shell=True behind its own # nosec: nothing fails, and no approval (needs a reviewer)', async () => {
    const hidden = APP_SHELL.replace('check=True)\n', 'check=True)  # nosec B602\n');
    const files = { '.devsecops.yml': MAIN_POLICY, 'app/legacy.py': LEGACY, 'app/main.py': hidden };
    const result = await pushBuildReview(files, { 'app/main.py': hidden }, 'Shell, with nosec');
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
    assert.deepStrictEqual(
      (result.gate.policyChanges ?? []).map(
        (change) => `${change.kind} ${String(change.location?.path)}:${String(change.location?.line)} ${change.detail}`,
      ),
      ['inline-suppression app/main.py:5 return subprocess.run(command, shell=True, check=True)  # nosec B602'],
    );
    const text = await summary();
    assert.ok(text.includes('🔎 **Needs a security reviewer**'), text);
    assert.ok(text.includes('| inline-suppression | `app/main.py:5` |'), text);
  });

  it('reports without their run manifest (an upload cut short): no verdict, no approval written', async () => {
    const commit = await push({ 'app/main.py': APP_CLEAN }, 'No shell, no nosec');
    const files = { '.devsecops.yml': MAIN_POLICY, 'app/legacy.py': LEGACY, 'app/main.py': APP_CLEAN };
    const sarif = path.join(work, 'no-manifest.sarif');
    const scanned = await runCli(
      ['scan', checkout(commit, files), '--only', 'sast', '--format', 'sarif', '--output', sarif],
      {
        env: ENV,
      },
    );
    assert.ok(scanned.exitCode === 0 || scanned.exitCode === 1, scanned.stderr);
    const body = readFileSync(sarif, 'utf8');
    await s3.send(
      new PutObjectCommand({ Bucket: FINDINGS_BUCKET, Key: `${REPOSITORY}/${commit}/sast.sarif`, Body: body }),
    );
    const result = await review(commit);
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual([result.gate.status, result.gate.passed, result.approval], ['incomplete', false, undefined]);
    assert.deepStrictEqual(
      result.gate.notScanned.map((entry) => entry.reason),
      [
        'the run manifest pipeline-run.json is missing, so these reports cannot show that every scan ran; upload the whole reports folder that devsecops pipeline run writes',
      ],
    );
  });
});
