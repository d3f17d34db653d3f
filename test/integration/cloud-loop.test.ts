import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { GetPipelineStateCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '@devsecops/shared/aws';
import { emulatorS3Settings } from '../aws-emulator/testing';
import { INTERNET_STEP_STAND_INS } from '../cloud-loop/codebuild-image';
import {
  approvalStates,
  branchWithCommit,
  atOrAboveGate,
  botRunAfterBuild,
  EXPORT_WITH_SHELL,
  isDockerfileFinding,
  openPullRequest,
  openPullRequestWith,
  pipelineRunOf,
  pullRequestComments,
  pullRequestProjectId,
  pushFix,
  pushTodoAppToMain,
  scanTodoApp,
  startCloudLoop,
  TODO_APP,
  VULNERABLE_PIN,
  waitFor,
  type CloudLoop,
  type TodoAppFinding,
} from '../cloud-loop/cloud-loop';

/** The line the pull request's pin is added on: after the example's own requirements. */
const PIN_LINE = readFileSync(join(TODO_APP, 'requirements.txt'), 'utf8').trimEnd().split('\n').length + 1;

/** The keys under a prefix of a bucket, sorted. */
async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => String(object.Key)).sort();
}

/** The findings of examples/todo-app with `files` (path → text) changed, scanned by the CLI of this checkout. */
function scanChangedTodoApp(files: Readonly<Record<string, string>>): TodoAppFinding[] {
  const copy = mkdtempSync(join(tmpdir(), 'devsecops-cloud-loop-pr-'));
  try {
    cpSync(TODO_APP, copy, { recursive: true });
    for (const [path, text] of Object.entries(files)) writeFileSync(join(copy, path), text);
    return scanTodoApp(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The findings of examples/todo-app with the pull request's change applied. */
function scanPullRequestChange(): TodoAppFinding[] {
  return scanChangedTodoApp({
    'todo_app/export.py': EXPORT_WITH_SHELL,
    'requirements.txt': `${readFileSync(join(TODO_APP, 'requirements.txt'), 'utf8')}${VULNERABLE_PIN}\n`,
  });
}

/** The PR build the rule started for `commit`, once its bot review ended: its id and its log. */
function pullRequestBuildOf(loop: CloudLoop, commit: string): { buildId: string; log: string } {
  const delivery = loop.emulator.events.deliveries.find(
    (candidate) =>
      candidate.rule.startsWith('PullRequestBuildTrigger') &&
      candidate.result !== undefined &&
      JSON.stringify(candidate.event.detail).includes(commit),
  );
  const buildId = String(delivery?.result);
  return { buildId, log: loop.emulator.codebuild.buildLog(buildId).join('\n') };
}

/** The plural a summary writes: "1 finding", "3 findings". */
function plural(count: number, kind: string): string {
  return `${String(count)} ${kind}${count === 1 ? '' : 's'}`;
}

/** "(3 findings at or above high the destination already had do not count)", as the bot's summary says it. */
function notCountedText(count: number): string {
  return `(${plural(count, 'finding')} at or above high the destination already had ${count === 1 ? 'does' : 'do'} not count)`;
}

/** A SARIF report of the PR build, from the findings bucket. */
async function pullRequestReport(
  s3: S3Client,
  loop: CloudLoop,
  commit: string,
  report: string,
): Promise<{
  runs: { properties?: Record<string, unknown>; results?: { ruleId: string; baselineState?: string }[] }[];
}> {
  const object = await s3.send(
    new GetObjectCommand({ Bucket: loop.findingsBucket, Key: `todo-app/${commit}/${report}` }),
  );
  return JSON.parse((await object.Body?.transformToString()) ?? '{}') as {
    runs: { properties?: Record<string, unknown>; results?: { ruleId: string; baselineState?: string }[] }[];
  };
}

/** The bot's invocations, for a failure message: what it printed and how it ended. */
function botLogs(loop: CloudLoop): string {
  return loop.stack.invocations
    .map(
      (call) =>
        `${call.functionName}: ${call.invocation.error ?? JSON.stringify(call.invocation.result)}\n${call.invocation.logs}`,
    )
    .join('\n');
}

/*
 * The cloud loop, on the emulator: the CDK app's template stood up (repository, CodeBuild projects with their
 * inlined buildspecs and variables, the pipeline, buckets, the CLI bundle asset, EventBridge rules, the bot's Lambda
 * from its asset folder), then a push to main (which runs the pipeline), a pull request and a fix, each reaction
 * driven only by the events the emulator emits and the rules the template declares. What cannot run here (the
 * approval-rule template, internet downloads) is listed by the stand-up and by the image stand-in, and checked to
 * be exactly that.
 */
describe('the cloud loop on the emulator (synthesized template, real buildspecs, real CLI bundle, real bot)', function () {
  this.timeout(900_000);
  let loop: CloudLoop;
  let s3: S3Client;
  /** examples/todo-app as scanned here, and main's commit once pushed. */
  let todoApp: TodoAppFinding[];
  let main: string | undefined;

  before(async () => {
    loop = await startCloudLoop();
    s3 = createS3Client(emulatorS3Settings(loop.emulator));
    todoApp = scanTodoApp();
  });
  after(async () => {
    s3.destroy();
    await loop.close();
  });

  it('stands up what the template declares, and names what it does not', () => {
    deepStrictEqual([...loop.stack.repositories.values()], ['todo-app']);
    deepStrictEqual(loop.stack.projects.size, 5);
    deepStrictEqual([...loop.stack.pipelines.values()], [loop.pipelineName]);
    deepStrictEqual([...loop.stack.functions.values()].length, 2);
    deepStrictEqual(loop.stack.rules.length, 4);
    // The approval-rule template (a custom resource) has no emulator counterpart; the pipeline and the rule that
    // starts it do.
    ok(
      !loop.stack.notStoodUp.some((entry) => entry.includes('AWS::CodePipeline::Pipeline')),
      loop.stack.notStoodUp.join('\n'),
    );
    ok(!loop.stack.notStoodUp.some((entry) => entry.includes(':codepipeline:')), loop.stack.notStoodUp.join('\n'));
    ok(loop.stack.notStoodUp.some((entry) => entry.includes('Custom::CodeCommitApprovalRuleTemplate')));
    // The image stand-in replaced exactly the steps that download from the internet: all of them in the PR build,
    // and each pipeline action's own.
    deepStrictEqual(
      [...(loop.image.standIns.get(pullRequestProjectId(loop.stack)) ?? [])].sort(),
      Object.keys(INTERNET_STEP_STAND_INS).sort(),
    );
    const projectOf = (action: string): string =>
      loop.stack.values.nameOf(
        [...loop.stack.projects.keys()].find((id) => id.startsWith(`PipelineAction${action}Project`)) ?? '',
      );
    deepStrictEqual(loop.image.standIns.get(projectOf('sast')), [
      'install Bandit and its dependencies (pinned wheels, hash-checked by pip)',
    ]);
    deepStrictEqual(loop.image.standIns.get(projectOf('sca')), [
      'install OWASP Dependency-Check (pinned, SHA-256 verified)',
      'refresh the cached Dependency-Check data with the NVD API key',
    ]);
  });

  it('push to main: the pipeline runs SCA and SAST in parallel with the real buildspecs and CLI bundle, uploads their reports, and stops at application validation', async () => {
    main = await pushTodoAppToMain(loop);
    const execution = await pipelineRunOf(loop, main);
    const executionId = String(execution.pipelineExecutionId);
    strictEqual(execution.status, 'Failed', execution.statusSummary);
    strictEqual(execution.statusSummary, 'Stage application-validation failed.');
    deepStrictEqual(
      execution.artifactRevisions?.map((revision) => [revision.name, revision.revisionId]),
      [['source', main]],
    );

    const state = await loop.codepipeline.send(new GetPipelineStateCommand({ name: loop.pipelineName }));
    deepStrictEqual(
      state.stageStates?.map((stage) => [stage.stageName, stage.latestExecution?.status]),
      [
        ['source', 'Succeeded'],
        ['application-validation', 'Failed'],
        ['dockerfile-validation', undefined],
        ['image-build', undefined],
      ],
    );
    const details =
      (
        await loop.codepipeline.send(
          new ListActionExecutionsCommand({
            pipelineName: loop.pipelineName,
            filter: { pipelineExecutionId: executionId },
          }),
        )
      ).actionExecutionDetails ?? [];
    deepStrictEqual(
      details
        .map((action) => `${String(action.stageName)}/${String(action.actionName)} ${String(action.status)}`)
        .sort(),
      ['application-validation/sast Failed', 'application-validation/sca Failed', 'source/source Succeeded'],
    );

    // The source action: its namespace variables, and its artifact (CDK asks for a clone reference, so that each
    // build checks the commit out itself) in the artifact store.
    const source = details.find((action) => action.actionName === 'source');
    const variables = source?.output?.outputVariables ?? {};
    deepStrictEqual(
      { ...variables, AuthorDate: undefined, CommitterDate: undefined },
      {
        AuthorDate: undefined,
        BranchName: 'main',
        CommitId: main,
        CommitMessage: 'The todo app',
        CommitterDate: undefined,
        RepositoryName: 'todo-app',
      },
    );
    ok(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(variables['AuthorDate'] ?? ''), variables['AuthorDate']);
    const artifact = source?.output?.outputArtifacts?.[0];
    strictEqual(artifact?.name, 'source');
    strictEqual(artifact.s3location?.bucket, loop.artifactBucket);
    const reference = await s3.send(
      new GetObjectCommand({ Bucket: loop.artifactBucket, Key: String(artifact.s3location.key) }),
    );
    const cloneReference = JSON.parse((await reference.Body?.transformToString()) ?? '{}') as Record<string, unknown>;
    strictEqual(cloneReference['commitId'], main);
    strictEqual(cloneReference['repositoryName'], 'todo-app');

    for (const name of ['sca', 'sast']) {
      const action = details.find((detail) => detail.actionName === name);
      // `#{source_source_NS.CommitId}` resolved from the source action's namespace.
      deepStrictEqual(JSON.parse(String(action?.input?.resolvedConfiguration?.['EnvironmentVariables'])), [
        { name: 'DEVSECOPS_COMMIT', type: 'PLAINTEXT', value: main },
      ]);
      const buildId = String(action?.output?.executionResult?.externalExecutionId);
      const build = (await loop.emulator.codebuild.waitForBuild(buildId)) as {
        buildStatus: string;
        resolvedSourceVersion: string;
        sourceVersion: string;
        source: { type: string };
        phases: { phaseType: string; phaseStatus?: string; contexts?: { message?: string }[] }[];
      };
      strictEqual(build.buildStatus, 'FAILED');
      strictEqual(build.source.type, 'CODEPIPELINE');
      strictEqual(build.resolvedSourceVersion, main);
      strictEqual(build.sourceVersion, `arn:aws:s3:::${loop.artifactBucket}/${String(artifact.s3location.key)}`);
      const log = loop.emulator.codebuild.buildLog(buildId).join('\n');
      ok(log.includes(`Cloned todo-app at ${main}`), log.slice(0, 2000));
      ok(log.includes(': OK'), 'sha256sum --check passed on the CLI bundle');
      ok(log.includes(`devsecops scan . --only ${name}`), log.slice(-2000));
      // The scan's gate failed (exit 1), not the scan (exit 2): the example's own findings are at or above high.
      const failed = build.phases.find((phase) => phase.phaseStatus === 'FAILED');
      strictEqual(failed?.phaseType, 'BUILD', JSON.stringify(build.phases));
      ok(/Reason: exit status 1$/.test(failed.contexts?.[0]?.message ?? ''), JSON.stringify(failed.contexts));
      ok(log.includes(`Reports uploaded to s3://${loop.findingsBucket}/todo-app/${main}/`), log.slice(-2000));
    }
    // SCA and SAST ran at the same time: each started before the other ended.
    const [sca, sast] = ['sca', 'sast'].map((name) => details.find((detail) => detail.actionName === name));
    ok(sca?.startTime !== undefined && sast?.startTime !== undefined && sca.lastUpdateTime && sast.lastUpdateTime);
    ok(sca.startTime <= sast.lastUpdateTime && sast.startTime <= sca.lastUpdateTime, 'SCA and SAST overlap');

    // Their reports, where the bot and `--remote` read them; nothing of the stages that did not run.
    deepStrictEqual(await keysUnder(s3, loop.findingsBucket, `todo-app/${main}/`), [
      `todo-app/${main}/sast-junit.xml`,
      `todo-app/${main}/sast.html`,
      `todo-app/${main}/sast.sarif`,
      `todo-app/${main}/sca-junit.xml`,
      `todo-app/${main}/sca.html`,
      `todo-app/${main}/sca.sarif`,
    ]);
    const sastReport = await s3.send(
      new GetObjectCommand({ Bucket: loop.findingsBucket, Key: `todo-app/${main}/sast.sarif` }),
    );
    const sastLog = JSON.parse((await sastReport.Body?.transformToString()) ?? '{}') as {
      runs: { results: { ruleId: string }[] }[];
    };
    deepStrictEqual(
      sastLog.runs.flatMap((run) => run.results.map((result) => result.ruleId)).sort(),
      todoApp
        .filter((finding) => finding.tool === 'bandit')
        .map((finding) => finding.ruleId)
        .sort(),
    );
  });

  it("pull request and fix: the PR build scans against main's reports (and scans main's Dockerfile itself), the bot comments on what is new, revokes, tombstones and approves", async () => {
    ok(main !== undefined, 'main was pushed and its pipeline ran');
    // Main's Dockerfile findings at or above the gate count as pre-existing too: the pipeline stopped before
    // hadolint on main, so the PR build scanned main's Dockerfile for the baseline.
    const preExisting = todoApp.filter(atOrAboveGate);
    ok(preExisting.some(isDockerfileFinding), 'the example has Dockerfile findings at or above the gate');
    const mainFingerprints = new Set(todoApp.map((finding) => finding.fingerprint));
    const added = scanPullRequestChange().filter(
      (finding) => atOrAboveGate(finding) && !mainFingerprints.has(finding.fingerprint),
    );
    const { pullRequestId, sourceCommit } = await openPullRequest(loop, main);

    // pullRequestCreated → the PR build (CodeBuild target with the rule's InputTransformer) and the bot (which
    // has no reports yet); the build's end → the bot again, which now reads the reports.
    const firstReview = await waitFor('the bot to review the first build', botRunAfterBuild(loop, sourceCommit));
    strictEqual(firstReview.error, undefined, botLogs(loop));
    const build = loop.emulator.codebuild;
    const buildId = String(
      loop.emulator.events.deliveries.find(
        (delivery) => delivery.rule.startsWith('PullRequestBuildTrigger') && delivery.result !== undefined,
      )?.result,
    );
    const log = build.buildLog(buildId).join('\n');
    // The real bundle came from the emulator's S3 at the asset's location, and passed its pinned SHA-256.
    const served = readFileSync(loop.cliBundle.path);
    strictEqual(createHash('sha256').update(served).digest('hex'), loop.cliBundle.sha256);
    ok(log.includes(': OK'), 'sha256sum --check passed');
    ok(log.includes('devsecops pipeline run'), log.slice(-2000));
    ok(log.includes('WARNING: devsecops db update failed'), 'offline, the advisory refresh fails as a warning');
    // The baseline: what the pipeline uploaded for the destination commit, and for the action it never reached
    // (hadolint), a scan of the destination commit in this build, which is not uploaded.
    ok(log.includes(`Baseline: the reports of the destination commit ${main} in the findings bucket`), log);
    for (const line of [
      'Baseline for sca: the reports of the destination commit (sca.sarif)',
      'Baseline for sast: the reports of the destination commit (sast.sarif)',
      'Baseline for hadolint: a scan of the destination commit in this build, not uploaded (there is no hadolint.sarif)',
    ]) {
      ok(log.includes(line), `${line}\n${log}`);
    }
    deepStrictEqual(
      (await keysUnder(s3, loop.findingsBucket, `todo-app/${main}/`)).map((key) => key.split('/').pop()),
      ['sast-junit.xml', 'sast.html', 'sast.sarif', 'sca-junit.xml', 'sca.html', 'sca.sarif'],
    );
    const hadolint = await pullRequestReport(s3, loop, sourceCommit, 'hadolint.sarif');
    const dockerfileStates = hadolint.runs.flatMap((run) => (run.results ?? []).map((result) => result.baselineState));
    ok(dockerfileStates.length > 0);
    deepStrictEqual(new Set(dockerfileStates), new Set(['unchanged']), 'the unchanged Dockerfile is all unchanged');
    deepStrictEqual(
      hadolint.runs.filter((run) => run.properties?.['devsecops/noBaseline'] !== undefined),
      [],
      'every Dockerfile tool had a baseline',
    );

    const keys = await keysUnder(s3, loop.findingsBucket, `todo-app/${sourceCommit}/`);
    for (const action of ['sca', 'sast', 'hadolint']) {
      ok(keys.includes(`todo-app/${sourceCommit}/${action}.sarif`), `${action}.sarif in ${keys.join(', ')}`);
      ok(keys.includes(`todo-app/${sourceCommit}/${action}-junit.xml`), `${action}-junit.xml`);
    }
    const sast = await s3.send(
      new GetObjectCommand({ Bucket: loop.findingsBucket, Key: `todo-app/${sourceCommit}/sast.sarif` }),
    );
    const sastLog = JSON.parse((await sast.Body?.transformToString()) ?? '{}') as {
      runs: { results: { ruleId: string; suppressions?: unknown[]; baselineState?: string }[] }[];
    };
    const results = sastLog.runs.flatMap((run) => run.results);
    ok(
      results.some((result) => result.ruleId === 'B602' && !result.suppressions && result.baselineState === 'new'),
      'the new shell=True is an unsuppressed, new B602',
    );
    ok(
      results.some((result) => result.ruleId === 'B201' && result.baselineState === 'unchanged'),
      "main's debug=True is unchanged since the baseline",
    );

    const comments = await pullRequestComments(loop, pullRequestId);
    const inline = comments.filter((comment) => comment.filePath !== undefined && !comment.deleted);
    const summaries = comments.filter((comment) => comment.filePath === undefined);
    deepStrictEqual(
      [...new Set(inline.map((comment) => `${String(comment.filePath)}:${String(comment.filePosition)}`))].sort(),
      [`requirements.txt:${String(PIN_LINE)}`, 'todo_app/export.py:1', 'todo_app/export.py:5'],
    );
    strictEqual(summaries.length, 1, 'one summary comment');
    // The gate counts what the pull request adds; what main already had is named and does not count.
    ok(added.some((finding) => finding.ruleId === 'B602'));
    const notCounted = notCountedText(preExisting.length);
    ok(!String(summaries[0]?.content).includes('No baseline for'), String(summaries[0]?.content));
    ok(
      String(summaries[0]?.content).includes(
        `❌ **Security gate failed**: ${plural(added.length, 'new finding')} at or above high ${notCounted}`,
      ),
      String(summaries[0]?.content).slice(0, 1500),
    );
    // The bot set REVOKE (its Lambda's answer); CodeCommit lists approvals only, so none is left.
    strictEqual((firstReview.result as { approval?: string }).approval, 'REVOKE');
    deepStrictEqual(await approvalStates(loop, pullRequestId), []);

    // The fix: pullRequestSourceBranchUpdated → a new build → the bot tombstones and approves.
    const fixed = await pushFix(loop, sourceCommit);
    const secondReview = await waitFor('the bot to review the fix', botRunAfterBuild(loop, fixed));
    strictEqual(secondReview.error, undefined, botLogs(loop));
    const after = await pullRequestComments(loop, pullRequestId);
    const resolved = after.filter((comment) => String(comment.content).includes('**Resolved**'));
    // Every comment of the first review becomes a tombstone, except the one on `import subprocess` (B404, still
    // reported): one per finding, so the pin's two advisories are two comments.
    deepStrictEqual(
      resolved.map((comment) => comment.commentId).sort(),
      inline
        .filter((comment) => !(comment.filePath === 'todo_app/export.py' && comment.filePosition === 1))
        .map((comment) => comment.commentId)
        .sort(),
    );
    deepStrictEqual(
      [...new Set(resolved.map((comment) => `${String(comment.filePath)}:${String(comment.filePosition)}`))].sort(),
      [`requirements.txt:${String(PIN_LINE)}`, 'todo_app/export.py:5'],
    );
    const afterSummaries = after.filter((comment) => comment.filePath === undefined);
    strictEqual(afterSummaries.length, 1, 'still one summary');
    ok(
      String(afterSummaries[0]?.content).includes(`✅ **Security gate passed** ${notCounted}`),
      String(afterSummaries[0]?.content).slice(0, 1500),
    );
    strictEqual((secondReview.result as { approval?: string }).approval, 'APPROVE');
    deepStrictEqual(await approvalStates(loop, pullRequestId), ['APPROVE']);
  });

  it('a pull request that adds a Dockerfile finding at or above the gate is blocked by it alone (main scanned by a pipeline that stopped before hadolint)', async () => {
    ok(main !== undefined, 'main was pushed and its pipeline ran');
    const dockerfile = readFileSync(join(TODO_APP, 'Dockerfile'), 'utf8').replace(
      'USER root\n',
      // A script piped from the network into a shell (DS003): high, as it runs whatever the server sends.
      'RUN curl -fsSL https://get.example.com/install.sh | sh\nUSER root\n',
    );
    const mainFingerprints = new Set(todoApp.map((finding) => finding.fingerprint));
    const added = scanChangedTodoApp({ Dockerfile: dockerfile }).filter(
      (finding) => atOrAboveGate(finding) && !mainFingerprints.has(finding.fingerprint),
    );
    deepStrictEqual(
      added.map((finding) => finding.ruleId),
      ['DS003'],
    );
    const { pullRequestId, sourceCommit } = await openPullRequestWith(loop, {
      baseCommit: main,
      branch: 'feature/installer',
      destination: 'main',
      files: { Dockerfile: dockerfile },
      title: 'Install the helper tool',
    });
    const review = await waitFor('the bot to review the Dockerfile change', botRunAfterBuild(loop, sourceCommit));
    strictEqual(review.error, undefined, botLogs(loop));
    const { log } = pullRequestBuildOf(loop, sourceCommit);
    ok(log.includes('Baseline for hadolint: a scan of the destination commit in this build, not uploaded'), log);
    const hadolint = await pullRequestReport(s3, loop, sourceCommit, 'hadolint.sarif');
    const states = hadolint.runs.flatMap((run) =>
      (run.results ?? []).map((result) => `${result.ruleId}:${String(result.baselineState)}`),
    );
    ok(states.includes('DS003:new'), states.join(', '));
    ok(states.filter((state) => state.endsWith(':unchanged')).length > 0, states.join(', '));
    const summary = String(
      (await pullRequestComments(loop, pullRequestId)).find((comment) => comment.filePath === undefined)?.content,
    );
    ok(
      summary.includes(
        `❌ **Security gate failed**: 1 new finding at or above high ${notCountedText(todoApp.filter(atOrAboveGate).length)}`,
      ),
      summary.slice(0, 1500),
    );
    strictEqual((review.result as { approval?: string }).approval, 'REVOKE');
  });

  it('a pull request into a branch the pipeline never scanned: the PR build scans the destination for every action, and judges the pull request on what it adds', async () => {
    ok(main !== undefined, 'main was pushed and its pipeline ran');
    // release: main plus a note; the pipeline runs for main only, so no report of this commit exists anywhere.
    const release = await branchWithCommit(loop, 'release', main, { 'NOTES.md': '# Release notes\n' }, 'Notes');
    deepStrictEqual(await keysUnder(s3, loop.findingsBucket, `todo-app/${release}/`), []);
    // The pull request adds a low finding only (an assert); the destination's many high findings do not block it.
    const check = 'def check(value):\n    assert value is not None\n    return value\n';
    const { pullRequestId, sourceCommit } = await openPullRequestWith(loop, {
      baseCommit: release,
      branch: 'feature/check',
      destination: 'release',
      files: { 'todo_app/check.py': check },
      title: 'Check values',
    });
    const review = await waitFor(
      'the bot to review the pull request into release',
      botRunAfterBuild(loop, sourceCommit),
    );
    strictEqual(review.error, undefined, botLogs(loop));
    const { log } = pullRequestBuildOf(loop, sourceCommit);
    ok(
      log.includes(`No reports of the destination commit ${release} in the findings bucket yet: this build scans it`),
      log,
    );
    for (const [action, report] of [
      ['sca', 'sca.sarif'],
      ['sast', 'sast.sarif'],
      ['hadolint', 'hadolint.sarif'],
    ]) {
      const line = `Baseline for ${action}: a scan of the destination commit in this build, not uploaded (there is no ${report})`;
      ok(log.includes(line), `${line}\n${log}`);
    }
    // Still nothing under the destination's prefix: the destination scan stays in the build.
    deepStrictEqual(await keysUnder(s3, loop.findingsBucket, `todo-app/${release}/`), []);
    const sast = await pullRequestReport(s3, loop, sourceCommit, 'sast.sarif');
    const states = sast.runs.flatMap((run) =>
      (run.results ?? []).map((result) => `${result.ruleId}:${String(result.baselineState)}`),
    );
    ok(states.includes('B201:unchanged'), `the destination's debug=True is existing: ${states.join(', ')}`);
    ok(states.includes('B101:new'), `the assert is new: ${states.join(', ')}`);
    const summary = String(
      (await pullRequestComments(loop, pullRequestId)).find((comment) => comment.filePath === undefined)?.content,
    );
    ok(
      summary.includes(`✅ **Security gate passed** ${notCountedText(todoApp.filter(atOrAboveGate).length)}`),
      summary.slice(0, 1500),
    );
    strictEqual((review.result as { approval?: string }).approval, 'APPROVE');
    deepStrictEqual(await approvalStates(loop, pullRequestId), ['APPROVE']);
  });
});
