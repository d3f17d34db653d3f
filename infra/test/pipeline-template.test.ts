import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipelineDefinition } from '@devsecops/shared/pipeline';
import type { PipelineDefinition } from '@devsecops/shared/pipeline';
import { parse } from 'yaml';
import { loadInlineBuildspec } from '../src/inline-buildspec';
import { repositoryPaths } from '../src/repository-paths';
import type { Synthesized } from './synthesized-stack';
import { ACCOUNT, att, logicalId, ref, REGION, resourcesOfType, synthesize } from './synthesized-stack';

const paths = repositoryPaths();

interface PipelineAction {
  readonly Name: string;
  readonly ActionTypeId: { readonly Provider: string };
  readonly RunOrder: number;
  readonly Configuration: Readonly<Record<string, unknown>>;
  readonly InputArtifacts?: readonly { readonly Name: string }[];
  readonly OutputArtifacts?: readonly { readonly Name: string }[];
  readonly Namespace?: string;
  readonly RoleArn: string;
}

interface PipelineStage {
  readonly Name: string;
  readonly Actions: readonly PipelineAction[];
}

function theOne<T>(found: Map<string, T>): T {
  strictEqual(found.size, 1);
  const [value] = found.values();
  if (value === undefined) throw new Error('nothing found');
  return value;
}

describe('template: the pipeline built from pipeline/pipeline.yml', function () {
  this.timeout(180_000);
  let synthesized: Synthesized;
  let definition: PipelineDefinition;
  let stages: readonly PipelineStage[];

  before(async () => {
    synthesized = await synthesize();
    definition = await loadPipelineDefinition(paths.pipelineDefinition);
    const pipeline = theOne(resourcesOfType(synthesized.template, 'AWS::CodePipeline::Pipeline'));
    stages = pipeline['Stages'] as PipelineStage[];
  });

  const project = (action: string) => {
    const built = synthesized.stack.pipeline.projects.get(action);
    if (built === undefined) throw new Error(`no project for ${action}`);
    return built;
  };

  it('is one V2 pipeline on its own artifact bucket, with its own role', () => {
    const pipeline = theOne(resourcesOfType(synthesized.template, 'AWS::CodePipeline::Pipeline'));
    const { stack } = synthesized;
    deepStrictEqual(
      {
        PipelineType: pipeline['PipelineType'],
        ArtifactStore: pipeline['ArtifactStore'],
        RoleArn: pipeline['RoleArn'],
        RestartExecutionOnUpdate: pipeline['RestartExecutionOnUpdate'],
      },
      {
        PipelineType: 'V2',
        ArtifactStore: { Location: ref(stack.buckets.artifacts), Type: 'S3' },
        RoleArn: att(stack.pipeline.pipelineRole.mutableRole),
        RestartExecutionOnUpdate: false,
      },
    );
  });

  it('has the stages of the definition in order, with its actions and runOrder (SCA and SAST in parallel)', () => {
    const shape = stages.map((stage) => ({
      stage: stage.Name,
      actions: stage.Actions.map((action) => [action.Name, action.ActionTypeId.Provider, action.RunOrder]),
    }));
    deepStrictEqual(shape, [
      { stage: 'source', actions: [['source', 'CodeCommit', 1]] },
      {
        stage: 'application-validation',
        actions: [
          ['sca', 'CodeBuild', 1],
          ['sast', 'CodeBuild', 1],
        ],
      },
      { stage: 'dockerfile-validation', actions: [['hadolint', 'CodeBuild', 1]] },
      { stage: 'image-build', actions: [['image-build', 'CodeBuild', 1]] },
    ]);
    // The same, read from pipeline/pipeline.yml itself: the template follows the file, not a copy of it.
    deepStrictEqual(
      shape,
      definition.stages.map((stage) => ({
        stage: stage.name,
        actions: stage.actions.map((action) => [
          action.name,
          action.type === 'source' ? 'CodeCommit' : 'CodeBuild',
          action.runOrder,
        ]),
      })),
    );
  });

  it('starts from the branch, which each build clones in full (read-only), on every push (EventBridge)', () => {
    const [source] = stages[0]?.Actions ?? [];
    const { stack } = synthesized;
    deepStrictEqual(
      {
        Configuration: source?.Configuration,
        OutputArtifacts: source?.OutputArtifacts,
        RoleArn: source?.RoleArn,
      },
      {
        Configuration: {
          RepositoryName: att(stack.repository, 'Name'),
          BranchName: 'main',
          PollForSourceChanges: false,
          OutputArtifactFormat: 'CODEBUILD_CLONE_REF',
        },
        OutputArtifacts: [{ Name: 'source' }],
        RoleArn: att(stack.pipeline.actionRoles.get('source')?.mutableRole ?? stack),
      },
    );
    const triggers = [...resourcesOfType(synthesized.template, 'AWS::Events::Rule').values()].filter(
      (rule) => (rule['Targets'] as { Arn: string }[])[0]?.Arn.includes(':codepipeline:') === true,
    );
    deepStrictEqual(
      triggers.map((rule) => rule['EventPattern']),
      [
        {
          source: ['aws.codecommit'],
          resources: [att(stack.repository)],
          'detail-type': ['CodeCommit Repository State Change'],
          detail: { event: ['referenceCreated', 'referenceUpdated'], referenceName: ['main'] },
        },
      ],
    );
  });

  it('gives each build action its own project, the source, the commit as DEVSECOPS_COMMIT and (if any) a reports artifact', () => {
    const builds = stages.slice(1).flatMap((stage) => stage.Actions);
    const namespace = stages[0]?.Actions[0]?.Namespace ?? '';
    deepStrictEqual(
      builds.map((action) => ({
        name: action.Name,
        configuration: action.Configuration,
        inputs: action.InputArtifacts,
        outputs: action.OutputArtifacts,
        role: action.RoleArn,
      })),
      builds.map((action) => ({
        name: action.Name,
        configuration: {
          ProjectName: ref(project(action.Name).project),
          EnvironmentVariables: JSON.stringify([
            { name: 'DEVSECOPS_COMMIT', type: 'PLAINTEXT', value: `#{${namespace}.CommitId}` },
          ]),
        },
        inputs: [{ Name: 'source' }],
        outputs: action.Name === 'image-build' ? undefined : [{ Name: `${action.Name}_reports` }],
        role: att(synthesized.stack.pipeline.actionRoles.get(action.Name)?.mutableRole ?? synthesized.stack),
      })),
    );
  });

  it("inlines each action's buildspec file (validated, NVD secret name substituted) into its project", () => {
    for (const stage of definition.stages) {
      for (const action of stage.actions) {
        if (action.type !== 'build') continue;
        const properties = resourcesOfType(synthesized.template, 'AWS::CodeBuild::Project').get(
          logicalId(project(action.name).project),
        );
        const inlined: unknown = parse((properties?.['Source'] as { BuildSpec: string }).BuildSpec);
        // With the default secret name the inlined buildspec is the file, unchanged.
        deepStrictEqual(inlined, parse(readFileSync(action.buildspecPath, 'utf8')), action.name);
        deepStrictEqual(inlined, loadInlineBuildspec(action.buildspecPath, 'devsecops/nvd-api-key').content);
      }
    }
  });

  it('builds on aws/codebuild/standard:8.0 with the CLI bundle, the findings bucket and the repository as variables', () => {
    const { stack } = synthesized;
    const common = [
      {
        Name: 'DEVSECOPS_CLI_S3_URI',
        Type: 'PLAINTEXT',
        Value: `s3://cdk-hnb659fds-assets-${ACCOUNT}-${REGION}/${stack.cliAsset.s3ObjectKey}`,
      },
      { Name: 'DEVSECOPS_CLI_SHA256', Type: 'PLAINTEXT', Value: cliSha() },
      { Name: 'DEVSECOPS_FINDINGS_BUCKET', Type: 'PLAINTEXT', Value: ref(stack.buckets.findings) },
      { Name: 'DEVSECOPS_REPOSITORY', Type: 'PLAINTEXT', Value: 'todo-app' },
    ];
    const environment = (name: string): unknown => {
      const properties = resourcesOfType(synthesized.template, 'AWS::CodeBuild::Project').get(
        logicalId(project(name).project),
      );
      const { Environment, TimeoutInMinutes, Cache, LogsConfig } = properties ?? {};
      return { Environment, TimeoutInMinutes, Cache, LogsConfig };
    };
    const expected = (name: string, options: { java: boolean; cache: boolean; image: boolean }): unknown => ({
      Environment: {
        ComputeType: options.java ? 'BUILD_GENERAL1_MEDIUM' : 'BUILD_GENERAL1_SMALL',
        EnvironmentVariables: options.image
          ? [
              ...common,
              { Name: 'IMAGE_REPOSITORY', Type: 'PLAINTEXT', Value: ref(stack.imageRepository) },
              { Name: 'AWS_ACCOUNT_ID', Type: 'PLAINTEXT', Value: ACCOUNT },
            ]
          : common,
        Image: 'aws/codebuild/standard:8.0',
        ImagePullCredentialsType: 'CODEBUILD',
        PrivilegedMode: options.image,
        Type: 'LINUX_CONTAINER',
      },
      TimeoutInMinutes: options.java ? 120 : 60,
      Cache: options.cache
        ? { Location: `${ref(stack.buckets.artifacts)}/codebuild-cache/${name}`, Type: 'S3' }
        : { Type: 'NO_CACHE' },
      LogsConfig: { CloudWatchLogs: { GroupName: ref(project(name).logGroup), Status: 'ENABLED' } },
    });
    deepStrictEqual(['sca', 'sast', 'hadolint', 'image-build'].map(environment), [
      expected('sca', { java: true, cache: true, image: false }),
      expected('sast', { java: false, cache: true, image: false }),
      expected('hadolint', { java: false, cache: false, image: false }),
      expected('image-build', { java: false, cache: false, image: true }),
    ]);
  });

  /** SHA-256 of the CLI zip CDK staged into the cloud assembly: what the builds must verify against. */
  const cliSha = (): string => {
    const { stack, outdir } = synthesized;
    const manifest = JSON.parse(readFileSync(join(outdir, `${stack.stackName}.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
    };
    const key = stack.cliAsset.s3ObjectKey.replace(/\.zip$/, '');
    const entry = manifest.files[key];
    ok(entry, `the assets manifest has the CLI bundle ${key}`);
    strictEqual(entry.source.packaging, 'file');
    return createHash('sha256')
      .update(readFileSync(join(outdir, entry.source.path)))
      .digest('hex');
  };

  it('ships the CLI bundle as a file asset whose content hash is the one the builds check', () => {
    const sha = cliSha();
    strictEqual(sha, synthesized.template.Outputs?.['CliBundleSha256']?.Value);
    for (const project of resourcesOfType(synthesized.template, 'AWS::CodeBuild::Project').values()) {
      const variables = (project['Environment'] as { EnvironmentVariables: { Name: string; Value: string }[] })
        .EnvironmentVariables;
      deepStrictEqual(
        variables.filter((variable) => variable.Name.startsWith('DEVSECOPS_CLI_')).map((variable) => variable.Value),
        [`s3://cdk-hnb659fds-assets-${ACCOUNT}-${REGION}/${synthesized.stack.cliAsset.s3ObjectKey}`, sha],
      );
    }
  });
});

describe('template: the pull-request build', function () {
  this.timeout(180_000);
  let synthesized: Synthesized;

  before(async () => {
    synthesized = await synthesize();
  });

  it('builds the repository at the commit it is started with, with pipeline/buildspecs/pull-request.yml inlined', () => {
    const { stack } = synthesized;
    const build = stack.pullRequestBuild.build;
    const properties = resourcesOfType(synthesized.template, 'AWS::CodeBuild::Project').get(logicalId(build.project));
    const source = properties?.['Source'] as {
      Type: string;
      Location: string;
      BuildSpec: string;
      GitCloneDepth?: number;
    };
    // A full clone (depth 0): the destination commit it scans for the baseline is in the history.
    deepStrictEqual(
      { Type: source.Type, Location: source.Location, GitCloneDepth: source.GitCloneDepth },
      { Type: 'CODECOMMIT', Location: att(stack.repository, 'CloneUrlHttp'), GitCloneDepth: 0 },
    );
    deepStrictEqual(parse(source.BuildSpec), parse(readFileSync(paths.pullRequestBuildspec, 'utf8')));
    deepStrictEqual(properties?.['Cache'], {
      Location: `${ref(stack.buckets.artifacts)}/codebuild-cache/pull-request`,
      Type: 'S3',
    });
    strictEqual((properties['Environment'] as { PrivilegedMode: boolean }).PrivilegedMode, false);
  });

  it('is started by EventBridge for an open PR created or updated, with the four variables the bot reads back', () => {
    const { stack } = synthesized;
    const rule = resourcesOfType(synthesized.template, 'AWS::Events::Rule').get(
      logicalId(stack.pullRequestBuild.trigger),
    );
    const [target] = rule?.['Targets'] as {
      Arn: string;
      RoleArn: string;
      InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
      RetryPolicy: unknown;
      DeadLetterConfig: unknown;
    }[];
    deepStrictEqual(rule?.['EventPattern'], {
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Pull Request State Change'],
      resources: [att(stack.repository)],
      detail: { event: ['pullRequestCreated', 'pullRequestSourceBranchUpdated'], pullRequestStatus: ['Open'] },
    });
    strictEqual(target?.Arn, att(stack.pullRequestBuild.build.project));
    deepStrictEqual(target.RetryPolicy, { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 3 });
    deepStrictEqual(target.DeadLetterConfig, { Arn: att(stack.deadLetters) });
    // EventBridge's transformation, applied to a real event shape: the StartBuild input the build gets.
    const event = {
      detail: {
        pullRequestId: '42',
        sourceCommit: '1'.repeat(40),
        destinationCommit: '2'.repeat(40),
        repositoryNames: ['todo-app'],
      },
    };
    const input = target.InputTransformer.InputTemplate.replace(/<([^>]+)>/g, (_, name: string) => {
      const path = target.InputTransformer.InputPathsMap[name] ?? '';
      const value = path
        .replace(/^\$\./, '')
        .split('.')
        .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], event);
      return JSON.stringify(value);
    });
    deepStrictEqual(JSON.parse(input), {
      sourceVersion: '1'.repeat(40),
      environmentVariablesOverride: [
        { name: 'pullRequestId', value: '42', type: 'PLAINTEXT' },
        { name: 'repositoryName', value: 'todo-app', type: 'PLAINTEXT' },
        { name: 'sourceCommit', value: '1'.repeat(40), type: 'PLAINTEXT' },
        { name: 'destinationCommit', value: '2'.repeat(40), type: 'PLAINTEXT' },
      ],
    });
  });
});
