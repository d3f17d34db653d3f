import { DevsecopsError } from '@devsecops/shared';
import type { PullRequestRef } from './pull-request';

/** Pull request events the bot acts on: a new PR, or new commits pushed to its source branch. */
export const HANDLED_PULL_REQUEST_EVENTS: readonly string[] = ['pullRequestCreated', 'pullRequestSourceBranchUpdated'];

/**
 * Names of the CodeBuild environment variables that identify the pull request a build ran for.
 * The PR build is started with these as overrides (the pattern of AWS's "validate pull requests
 * with CodeBuild" samples), so its completion event can be mapped back to the PR.
 */
export const CODEBUILD_PR_VARIABLES = {
  pullRequestId: 'pullRequestId',
  repositoryName: 'repositoryName',
  sourceCommit: 'sourceCommit',
  destinationCommit: 'destinationCommit',
} as const;

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(reason: string): never {
  throw new DevsecopsError(
    'INPUT_INVALID',
    `The bot received an event it does not handle: ${reason}. Route only CodeCommit "Pull Request State Change" ` +
      `events (pullRequestCreated, pullRequestSourceBranchUpdated) or CodeBuild "Build State Change" events of ` +
      `the PR build to it.`,
  );
}

function requiredString(object: JsonObject, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value.trim() === '') reject(`${where}.${key} is missing or not a string`);
  return value;
}

function readPullRequestStateChange(event: JsonObject): PullRequestRef {
  const detail = event['detail'];
  if (!isObject(detail)) reject('detail is missing');
  const kind = requiredString(detail, 'event', 'detail');
  if (!HANDLED_PULL_REQUEST_EVENTS.includes(kind)) reject(`detail.event is "${kind}"`);
  const status = detail['pullRequestStatus'];
  if (status !== undefined && status !== 'Open') reject(`the pull request is ${JSON.stringify(status)}, not Open`);
  const names = detail['repositoryNames'];
  if (!Array.isArray(names) || names.length !== 1 || typeof names[0] !== 'string') {
    reject('detail.repositoryNames must hold exactly one repository name');
  }
  return {
    repositoryName: names[0],
    pullRequestId: requiredString(detail, 'pullRequestId', 'detail'),
    sourceCommit: requiredString(detail, 'sourceCommit', 'detail'),
    destinationCommit: requiredString(detail, 'destinationCommit', 'detail'),
    trigger: kind,
  };
}

function readBuildStateChange(event: JsonObject): PullRequestRef {
  const detail = event['detail'];
  if (!isObject(detail)) reject('detail is missing');
  const status = requiredString(detail, 'build-status', 'detail');
  // Only finished builds have uploaded their SARIF; a stopped build's results are incomplete.
  if (status !== 'SUCCEEDED' && status !== 'FAILED') reject(`the build status is ${status}, not SUCCEEDED or FAILED`);
  const info = detail['additional-information'];
  const environment = isObject(info) ? info['environment'] : undefined;
  const variables = isObject(environment) ? environment['environment-variables'] : undefined;
  const values = new Map<string, string>();
  if (Array.isArray(variables)) {
    for (const variable of variables as unknown[]) {
      // Parameter-store and secret values are references, never the value itself.
      if (isObject(variable) && typeof variable['name'] === 'string' && typeof variable['value'] === 'string') {
        if (variable['type'] === undefined || variable['type'] === 'PLAINTEXT') {
          values.set(variable['name'], variable['value']);
        }
      }
    }
  }
  const read = (name: string): string => {
    const value = values.get(name);
    if (value === undefined || value === '') {
      reject(`the build has no "${name}" environment variable, so it was not started for a pull request`);
    }
    return value;
  };
  return {
    repositoryName: read(CODEBUILD_PR_VARIABLES.repositoryName),
    pullRequestId: read(CODEBUILD_PR_VARIABLES.pullRequestId),
    sourceCommit: read(CODEBUILD_PR_VARIABLES.sourceCommit),
    destinationCommit: read(CODEBUILD_PR_VARIABLES.destinationCommit),
    trigger: `codebuild:${status}`,
  };
}

/**
 * Reads the pull request out of an EventBridge event, or throws an INPUT_INVALID
 * DevsecopsError that names what was wrong. Pure: no AWS calls.
 */
export function readEvent(event: unknown): PullRequestRef {
  if (!isObject(event)) reject('it is not a JSON object');
  const source = event['source'];
  const detailType = event['detail-type'];
  // "CodeCommit PullRequest State Change" is the spelling of one documented example; accept both.
  if (
    source === 'aws.codecommit' &&
    (detailType === 'CodeCommit Pull Request State Change' || detailType === 'CodeCommit PullRequest State Change')
  ) {
    return readPullRequestStateChange(event);
  }
  if (source === 'aws.codebuild' && detailType === 'CodeBuild Build State Change') {
    return readBuildStateChange(event);
  }
  return reject(`source "${String(source)}", detail-type "${String(detailType)}"`);
}
