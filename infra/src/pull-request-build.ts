import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BuildAccess } from './build-project';
import { BuildProject } from './build-project';
import type { InlineBuildspec } from './inline-buildspec';
import { pullRequestChangedPattern } from './pull-request-events';

export interface PullRequestBuildProps {
  /** `pipeline/buildspecs/pull-request.yml`. */
  readonly buildspec: InlineBuildspec;
  readonly access: Omit<BuildAccess, 'pipelineArtifacts' | 'imageRepository'>;
  readonly environmentVariables: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  readonly cacheBucket: s3.IBucket;
  /** Where EventBridge puts a start it could not deliver. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The pull-request build: a CodeBuild project on the CodeCommit repository, started by an EventBridge rule
 * when an open pull request is created or its source branch moves, on the PR's source commit and with the
 * four variables the bot maps the build's completion event back to the pull request with
 * (bot/src/event/read-event.ts, CODEBUILD_PR_VARIABLES). Its scans use the destination commit's policy.
 */
export class PullRequestBuild extends Construct {
  readonly build: BuildProject;
  readonly trigger: events.Rule;

  constructor(scope: Construct, id: string, props: PullRequestBuildProps) {
    super(scope, id);
    this.build = new BuildProject(this, 'Build', {
      description: 'pull-request build: every scan of pipeline/pipeline.yml on the source commit',
      buildspec: props.buildspec,
      source: 'codecommit',
      access: props.access,
      environmentVariables: props.environmentVariables,
      privileged: false,
      logRetention: props.logRetention,
      cacheBucket: props.cacheBucket,
      cacheName: 'pull-request',
    });
    // The scans take their policy from the destination's .devsecops.yml, read with GetFile at the destination
    // commit (which the source branch's clone may not contain): a pull request cannot relax its own gate.
    this.build.role.addStatements(
      new iam.PolicyStatement({
        sid: 'ReadTheDestinationPolicy',
        actions: ['codecommit:GetFile'],
        resources: [props.access.repository.repositoryArn],
      }),
      // The baseline: the destination commit's reports under this repository's prefix (listing them too, so
      // a commit the pipeline has not scanned reads as "no reports" rather than as access denied).
      new iam.PolicyStatement({
        sid: 'ReadTheBaselineReports',
        actions: ['s3:GetObject'],
        resources: [props.access.findingsBucket.arnForObjects(`${props.access.repositoryName}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'ListTheBaselineReports',
        actions: ['s3:ListBucket'],
        resources: [props.access.findingsBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.access.repositoryName}/*`] } },
      }),
    );
    const detail = (field: string): string => events.EventField.fromPath(`$.detail.${field}`);
    this.trigger = new events.Rule(this, 'Trigger', {
      description: 'Starts the pull-request build when an open pull request is created or updated',
      eventPattern: pullRequestChangedPattern(props.access.repository),
    });
    this.trigger.addTarget(
      new targets.CodeBuildProject(this.build.project, {
        event: events.RuleTargetInput.fromObject({
          sourceVersion: detail('sourceCommit'),
          environmentVariablesOverride: [
            { name: 'pullRequestId', value: detail('pullRequestId'), type: 'PLAINTEXT' },
            // The rule matches this repository only; its name is a constant of the stack.
            { name: 'repositoryName', value: props.access.repositoryName, type: 'PLAINTEXT' },
            { name: 'sourceCommit', value: detail('sourceCommit'), type: 'PLAINTEXT' },
            { name: 'destinationCommit', value: detail('destinationCommit'), type: 'PLAINTEXT' },
          ],
        }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: props.deadLetterQueue,
      }),
    );
  }
}
