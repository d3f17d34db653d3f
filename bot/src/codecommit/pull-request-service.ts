import { GetPullRequestCommand, UpdatePullRequestApprovalStateCommand } from '@aws-sdk/client-codecommit';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { DevsecopsError } from '@devsecops/shared';
import type { ApprovalState, PullRequestService, PullRequestState } from '../ports';

/** The PullRequestService over CodeCommit. */
export class CodeCommitPullRequestService implements PullRequestService {
  constructor(private readonly client: CodeCommitClient) {}

  async getPullRequest(repositoryName: string, pullRequestId: string): Promise<PullRequestState> {
    let output;
    try {
      output = await this.client.send(new GetPullRequestCommand({ pullRequestId }));
    } catch (error) {
      throw new DevsecopsError(
        'AWS',
        `Could not read pull request ${pullRequestId} of ${repositoryName}: check that it exists and the bot's role ` +
          `allows codecommit:GetPullRequest.`,
        { cause: error },
      );
    }
    const pullRequest = output.pullRequest;
    const target = pullRequest?.pullRequestTargets?.find((candidate) => candidate.repositoryName === repositoryName);
    if (
      pullRequest?.revisionId === undefined ||
      target?.sourceCommit === undefined ||
      target.destinationCommit === undefined
    ) {
      throw new DevsecopsError(
        'AWS',
        `Pull request ${pullRequestId} has no target in repository ${repositoryName}: check the event's repository name.`,
      );
    }
    return {
      status: pullRequest.pullRequestStatus ?? 'OPEN',
      revisionId: pullRequest.revisionId,
      sourceCommit: target.sourceCommit,
      destinationCommit: target.destinationCommit,
      ...(target.mergeBase === undefined ? {} : { mergeBase: target.mergeBase }),
    };
  }

  async setApproval(pullRequestId: string, revisionId: string, state: ApprovalState): Promise<void> {
    try {
      await this.client.send(
        new UpdatePullRequestApprovalStateCommand({ pullRequestId, revisionId, approvalState: state }),
      );
    } catch (error) {
      throw new DevsecopsError(
        'AWS',
        `Could not ${state === 'APPROVE' ? 'approve' : 'revoke approval of'} pull request ${pullRequestId}: check ` +
          `that the bot's role allows codecommit:UpdatePullRequestApprovalState.`,
        { cause: error },
      );
    }
  }
}
