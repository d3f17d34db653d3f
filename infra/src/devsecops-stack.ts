import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { DevsecopsError } from '@devsecops/shared/errors';
import type { PipelineDefinition } from '@devsecops/shared/pipeline';
import type { Construct } from 'constructs';
import { ApprovalRuleTemplate } from './approval-rule-template';
import type { BuildAccess } from './build-project';
import type { CliBundle } from './cli-bundle';
import type { DeploySettings } from './deploy-settings';
import { loadInlineBuildspec } from './inline-buildspec';
import { acknowledge } from './nag-acknowledgements';
import { PipelineFromDefinition } from './pipeline-from-definition';
import { PullRequestBot } from './pull-request-bot';
import { PullRequestBuild } from './pull-request-build';
import type { RepositoryPaths } from './repository-paths';
import { StackBuckets } from './stack-buckets';

export interface DevsecopsStackProps extends StackProps {
  readonly settings: DeploySettings;
  /** `pipeline/pipeline.yml`, loaded by shared's loader (async, so before the stack is built). */
  readonly definition: PipelineDefinition;
  /** The CLI zip (built by `buildCliBundle`) the stack ships to CodeBuild. */
  readonly cliBundle: CliBundle;
  readonly paths: RepositoryPaths;
}

/** Names of the stack's outputs: what `pipeline run --remote`, the bot's CLI and the tests read. */
export const STACK_OUTPUTS = [
  'RepositoryName',
  'RepositoryCloneUrlHttp',
  'PipelineName',
  'PullRequestBuildProject',
  'FindingsBucketName',
  'ImageRepositoryUri',
  'BotFunctionName',
  'CliBundleSha256',
] as const;

/**
 * Everything the DevSecOps loop needs in one account and region: the CodeCommit repository, the pipeline
 * built from pipeline/pipeline.yml, the pull-request build, the findings bucket, ECR, and the PR bot with
 * its approval rule. No lookups: it synthesizes offline, and is environment-agnostic (account and region
 * come from the credentials at deploy time).
 */
export class DevsecopsStack extends Stack {
  readonly repository: codecommit.IRepository;
  readonly buckets: StackBuckets;
  readonly imageRepository: ecr.Repository;
  readonly cliAsset: s3assets.Asset;
  readonly deadLetters: sqs.Queue;
  readonly pipeline: PipelineFromDefinition;
  readonly pullRequestBuild: PullRequestBuild;
  readonly bot: PullRequestBot;
  /** Present when the bot approves (`botApproves`). */
  readonly approvalRule?: ApprovalRuleTemplate;

  constructor(scope: Construct, id: string, props: DevsecopsStackProps) {
    super(scope, id, props);
    const { settings, paths } = props;
    const logRetention = retentionDays(settings.logRetentionDays);

    const repository =
      settings.repositoryMode === 'import'
        ? codecommit.Repository.fromRepositoryName(this, 'Repository', settings.repositoryName)
        : new codecommit.Repository(this, 'Repository', {
            repositoryName: settings.repositoryName,
            description: 'Scanned by the DevSecOps pipeline and reviewed by its pull-request bot',
          });
    if (repository instanceof codecommit.Repository) repository.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const buckets = new StackBuckets(this, 'Buckets', {
      ...(settings.findingsBucketName === undefined ? {} : { findingsBucketName: settings.findingsBucketName }),
      ...(settings.artifactBucketName === undefined ? {} : { artifactBucketName: settings.artifactBucketName }),
      ...(settings.accessLogsBucketName === undefined ? {} : { accessLogsBucketName: settings.accessLogsBucketName }),
      findingsRetentionDays: settings.findingsRetentionDays,
    });

    const imageRepository = new ecr.Repository(this, 'ImageRepository', {
      repositoryName: settings.imageRepositoryName,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.AES_256,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          description: 'Remove untagged layers after two weeks',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(14),
        },
        { description: 'Keep the newest 200 images', tagStatus: ecr.TagStatus.ANY, maxImageCount: 200 },
      ],
    });

    const cliAsset = new s3assets.Asset(this, 'CliBundle', { path: props.cliBundle.zipPath });
    const cliBundle = {
      bucketName: cliAsset.s3BucketName,
      objectKey: cliAsset.s3ObjectKey,
      s3Uri: cliAsset.s3ObjectUrl,
      sha256: props.cliBundle.sha256,
    };
    const buildAccess: Omit<BuildAccess, 'pipelineArtifacts' | 'imageRepository'> = {
      repository,
      repositoryName: settings.repositoryName,
      findingsBucket: buckets.findings,
      cliBundle,
    };
    const buildEnvironment = {
      DEVSECOPS_CLI_S3_URI: cliBundle.s3Uri,
      DEVSECOPS_CLI_SHA256: cliBundle.sha256,
      DEVSECOPS_FINDINGS_BUCKET: buckets.findings.bucketName,
      DEVSECOPS_REPOSITORY: settings.repositoryName,
    };

    const deadLetters = new sqs.Queue(this, 'UndeliveredEvents', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      deadLetters,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the EventBridge targets (PR build start, PR bot).',
    );

    const pipeline = new PipelineFromDefinition(this, 'Pipeline', {
      definition: props.definition,
      branch: settings.branch,
      artifactBucket: buckets.artifacts,
      buildAccess,
      buildEnvironment,
      imageRepository,
      nvdApiKeySecretName: settings.nvdApiKeySecretName,
      logRetention,
    });

    const pullRequestBuild = new PullRequestBuild(this, 'PullRequestBuild', {
      buildspec: loadInlineBuildspec(paths.pullRequestBuildspec, settings.nvdApiKeySecretName),
      access: buildAccess,
      environmentVariables: buildEnvironment,
      logRetention,
      cacheBucket: buckets.artifacts,
      deadLetterQueue: deadLetters,
    });

    const bot = new PullRequestBot(this, 'Bot', {
      codeDirectory: paths.botDist,
      policyPath: paths.botPolicy,
      repository,
      repositoryName: settings.repositoryName,
      findingsBucket: buckets.findings,
      approve: settings.botApproves,
      pullRequestBuild: pullRequestBuild.build.project,
      logRetention,
      deadLetterQueue: deadLetters,
    });

    this.repository = repository;
    this.buckets = buckets;
    this.imageRepository = imageRepository;
    this.cliAsset = cliAsset;
    this.deadLetters = deadLetters;
    this.pipeline = pipeline;
    this.pullRequestBuild = pullRequestBuild;
    this.bot = bot;
    if (settings.botApproves) {
      this.approvalRule = new ApprovalRuleTemplate(this, 'ApprovalRule', {
        templateName: `devsecops-bot-${settings.repositoryName}`.slice(0, 100),
        repositoryName: settings.repositoryName,
        repositoryArn: repository.repositoryArn,
        branch: settings.branch,
        approverRole: bot.role.mutableRole,
        otherApprovers: settings.securityReviewers,
        logRetention,
      });
    }

    const outputs: Record<(typeof STACK_OUTPUTS)[number], string> = {
      RepositoryName: repository.repositoryName,
      RepositoryCloneUrlHttp: repository.repositoryCloneUrlHttp,
      PipelineName: pipeline.pipeline.pipelineName,
      PullRequestBuildProject: pullRequestBuild.build.project.projectName,
      FindingsBucketName: buckets.findings.bucketName,
      ImageRepositoryUri: imageRepository.repositoryUri,
      BotFunctionName: bot.function.functionName,
      CliBundleSha256: props.cliBundle.sha256,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}

/** The CloudWatch Logs retention for a number of days (the settings accept only the periods it offers). */
function retentionDays(days: number): logs.RetentionDays {
  const match = Object.values(logs.RetentionDays).find(
    (value): value is logs.RetentionDays => typeof value === 'number' && value.valueOf() === days,
  );
  if (match === undefined) {
    throw new DevsecopsError('CONFIG_INVALID', `CloudWatch Logs cannot keep logs for ${String(days)} days.`);
  }
  return match;
}
