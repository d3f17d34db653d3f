import assert from 'node:assert/strict';
import { awsCallError } from '../../src/codecommit/aws-errors';

const CALL = { service: 'CodeCommit', action: 'post a comment', permission: 'codecommit:PostCommentForPullRequest' };

/** An error shaped as the SDK v3 throws them: a name from the service's error type, and `$metadata`. */
function sdkError(name: string, message: string, metadata: { httpStatusCode?: number; attempts?: number }): Error {
  return Object.assign(new Error(message), { name, $metadata: metadata });
}

describe('awsCallError: messages that name the real cause', () => {
  it('throttling that outlasted the retries: says so, with the attempts, and what to do', () => {
    const error = awsCallError(
      CALL,
      sdkError('ThrottlingException', 'Rate exceeded', { httpStatusCode: 400, attempts: 10 }),
    );
    assert.equal(error.code, 'AWS');
    assert.equal(
      error.message,
      'CodeCommit kept throttling the bot (ThrottlingException) after 10 attempts while it tried to post a comment: ' +
        "the account's request rate for CodeCommit is used up. Retry later, or give the bot's Lambda a lower " +
        'reserved concurrency; a re-run finishes the review without duplicates.',
    );
  });

  it('a server error is a server error, not a permission problem', () => {
    const error = awsCallError(CALL, sdkError('InternalFailure', 'boom', { httpStatusCode: 500, attempts: 10 }));
    assert.equal(
      error.message,
      'CodeCommit failed with a server error (InternalFailure) after 10 attempts while the bot tried to post a ' +
        'comment. Retry later; a re-run finishes the review without duplicates.',
    );
  });

  it('access denied names the permission and the policy file', () => {
    const error = awsCallError(CALL, sdkError('AccessDeniedException', 'no', { httpStatusCode: 403 }));
    assert.equal(
      error.message,
      "CodeCommit denied the bot access (AccessDeniedException) when it tried to post a comment: give the bot's " +
        'role codecommit:PostCommentForPullRequest (see bot/iam-policy.json).',
    );
  });

  it("any other error carries the service's own words, in one bounded sentence", () => {
    const error = awsCallError(
      CALL,
      sdkError('CommentContentSizeLimitExceededException', `Too long\n${'x'.repeat(400)}`, { httpStatusCode: 400 }),
    );
    assert.match(
      error.message,
      /^Could not post a comment: CodeCommit answered CommentContentSizeLimitExceededException: Too long x{291}…$/,
    );
  });
});
