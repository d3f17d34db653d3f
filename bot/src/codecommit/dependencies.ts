import type { PullRequestRef } from '../event/pull-request';
import { s3FindingsSource } from './s3-findings-source';
import type { SarifReader } from '../findings/read-report';
import { localFindingsSource } from '../local/sarif-files-findings-source';
import { unifiedPatchDiffService } from '../local/patch-diff-service';
import type { BotDependencies } from '../run-bot';
import type { BotClients } from './clients';
import { CodeCommitCommentService } from './comment-service';
import { codeCommitConfigReader } from './config-reader';
import { codeCommitDiffService } from './diff-service';
import { stsIdentityService } from './identity';
import { CodeCommitPullRequestService } from './pull-request-service';

/** Where the findings are: the pipeline's bucket, or local SARIF (CLI). */
export type FindingsLocation =
  { readonly kind: 's3'; readonly bucket: string } | { readonly kind: 'local'; readonly path: string };

/** The bot's stages wired to CodeCommit (any endpoint: AWS or the test emulator). */
export function codeCommitDependencies(
  ref: PullRequestRef,
  options: {
    readonly clients: BotClients;
    readonly findings: FindingsLocation;
    readonly readSarif: SarifReader;
    /** A unified patch to use instead of CodeCommit's diff (CLI `--diff`). */
    readonly patch?: string;
    readonly log?: (line: string) => void;
  },
): BotDependencies {
  const { clients, patch } = options;
  const codeCommit = clients.codeCommit;
  return {
    pullRequests: new CodeCommitPullRequestService(codeCommit),
    comments: new CodeCommitCommentService(codeCommit),
    identity: stsIdentityService(clients.sts),
    findings:
      options.findings.kind === 's3'
        ? s3FindingsSource(
            clients.s3,
            { bucket: options.findings.bucket, repositoryName: ref.repositoryName, commit: ref.sourceCommit },
            options.readSarif,
          )
        : localFindingsSource(options.findings.path, options.readSarif),
    diffFor: (commits) =>
      patch === undefined
        ? codeCommitDiffService(codeCommit, { repositoryName: ref.repositoryName, ...commits })
        : unifiedPatchDiffService(patch),
    readConfig: codeCommitConfigReader(codeCommit, ref.repositoryName),
    ...(options.log === undefined ? {} : { log: options.log }),
  };
}
