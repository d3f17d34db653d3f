import type { Approval, ApprovalWrite, PullRequestService, PullRequestState } from '../ports';

/**
 * A PullRequestService for a pull request that exists nowhere (the offline `plan` command): always open,
 * at `commit`, with no approvals, and approvals go nowhere.
 */
export class OfflinePullRequestService implements PullRequestService {
  constructor(private readonly commit: string) {}

  getPullRequest(): Promise<PullRequestState> {
    return Promise.resolve({
      status: 'OPEN',
      revisionId: 'local',
      sourceCommit: this.commit,
      destinationCommit: this.commit,
    });
  }

  getApprovals(): Promise<readonly Approval[]> {
    return Promise.resolve([]);
  }

  setApproval(): Promise<ApprovalWrite> {
    return Promise.resolve('written');
  }
}
