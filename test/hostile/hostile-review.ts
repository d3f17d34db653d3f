import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unifiedPatchDiffService } from '../../bot/src/local/patch-diff-service';
import { localFindingsSource } from '../../bot/src/local/sarif-files-findings-source';
import { sarifReader } from '../../bot/src/findings/sarif-reader';
import { runBot } from '../../bot/src/run-bot';
import type { BotRunResult } from '../../bot/src/run-bot';
import { fixedIdentity, LOCAL_BOT_ARN } from '../../bot/src/local/fixed-identity';
import { MemoryCommentService } from '../../bot/src/local/memory-comment-service';
import { openPullRequestService, sourceUpdatedRef } from '../../bot/test/reviewed-pull-request';

const REF = sourceUpdatedRef('hostile', '1');

/** What the bot did with a set of reports: its result, every comment it wrote, and the approvals it set. */
export interface Review {
  readonly result: BotRunResult;
  readonly comments: readonly string[];
  readonly approvals: readonly string[];
}

/**
 * Runs the PR bot (planner, posting to memory, approval on) over SARIF reports written into a
 * temporary `reports/` folder, the way the Lambda reads the pipeline's uploads. `patch` is the PR's diff.
 * With `approvedBefore` (the default) the bot had approved the revision, so revoking it is a write the
 * review shows; the bot writes its approval only when it changes.
 */
export async function reviewReports(
  reports: Readonly<Record<string, string>>,
  patch = '',
  options: { readonly approvedBefore?: boolean } = {},
): Promise<Review> {
  const folder = mkdtempSync(join(tmpdir(), 'devsecops-hostile-reports-'));
  try {
    for (const [name, text] of Object.entries(reports)) writeFileSync(join(folder, name), text);
    const pullRequests = openPullRequestService();
    if (options.approvedBefore !== false) pullRequests.given('rev-1', LOCAL_BOT_ARN, 'APPROVE');
    const comments = new MemoryCommentService();
    const result = await runBot(
      REF,
      {
        pullRequests,
        comments,
        findings: localFindingsSource(folder, sarifReader()),
        identity: fixedIdentity(),
        diffFor: () => unifiedPatchDiffService(patch),
      },
      { mode: 'nofilter', maxInline: 20, approve: true, dryRun: false },
    );
    return {
      result,
      comments: comments.all().map((comment) => comment.content),
      approvals: pullRequests.approvals.map((approval) => approval.state),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
