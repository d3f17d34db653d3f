import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBranchCommand,
  CreateCommitCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  type CodeCommitClient,
  type PutFileEntry,
} from '@aws-sdk/client-codecommit';
import type { S3Client } from '@aws-sdk/client-s3';
import { removeCliBundle, runCli } from '../../shared/test/cli/cli-bundle';
import { type AwsEmulator } from '../aws-emulator/emulator';
import {
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  reviewOnEmulator,
  uploadReports,
  startBotEmulator,
  stopBotEmulator,
} from './bot-pull-requests';
import type { BotRunResult } from '../../bot/src/run-bot';

/**
 * Pull requests that change what their own build reports in ways the bot did not see, end to end (the real CLI
 * scans, the real bot reviews on the emulator):
 * - through symbolic links: the scanners follow a link that stays inside the repository when they read their own
 *   config (`.hadolint.yaml`, `.devsecops.yml`), so a config committed as a link to a file of innocent name;
 * - through a `# nosec` the destination already had: Bandit honours it on every line of its statement.
 * The bot must list each for a security reviewer, as it lists a config or `# nosec` the pull request writes.
 */
const ENV = { PATH: '/usr/bin:/bin' };
const MAIN_POLICY = 'version: 1\ngate:\n  failOn: high\n';
const DIGEST = `sha256:${'0'.repeat(64)}`;
const DOCKERFILE_APP_USER = `FROM python:3.12-slim@${DIGEST}\nUSER 10001:10001\n`;
/** DL3002 (the image ends as root): high, so it fails the destination's gate. */
const DOCKERFILE_ROOT = `FROM python:3.12-slim@${DIGEST}\nUSER 10001:10001\nUSER 0:0\n`;
/** A hadolint config that hides DL3002, under a name no scanner reads by itself. */
const HIDING_HADOLINT_CONFIG = 'ignored:\n  - DL3002\n';
/** A .devsecops.yml that hides everything, under a name no scanner reads by itself. */
const HIDING_POLICY = 'version: 1\ngate:\n  failOn: none\nignore:\n  - "**"\n';
/** A call written over several lines, with a blanket `# nosec` on its first line (B603: fixed arguments). */
const APP_FIXED_ARGUMENTS = [
  'import subprocess  # nosec B404',
  '',
  '',
  'def status():',
  '    return subprocess.run(  # nosec',
  '        ["git", "status"],',
  '        check=True,',
  '    )',
  '',
].join('\n');
/** The same call, now running the caller's text through a shell (B602, high), under the same `# nosec`. */
const APP_SHELL_UNDER_OLD_NOSEC = APP_FIXED_ARGUMENTS.replace(
  '["git", "status"],',
  'command,\n        shell=True,',
).replace('def status():', 'def status(command):');
/** A call that runs the caller's text through a shell: B602 (high), which fails the destination's gate. */
const APP_SHELL = 'import subprocess\n\n\ndef run(command):\n    return subprocess.run(command, shell=True)\n';
/** A Bandit config (YAML, as `-c` reads it) that skips B602, and one that skips nothing. */
const BANDIT_SKIPS_B602 = 'skips:\n  - B602\n';
const BANDIT_SKIPS_NOTHING = 'skips: []\n';
/** A `.bandit` (INI) that skips B602, and one that skips nothing. */
const BANDIT_INI_SKIPS_B602 = '[bandit]\nskips = B602\n';
const BANDIT_INI_SKIPS_NOTHING = '[bandit]\n';
const DOCKERFILE_MAIN: Record<string, TreeFile> = {
  '.devsecops.yml': { content: MAIN_POLICY },
  Dockerfile: { content: DOCKERFILE_APP_USER },
};

/** What the build scans, and the report it uploads. */
interface Scan {
  readonly category: 'dockerfile' | 'sast';
  readonly report: string;
}

interface TreeFile {
  readonly content: string;
  /** A symbolic link whose target is `content`. */
  readonly link?: true;
}

describe('the bot lists what a pull request hides from its own build (real CLI, emulator)', function () {
  this.timeout(180_000);
  let emulator: AwsEmulator;
  let author: CodeCommitClient;
  let s3: S3Client;
  let work: string;
  let repositoryCount = 0;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'devsecops-bot-symlinks-'));
    ({ emulator, author, s3 } = await startBotEmulator());
  });

  after(async () => {
    await stopBotEmulator({ emulator, author, s3 });
    rmSync(work, { recursive: true, force: true });
    removeCliBundle();
  });

  const putFiles = (files: Readonly<Record<string, TreeFile>>): PutFileEntry[] =>
    Object.entries(files).map(([filePath, file]) => ({
      filePath,
      fileContent: Buffer.from(file.content, 'utf8'),
      ...(file.link === true ? { fileMode: 'SYMLINK' as const } : {}),
    }));

  /** The tree at a commit, written out as a checkout (links as links). */
  const checkout = (name: string, files: Readonly<Record<string, TreeFile>>): string => {
    const root = path.join(work, name);
    for (const [file, entry] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      if (entry.link === true) symlinkSync(entry.content, path.join(root, file));
      else writeFileSync(path.join(root, file), entry.content);
    }
    return root;
  };

  /** `devsecops scan --only <category>` of a checkout, as a build does, uploaded with its run manifest. */
  const scanAndUpload = async (
    repository: string,
    commit: string,
    files: Readonly<Record<string, TreeFile>>,
    scan: Scan,
    extra: readonly string[],
  ): Promise<string> => {
    const sarif = path.join(work, `${commit}.sarif`);
    const root = checkout(commit, files);
    const result = await runCli(
      ['scan', root, '--only', scan.category, '--format', 'sarif', '--output', sarif, ...extra],
      { env: ENV },
    );
    assert.ok(result.exitCode === 0 || result.exitCode === 1, result.stderr);
    await uploadReports({ s3, bucket: FINDINGS_BUCKET }, repository, commit, {
      [scan.report]: readFileSync(sarif, 'utf8'),
    });
    return sarif;
  };

  /**
   * main with `mainFiles`, scanned by the pipeline; a pull request that commits `changed`; its build (the
   * destination's policy, main's reports as the baseline); and the bot's review of it.
   */
  const attack = async (
    changed: Readonly<Record<string, TreeFile>>,
    mainFiles: Readonly<Record<string, TreeFile>> = DOCKERFILE_MAIN,
    scan: Scan = { category: 'dockerfile', report: 'hadolint.sarif' },
  ): Promise<BotRunResult> => {
    repositoryCount += 1;
    const repository = `symlink-attack-${String(repositoryCount)}`;
    await author.send(new CreateRepositoryCommand({ repositoryName: repository }));
    const main = await author.send(
      new CreateCommitCommand({
        repositoryName: repository,
        branchName: 'main',
        commitMessage: 'Initial commit',
        putFiles: putFiles(mainFiles),
      }),
    );
    const mainCommit = String(main.commitId);
    const mainSarif = await scanAndUpload(repository, mainCommit, mainFiles, scan, []);
    await author.send(
      new CreateBranchCommand({ repositoryName: repository, branchName: 'feature', commitId: mainCommit }),
    );
    const feature = await author.send(
      new CreateCommitCommand({
        repositoryName: repository,
        branchName: 'feature',
        parentCommitId: mainCommit,
        commitMessage: 'Tidy the lint settings',
        putFiles: putFiles(changed),
      }),
    );
    const sourceCommit = String(feature.commitId);
    const created = await author.send(
      new CreatePullRequestCommand({
        title: 'Tidy the lint settings',
        targets: [{ repositoryName: repository, sourceReference: 'feature', destinationReference: 'main' }],
      }),
    );
    const destinationPolicy = path.join(work, `${repository}-policy.yml`);
    writeFileSync(destinationPolicy, mainFiles['.devsecops.yml']?.content ?? MAIN_POLICY);
    const baseline = path.join(work, `${repository}-baseline`);
    mkdirSync(baseline);
    writeFileSync(path.join(baseline, scan.report), readFileSync(mainSarif));
    await scanAndUpload(repository, sourceCommit, { ...mainFiles, ...changed }, scan, [
      '--policy',
      destinationPolicy,
      '--baseline',
      baseline,
    ]);
    return reviewOnEmulator(
      emulator,
      { repository, pullRequestId: String(created.pullRequest?.pullRequestId), sourceCommit, mainCommit },
      { accessKeyId: BOT_ACCESS_KEY_ID, bucket: FINDINGS_BUCKET },
    );
  };

  const changesOf = (result: BotRunResult): string[] =>
    result.status === 'skipped'
      ? []
      : (result.gate.policyChanges ?? []).map((change) => `${change.kind} ${change.detail}`);

  /**
   * The attack worked on the build (its reports no longer hold DL3002, so the gate passes), and the bot still listed
   * the `.hadolint.yaml` change for a reviewer and did not approve.
   */
  const assertHadolintConfigHidDL3002ButIsListed = (result: BotRunResult): void => {
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(
      result.findings.map((filtered) => filtered.finding.ruleId).filter((rule) => rule === 'DL3002'),
      [],
    );
    assert.deepStrictEqual(changesOf(result), ['config-file .hadolint.yaml']);
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
  };

  it('a .hadolint.yaml committed as a link to an innocently named file is listed, and not approved', async () => {
    const result = await attack({
      'docs/lint-notes.yaml': { content: HIDING_HADOLINT_CONFIG },
      '.hadolint.yaml': { content: 'docs/lint-notes.yaml', link: true },
      Dockerfile: { content: DOCKERFILE_ROOT },
    });
    // The build followed the link: DL3002 is gone from the reports, so nothing fails the gate.
    assertHadolintConfigHidDL3002ButIsListed(result);
  });

  it('a .devsecops.yml committed as a link (the bot reads the link, the CLI the file) is listed, and not approved', async () => {
    const result = await attack({
      'docs/team-policy.yaml': { content: HIDING_POLICY },
      '.devsecops.yml': { content: 'docs/team-policy.yaml', link: true },
    });
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
    assert.equal(changesOf(result).length, 1, JSON.stringify(changesOf(result)));
    assert.match(changesOf(result)[0] ?? '', /^config-file \.devsecops\.yml /);
  });

  it('a # nosec the destination had on the first line of a call hides shell=True the pull request adds below it: listed', async () => {
    const result = await attack(
      { 'app/status.py': { content: APP_SHELL_UNDER_OLD_NOSEC } },
      { '.devsecops.yml': { content: MAIN_POLICY }, 'app/status.py': { content: APP_FIXED_ARGUMENTS } },
      { category: 'sast', report: 'sast.sarif' },
    );
    assert.ok(result.status === 'posted', JSON.stringify(result));
    // Bandit honoured the old # nosec on line 5 for the call's new line 7: nothing in the reports.
    assert.deepStrictEqual(
      result.findings.map((filtered) => filtered.finding.ruleId),
      [],
    );
    assert.deepStrictEqual(
      (result.gate.policyChanges ?? []).map(
        (change) => `${change.kind} ${String(change.location?.path)}:${String(change.location?.line)} ${change.detail}`,
      ),
      [
        'inline-suppression app/status.py:5 return subprocess.run(  # nosec (unchanged, and covers changed lines 6, 7 of its statement)',
      ],
    );
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
  });

  it('a pull request that turns a low shell=True call (a literal command) into a high one on another line of it fails', async () => {
    const literal = [
      'import subprocess  # nosec B404',
      '',
      '',
      'def status(command):',
      '    return subprocess.run(',
      '        "git status",',
      '        shell=True,',
      '    )',
      '',
    ].join('\n');
    const result = await attack(
      { 'app/status.py': { content: literal.replace('"git status",', 'command,') } },
      { '.devsecops.yml': { content: MAIN_POLICY }, 'app/status.py': { content: literal } },
      { category: 'sast', report: 'sast.sarif' },
    );
    assert.ok(result.status === 'posted', JSON.stringify(result));
    // Bandit's B602 keeps its line (and so its fingerprint) but is high now: new, not the destination's low one.
    assert.deepStrictEqual(
      result.findings.map((filtered) => `${filtered.finding.ruleId} ${filtered.finding.severity}`),
      ['B602 high'],
    );
    assert.deepStrictEqual(
      [result.gate.status, result.gate.failingCount, result.gate.preExistingCount ?? 0, result.approval?.state],
      ['failed', 1, 0, 'REVOKE'],
    );
  });

  it('a .devsecops.yml that ignores a folder no finding is in yet is listed, and not approved (it would hide the next pull request)', async () => {
    const clean = 'def status():\n    return "ok"\n';
    const result = await attack(
      {
        '.devsecops.yml': { content: `${MAIN_POLICY}ignore:\n  - "plugins/**"\n` },
        'plugins/__init__.py': { content: '' },
      },
      { '.devsecops.yml': { content: MAIN_POLICY }, 'app/status.py': { content: clean } },
      { category: 'sast', report: 'sast.sarif' },
    );
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(changesOf(result), ['policy ignore "plugins/**" (no finding matches it now)']);
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
  });

  it("a .devsecops.yaml added beside the destination's .devsecops.yml (the CLI refuses the pair) is listed, and not approved", async () => {
    const result = await attack(
      { '.devsecops.yaml': { content: HIDING_POLICY } },
      { '.devsecops.yml': { content: MAIN_POLICY }, 'app/status.py': { content: 'x = 1\n' } },
      { category: 'sast', report: 'sast.sarif' },
    );
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.equal(changesOf(result).length, 1, JSON.stringify(changesOf(result)));
    assert.match(changesOf(result)[0] ?? '', /^config-file \.devsecops\.yml of the pull request cannot be read.*Both/);
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
  });

  it("a pull request that edits the file the destination's .hadolint.yaml links to is listed, and not approved", async () => {
    const result = await attack(
      { 'ci/hadolint.yaml': { content: HIDING_HADOLINT_CONFIG }, Dockerfile: { content: DOCKERFILE_ROOT } },
      {
        ...DOCKERFILE_MAIN,
        'ci/hadolint.yaml': { content: 'ignored: []\n' },
        '.hadolint.yaml': { content: 'ci/hadolint.yaml', link: true },
      },
    );
    assertHadolintConfigHidDL3002ButIsListed(result);
  });

  it('the same through a chain of links (.hadolint.yaml → ci/lint.yaml → ci/hadolint.yaml) is listed, and not approved', async () => {
    const result = await attack(
      { 'ci/hadolint.yaml': { content: HIDING_HADOLINT_CONFIG }, Dockerfile: { content: DOCKERFILE_ROOT } },
      {
        ...DOCKERFILE_MAIN,
        'ci/hadolint.yaml': { content: 'ignored: []\n' },
        'ci/lint.yaml': { content: 'hadolint.yaml', link: true },
        '.hadolint.yaml': { content: 'ci/lint.yaml', link: true },
      },
    );
    assertHadolintConfigHidDL3002ButIsListed(result);
  });

  /**
   * The attack worked on the build (B602 is gone from its report: the Bandit config it read through links skips it)
   * and the bot listed `listed` for a reviewer and did not approve.
   */
  const assertBanditConfigHidB602ButIsListed = (result: BotRunResult, listed: string): void => {
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(
      result.findings.map((filtered) => `${filtered.finding.ruleId} ${filtered.finding.severity}`),
      ['B404 low'],
    );
    assert.deepStrictEqual(changesOf(result), [`config-file ${listed}`]);
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
  };

  it("a pull request that edits the file the destination's tools.bandit.configFile links to is listed, and not approved", async () => {
    const result = await attack(
      { 'ci/bandit.yaml': { content: BANDIT_SKIPS_B602 }, 'app/run.py': { content: APP_SHELL } },
      {
        '.devsecops.yml': { content: `${MAIN_POLICY}tools:\n  bandit:\n    configFile: security/bandit.yaml\n` },
        'app/status.py': { content: 'x = 1\n' },
        'ci/bandit.yaml': { content: BANDIT_SKIPS_NOTHING },
        'security/bandit.yaml': { content: '../ci/bandit.yaml', link: true },
      },
      { category: 'sast', report: 'sast.sarif' },
    );
    assertBanditConfigHidB602ButIsListed(result, 'security/bandit.yaml');
  });

  it("a pull request that edits a file in a linked folder (ci → config) on the path of the destination's .hadolint.yaml is listed, and not approved", async () => {
    const result = await attack(
      { 'config/hadolint.yaml': { content: HIDING_HADOLINT_CONFIG }, Dockerfile: { content: DOCKERFILE_ROOT } },
      {
        ...DOCKERFILE_MAIN,
        'config/hadolint.yaml': { content: 'ignored: []\n' },
        ci: { content: 'config', link: true },
        '.hadolint.yaml': { content: 'ci/hadolint.yaml', link: true },
      },
    );
    assertHadolintConfigHidDL3002ButIsListed(result);
  });

  it('the same for a tools.bandit.configFile in a linked folder (no link at its own name) is listed, and not approved', async () => {
    const result = await attack(
      { 'config/bandit.yaml': { content: BANDIT_SKIPS_B602 }, 'app/run.py': { content: APP_SHELL } },
      {
        '.devsecops.yml': { content: `${MAIN_POLICY}tools:\n  bandit:\n    configFile: ci/bandit.yaml\n` },
        'app/status.py': { content: 'x = 1\n' },
        'config/bandit.yaml': { content: BANDIT_SKIPS_NOTHING },
        ci: { content: 'config', link: true },
      },
      { category: 'sast', report: 'sast.sarif' },
    );
    assertBanditConfigHidB602ButIsListed(result, 'ci/bandit.yaml');
  });

  it('a pull request that edits the file a .bandit in a subfolder links to (Bandit reads a .bandit anywhere) is listed, and not approved', async () => {
    const result = await attack(
      { 'docs/bandit-notes.ini': { content: BANDIT_INI_SKIPS_B602 }, 'app/run.py': { content: APP_SHELL } },
      {
        '.devsecops.yml': { content: MAIN_POLICY },
        'app/status.py': { content: 'x = 1\n' },
        'docs/bandit-notes.ini': { content: BANDIT_INI_SKIPS_NOTHING },
        'app/.bandit': { content: '../docs/bandit-notes.ini', link: true },
      },
      { category: 'sast', report: 'sast.sarif' },
    );
    assertBanditConfigHidB602ButIsListed(result, 'app/.bandit');
  });

  it('a config linked out of the repository ends the link chain quietly: nothing to list, no error', async () => {
    const result = await attack(
      { 'app/status.py': { content: 'x = 2\n' } },
      {
        '.devsecops.yml': { content: MAIN_POLICY },
        'app/status.py': { content: 'x = 1\n' },
        '.hadolint.yaml': { content: '../../etc/hadolint.yaml', link: true },
      },
      { category: 'sast', report: 'sast.sarif' },
    );
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(changesOf(result), []);
  });

  it('a Python module whose name Bandit excludes by default (export_CVS.py) is listed, and not approved', async () => {
    const result = await attack(
      { 'app/export_CVS.py': { content: 'def export(rows):\n    return rows\n' } },
      { '.devsecops.yml': { content: MAIN_POLICY }, 'app/status.py': { content: 'x = 1\n' } },
      { category: 'sast', report: 'sast.sarif' },
    );
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(changesOf(result), [
      `unscanned Bandit does not scan this file: its path contains "CVS", one of Bandit's default excludes`,
    ]);
    assert.deepStrictEqual(
      [result.gate.status, result.gate.passed, result.approval?.state],
      ['passed', false, 'REVOKE'],
    );
  });
});
