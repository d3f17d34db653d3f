import type { Approval, ApprovalState, ApprovalWrite, PullRequestService, PullRequestState } from '../src/ports';
import { LOCAL_BOT_ARN } from '../src/local/fixed-identity';

/**
 * A PullRequestService over state the test controls, with CodeCommit's approval rules: an approval belongs
 * to a revision, only APPROVE is listed, and a closed pull request or an old revision refuses approvals.
 */
export class FakePullRequestService implements PullRequestService {
  /** Every approval written, in order. */
  readonly approvals: { readonly revisionId: string; readonly state: ApprovalState }[] = [];
  /** How many times the pull request was read. */
  reads = 0;
  /** Called before each read with its number (1-based): a test changes `state` here to close or move the PR mid-run. */
  onRead: (read: number, service: FakePullRequestService) => void = () => undefined;
  /** Who writes the approvals (the bot's identity in the local implementations). */
  approverArn = LOCAL_BOT_ARN;
  private readonly standing = new Map<string, Map<string, ApprovalState>>();

  constructor(public state: PullRequestState) {}

  /** An approval already given before the run, by anyone. */
  given(revisionId: string, userArn: string, state: ApprovalState): void {
    const byUser = this.standing.get(revisionId) ?? new Map<string, ApprovalState>();
    byUser.set(userArn, state);
    this.standing.set(revisionId, byUser);
  }

  getPullRequest(): Promise<PullRequestState> {
    this.reads += 1;
    this.onRead(this.reads, this);
    return Promise.resolve(this.state);
  }

  getApprovals(_pullRequestId: string, revisionId: string): Promise<readonly Approval[]> {
    const byUser = this.standing.get(revisionId) ?? new Map<string, ApprovalState>();
    return Promise.resolve(
      [...byUser].filter(([, state]) => state === 'APPROVE').map(([userArn, state]) => ({ userArn, state })),
    );
  }

  setApproval(_pullRequestId: string, revisionId: string, state: ApprovalState): Promise<ApprovalWrite> {
    if (this.state.status !== 'OPEN') return Promise.resolve('pull-request-closed');
    if (revisionId !== this.state.revisionId) return Promise.resolve('revision-moved');
    this.approvals.push({ revisionId, state });
    this.given(revisionId, this.approverArn, state);
    return Promise.resolve('written');
  }
}
