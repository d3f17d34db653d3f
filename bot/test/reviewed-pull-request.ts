import type { PullRequestRef } from '../src/event/pull-request';
import { FakePullRequestService } from './fakes';

// The pull request the bot's offline tests review: open at revision `rev-1`, its source commit a…a over
// the destination d…d, with the merge base m…m (the commit the bot diffs from).

export const SOURCE_COMMIT = 'a'.repeat(40);
export const DESTINATION_COMMIT = 'd'.repeat(40);

/** The pull request as its event names it, in `repositoryName`: its source branch was just updated. */
export function sourceUpdatedRef(repositoryName: string, pullRequestId: string): PullRequestRef {
  return {
    repositoryName,
    pullRequestId,
    sourceCommit: SOURCE_COMMIT,
    destinationCommit: DESTINATION_COMMIT,
    trigger: 'pullRequestSourceBranchUpdated',
  };
}

/** The pull request as CodeCommit answers for it: a fake a test may close or move, and read approvals from. */
export function openPullRequestService(): FakePullRequestService {
  return new FakePullRequestService({
    status: 'OPEN',
    revisionId: 'rev-1',
    sourceCommit: SOURCE_COMMIT,
    destinationCommit: DESTINATION_COMMIT,
    mergeBase: 'm'.repeat(40),
  });
}
