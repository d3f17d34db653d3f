import type { ApprovalState, PullRequestService, PullRequestState } from '../src/ports';

/** A PullRequestService over fixed state that records approvals. */
export class FakePullRequestService implements PullRequestService {
  /** Every approval set, in order. */
  readonly approvals: { readonly revisionId: string; readonly state: ApprovalState }[] = [];

  constructor(public state: PullRequestState) {}

  getPullRequest(): Promise<PullRequestState> {
    return Promise.resolve(this.state);
  }

  setApproval(_pullRequestId: string, revisionId: string, state: ApprovalState): Promise<void> {
    this.approvals.push({ revisionId, state });
    return Promise.resolve();
  }
}
