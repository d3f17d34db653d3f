import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import { DevsecopsError } from '@devsecops/shared/errors';
import { renderReport } from '@devsecops/shared/reports';
import { runProcess } from '@devsecops/shared/process';
import type { Finding } from '@devsecops/shared/findings';
import { unifiedPatchDiffService } from '../src/local/patch-diff-service';
import { localFindingsSource } from '../src/local/sarif-files-findings-source';
import type { FindingsSource } from '../src/ports';
import { sarifReader } from '../src/findings/sarif-reader';
import { parseMarker } from '../src/comments/marker';
import { runBot } from '../src/run-bot';
import { TooManyChangedFilesError } from '../src/diff/too-many-files';
import type { BotOptions } from '../src/run-bot';
import { fixedIdentity, LOCAL_BOT_ARN } from '../src/local/fixed-identity';
import { MemoryCommentService } from '../src/local/memory-comment-service';
import { DESTINATION_COMMIT, openPullRequestService, SOURCE_COMMIT, sourceUpdatedRef } from './reviewed-pull-request';
import { ALL_FINDINGS, EVAL, SHELL_TRUE } from './findings';

const PATCH = readFileSync(join(__dirname, 'fixtures', 'diffs', 'pr.patch'), 'utf8');
const REF = sourceUpdatedRef('MyDemoRepo', '7');
const OPTIONS: BotOptions = { mode: 'added', maxInline: 20, approve: true, dryRun: false };

function source(findings: readonly Finding[]): FindingsSource {
  return {
    load: () =>
      Promise.resolve({ findings, sources: ['sast.sarif'], location: 's3://b/MyDemoRepo/x/', notScanned: [] }),
  };
}

function setup(findings: readonly Finding[]) {
  const pullRequests = openPullRequestService();
  const comments = new MemoryCommentService();
  const diffRequests: string[] = [];
  const deps = {
    pullRequests,
    comments,
    findings: source(findings),
    identity: fixedIdentity(),
    diffFor: (commits: { beforeCommit: string; afterCommit: string }) => {
      diffRequests.push(`${commits.beforeCommit.slice(0, 1)}..${commits.afterCommit.slice(0, 1)}`);
      return unifiedPatchDiffService(PATCH);
    },
  };
  return { pullRequests, comments, diffRequests, deps };
}

describe('runBot', () => {
  it('diffs from the merge base, posts, and revokes approval when the gate fails', async () => {
    const { deps, comments, pullRequests, diffRequests } = setup(ALL_FINDINGS);
    pullRequests.given('rev-1', LOCAL_BOT_ARN, 'APPROVE');
    const result = await runBot(REF, deps, OPTIONS);
    assert.ok(result.status === 'posted');
    assert.deepStrictEqual(diffRequests, ['m..a']);
    assert.deepStrictEqual(result.post, { posted: 4, updated: 0 });
    assert.deepStrictEqual(result.gate, {
      failOn: 'high',
      passed: false,
      status: 'failed',
      failingCount: 2,
      notScanned: [],
    });
    assert.deepStrictEqual(pullRequests.approvals, [{ revisionId: 'rev-1', state: 'REVOKE' }]);
    assert.equal(comments.all().length, 4);
  });

  it('approves when the gate passes, with the threshold from the destination’s config', async () => {
    const { deps, pullRequests } = setup([SHELL_TRUE, EVAL]);
    const configCommits: string[] = [];
    const readConfig = (commit: string) => {
      configCommits.push(commit);
      return Promise.resolve({ ...DEFAULT_CONFIG, gate: { failOn: 'critical' as const } });
    };
    const result = await runBot(REF, { ...deps, readConfig }, OPTIONS);
    assert.ok(result.status === 'posted');
    // The destination's config judges; the source's is read only to list what it would relax.
    assert.deepStrictEqual(configCommits, [DESTINATION_COMMIT, SOURCE_COMMIT]);
    assert.deepStrictEqual(pullRequests.approvals, [{ revisionId: 'rev-1', state: 'APPROVE' }]);
  });

  it('a destination .devsecops.yml it cannot read gives no verdict: findings posted, approval left as it is', async () => {
    const { deps, comments, pullRequests } = setup([EVAL]);
    pullRequests.given('rev-1', LOCAL_BOT_ARN, 'REVOKE');
    const readConfig = (commit: string) =>
      commit === DESTINATION_COMMIT
        ? Promise.reject(new DevsecopsError('CONFIG_INVALID', '.devsecops.yml is a symbolic link.'))
        : Promise.resolve(DEFAULT_CONFIG);
    const result = await runBot(REF, { ...deps, readConfig }, OPTIONS);
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(result.gate.notScanned, [
      {
        report: `.devsecops.yml at ${DESTINATION_COMMIT.slice(0, 12)}`,
        path: '.devsecops.yml',
        reason:
          "the destination's policy cannot be read, so the pull request cannot be judged: .devsecops.yml is a symbolic link.",
      },
    ]);
    assert.deepStrictEqual([result.gate.status, result.gate.passed, result.approval], ['incomplete', false, undefined]);
    assert.deepStrictEqual(pullRequests.approvals, []);
    assert.equal(comments.all().length, 2, 'the finding and the summary');
  });

  it('a destination .devsecops.yml that fails for another reason (the code host) still fails the run', async () => {
    const { deps } = setup([EVAL]);
    const readConfig = () => Promise.reject(new DevsecopsError('AWS', 'CodeCommit kept throttling the bot.'));
    await assert.rejects(runBot(REF, { ...deps, readConfig }, OPTIONS), /throttling/);
  });

  it('a pull request with more changed files than the bot lists gives no verdict, and the summary says why', async () => {
    const { deps, comments, pullRequests } = setup([EVAL]);
    const diffFor = () => ({ pullRequestDiff: () => Promise.reject(new TooManyChangedFilesError(20_000)) });
    const result = await runBot(REF, { ...deps, diffFor }, OPTIONS);
    assert.ok(result.status === 'posted', JSON.stringify(result));
    assert.deepStrictEqual(result.gate.notScanned, [
      {
        report: 'changes of pull request 7',
        reason:
          'The pull request changes more than 20000 files, more than the bot reviews: split it, or have a security reviewer approve it.',
      },
    ]);
    assert.deepStrictEqual([result.gate.status, result.gate.passed, result.approval], ['incomplete', false, undefined]);
    assert.deepStrictEqual(pullRequests.approvals, []);
    assert.equal(comments.all().length, 1, 'the summary, which lists the finding');
  });

  it('dry run: plans but writes nothing and sets no approval', async () => {
    const { deps, comments, pullRequests } = setup(ALL_FINDINGS);
    const result = await runBot(REF, deps, { ...OPTIONS, dryRun: true });
    assert.ok(result.status === 'planned');
    assert.equal(result.plan.actions.length, 4);
    assert.deepStrictEqual(comments.all(), []);
    assert.deepStrictEqual(pullRequests.approvals, []);
  });

  it('skips an event older than the pull request’s source branch', async () => {
    const { deps, pullRequests, comments } = setup(ALL_FINDINGS);
    pullRequests.state = { ...pullRequests.state, sourceCommit: 'f'.repeat(40) };
    const result = await runBot(REF, deps, OPTIONS);
    assert.deepStrictEqual(result, {
      status: 'skipped',
      reason: `the event is for ${'a'.repeat(12)} but the pull request is now at ${'f'.repeat(12)}`,
    });
    assert.deepStrictEqual(comments.all(), []);
  });

  it('skips a closed pull request and a commit with no reports yet', async () => {
    const closed = setup(ALL_FINDINGS);
    closed.pullRequests.state = { ...closed.pullRequests.state, status: 'CLOSED' };
    assert.deepStrictEqual(await runBot(REF, closed.deps, OPTIONS), {
      status: 'skipped',
      reason: 'pull request 7 is closed',
    });
    const empty = setup([]);
    const none: FindingsSource = {
      load: () => Promise.resolve({ findings: [], sources: [], location: 's3://b/MyDemoRepo/x/', notScanned: [] }),
    };
    const result = await runBot(REF, { ...empty.deps, findings: none }, OPTIONS);
    assert.equal(result.status, 'skipped');
  });

  it('reads findings back from the SARIF `devsecops scan` writes, keeping their fingerprints', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bot-sarif-'));
    try {
      const sarif = renderReport('sarif', {
        result: { findings: ALL_FINDINGS, tools: [] },
        root: folder,
        gate: { failOn: 'high', passed: false },
      });
      writeFileSync(join(folder, 'sast.sarif'), sarif);
      writeFileSync(join(folder, 'notes.txt'), 'not a report');
      const loaded = await localFindingsSource(folder, sarifReader()).load();
      assert.deepStrictEqual(loaded.sources, [join(folder, 'sast.sarif')]);
      const facts = (findings: readonly Finding[]): string[] =>
        findings.map((finding) => `${finding.fingerprint} ${finding.location.path}:${finding.location.line}`).sort();
      assert.deepStrictEqual(facts(loaded.findings), facts(ALL_FINDINGS));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
  it('refuses a report in the folder that is a link out of it, or a FIFO, instead of reading it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'bot-sarif-hostile-'));
    try {
      const folder = join(base, 'reports');
      mkdirSync(folder);
      writeFileSync(join(base, 'secret.sarif'), '{"CANARY": true}');
      symlinkSync('../secret.sarif', join(folder, 'sca.sarif'));
      await assert.rejects(localFindingsSource(folder, sarifReader()).load(), {
        code: 'FILE_UNREADABLE',
        message: `sca.sarif is a symbolic link (or lies behind one) to outside the reports folder ${folder}: not read. Keep the file itself inside the reports folder ${folder} rather than a link to it.`,
      });
      rmSync(join(folder, 'sca.sarif'));
      const fifo = await runProcess({ command: 'mkfifo', args: [join(folder, 'sast.sarif')], timeoutMs: 10_000 });
      assert.strictEqual(fifo.exitCode, 0, fifo.stderr);
      await assert.rejects(localFindingsSource(folder, sarifReader()).load(), {
        message: 'sast.sarif is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
      });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  describe('with incomplete reports: no verdict, never an approval, the standing approval left as it is', () => {
    let folder: string;
    beforeEach(() => {
      folder = mkdtempSync(join(tmpdir(), 'bot-incomplete-'));
    });
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    /**
     * Runs the bot on the SARIF files written into `folder`, with findings that alone would pass the gate.
     * The bot approved the revision before (`standing`), so any approval write is one the test can see.
     */
    async function review(files: Readonly<Record<string, string>>, standing: 'APPROVE' | 'none' = 'APPROVE') {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
      const { deps, pullRequests, comments } = setup([]);
      if (standing === 'APPROVE') pullRequests.given('rev-1', LOCAL_BOT_ARN, 'APPROVE');
      const result = await runBot(REF, { ...deps, findings: localFindingsSource(folder, sarifReader()) }, OPTIONS);
      assert.ok(result.status === 'posted');
      const summary = comments.all().find((comment) => comment.location === undefined)?.content ?? '';
      return { result, approvals: pullRequests.approvals, summary };
    }

    const cleanSca = renderReport('sarif', {
      result: { findings: [], tools: [{ name: 'devsecops-sca', category: 'sca', status: 'ok' }] },
      root: '/repo',
      gate: { failOn: 'high', passed: true },
    });

    it('lists a file the scan could not analyse and writes no approval state', async () => {
      const sast = renderReport('sarif', {
        result: {
          findings: [],
          tools: [
            {
              name: 'bandit',
              category: 'sast',
              status: 'ok',
              unscanned: [{ path: 'app/deep.py', reason: 'Bandit could not scan it: exception while scanning file' }],
            },
          ],
        },
        root: '/repo',
        gate: { failOn: 'high', passed: true },
      });
      const { result, approvals, summary } = await review({ 'sast.sarif': sast, 'sca.sarif': cleanSca });
      assert.deepStrictEqual(result.gate, {
        failOn: 'high',
        passed: false,
        status: 'incomplete',
        failingCount: 0,
        notScanned: [
          {
            report: 'sast.sarif',
            tool: 'bandit',
            path: 'app/deep.py',
            reason: 'Bandit could not scan it: exception while scanning file',
          },
        ],
      });
      assert.deepStrictEqual(approvals, []);
      assert.ok(summary.includes('No verdict: the scan is incomplete'), summary);
      assert.ok(
        summary.includes('| `app/deep.py` | bandit | Bandit could not scan it: exception while scanning file |'),
      );
      assert.ok(!summary.includes('gate passed'));
    });

    it('treats a report with no tool runs as nothing scanned', async () => {
      const { result, approvals } = await review({
        'sast.sarif': '{"version":"2.1.0","runs":[]}',
        'sca.sarif': cleanSca,
      });
      assert.deepStrictEqual(result.gate.notScanned, [
        { report: 'sast.sarif', reason: 'the report has no tool runs, so nothing in it says anything was scanned' },
      ]);
      assert.deepStrictEqual(approvals, []);
    });

    it('treats an unreadable report as incomplete instead of failing the run or passing', async () => {
      const { result, approvals, summary } = await review({ 'sast.sarif': '', 'sca.sarif': cleanSca });
      assert.equal(result.gate.status, 'incomplete');
      assert.deepStrictEqual(
        result.gate.notScanned.map((entry) => entry.report),
        ['sast.sarif'],
      );
      assert.match(result.gate.notScanned[0]?.reason ?? '', /^the report cannot be read: sast\.sarif is not JSON/);
      assert.deepStrictEqual(approvals, []);
      assert.ok(summary.includes('the report cannot be read'));
    });

    it('treats a report whose tool failed as incomplete', async () => {
      const sast = renderReport('sarif', {
        result: {
          findings: [],
          tools: [{ name: 'bandit', category: 'sast', status: 'failed', reason: 'Bandit crashed' }],
        },
        root: '/repo',
        gate: { failOn: 'high', passed: true },
      });
      const { result, approvals } = await review({ 'sast.sarif': sast, 'sca.sarif': cleanSca });
      assert.deepStrictEqual(result.gate.notScanned, [
        { report: 'sast.sarif', tool: 'bandit', reason: 'bandit failed: Bandit crashed' },
      ]);
      assert.deepStrictEqual(approvals, []);
    });

    it('writes nothing when incomplete even with no approval standing: it never approves', async () => {
      const { result, approvals } = await review({ 'sast.sarif': '', 'sca.sarif': cleanSca }, 'none');
      assert.equal(result.gate.status, 'incomplete');
      assert.deepStrictEqual(approvals, []);
    });

    it('approves complete reports that pass', async () => {
      const { result, approvals } = await review({ 'sca.sarif': cleanSca }, 'none');
      assert.equal(result.gate.status, 'passed');
      assert.deepStrictEqual(approvals, [{ revisionId: 'rev-1', state: 'APPROVE' }]);
    });
  });
});

describe('runBot: races, approvals, and whose comments count', () => {
  const writes = (comments: MemoryCommentService): string[] => comments.calls.map((call) => call.kind);

  it('stops writing, without failing, when the pull request is closed during the run', async () => {
    const { deps, comments, pullRequests } = setup(ALL_FINDINGS);
    // Read 1: the start; read 2: before the first batch; read 3: before the second.
    pullRequests.onRead = (read, service) => {
      if (read === 3) service.state = { ...service.state, status: 'CLOSED' };
    };
    const result = await runBot(REF, deps, { ...OPTIONS, writeBatchSize: 1 });
    assert.ok(result.status === 'stopped');
    assert.equal(result.reason, 'pull request 7 was closed during the run');
    assert.deepStrictEqual(result.post, { posted: 1, updated: 0, stopped: 'pull request 7 was closed during the run' });
    assert.deepStrictEqual(writes(comments), ['post-inline']);
    assert.deepStrictEqual(pullRequests.approvals, []);
  });

  it('stops when a newer commit is pushed during the run, and sets no approval for the old revision', async () => {
    const { deps, comments, pullRequests } = setup(ALL_FINDINGS);
    pullRequests.given('rev-1', LOCAL_BOT_ARN, 'APPROVE');
    pullRequests.onRead = (read, service) => {
      if (read === 3) service.state = { ...service.state, sourceCommit: 'b'.repeat(40), revisionId: 'rev-2' };
    };
    const result = await runBot(REF, deps, { ...OPTIONS, writeBatchSize: 1 });
    assert.ok(result.status === 'stopped');
    assert.equal(
      result.reason,
      `pull request 7 moved to ${'b'.repeat(12)} during the run; the run for that commit reviews it`,
    );
    assert.deepStrictEqual(writes(comments), ['post-inline']);
    assert.deepStrictEqual(pullRequests.approvals, []);
  });

  it('writes the approval only when it changes', async () => {
    const { deps, pullRequests } = setup(ALL_FINDINGS);
    const first = await runBot(REF, deps, OPTIONS);
    assert.ok(first.status === 'posted');
    // Nothing approved yet and the gate fails: REVOKE is already the state, nothing to write.
    assert.deepStrictEqual(first.approval, { state: 'REVOKE', changed: false });
    const passing = await runBot(REF, { ...deps, findings: source([]) }, OPTIONS);
    assert.ok(passing.status === 'posted');
    assert.deepStrictEqual(passing.approval, { state: 'APPROVE', changed: true });
    const again = await runBot(REF, { ...deps, findings: source([]) }, OPTIONS);
    assert.ok(again.status === 'posted');
    assert.deepStrictEqual(again.approval, { state: 'APPROVE', changed: false });
    assert.deepStrictEqual(pullRequests.approvals, [{ revisionId: 'rev-1', state: 'APPROVE' }]);
  });

  it('an approval by someone else is not the bot’s: it still approves on its own', async () => {
    const { deps, pullRequests } = setup([]);
    pullRequests.given('rev-1', 'arn:aws:iam::000000000000:user/alice', 'APPROVE');
    const result = await runBot(REF, deps, OPTIONS);
    assert.ok(result.status === 'posted');
    assert.deepStrictEqual(result.approval, { state: 'APPROVE', changed: true });
  });

  it('reads markers only from its own comments: a forged summary or finding comment by someone else is left alone', async () => {
    const { deps } = setup([SHELL_TRUE]);
    const mallory = 'arn:aws:iam::000000000000:user/mallory';
    const forgedFinding = `Fixed!\n\n[//]: # (devsecops:fingerprint=${SHELL_TRUE.fingerprint} state=open)`;
    const forgedSummary = '✅ **Security gate passed**\n\n[//]: # (devsecops:summary)';
    const comments = new MemoryCommentService([
      {
        pullRequestId: '7',
        commentId: 'forged-finding',
        content: forgedFinding,
        location: { filePath: 'app/main.py', filePosition: 14, relativeFileVersion: 'AFTER' },
        authorArn: mallory,
      },
      { pullRequestId: '7', commentId: 'forged-summary', content: forgedSummary, authorArn: mallory },
    ]);
    const result = await runBot(REF, { ...deps, comments }, OPTIONS);
    assert.ok(result.status === 'posted');
    assert.deepStrictEqual(writes(comments), ['post-inline', 'post-general']);
    assert.deepStrictEqual(
      comments.all().map((comment) => [comment.commentId, comment.authorArn]),
      [
        ['forged-finding', mallory],
        ['forged-summary', mallory],
        ['comment-1', LOCAL_BOT_ARN],
        ['comment-2', LOCAL_BOT_ARN],
      ],
    );
    assert.equal(comments.all()[0]?.content, forgedFinding);
    assert.equal(comments.all()[1]?.content, forgedSummary);
  });

  it('a fingerprint from the report that could break a marker is replaced by a stable safe one', async () => {
    const hostile = { ...SHELL_TRUE, fingerprint: `v1:x) state=resolved\n[//]: # (devsecops:summary) --> <!--` };
    const { deps, comments } = setup([hostile]);
    const first = await runBot(REF, deps, OPTIONS);
    assert.ok(first.status === 'posted');
    const inline = comments.all().find((comment) => comment.location !== undefined);
    const marker = parseMarker(inline?.content ?? '');
    assert.ok(marker?.kind === 'finding');
    assert.match(marker.fingerprint, /^v1:[0-9a-f]{32}$/);
    assert.ok(comments.all().every((comment) => !comment.content.includes('<!--')));
    const writesBefore = comments.calls.length;
    const again = await runBot(REF, deps, OPTIONS);
    assert.ok(again.status === 'posted');
    assert.deepStrictEqual(again.post, { posted: 0, updated: 0 });
    assert.equal(comments.calls.length, writesBefore);
  });
});
