import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '@devsecops/shared/process';
import {
  EMULATOR_ACCESS_KEY_ID,
  EMULATOR_SECRET_ACCESS_KEY,
  startAwsEmulator,
  type AwsEmulator,
} from '../aws-emulator/emulator';
import {
  ARTIFACTS_BUCKET,
  demoRepositoryFiles,
  devsecopsPipeline,
  FINDINGS_BUCKET,
  stageProject,
} from '../aws-emulator/fixtures';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';

/** Debian's AWS CLI v2 (plain `aws` on PATH may be another, v1, installation). */
const AWS_CLI = '/usr/bin/aws';

type Json = Record<string, unknown>;

describe('AWS emulator: the real AWS CLI v2 drives a whole flow', function () {
  this.timeout(180_000);
  let emulator: AwsEmulator;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    // The CLI is the independent client this test exists for.
    skipUnlessInstalled(
      this,
      existsSync(AWS_CLI),
      'the AWS CLI v2 is not installed at /usr/bin/aws (apt-get install awscli)',
    );
    emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET, ARTIFACTS_BUCKET] });
    home = await mkdtemp(path.join(os.tmpdir(), 'aws-cli-home-'));
    // Nothing from this machine's AWS configuration may leak in: own config, credentials and home.
    await writeFile(path.join(home, 'config'), '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n');
    await writeFile(path.join(home, 'credentials'), '');
    env = {
      PATH: '/usr/bin:/bin',
      HOME: home,
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
      AWS_ACCESS_KEY_ID: EMULATOR_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });

  after(async () => {
    // Nothing was started when the CLI is missing.
    if (!existsSync(AWS_CLI)) return;
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  });

  async function aws(args: string[], endpoint = emulator.endpoint): Promise<Json> {
    const result = await runProcess({
      command: AWS_CLI,
      args: ['--endpoint-url', endpoint, '--output', 'json', ...args],
      env,
      timeoutMs: 60_000,
    });
    assert.equal(result.exitCode, 0, `aws ${args.join(' ')} failed:\n${result.stderr}`);
    return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Json);
  }

  async function awsFails(args: string[]): Promise<string> {
    const result = await runProcess({ command: AWS_CLI, args: ['--endpoint-url', emulator.endpoint, ...args], env });
    assert.notEqual(result.exitCode, 0);
    return result.stderr;
  }

  async function inputFile(name: string, value: unknown): Promise<string> {
    const file = path.join(home, name);
    await writeFile(file, JSON.stringify(value));
    return `file://${file}`;
  }

  async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (;;) {
      const value = await probe();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('repository, commit, branch, pull request, inline comment, build, pipeline execution, findings in S3', async () => {
    const created = await aws(['codecommit', 'create-repository', '--repository-name', 'todo-app']);
    assert.equal((created['repositoryMetadata'] as Json)['repositoryName'], 'todo-app');

    const putFiles = Object.entries(demoRepositoryFiles()).map(([filePath, content]) => ({
      filePath,
      fileContent: Buffer.from(content).toString('base64'),
    }));
    const commit = await aws([
      'codecommit',
      'create-commit',
      '--cli-input-json',
      await inputFile('commit.json', {
        repositoryName: 'todo-app',
        branchName: 'main',
        commitMessage: 'Demo',
        putFiles,
      }),
    ]);
    const mainCommit = String(commit['commitId']);
    assert.match(mainCommit, /^[0-9a-f]{40}$/);

    await aws([
      'codecommit',
      'create-branch',
      '--repository-name',
      'todo-app',
      '--branch-name',
      'feature',
      '--commit-id',
      mainCommit,
    ]);
    const newMain = path.join(home, 'main.py');
    await writeFile(newMain, 'import subprocess\n\nsubprocess.call("ls", shell=True)\nprint("more")\n');
    const put = await aws([
      'codecommit',
      'put-file',
      '--repository-name',
      'todo-app',
      '--branch-name',
      'feature',
      '--parent-commit-id',
      mainCommit,
      '--file-path',
      'app/main.py',
      '--file-content',
      `fileb://${newMain}`,
      '--commit-message',
      'More output',
      '--name',
      'Ada',
      '--email',
      'ada@example.com',
    ]);
    const featureCommit = String(put['commitId']);
    const file = await aws([
      'codecommit',
      'get-file',
      '--repository-name',
      'todo-app',
      '--commit-specifier',
      'feature',
      '--file-path',
      'app/main.py',
    ]);
    assert.equal(Buffer.from(String(file['fileContent']), 'base64').toString('utf8'), await readFile(newMain, 'utf8'));
    const diff = await aws([
      'codecommit',
      'get-differences',
      '--repository-name',
      'todo-app',
      '--before-commit-specifier',
      'main',
      '--after-commit-specifier',
      'feature',
    ]);
    assert.deepEqual(
      (diff['differences'] as Json[]).map((d) => d['changeType']),
      ['M'],
    );

    const pr = (
      await aws([
        'codecommit',
        'create-pull-request',
        '--title',
        'More output',
        '--targets',
        'repositoryName=todo-app,sourceReference=feature,destinationReference=main',
      ])
    )['pullRequest'] as Json;
    const pullRequestId = String(pr['pullRequestId']);
    /** Arguments that post `content` on line `filePosition` of the pull request's app/main.py. */
    const postInlineComment = (filePosition: number, content: string): string[] => [
      'codecommit',
      'post-comment-for-pull-request',
      '--pull-request-id',
      pullRequestId,
      '--repository-name',
      'todo-app',
      '--before-commit-id',
      mainCommit,
      '--after-commit-id',
      featureCommit,
      '--location',
      `filePath=app/main.py,filePosition=${String(filePosition)},relativeFileVersion=AFTER`,
      '--content',
      content,
    ];
    const posted = await aws(postInlineComment(3, 'B602: subprocess call with shell=True'));
    assert.equal(typeof (posted['comment'] as Json)['creationDate'], 'string');
    const outOfRange = await awsFails(postInlineComment(40, 'x'));
    assert.match(outOfRange, /InvalidFilePositionException/);
    const comments = await aws(['codecommit', 'get-comments-for-pull-request', '--pull-request-id', pullRequestId]);
    const [thread] = comments['commentsForPullRequestData'] as Json[];
    assert.deepEqual(thread?.['location'], { filePath: 'app/main.py', filePosition: 3, relativeFileVersion: 'AFTER' });

    await aws([
      'codebuild',
      'create-project',
      '--cli-input-json',
      await inputFile('project.json', stageProject('devsecops-stage', 'todo-app')),
    ]);
    const started = (
      await aws([
        'codebuild',
        'start-build',
        '--project-name',
        'devsecops-stage',
        '--source-version',
        featureCommit,
        '--environment-variables-override',
        'name=STAGE,value=sast,type=PLAINTEXT',
      ])
    )['build'] as Json;
    const buildId = String(started['id']);
    const built = await until(
      async () => ((await aws(['codebuild', 'batch-get-builds', '--ids', buildId]))['builds'] as Json[])[0] ?? {},
      (build) => build['buildStatus'] !== 'IN_PROGRESS',
    );
    assert.equal(built['buildStatus'], 'SUCCEEDED');
    assert.equal(built['resolvedSourceVersion'], featureCommit);
    assert.ok((built['phases'] as Json[]).some((p) => p['phaseType'] === 'BUILD' && p['phaseStatus'] === 'SUCCEEDED'));

    await aws([
      'codepipeline',
      'create-pipeline',
      '--pipeline',
      await inputFile('pipeline.json', devsecopsPipeline('devsecops', 'todo-app')),
    ]);
    const execution = await aws(['codepipeline', 'start-pipeline-execution', '--name', 'devsecops']);
    const executionId = String(execution['pipelineExecutionId']);
    const ended = await until(
      async () =>
        (
          await aws([
            'codepipeline',
            'get-pipeline-execution',
            '--pipeline-name',
            'devsecops',
            '--pipeline-execution-id',
            executionId,
          ])
        )['pipelineExecution'] as Json,
      (e) => e['status'] !== 'InProgress',
    );
    assert.equal(ended['status'], 'Succeeded');
    const state = await aws(['codepipeline', 'get-pipeline-state', '--name', 'devsecops']);
    assert.deepEqual(
      (state['stageStates'] as Json[]).map((s) => [s['stageName'], (s['latestExecution'] as Json)['status']]),
      [
        ['Source', 'Succeeded'],
        ['application-validation', 'Succeeded'],
        ['dockerfile-validation', 'Succeeded'],
      ],
    );
    const actions = await aws([
      'codepipeline',
      'list-action-executions',
      '--pipeline-name',
      'devsecops',
      '--filter',
      `pipelineExecutionId=${executionId}`,
    ]);
    assert.deepEqual((actions['actionExecutionDetails'] as Json[]).map((a) => [a['actionName'], a['status']]).sort(), [
      ['Source', 'Succeeded'],
      ['hadolint', 'Succeeded'],
      ['sast', 'Succeeded'],
      ['sca', 'Succeeded'],
    ]);

    // The pipeline built main's tip; its findings are in S3 under the commit.
    const listing = await runProcess({
      command: AWS_CLI,
      args: ['--endpoint-url', emulator.s3Endpoint, 's3', 'ls', `s3://${FINDINGS_BUCKET}/todo-app/${mainCommit}/`],
      env,
    });
    assert.equal(listing.exitCode, 0, listing.stderr);
    assert.deepEqual(
      listing.stdout
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/).pop()),
      ['hadolint.sarif', 'sast.sarif', 'sca.sarif'],
    );
    const downloaded = path.join(home, 'sast.sarif');
    await aws(
      ['s3', 'cp', '--only-show-errors', `s3://${FINDINGS_BUCKET}/todo-app/${mainCommit}/sast.sarif`, downloaded],
      emulator.s3Endpoint,
    );
    assert.equal(await readFile(downloaded, 'utf8'), demoRepositoryFiles()['sarif/sast.sarif']);
  });
});
