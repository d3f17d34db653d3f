import type * as codecommit from 'aws-cdk-lib/aws-codecommit';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';

/** The CodeCommit events a pull request's review starts from (the bot's `HANDLED_PULL_REQUEST_EVENTS`). */
export const PULL_REQUEST_EVENTS = ['pullRequestCreated', 'pullRequestSourceBranchUpdated'] as const;

/** An open pull request of `repository` was created or got new commits. */
export function pullRequestChangedPattern(repository: codecommit.IRepository): events.EventPattern {
  return {
    source: ['aws.codecommit'],
    detailType: ['CodeCommit Pull Request State Change'],
    resources: [repository.repositoryArn],
    detail: { event: [...PULL_REQUEST_EVENTS], pullRequestStatus: ['Open'] },
  };
}

/** A build of the pull-request project finished with a result the bot can review (not STOPPED or IN_PROGRESS). */
export function pullRequestBuildFinishedPattern(project: codebuild.IProject): events.EventPattern {
  return {
    source: ['aws.codebuild'],
    detailType: ['CodeBuild Build State Change'],
    detail: { 'project-name': [project.projectName], 'build-status': ['SUCCEEDED', 'FAILED'] },
  };
}
