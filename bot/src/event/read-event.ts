import { DevsecopsError } from '@devsecops/shared/errors';
import { buildLinksOf } from './build-links';
import type { PullRequestRef } from './pull-request';
import { isJsonObject } from '@devsecops/shared/json';

/** Pull request events the bot acts on: a new PR, or new commits pushed to its source branch. */
export const HANDLED_PULL_REQUEST_EVENTS: readonly string[] = ['pullRequestCreated', 'pullRequestSourceBranchUpdated'];

/** Build states whose SARIF is uploaded: a stopped build's results are incomplete, a running one's not there yet. */
const FINISHED_BUILD_STATES: readonly string[] = ['SUCCEEDED', 'FAILED'];

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

/**
 * What to do with an event: review a pull request, or nothing, with the reason for the log. An event
 * the bot does not handle (an approval, a closed PR, a stopped build, a build of no pull request) is
 * ignored, not an error: a failed invocation would only make EventBridge retry it.
 */
export type EventReading =
  { readonly kind: 'review'; readonly ref: PullRequestRef } | { readonly kind: 'ignore'; readonly reason: string };

type JsonObject = Readonly<Record<string, unknown>>;

/** An event of a kind the bot handles that lacks what the bot needs: a bug upstream, so the invocation fails. */
function reject(reason: string): never {
  throw new DevsecopsError(
    'INPUT_INVALID',
    `The bot received a malformed event: ${reason}. It reads CodeCommit "Pull Request State Change" events ` +
      `(pullRequestCreated, pullRequestSourceBranchUpdated) and CodeBuild "Build State Change" events of the PR ` +
      `build started with the variables ${Object.values(CODEBUILD_PR_VARIABLES).join(', ')}.`,
  );
}

function ignore(reason: string): EventReading {
  return { kind: 'ignore', reason };
}

function requiredString(object: JsonObject, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value.trim() === '') reject(`${where}.${key} is missing or not a string`);
  return value;
}

/** The event's `detail`, where every event the bot handles says what happened. */
function detailOf(event: JsonObject): JsonObject {
  const detail = event['detail'];
  if (!isJsonObject(detail)) reject('detail is missing');
  return detail;
}

function readPullRequestStateChange(event: JsonObject): EventReading {
  const detail = detailOf(event);
  const kind = requiredString(detail, 'event', 'detail');
  if (!HANDLED_PULL_REQUEST_EVENTS.includes(kind)) {
    return ignore(`pull request event "${kind}" needs no review (only ${HANDLED_PULL_REQUEST_EVENTS.join(' and ')})`);
  }
  const status = detail['pullRequestStatus'];
  if (status !== undefined && status !== 'Open') return ignore(`the pull request is ${JSON.stringify(status)}`);
  const names = detail['repositoryNames'];
  if (!Array.isArray(names) || names.length !== 1 || typeof names[0] !== 'string') {
    reject('detail.repositoryNames must hold exactly one repository name');
  }
  return {
    kind: 'review',
    ref: {
      repositoryName: names[0],
      pullRequestId: requiredString(detail, 'pullRequestId', 'detail'),
      sourceCommit: requiredString(detail, 'sourceCommit', 'detail'),
      destinationCommit: requiredString(detail, 'destinationCommit', 'detail'),
      trigger: kind,
    },
  };
}

/** The build's plaintext environment variables; parameter-store and secret values are references, never values. */
function plaintextVariables(detail: JsonObject): ReadonlyMap<string, string> {
  const info = detail['additional-information'];
  const environment = isJsonObject(info) ? info['environment'] : undefined;
  const variables = isJsonObject(environment) ? environment['environment-variables'] : undefined;
  const values = new Map<string, string>();
  if (!Array.isArray(variables)) return values;
  for (const variable of variables as unknown[]) {
    if (isJsonObject(variable) && typeof variable['name'] === 'string' && typeof variable['value'] === 'string') {
      if (variable['type'] === undefined || variable['type'] === 'PLAINTEXT')
        values.set(variable['name'], variable['value']);
    }
  }
  return values;
}

function readBuildStateChange(event: JsonObject): EventReading {
  const detail = detailOf(event);
  const status = requiredString(detail, 'build-status', 'detail');
  if (!FINISHED_BUILD_STATES.includes(status)) {
    return ignore(`the build is ${status}: only a build that SUCCEEDED or FAILED has uploaded complete reports`);
  }
  const values = plaintextVariables(detail);
  const names = Object.values(CODEBUILD_PR_VARIABLES);
  if (names.every((name) => (values.get(name) ?? '') === '')) {
    return ignore('the build was not started for a pull request (it has none of the pull request variables)');
  }
  const read = (name: string): string => {
    const value = values.get(name);
    if (value === undefined || value === '') reject(`the pull request build has no "${name}" environment variable`);
    return value;
  };
  const build = buildLinksOf(detail);
  return {
    kind: 'review',
    ref: {
      repositoryName: read(CODEBUILD_PR_VARIABLES.repositoryName),
      pullRequestId: read(CODEBUILD_PR_VARIABLES.pullRequestId),
      sourceCommit: read(CODEBUILD_PR_VARIABLES.sourceCommit),
      destinationCommit: read(CODEBUILD_PR_VARIABLES.destinationCommit),
      trigger: `codebuild:${status}`,
      ...(build === undefined ? {} : { build }),
    },
  };
}

/**
 * Reads the pull request out of an EventBridge event, or says why the event needs no review. Throws an
 * INPUT_INVALID DevsecopsError only for what cannot be an EventBridge event at all, or a handled event that
 * lacks what the bot needs. Pure: no AWS calls.
 */
export function readEvent(event: unknown): EventReading {
  if (!isJsonObject(event)) reject('it is not a JSON object');
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
  return ignore(
    `source ${JSON.stringify(source)}, detail-type ${JSON.stringify(detailType)} is not a pull request or build ` +
      'event: check the EventBridge rules that target the bot',
  );
}
