// The events CodeCommit sends to EventBridge (documented in "CodeCommit events" of the CodeCommit user guide):
// "CodeCommit Repository State Change" when a branch is created or moves, "CodeCommit Pull Request State Change"
// when a pull request is created or its source branch moves. The emulator's CodeCommit hands them to its
// `onEvent` (the emulator's event bus).

/** An event a service emits, before the bus fills in the envelope (id, time, account, region). */
export interface ServiceEvent {
  readonly source: string;
  readonly detailType: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

export function repositoryArn(region: string, accountId: string, repositoryName: string): string {
  return `arn:aws:codecommit:${region}:${accountId}:${repositoryName}`;
}

/** referenceCreated / referenceUpdated of a branch. */
export function referenceEvent(
  arn: string,
  repository: { readonly repositoryName: string; readonly repositoryId: string },
  branch: string,
  oldCommitId: string | undefined,
  commitId: string,
  callerUserArn: string,
): ServiceEvent {
  return {
    source: 'aws.codecommit',
    detailType: 'CodeCommit Repository State Change',
    resources: [arn],
    detail: {
      callerUserArn,
      commitId,
      event: oldCommitId === undefined ? 'referenceCreated' : 'referenceUpdated',
      ...(oldCommitId === undefined ? {} : { oldCommitId }),
      referenceFullName: `refs/heads/${branch}`,
      referenceName: branch,
      referenceType: 'branch',
      repositoryId: repository.repositoryId,
      repositoryName: repository.repositoryName,
    },
  };
}

/** What a pull request event tells about the pull request. */
export interface PullRequestFacts {
  readonly pullRequestId: string;
  readonly title: string;
  readonly authorArn: string;
  readonly creationDate: Date;
  readonly lastActivityDate: Date;
  readonly status: 'OPEN' | 'CLOSED';
  readonly isMerged: boolean;
  readonly repositoryName: string;
  readonly sourceReference: string;
  readonly destinationReference: string;
  readonly sourceCommit: string;
  readonly destinationCommit: string;
  readonly revisionId: string;
}

/** pullRequestCreated / pullRequestSourceBranchUpdated. */
export function pullRequestEvent(
  arn: string,
  event: 'pullRequestCreated' | 'pullRequestSourceBranchUpdated',
  pullRequest: PullRequestFacts,
  callerUserArn: string,
): ServiceEvent {
  return {
    source: 'aws.codecommit',
    detailType: 'CodeCommit Pull Request State Change',
    resources: [arn],
    detail: {
      author: pullRequest.authorArn,
      callerUserArn,
      creationDate: pullRequest.creationDate.toUTCString(),
      destinationCommit: pullRequest.destinationCommit,
      destinationReference: pullRequest.destinationReference,
      event,
      isMerged: pullRequest.isMerged ? 'True' : 'False',
      lastModifiedDate: pullRequest.lastActivityDate.toUTCString(),
      pullRequestId: pullRequest.pullRequestId,
      pullRequestStatus: pullRequest.status === 'OPEN' ? 'Open' : 'Closed',
      repositoryNames: [pullRequest.repositoryName],
      revisionId: pullRequest.revisionId,
      sourceCommit: pullRequest.sourceCommit,
      sourceReference: pullRequest.sourceReference,
      title: pullRequest.title,
    },
  };
}
