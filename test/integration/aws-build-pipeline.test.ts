import assert from 'node:assert/strict';
import {
  BatchGetBuildsCommand,
  BatchGetReportsCommand,
  CreateProjectCommand,
  DescribeTestCasesCommand,
  ListReportGroupsCommand,
  ListReportsForReportGroupCommand,
  StartBuildCommand,
  type CodeBuildClient,
} from '@aws-sdk/client-codebuild';
import {
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  type CodePipelineClient,
} from '@aws-sdk/client-codepipeline';
import {
  createCodeBuildClient,
  createCodeCommitClient,
  createCodePipelineClient,
  AwsPipelineClient,
  type PipelineSnapshot,
} from '@devsecops/shared/aws';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { FINDINGS_BUCKET, stageProject } from '../aws-emulator/fixtures';
import { emulatorSettings, FAST_POLL, putFileOnNewBranch, seedDemoCloud } from '../aws-emulator/testing';

describe('AWS emulator: CodeBuild and CodePipeline run real buildspecs', function () {
  this.timeout(120_000);
  let emulator: AwsEmulator;
  let codebuild: CodeBuildClient;
  let codepipeline: CodePipelineClient;
  let client: AwsPipelineClient;
  let commit: string;

  before(async () => {
    emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET] });
    ({ commit } = await seedDemoCloud(emulator));
    codebuild = createCodeBuildClient(emulatorSettings(emulator));
    codepipeline = createCodePipelineClient(emulatorSettings(emulator));
    client = AwsPipelineClient.fromSettings(emulatorSettings(emulator), { endpoint: emulator.s3Endpoint });
  });

  after(async () => {
    codebuild.destroy();
    codepipeline.destroy();
    client.destroy();
    await emulator.close();
  });

  it('builds a commit: phases in order, exported variables, JUnit report and test cases, SARIF uploaded to S3', async () => {
    const started = await codebuild.send(
      new StartBuildCommand({
        projectName: 'devsecops-stage',
        sourceVersion: 'main',
        environmentVariablesOverride: [{ name: 'STAGE', value: 'sast', type: 'PLAINTEXT' }],
      }),
    );
    assert.equal(started.build?.buildStatus, 'IN_PROGRESS');
    const buildId = started.build.id ?? '';
    const done = await client.followBuild(buildId, { schedule: FAST_POLL });
    assert.equal(done.status, 'SUCCEEDED', emulator.codebuild.buildLog(buildId).join('\n'));
    assert.equal(done.resolvedSourceVersion, commit);
    assert.deepEqual(done.exportedVariables, { STAGE: 'sast' });
    assert.deepEqual(
      done.phases.map((p) => [p.type, p.status]),
      [
        ['SUBMITTED', 'SUCCEEDED'],
        ['QUEUED', 'SUCCEEDED'],
        ['PROVISIONING', 'SUCCEEDED'],
        ['DOWNLOAD_SOURCE', 'SUCCEEDED'],
        ['INSTALL', 'SUCCEEDED'],
        ['PRE_BUILD', 'SUCCEEDED'],
        ['BUILD', 'SUCCEEDED'],
        ['POST_BUILD', 'SUCCEEDED'],
        ['UPLOAD_ARTIFACTS', 'SUCCEEDED'],
        ['FINALIZING', 'SUCCEEDED'],
        ['COMPLETED', undefined],
      ],
    );
    const { builds } = await codebuild.send(new BatchGetBuildsCommand({ ids: [buildId] }));
    const [reportArn] = builds?.[0]?.reportArns ?? [];
    assert.ok(reportArn);
    const groups = await codebuild.send(new ListReportGroupsCommand({}));
    assert.deepEqual(groups.reportGroups, [
      'arn:aws:codebuild:us-east-1:123456789012:report-group/devsecops-stage-findings',
    ]);
    const inGroup = await codebuild.send(
      new ListReportsForReportGroupCommand({ reportGroupArn: groups.reportGroups[0] ?? '' }),
    );
    assert.deepEqual(inGroup.reports, [reportArn]);
    const { reports } = await codebuild.send(new BatchGetReportsCommand({ reportArns: [reportArn] }));
    assert.equal(reports?.[0]?.status, 'FAILED');
    assert.deepEqual(reports[0].testSummary, {
      total: 2,
      statusCounts: { FAILED: 1, SUCCEEDED: 1 },
      durationInNanoSeconds: 750_000_000,
    });
    const cases = await codebuild.send(new DescribeTestCasesCommand({ reportArn, filter: { status: 'FAILED' } }));
    assert.deepEqual(
      cases.testCases?.map((c) => [c.prefix, c.name, c.status, c.message, c.durationInNanoSeconds]),
      [['sast', 'B602 app/main.py:3', 'FAILED', 'subprocess call with shell=True', 500_000_000]],
    );
    const stored = await client.loadFindings({ bucket: FINDINGS_BUCKET, repository: 'todo-app', commit });
    assert.deepEqual(
      stored.map((s) => [
        s.key,
        s.findings.map((f) => [f.tool, f.ruleId, f.severity, f.location.path, f.location.line]),
      ]),
      [[`todo-app/${commit}/sast.sarif`, [['bandit', 'B602', 'high', 'app/main.py', 3]]]],
    );
  });

  it("clones a CodeCommit source as CodeBuild does: the commit detached, its history to the project's clone depth, origin", async () => {
    const codecommit = createCodeCommitClient(emulatorSettings(emulator));
    let second: string;
    try {
      const put = await putFileOnNewBranch(codecommit, {
        repositoryName: 'todo-app',
        branchName: 'clone-probe',
        parentCommitId: commit,
        filePath: 'NOTES.md',
        fileContent: Buffer.from('notes\n'),
      });
      second = String(put.commitId);
    } finally {
      codecommit.destroy();
    }
    const probe = [
      'version: 0.2',
      'phases:',
      '  build:',
      '    commands:',
      '      - echo "probe head=$(git rev-parse HEAD) commits=$(git rev-list --count HEAD) on=$(git symbolic-ref -q --short HEAD || echo detached) main=$(git rev-parse origin/main) parent=$(git rev-parse -q --verify HEAD~1 || echo none)"',
      '',
    ].join('\n');
    const probeLine = async (projectName: string): Promise<string> => {
      const started = await codebuild.send(
        new StartBuildCommand({
          projectName,
          sourceVersion: second,
          buildspecOverride: probe,
        }),
      );
      const buildId = started.build?.id ?? '';
      const done = await client.followBuild(buildId, { schedule: FAST_POLL });
      const log = emulator.codebuild.buildLog(buildId);
      assert.equal(done.status, 'SUCCEEDED', log.join('\n'));
      return log.find((line) => line.startsWith('probe ')) ?? log.join('\n');
    };
    // No clone depth (CDK's default, or 0): the whole history.
    assert.equal(
      await probeLine('devsecops-stage'),
      `probe head=${second} commits=2 on=detached main=${commit} parent=${commit}`,
    );
    const shallow = stageProject('devsecops-shallow', 'todo-app', emulator.region);
    await codebuild.send(new CreateProjectCommand({ ...shallow, source: { ...shallow.source, gitCloneDepth: 1 } }));
    // Depth 1: each branch tip without its history (the build's commit has no parent here).
    assert.equal(
      await probeLine('devsecops-shallow'),
      `probe head=${second} commits=1 on=detached main=${commit} parent=none`,
    );
  });

  it('runs a buildspec override and reports the failing phase with its reason', async () => {
    const started = await codebuild.send(
      new StartBuildCommand({
        projectName: 'devsecops-stage',
        sourceVersion: commit,
        buildspecOverride:
          'version: 0.2\nphases:\n  build:\n    commands:\n      - test -f app/main.py\n      - exit 3\n',
      }),
    );
    const done = await client.followBuild(started.build?.id ?? '', { schedule: FAST_POLL });
    assert.equal(done.status, 'FAILED');
    const build = done.phases.find((p) => p.type === 'BUILD');
    assert.equal(build?.status, 'FAILED');
    assert.match(build.message ?? '', /exit status 3/);
  });

  it('stops a running build', async () => {
    const started = await codebuild.send(
      new StartBuildCommand({
        projectName: 'devsecops-stage',
        sourceVersion: commit,
        buildspecOverride: 'version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 30\n',
      }),
    );
    const buildId = started.build?.id ?? '';
    await client.followBuild(buildId, {
      schedule: FAST_POLL,
      // Keep polling until the build is inside its BUILD phase, then stop it.
      onSnapshot: (snapshot) => {
        if (snapshot.currentPhase === 'BUILD') void client.stopBuild(buildId);
      },
    });
    const { builds } = await codebuild.send(new BatchGetBuildsCommand({ ids: [buildId] }));
    assert.equal(builds?.[0]?.buildStatus, 'STOPPED');
    assert.equal(builds[0].phases?.find((p) => p.phaseType === 'BUILD')?.phaseStatus, 'STOPPED');
  });

  it('runs a pipeline: stages in order, actions of a stage in parallel, pinned to the commit', async () => {
    const snapshots: PipelineSnapshot[] = [];
    const executionId = await client.startPipeline({ pipelineName: 'devsecops', commit });
    const end = await client.followPipeline('devsecops', executionId, {
      schedule: FAST_POLL,
      onSnapshot: (s) => snapshots.push(s),
    });
    assert.equal(end.status, 'Succeeded', JSON.stringify(end));
    assert.equal(end.commit, commit);
    assert.deepEqual(
      end.stages.map((s) => [s.name, s.status, s.actions.map((a) => [a.name, a.status])]),
      [
        ['Source', 'Succeeded', [['Source', 'Succeeded']]],
        [
          'application-validation',
          'Succeeded',
          [
            ['sca', 'Succeeded'],
            ['sast', 'Succeeded'],
          ],
        ],
        ['dockerfile-validation', 'Succeeded', [['hadolint', 'Succeeded']]],
      ],
    );
    const actions = await codepipeline.send(
      new ListActionExecutionsCommand({ pipelineName: 'devsecops', filter: { pipelineExecutionId: executionId } }),
    );
    const timing = new Map((actions.actionExecutionDetails ?? []).map((a) => [a.actionName, a]));
    const sca = timing.get('sca');
    const sast = timing.get('sast');
    const hadolint = timing.get('hadolint');
    assert.ok(sca?.startTime && sast?.startTime && hadolint?.startTime && sca.lastUpdateTime && sast.lastUpdateTime);
    // Parallel within a stage: each of sca and sast started before the other ended.
    assert.ok(sca.startTime <= sast.lastUpdateTime && sast.startTime <= sca.lastUpdateTime);
    // In order across stages: hadolint started after both ended.
    assert.ok(hadolint.startTime >= sca.lastUpdateTime && hadolint.startTime >= sast.lastUpdateTime);
    const stored = await client.loadFindings({ bucket: FINDINGS_BUCKET, repository: 'todo-app', commit });
    assert.deepEqual(
      stored.map((s) => [s.stage, s.findings.length]),
      [
        ['hadolint', 0],
        ['sast', 1],
        ['sca', 1],
      ],
    );
  });

  it('stops at a failed stage: later stages never run', async () => {
    const executionId = await client.startPipeline({
      pipelineName: 'devsecops',
      commit,
      variables: { FAIL_STAGE: 'sast' },
    });
    const end = await client.followPipeline('devsecops', executionId, { schedule: FAST_POLL });
    assert.equal(end.status, 'Failed');
    assert.deepEqual(
      end.stages.map((s) => [s.name, s.status, s.actions.map((a) => a.status)]),
      [
        ['Source', 'Succeeded', ['Succeeded']],
        ['application-validation', 'Failed', ['Succeeded', 'Failed']],
        ['dockerfile-validation', undefined, [undefined]],
      ],
    );
    const state = await codepipeline.send(new GetPipelineStateCommand({ name: 'devsecops' }));
    assert.equal(state.stageStates?.[1]?.latestExecution?.status, 'Failed');
    const executions = await codepipeline.send(new ListPipelineExecutionsCommand({ pipelineName: 'devsecops' }));
    assert.deepEqual(
      executions.pipelineExecutionSummaries?.map((e) => [e.status, e.sourceRevisions?.[0]?.revisionId]),
      [
        ['Failed', commit],
        ['Succeeded', commit],
      ],
    );
  });
});
