import { DevsecopsError } from '@devsecops/shared/errors';

/** Error names AWS services use for throttling (CodeCommit's, S3's, and the SDK's generic ones). */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
]);

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'Forbidden']);

interface SdkErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly status?: number;
  readonly attempts?: number;
}

function factsOf(cause: unknown): SdkErrorFacts {
  if (!(cause instanceof Error)) return { name: 'Error', message: String(cause) };
  const metadata = (cause as { $metadata?: { httpStatusCode?: unknown; attempts?: unknown } }).$metadata;
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  const attempts = typeof metadata?.attempts === 'number' ? metadata.attempts : undefined;
  return {
    name: cause.name,
    message: cause.message,
    ...(status === undefined ? {} : { status }),
    ...(attempts === undefined ? {} : { attempts }),
  };
}

/** The name of the error behind an AWS call's failure (the SDK maps the service's `__type` to it). */
export function awsErrorName(cause: unknown): string {
  return cause instanceof Error ? cause.name : 'Error';
}

/** What failed, in the user's terms, and the IAM action it needs. */
export interface AwsCall {
  /** `CodeCommit`, `S3`, `STS`. */
  readonly service: string;
  /** What the bot was doing: `post a comment`. */
  readonly action: string;
  /** The IAM action the call needs: `codecommit:PostCommentForPullRequest`. */
  readonly permission: string;
}

function attemptsText(facts: SdkErrorFacts): string {
  return facts.attempts === undefined ? '' : ` after ${facts.attempts} attempt${facts.attempts === 1 ? '' : 's'}`;
}

/**
 * A failed AWS call as a DevsecopsError whose message names the real cause: throttling, a server error,
 * a missing permission, or the service's own error, never a guess at permissions for everything. The SDK
 * error is kept as the cause for the log.
 */
export function awsCallError(call: AwsCall, cause: unknown): DevsecopsError {
  const facts = factsOf(cause);
  const doing = `${call.service} ${call.action}`;
  let message: string;
  if (THROTTLING.has(facts.name) || facts.status === 429) {
    message =
      `${call.service} kept throttling the bot (${facts.name})${attemptsText(facts)} while it tried to ${call.action}: ` +
      `the account's request rate for ${call.service} is used up. Retry later, or give the bot's Lambda a lower ` +
      `reserved concurrency; a re-run finishes the review without duplicates.`;
  } else if (facts.status !== undefined && facts.status >= 500) {
    message =
      `${call.service} failed with a server error (${facts.name})${attemptsText(facts)} while the bot tried to ` +
      `${call.action}. Retry later; a re-run finishes the review without duplicates.`;
  } else if (ACCESS_DENIED.has(facts.name)) {
    message =
      `${call.service} denied the bot access (${facts.name}) when it tried to ${call.action}: give the bot's role ` +
      `${call.permission} (see bot/iam-policy.json).`;
  } else {
    message = `Could not ${call.action}: ${call.service} answered ${facts.name}: ${oneSentence(facts.message)}`;
  }
  return new DevsecopsError('AWS', message, { cause, detail: `${doing}: ${facts.name}` });
}

function oneSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const bounded = flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
  return /[.!?…]$/.test(bounded) ? bounded : `${bounded}.`;
}
