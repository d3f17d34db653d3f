import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as codecommit from 'aws-cdk-lib/aws-codecommit';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { InlineBuildspec } from './inline-buildspec';
import { LeastPrivilegeRole } from './least-privilege-role';
import { acknowledge, ANY_RESOURCE, reportGroupsOf, wildcardUnder } from './nag-acknowledgements';

/** The current x86_64 Ubuntu image (standard:8.0: Node.js 22/24, Python 3.10–3.14, Corretto 8–25). */
export const BUILD_IMAGE = codebuild.LinuxBuildImage.STANDARD_8_0;

/** Where the CLI bundle asset is in S3 (the CDK bootstrap bucket). */
export interface CliBundleLocation {
  readonly bucketName: string;
  readonly objectKey: string;
  /** `s3://bucket/key`, for the buildspecs' `aws s3 cp`. */
  readonly s3Uri: string;
  readonly sha256: string;
}

/** What a build may touch; each becomes exactly one statement of its role. */
export interface BuildAccess {
  /** Read (git pull) the repository; never any write action. */
  readonly repository: codecommit.IRepository;
  readonly repositoryName: string;
  /** Put objects under `<repositoryName>/` of this bucket, nothing else. */
  readonly findingsBucket: s3.IBucket;
  readonly cliBundle: CliBundleLocation;
  /** The pipeline's artifact bucket: `read` the source artifact, `read-write` also put output artifacts. */
  readonly pipelineArtifacts?: { readonly bucket: s3.IBucket; readonly mode: 'read' | 'read-write' };
  /** Push (and check for) images in this ECR repository. */
  readonly imageRepository?: ecr.IRepository;
}

export interface BuildProjectProps {
  readonly description: string;
  readonly buildspec: InlineBuildspec;
  /** `codepipeline`: a pipeline action's project; `codecommit`: started directly on a commit of the repository. */
  readonly source: 'codepipeline' | 'codecommit';
  readonly access: BuildAccess;
  /** Plain-text variables (the buildspec's own `env` stays as it is). */
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** Docker-in-Docker for the image build. */
  readonly privileged: boolean;
  readonly logRetention: logs.RetentionDays;
  /** The S3 cache of the buildspec's `cache.paths` goes to `codebuild-cache/<cacheName>/` of this bucket. */
  readonly cacheBucket?: s3.IBucket;
  /** Names the cache prefix: the action name, or `pull-request`. */
  readonly cacheName: string;
}

/** Prefix of the artifact bucket that holds CodeBuild's caches. */
export const CACHE_PREFIX = 'codebuild-cache';

/**
 * One CodeBuild project with its inlined buildspec, its own log group (with retention), and a role
 * that holds exactly: its logs and report groups, the CLI bundle object, its secrets, `codecommit:GitPull`,
 * `s3:PutObject` on `<findings bucket>/<repository>/*`, and the pipeline artifacts, cache and ECR access
 * it needs. No CodeCommit write action, ever: only the PR bot comments and approves.
 */
export class BuildProject extends Construct {
  readonly project: codebuild.Project;
  readonly role: LeastPrivilegeRole;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BuildProjectProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new LeastPrivilegeRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: `CodeBuild: ${props.description}`,
      statements: [],
    });
    const usesJava = props.buildspec.model.phases.install?.runtimeVersions?.['java'] !== undefined;
    const cachePrefix = `${CACHE_PREFIX}/${props.cacheName}`;
    const common: codebuild.CommonProjectProps = {
      description: props.description,
      role: this.role.role,
      buildSpec: codebuild.BuildSpec.fromObjectToYaml(props.buildspec.content),
      environment: {
        buildImage: BUILD_IMAGE,
        // Dependency-Check (Java) keeps the NVD data in an embedded database: it needs the 7 GB size.
        computeType: usesJava ? codebuild.ComputeType.MEDIUM : codebuild.ComputeType.SMALL,
        privileged: props.privileged,
      },
      environmentVariables: Object.fromEntries(
        Object.entries(props.environmentVariables).map(([name, value]) => [name, { value }]),
      ),
      logging: { cloudWatch: { logGroup: this.logGroup } },
      timeout: Duration.minutes(usesJava ? 120 : 60),
      ...(props.buildspec.model.cache && props.cacheBucket
        ? { cache: codebuild.Cache.bucket(props.cacheBucket, { prefix: cachePrefix }) }
        : {}),
    };
    this.project =
      props.source === 'codepipeline'
        ? new codebuild.PipelineProject(this, 'Project', common)
        : new codebuild.Project(this, 'Project', {
            ...common,
            // Checked out at the commit each build is started with (`sourceVersion`). A full clone (depth 0): the
            // pull-request build takes the destination commit's files out of this history for its baseline scan
            // (a clone of depth 1 holds the source commit alone; `git fetch` then needs the branch's name).
            source: codebuild.Source.codeCommit({ repository: props.access.repository, cloneDepth: 0 }),
          });

    const { access } = props;
    const statements: iam.PolicyStatement[] = [
      new iam.PolicyStatement({
        sid: 'WriteItsLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'PublishItsTestReports',
        actions: [
          'codebuild:BatchPutCodeCoverages',
          'codebuild:BatchPutTestCases',
          'codebuild:CreateReport',
          'codebuild:CreateReportGroup',
          'codebuild:UpdateReport',
        ],
        resources: [
          stack.formatArn({
            service: 'codebuild',
            resource: 'report-group',
            resourceName: `${this.project.projectName}-*`,
          }),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'ReadTheCliBundle',
        actions: ['s3:GetObject'],
        resources: [`arn:${Aws.PARTITION}:s3:::${access.cliBundle.bucketName}/${access.cliBundle.objectKey}`],
      }),
      new iam.PolicyStatement({
        sid: 'CloneTheRepository',
        actions: ['codecommit:GitPull'],
        resources: [access.repository.repositoryArn],
      }),
      new iam.PolicyStatement({
        sid: 'UploadReportsOfThisRepository',
        actions: ['s3:PutObject'],
        resources: [access.findingsBucket.arnForObjects(`${access.repositoryName}/*`)],
      }),
    ];
    if (props.buildspec.secretIds.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReadItsSecrets',
          actions: ['secretsmanager:GetSecretValue'],
          // Secrets Manager appends six random characters to a secret's ARN.
          resources: props.buildspec.secretIds.map((name) =>
            stack.formatArn({
              service: 'secretsmanager',
              resource: 'secret',
              resourceName: `${name}-??????`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ),
        }),
      );
    }
    if (access.pipelineArtifacts) {
      const bucket = access.pipelineArtifacts.bucket;
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReadPipelineArtifacts',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [bucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          sid: 'LocateTheArtifactBucket',
          actions: ['s3:GetBucketAcl', 's3:GetBucketLocation'],
          resources: [bucket.bucketArn],
        }),
      );
      if (access.pipelineArtifacts.mode === 'read-write') {
        statements.push(
          new iam.PolicyStatement({
            sid: 'WritePipelineArtifacts',
            actions: ['s3:PutObject'],
            resources: [bucket.arnForObjects('*')],
          }),
        );
      }
    }
    if (common.cache && props.cacheBucket) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'UseItsCache',
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: [props.cacheBucket.arnForObjects(`${cachePrefix}/*`)],
        }),
      );
    }
    if (access.imageRepository) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'LogInToEcr',
          // GetAuthorizationToken has no resource-level permissions.
          actions: ['ecr:GetAuthorizationToken'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'PushTheApplicationImage',
          actions: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:CompleteLayerUpload',
            'ecr:DescribeImages',
            'ecr:InitiateLayerUpload',
            'ecr:PutImage',
            'ecr:UploadLayerPart',
          ],
          resources: [access.imageRepository.repositoryArn],
        }),
      );
    }
    this.role.addStatements(...statements);

    const policy = this.role.policy;
    acknowledge(
      policy,
      wildcardUnder(access.findingsBucket, `${access.repositoryName}/*`),
      'Builds upload their reports under <repository>/<commit>/ of the findings bucket; the commit is known only at build time, so the grant is s3:PutObject on the repository prefix.',
    );
    acknowledge(
      policy,
      reportGroupsOf(this.project),
      "CodeBuild names the report groups of a buildspec <project>-<group>; the grant covers this project's groups only.",
    );
    if (access.pipelineArtifacts) {
      acknowledge(
        policy,
        wildcardUnder(access.pipelineArtifacts.bucket, '*'),
        'The artifact bucket belongs to this pipeline alone and CodePipeline chooses the object keys of its artifacts.',
      );
    }
    if (common.cache && props.cacheBucket) {
      acknowledge(
        policy,
        wildcardUnder(props.cacheBucket, `${cachePrefix}/*`),
        "CodeBuild keeps this project's cache under its own prefix and names the objects itself.",
      );
    }
    if (access.imageRepository) {
      acknowledge(
        policy,
        ANY_RESOURCE,
        'ecr:GetAuthorizationToken has no resource-level permissions; every other ECR action is on the one repository.',
      );
    }
    acknowledge(
      this.project,
      'AwsSolutions-CB4',
      "Artifacts, cache and reports are encrypted with the AWS managed key for S3 in buckets with SSE-S3 that grant only this stack's roles; a customer managed key would add cost and key administration without narrowing who can read them.",
    );
  }
}
