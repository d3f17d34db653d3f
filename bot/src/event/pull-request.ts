/** Links to the pull request build that triggered a run, for the summary. Both are checked URLs. */
export interface BuildLinks {
  /** The build's log (CloudWatch Logs console deep link from the event). */
  readonly logUrl?: string;
  /** The build's test reports tab in the CodeBuild console (the JUnit reports of each scan). */
  readonly reportsUrl?: string;
}

/** The pull request one bot run is about, whatever triggered the run. */
export interface PullRequestRef {
  /** CodeCommit repository name (`MyDemoRepo`). */
  readonly repositoryName: string;
  /** CodeCommit pull request id, a decimal string (`"1"`). */
  readonly pullRequestId: string;
  /** Full commit id of the source branch tip the findings were computed for. */
  readonly sourceCommit: string;
  /** Full commit id of the destination branch tip when the event was sent. */
  readonly destinationCommit: string;
  /**
   * Commit the source and destination have in common; the diff is computed from here,
   * as the CodeCommit console does. Absent in EventBridge events: fetched with GetPullRequest.
   */
  readonly mergeBase?: string;
  /** What started the run (`pullRequestCreated`, `pullRequestSourceBranchUpdated`, `codebuild:SUCCEEDED`, `cli`). */
  readonly trigger: string;
  /** The pull request build, when its event started the run. */
  readonly build?: BuildLinks;
}
