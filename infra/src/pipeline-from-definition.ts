import { Aws } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { DevsecopsError } from '@devsecops/shared/errors';
import type { PipelineBuildAction, PipelineDefinition } from '@devsecops/shared/pipeline';
import { Construct } from 'constructs';
import type { BuildAccess } from './build-project';
import { BuildProject } from './build-project';
import { loadInlineBuildspec } from './inline-buildspec';
import { LeastPrivilegeRole } from './least-privilege-role';
import { acknowledge, wildcardUnder } from './nag-acknowledgements';

export interface PipelineFromDefinitionProps {
  /** `pipeline/pipeline.yml`, loaded and validated by shared's loader. */
  readonly definition: PipelineDefinition;
  readonly branch: string;
  readonly artifactBucket: s3.IBucket;
  /** What every build action may touch (the repository, the findings prefix, the CLI bundle). */
  readonly buildAccess: Omit<BuildAccess, 'pipelineArtifacts' | 'imageRepository'>;
  /** Variables every build action's project gets (the CLI bundle, the findings bucket, the repository). */
  readonly buildEnvironment: Readonly<Record<string, string>>;
  /** Where actions that need a container engine push their image. */
  readonly imageRepository: ecr.IRepository;
  readonly nvdApiKeySecretName: string | undefined;
  readonly logRetention: logs.RetentionDays;
}

function invalid(definition: PipelineDefinition, message: string): DevsecopsError {
  return new DevsecopsError('PIPELINE_INVALID', `${definition.sourceName}: ${message}`);
}

/**
 * The CodePipeline (type V2) that `pipeline/pipeline.yml` describes: the same stages in the same order,
 * the same actions with the same runOrder (so SCA and SAST run in parallel), one CodeBuild project per
 * build action with the named buildspec inlined. The source action is the CodeCommit branch, cloned in
 * full by each build (`codecommit:GitPull`, read only), and each build gets the commit as DEVSECOPS_COMMIT.
 *
 * Roles: the pipeline's own role may only use the artifact bucket and assume the action roles; each action
 * role may only run its one project (or, for the source, read the branch); each project's role is the
 * `BuildProject` one.
 */
export class PipelineFromDefinition extends Construct {
  readonly pipeline: codepipeline.Pipeline;
  readonly pipelineRole: LeastPrivilegeRole;
  /** Each build action's project, by action name. */
  readonly projects: ReadonlyMap<string, BuildProject>;
  /** Each action's role (source and build), by action name. */
  readonly actionRoles: ReadonlyMap<string, LeastPrivilegeRole>;

  constructor(scope: Construct, id: string, props: PipelineFromDefinitionProps) {
    super(scope, id);
    const { definition } = props;
    const [sourceStage, ...laterStages] = definition.stages;
    const sourceDefinition = sourceStage?.actions[0];
    if (sourceStage === undefined || sourceStage.actions.length !== 1 || sourceDefinition?.type !== 'source') {
      throw invalid(
        definition,
        'the first stage must hold exactly one action, of type source (the CodeCommit branch).',
      );
    }
    const repository = props.buildAccess.repository;
    const bucket = props.artifactBucket;

    this.pipelineRole = new LeastPrivilegeRole(this, 'PipelineRole', {
      assumedBy: new iam.ServicePrincipal('codepipeline.amazonaws.com'),
      description: 'CodePipeline: the artifact bucket and the action roles, nothing else',
      statements: [
        new iam.PolicyStatement({
          sid: 'UseTheArtifactBucket',
          actions: ['s3:GetBucketVersioning', 's3:GetBucketLocation'],
          resources: [bucket.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'UseTheArtifacts',
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
          resources: [bucket.arnForObjects('*')],
        }),
      ],
    });
    const assumedByPipeline = new iam.ArnPrincipal(this.pipelineRole.mutableRole.roleArn);
    const actionRoles = new Map<string, LeastPrivilegeRole>();

    const sourceRole = new LeastPrivilegeRole(this, `ActionRole-${sourceDefinition.name}`, {
      assumedBy: assumedByPipeline,
      description: `CodePipeline action ${sourceDefinition.name}: read the branch`,
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadTheBranch',
          // CodePipeline's CodeCommit source protocol: it reads the branch tip and has CodeCommit upload a
          // snapshot to the artifact store. UploadArchive/CancelUploadArchive are listed as "Write" by IAM
          // but change nothing in the repository.
          actions: [
            'codecommit:CancelUploadArchive',
            'codecommit:GetBranch',
            'codecommit:GetCommit',
            'codecommit:GetRepository',
            'codecommit:GetUploadArchiveStatus',
            'codecommit:UploadArchive',
          ],
          resources: [repository.repositoryArn],
        }),
        new iam.PolicyStatement({
          sid: 'WriteTheSourceArtifact',
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: [bucket.arnForObjects('*')],
        }),
      ],
    });
    actionRoles.set(sourceDefinition.name, sourceRole);
    const sourceOutput = new codepipeline.Artifact('source');
    const sourceAction = new actions.CodeCommitSourceAction({
      actionName: sourceDefinition.name,
      repository,
      branch: props.branch,
      output: sourceOutput,
      // Each build clones the commit itself, so it has the git history and CODEBUILD_RESOLVED_SOURCE_VERSION.
      codeBuildCloneOutput: true,
      trigger: actions.CodeCommitTrigger.EVENTS,
      role: sourceRole.role,
    });

    const projects = new Map<string, BuildProject>();
    const stages: codepipeline.StageProps[] = [{ stageName: sourceStage.name, actions: [sourceAction] }];
    for (const stage of laterStages) {
      const stageActions = stage.actions.map((action) => {
        if (action.type !== 'build') {
          throw invalid(definition, `action ${action.name}: only the first stage may hold a source action.`);
        }
        const build = this.buildAction(action, props, assumedByPipeline, sourceAction, sourceOutput);
        projects.set(action.name, build.project);
        actionRoles.set(action.name, build.role);
        return build.action;
      });
      stages.push({ stageName: stage.name, actions: stageActions });
    }

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: bucket,
      role: this.pipelineRole.role,
      crossAccountKeys: false,
      restartExecutionOnUpdate: false,
      stages,
    });
    this.pipelineRole.addStatements(
      new iam.PolicyStatement({
        sid: 'AssumeTheActionRoles',
        actions: ['sts:AssumeRole'],
        resources: [...actionRoles.values()].map((role) => role.mutableRole.roleArn),
      }),
    );
    // CodePipeline checks its role's access when the pipeline is created.
    this.pipeline.node.addDependency(this.pipelineRole.policy);
    this.projects = projects;
    this.actionRoles = actionRoles;
    for (const role of [this.pipelineRole, sourceRole]) {
      acknowledge(
        role.policy,
        wildcardUnder(bucket, '*'),
        'The artifact bucket belongs to this pipeline alone and CodePipeline chooses the object keys of its artifacts.',
      );
    }
  }

  private buildAction(
    action: PipelineBuildAction,
    props: PipelineFromDefinitionProps,
    assumedByPipeline: iam.IPrincipal,
    sourceAction: actions.CodeCommitSourceAction,
    sourceOutput: codepipeline.Artifact,
  ): { action: actions.CodeBuildAction; project: BuildProject; role: LeastPrivilegeRole } {
    const buildspec = loadInlineBuildspec(action.buildspecPath, props.nvdApiKeySecretName);
    const needsEngine = action.requires.includes('container-engine');
    const outputs = buildspec.model.artifacts
      ? [new codepipeline.Artifact(`${action.name.replaceAll('-', '_')}_reports`)]
      : [];
    const project = new BuildProject(this, `Action-${action.name}`, {
      description: `${action.name} (pipeline/${action.buildspecPath.split('/pipeline/').pop() ?? action.buildspecPath})`,
      buildspec,
      source: 'codepipeline',
      access: {
        ...props.buildAccess,
        pipelineArtifacts: { bucket: props.artifactBucket, mode: outputs.length > 0 ? 'read-write' : 'read' },
        ...(needsEngine ? { imageRepository: props.imageRepository } : {}),
      },
      environmentVariables: {
        ...props.buildEnvironment,
        ...(needsEngine
          ? { IMAGE_REPOSITORY: props.imageRepository.repositoryName, AWS_ACCOUNT_ID: Aws.ACCOUNT_ID }
          : {}),
      },
      privileged: needsEngine,
      logRetention: props.logRetention,
      cacheBucket: props.artifactBucket,
      cacheName: action.name,
    });
    const role = new LeastPrivilegeRole(this, `ActionRole-${action.name}`, {
      assumedBy: assumedByPipeline,
      description: `CodePipeline action ${action.name}: run its CodeBuild project`,
      statements: [
        new iam.PolicyStatement({
          sid: 'RunItsProject',
          actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:StopBuild'],
          resources: [project.project.projectArn],
        }),
      ],
    });
    const codeBuildAction = new actions.CodeBuildAction({
      actionName: action.name,
      project: project.project,
      input: sourceOutput,
      outputs,
      runOrder: action.runOrder,
      role: role.role,
      environmentVariables: { DEVSECOPS_COMMIT: { value: sourceAction.variables.commitId } },
    });
    return { action: codeBuildAction, project, role };
  }
}
