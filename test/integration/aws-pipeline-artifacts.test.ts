import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateProjectCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import {
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  StartPipelineExecutionCommand,
  type ActionDeclaration,
  type PipelineDeclaration,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { unzipSync, zipSync } from 'fflate';
import { unzipInto } from '../aws-emulator/codepipeline/pipeline-artifacts';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { ARTIFACTS_BUCKET } from '../aws-emulator/fixtures';
import { createRepositoryWithFiles, emulatorClients, errorName, type EmulatorClients } from '../aws-emulator/testing';

const REPOSITORY = 'artifact-demo';
const FILES: Readonly<Record<string, string>> = {
  'app/main.py': 'print("hello")\n',
  'README.md': '# Demo\n',
};

/** Builds from the source artifact: checks the files and the variables, and writes an output artifact. */
const PACK_BUILDSPEC = `version: 0.2
env:
  exported-variables:
    - LISTED
phases:
  build:
    commands:
      - test -f app/main.py
      - printf 'commit=%s branch=%s resolved=%s\\n' "$SOURCE_COMMIT" "$SOURCE_BRANCH" "$CODEBUILD_RESOLVED_SOURCE_VERSION" > packed.txt
      - export LISTED="$(ls | sort | tr '\\n' ' ')"
artifacts:
  files:
    - packed.txt
`;

/** Builds from the first build's output artifact, with a variable from the first build's namespace. */
const CHECK_BUILDSPEC = `version: 0.2
phases:
  build:
    commands:
      - test ! -e app/main.py
      - cat packed.txt
      - 'echo "listed by the first build: $LISTED"'
`;

function pipelineProject(name: string, buildspec: string) {
  return {
    name,
    source: { type: 'CODEPIPELINE' as const, buildspec },
    artifacts: { type: 'CODEPIPELINE' as const },
    environment: {
      type: 'LINUX_CONTAINER' as const,
      image: 'aws/codebuild/standard:8.0',
      computeType: 'BUILD_GENERAL1_SMALL' as const,
    },
    serviceRole: 'arn:aws:iam::123456789012:role/codebuild-artifacts',
  };
}

function buildAction(
  name: string,
  project: string,
  input: string,
  extra: Partial<ActionDeclaration>,
): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    configuration: { ProjectName: project, ...extra.configuration },
    inputArtifacts: [{ name: input }],
    ...(extra.outputArtifacts === undefined ? {} : { outputArtifacts: extra.outputArtifacts }),
    ...(extra.namespace === undefined ? {} : { namespace: extra.namespace }),
  };
}

function pipeline(name: string, packVariables: string): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/codepipeline-artifacts',
    artifactStore: { type: 'S3', location: ARTIFACTS_BUCKET },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: REPOSITORY, BranchName: 'main', PollForSourceChanges: 'false' },
            outputArtifacts: [{ name: 'SourceArtifact' }],
            namespace: 'SourceVariables',
          },
        ],
      },
      {
        name: 'Pack',
        actions: [
          buildAction('pack', 'pack', 'SourceArtifact', {
            configuration: { ProjectName: 'pack', EnvironmentVariables: packVariables },
            outputArtifacts: [{ name: 'Packed' }],
            namespace: 'PackVariables',
          }),
        ],
      },
      {
        name: 'Check',
        actions: [
          buildAction('check', 'check', 'Packed', {
            configuration: {
              ProjectName: 'check',
              EnvironmentVariables: JSON.stringify([{ name: 'LISTED', value: '#{PackVariables.LISTED}' }]),
            },
          }),
        ],
      },
    ],
  };
}

describe('AWS emulator: CodePipeline artifacts, namespaces and CODEPIPELINE builds', function () {
  this.timeout(120_000);
  /** The emulator, its clients, and the repository's one commit. */
  let demo: { emulator: AwsEmulator; clients: EmulatorClients; commit: string };

  before(async () => {
    const emulator = await startAwsEmulator({ buckets: [ARTIFACTS_BUCKET] });
    const clients = emulatorClients(emulator);
    const { codecommit, codebuild } = clients;
    const commit = await createRepositoryWithFiles(codecommit, REPOSITORY, FILES, 'Demo\n\nWith a body.');
    await codebuild.send(new CreateProjectCommand(pipelineProject('pack', PACK_BUILDSPEC)));
    await codebuild.send(new CreateProjectCommand(pipelineProject('check', CHECK_BUILDSPEC)));
    demo = { emulator, clients, commit };
  });

  after(async () => {
    demo.clients.destroy();
    await demo.emulator.close();
  });

  async function run(name: string): Promise<{ execution: PipelineExecution; executionId: string }> {
    const started = await demo.clients.codepipeline.send(new StartPipelineExecutionCommand({ name }));
    const executionId = String(started.pipelineExecutionId);
    await demo.emulator.codepipeline.settle();
    const { pipelineExecution } = await demo.clients.codepipeline.send(
      new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: executionId }),
    );
    assert.ok(pipelineExecution);
    return { execution: pipelineExecution, executionId };
  }

  it('zips the commit as the source artifact, resolves namespace variables, and passes output artifacts on', async () => {
    const variables = JSON.stringify([
      { name: 'SOURCE_COMMIT', value: '#{SourceVariables.CommitId}', type: 'PLAINTEXT' },
      { name: 'SOURCE_BRANCH', value: '#{SourceVariables.BranchName}', type: 'PLAINTEXT' },
    ]);
    await demo.clients.codepipeline.send(new CreatePipelineCommand({ pipeline: pipeline('artifacts', variables) }));
    const { execution, executionId } = await run('artifacts');
    const details =
      (
        await demo.clients.codepipeline.send(
          new ListActionExecutionsCommand({ pipelineName: 'artifacts', filter: { pipelineExecutionId: executionId } }),
        )
      ).actionExecutionDetails ?? [];
    const byName = new Map(details.map((detail) => [detail.actionName, detail]));
    const logOf = (action: string): string =>
      demo.emulator.codebuild
        .buildLog(String(byName.get(action)?.output?.executionResult?.externalExecutionId))
        .join('\n');
    assert.equal(
      execution.status,
      'Succeeded',
      `${String(execution.statusSummary)}\n${logOf('pack')}\n${logOf('check')}`,
    );

    // The source artifact: a zip of exactly the commit's files, in the artifact store.
    const source = byName.get('Source');
    assert.deepEqual(
      { ...source?.output?.outputVariables, AuthorDate: undefined, CommitterDate: undefined },
      {
        AuthorDate: undefined,
        BranchName: 'main',
        CommitId: demo.commit,
        CommitMessage: 'Demo\n\nWith a body.',
        CommitterDate: undefined,
        RepositoryName: REPOSITORY,
      },
    );
    const location = source?.output?.outputArtifacts?.[0]?.s3location;
    assert.equal(location?.bucket, ARTIFACTS_BUCKET);
    assert.match(String(location.key), /^artifacts\/SourceArtifact\/[A-Za-z0-9_-]{7}$/);
    const zip = await demo.clients.s3.send(new GetObjectCommand({ Bucket: ARTIFACTS_BUCKET, Key: location.key }));
    const entries = unzipSync(await (zip.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
    assert.deepEqual(
      Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, new TextDecoder().decode(data)])),
      FILES,
    );

    // The pack build read that zip as its source, with the variables resolved; its output artifact is the next
    // action's input, and its exported variable is in its namespace.
    assert.deepEqual(byName.get('pack')?.input?.inputArtifacts, [{ name: 'SourceArtifact', s3location: location }]);
    assert.match(logOf('pack'), /Unzipped 2 files of the input artifact SourceArtifact/);
    assert.deepEqual(byName.get('pack')?.output?.outputVariables, { LISTED: 'README.md app packed.txt ' });
    const packed = byName.get('pack')?.output?.outputArtifacts?.[0];
    assert.equal(packed?.name, 'Packed');
    assert.deepEqual(byName.get('check')?.input?.inputArtifacts, [{ name: 'Packed', s3location: packed.s3location }]);
    const check = logOf('check');
    assert.ok(check.includes(`commit=${demo.commit} branch=main resolved=${demo.commit}`), check);
    assert.ok(check.includes('listed by the first build: README.md app packed.txt'), check);
  });

  it('fails an action whose configuration names a variable no namespace has, and runs nothing after it', async () => {
    const variables = JSON.stringify([{ name: 'SOURCE_COMMIT', value: '#{SourceVariables.NoSuchVariable}' }]);
    await demo.clients.codepipeline.send(new CreatePipelineCommand({ pipeline: pipeline('unresolved', variables) }));
    const { execution, executionId } = await run('unresolved');
    assert.equal(execution.status, 'Failed');
    const details =
      (
        await demo.clients.codepipeline.send(
          new ListActionExecutionsCommand({ pipelineName: 'unresolved', filter: { pipelineExecutionId: executionId } }),
        )
      ).actionExecutionDetails ?? [];
    assert.deepEqual(details.map((detail) => [detail.actionName, detail.status]).sort(), [
      ['Source', 'Succeeded'],
      ['pack', 'Failed'],
    ]);
    assert.match(
      String(details.find((detail) => detail.actionName === 'pack')?.output?.executionResult?.externalExecutionSummary),
      /do not resolve: SourceVariables\.NoSuchVariable/,
    );
  });

  it('refuses pipelines whose artifacts or namespaces do not add up', async () => {
    const valid = pipeline('invalid', '[]');
    const [sourceStage, packStage, checkStage] = valid.stages ?? [];
    assert.ok(sourceStage && packStage && checkStage);
    const withStages = (stages: PipelineDeclaration['stages']): PipelineDeclaration => ({ ...valid, stages });
    // Check before Pack: its input artifact is not produced by a preceding action.
    assert.equal(
      await errorName(() =>
        demo.clients.codepipeline.send(
          new CreatePipelineCommand({ pipeline: withStages([sourceStage, checkStage, packStage]) }),
        ),
      ),
      'InvalidStructureException',
    );
    const sameNamespace = {
      ...packStage,
      actions: (packStage.actions ?? []).map((action) => ({ ...action, namespace: 'SourceVariables' })),
    };
    assert.equal(
      await errorName(() =>
        demo.clients.codepipeline.send(
          new CreatePipelineCommand({ pipeline: withStages([sourceStage, sameNamespace, checkStage]) }),
        ),
      ),
      'InvalidActionDeclarationException',
    );
    const storeless = { ...valid, artifactStore: undefined };
    assert.equal(
      await errorName(() => demo.clients.codepipeline.send(new CreatePipelineCommand({ pipeline: storeless }))),
      'InvalidStructureException',
    );
  });

  it('fails a CODEPIPELINE project started outside a pipeline (it has no input artifact)', async () => {
    const started = await demo.clients.codebuild.send(new StartBuildCommand({ projectName: 'pack' }));
    const build = (await demo.emulator.codebuild.waitForBuild(String(started.build?.id))) as {
      buildStatus: string;
      phases: { contexts?: { message?: string }[] }[];
    };
    assert.equal(build.buildStatus, 'FAILED');
    assert.match(JSON.stringify(build.phases), /builds only as an action of a pipeline/);
  });

  it('refuses an artifact zip with an entry outside its folder, and writes none of it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'artifact-unzip-'));
    try {
      const hostile = zipSync({
        'fine.txt': new TextEncoder().encode('ok'),
        '../escaped.txt': new TextEncoder().encode('out'),
      });
      const inside = join(folder, 'source');
      await assert.rejects(unzipInto(hostile, inside), /outside its folder: "\.\.\/escaped\.txt"/);
      assert.equal(existsSync(join(folder, 'escaped.txt')), false);
      assert.equal(existsSync(inside) ? readdirSync(inside).length : 0, 0);
      const absolute = zipSync({ '/tmp/absolute.txt': new TextEncoder().encode('out') });
      await assert.rejects(unzipInto(absolute, inside), /outside its folder/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
