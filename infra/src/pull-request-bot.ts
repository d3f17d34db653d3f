import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { DevsecopsError } from '@devsecops/shared/errors';
import { Construct } from 'constructs';
import { botPolicyStatements } from './bot-policy';
import { LeastPrivilegeRole } from './least-privilege-role';
import { acknowledge, wildcardUnder } from './nag-acknowledgements';
import { pullRequestBuildFinishedPattern, pullRequestChangedPattern } from './pull-request-events';

/** Node.js 24: supported by Lambda well past 2027 (nodejs20.x creation is disabled from 2027-02-01). */
export const BOT_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface PullRequestBotProps {
  /** `bot/dist`: must hold `lambda.js` (npm run build -w bot). */
  readonly codeDirectory: string;
  /** `bot/iam-policy.json`. */
  readonly policyPath: string;
  readonly repository: codecommit.IRepository;
  readonly repositoryName: string;
  readonly findingsBucket: s3.IBucket;
  /** DEVSECOPS_BOT_APPROVE: set the approval state (and hold the approval permission). */
  readonly approve: boolean;
  /** The pull-request build whose completion events the bot reviews. */
  readonly pullRequestBuild: codebuild.IProject;
  readonly logRetention: logs.RetentionDays;
  /** Where EventBridge puts an event it could not deliver after its retries. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The PR bot: `bot/dist/lambda.js` as a Lambda function whose role holds exactly the actions of
 * bot/iam-policy.json (scoped to this repository and its prefix of the findings bucket) plus its own logs,
 * and two EventBridge rules: a pull request was created or updated, and the pull-request build finished.
 */
export class PullRequestBot extends Construct {
  readonly function: lambda.Function;
  readonly role: LeastPrivilegeRole;
  readonly logGroup: logs.LogGroup;
  readonly pullRequestRule: events.Rule;
  readonly buildRule: events.Rule;

  constructor(scope: Construct, id: string, props: PullRequestBotProps) {
    super(scope, id);
    if (!existsSync(join(props.codeDirectory, 'lambda.js'))) {
      throw new DevsecopsError(
        'TOOL_NOT_FOUND',
        `The bot is not built (${join(props.codeDirectory, 'lambda.js')} is missing): run \`npm run build -w bot\` first.`,
      );
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new LeastPrivilegeRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'DevSecOps PR bot: review pull requests of one repository from its findings',
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteItsLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
        ...botPolicyStatements(
          props.policyPath,
          {
            repositoryArn: props.repository.repositoryArn,
            repositoryName: props.repositoryName,
            findingsBucketArn: props.findingsBucket.bucketArn,
          },
          { approve: props.approve },
        ),
      ],
    });
    this.function = new lambda.Function(this, 'Function', {
      description: 'DevSecOps PR bot: comments findings on CodeCommit pull requests and sets the approval',
      runtime: BOT_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'lambda.handler',
      // The bundle is self-contained (bot/build.mjs bundles the AWS SDK); the CLI beside it is not shipped.
      code: lambda.Code.fromAsset(props.codeDirectory, { exclude: ['*', '!lambda.js'] }),
      role: this.role.role,
      logGroup: this.logGroup,
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        FINDINGS_BUCKET: props.findingsBucket.bucketName,
        DEVSECOPS_BOT_APPROVE: String(props.approve),
        DEVSECOPS_BOT_MODE: 'added',
      },
    });
    this.function.node.addDependency(this.role.policy);
    acknowledge(
      this.role.policy,
      wildcardUnder(props.findingsBucket, `${props.repositoryName}/*`),
      'The bot reads the reports of any commit of its repository (<repository>/<commit>/*.sarif): s3:GetObject on the repository prefix, as in bot/iam-policy.json.',
    );
    const target = (): targets.LambdaFunction =>
      new targets.LambdaFunction(this.function, {
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: props.deadLetterQueue,
      });
    this.pullRequestRule = new events.Rule(this, 'PullRequestChanged', {
      description: 'Runs the PR bot when an open pull request is created or updated',
      eventPattern: pullRequestChangedPattern(props.repository),
      targets: [target()],
    });
    this.buildRule = new events.Rule(this, 'PullRequestBuildFinished', {
      description: 'Runs the PR bot when the pull-request build has uploaded its reports',
      eventPattern: pullRequestBuildFinishedPattern(props.pullRequestBuild),
      targets: [target()],
    });
  }
}
