import {
  GetPullRequestApprovalStatesCommand,
  GetPullRequestCommand,
  UpdatePullRequestApprovalStateCommand,
} from '@aws-sdk/client-codecommit';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { DevsecopsError } from '@devsecops/shared/errors';
import type { Approval, ApprovalState, ApprovalWrite, PullRequestService, PullRequestState } from '../ports';
import { awsCallError, awsErrorName } from './aws-errors';

/** The PullRequestService over CodeCommit. */
export class CodeCommitPullRequestService implements PullRequestService {
  constructor(private readonly client: CodeCommitClient) {}

  async getPullRequest(repositoryName: string, pullRequestId: string): Promise<PullRequestState> {
    let output;
    try {
      output = await this.client.send(new GetPullRequestCommand({ pullRequestId }));
    } catch (error) {
      if (awsErrorName(error) === 'PullRequestDoesNotExistException') {
        throw new DevsecopsError(
          'INPUT_INVALID',
          `Pull request ${pullRequestId} does not exist in ${repositoryName}: check the pull request id.`,
          { cause: error },
        );
      }
      throw awsCallError(
        {
          service: 'CodeCommit',
          action: `read pull request ${pullRequestId} of ${repositoryName}`,
          permission: 'codecommit:GetPullRequest',
        },
        error,
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

  async getApprovals(pullRequestId: string, revisionId: string): Promise<readonly Approval[]> {
    try {
      const output = await this.client.send(new GetPullRequestApprovalStatesCommand({ pullRequestId, revisionId }));
      return (output.approvals ?? []).flatMap((approval): Approval[] =>
        approval.userArn === undefined || (approval.approvalState !== 'APPROVE' && approval.approvalState !== 'REVOKE')
          ? []
          : [{ userArn: approval.userArn, state: approval.approvalState }],
      );
    } catch (error) {
      throw awsCallError(
        {
          service: 'CodeCommit',
          action: `read the approvals of pull request ${pullRequestId}`,
          permission: 'codecommit:GetPullRequestApprovalStates',
        },
        error,
      );
    }
  }

  async setApproval(pullRequestId: string, revisionId: string, state: ApprovalState): Promise<ApprovalWrite> {
    try {
      await this.client.send(
        new UpdatePullRequestApprovalStateCommand({ pullRequestId, revisionId, approvalState: state }),
      );
      return 'written';
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'PullRequestAlreadyClosedException') return 'pull-request-closed';
      if (name === 'RevisionNotCurrentException') return 'revision-moved';
      if (name === 'PullRequestCannotBeApprovedByAuthorException') {
        throw new DevsecopsError(
          'AWS',
          `The bot cannot ${state === 'APPROVE' ? 'approve' : 'revoke its approval of'} pull request ${pullRequestId}: ` +
            `it runs as the identity that opened the pull request, and CodeCommit never lets authors approve their ` +
            `own pull requests. Run the bot under its own role, not the one people or pipelines open pull requests with.`,
          { cause: error },
        );
      }
      throw awsCallError(
        {
          service: 'CodeCommit',
          action: `${state === 'APPROVE' ? 'approve' : 'revoke its approval of'} pull request ${pullRequestId}`,
          permission: 'codecommit:UpdatePullRequestApprovalState',
        },
        error,
      );
    }
  }
}
