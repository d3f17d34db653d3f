import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { filterSdkNodeVersionWarning } from '@devsecops/shared/aws';
import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { createBotClients } from './codecommit/clients';
import { codeCommitDependencies } from './codecommit/dependencies';
import type { FindingsLocation } from './codecommit/dependencies';
import { CodeCommitPullRequestService } from './codecommit/pull-request-service';
import type { PullRequestRef } from './event/pull-request';
import { FILTER_MODES, parseFilterMode } from './filter/filter-findings';
import { sarifReader } from './findings/sarif-reader';
import { formatResult } from './format-result';
import { DEFAULT_MAX_INLINE_COMMENTS } from './plan/plan-comments';
import { runBot } from './run-bot';
import type { BotOptions, BotRunResult } from './run-bot';
import { fixedIdentity } from './local/fixed-identity';
import { MemoryCommentService } from './local/memory-comment-service';
import { OfflinePullRequestService } from './local/offline-pull-request-service';
import { unifiedPatchDiffService } from './local/patch-diff-service';
import { localFindingsSource } from './local/sarif-files-findings-source';
import { parseCount, parseGateThreshold } from './settings';

/** Exit codes, as the `devsecops` CLI: 0 gate passed (or nothing to do), 1 gate failed, 2 usage or AWS error. */
const EXIT_PASSED = 0;
const EXIT_FAILED = 1;
const EXIT_ERROR = 2;

interface ReviewFlags {
  sarif?: string;
  diff?: string;
  mode: string;
  maxInline: string;
  failOn?: string;
  showBodies?: boolean;
}

interface CommentFlags extends ReviewFlags {
  repository: string;
  pullRequest: string;
  findingsBucket?: string;
  endpointUrl?: string;
  region?: string;
  profile?: string;
  approve?: boolean;
  dryRun?: boolean;
}

function reviewOptions(flags: ReviewFlags, extra: { approve: boolean; dryRun: boolean }): BotOptions {
  return {
    mode: parseFilterMode(flags.mode),
    maxInline: parseCount(flags.maxInline, '--max-inline'),
    ...(flags.failOn === undefined ? {} : { failOn: parseGateThreshold(flags.failOn, '--fail-on') }),
    ...extra,
  };
}

/** A run that had nothing to do, or stopped because the pull request moved on, is not a failure. */
function exitCodeOf(result: BotRunResult): number {
  return result.status === 'skipped' || result.status === 'stopped' || result.gate.passed ? EXIT_PASSED : EXIT_FAILED;
}

function withReviewOptions(command: Command): Command {
  return command
    .addOption(new Option('--mode <mode>', 'which findings to review').choices(FILTER_MODES).default('added'))
    .option(
      '--max-inline <n>',
      'inline comments at most; the rest go to the summary',
      String(DEFAULT_MAX_INLINE_COMMENTS),
    )
    .option('--fail-on <severity>', "gate threshold (default: the destination's .devsecops.yml, else high)")
    .option('--show-bodies', 'print each comment body under its action');
}

async function commentCommand(flags: CommentFlags): Promise<number> {
  if ((flags.sarif === undefined) === (flags.findingsBucket === undefined)) {
    throw new CommanderError(EXIT_ERROR, 'devsecops-bot.findings', 'give exactly one of --sarif or --findings-bucket');
  }
  const region = flags.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  // --endpoint-url is CodeCommit's, as the AWS CLI's is the one service's it calls; S3 and STS take theirs
  // from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_STS.
  const clients = createBotClients(
    { region, ...(flags.profile === undefined ? {} : { profile: flags.profile }) },
    flags.endpointUrl === undefined ? {} : { codeCommit: flags.endpointUrl },
  );
  try {
    // The CLI reviews the pull request as it is now: its current source and destination commits.
    const state = await new CodeCommitPullRequestService(clients.codeCommit).getPullRequest(
      flags.repository,
      flags.pullRequest,
    );
    const ref: PullRequestRef = {
      repositoryName: flags.repository,
      pullRequestId: flags.pullRequest,
      sourceCommit: state.sourceCommit,
      destinationCommit: state.destinationCommit,
      trigger: 'cli',
    };
    const findings: FindingsLocation =
      flags.sarif !== undefined
        ? { kind: 'local', path: flags.sarif }
        : { kind: 's3', bucket: flags.findingsBucket ?? '' };
    const deps = codeCommitDependencies(ref, {
      clients,
      findings,
      readSarif: sarifReader({ root: process.cwd() }),
      ...(flags.diff === undefined ? {} : { patch: await readFile(flags.diff, 'utf8') }),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const result = await runBot(
      ref,
      deps,
      reviewOptions(flags, { approve: flags.approve === true, dryRun: flags.dryRun === true }),
    );
    process.stdout.write(formatResult(result, { showBodies: flags.showBodies === true }));
    return exitCodeOf(result);
  } finally {
    clients.destroy();
  }
}

/** Offline: what the bot would post on a PR with no comments yet, from SARIF and a `git diff` patch. */
async function planCommand(flags: ReviewFlags & { sarif: string; diff: string }): Promise<number> {
  const commit = '0'.repeat(40);
  const ref: PullRequestRef = {
    repositoryName: 'local',
    pullRequestId: 'local',
    sourceCommit: commit,
    destinationCommit: commit,
    trigger: 'cli',
  };
  const patch = await readFile(flags.diff, 'utf8');
  const result = await runBot(
    ref,
    {
      pullRequests: new OfflinePullRequestService(commit),
      comments: new MemoryCommentService(),
      identity: fixedIdentity(),
      findings: localFindingsSource(flags.sarif, sarifReader({ root: process.cwd() })),
      diffFor: () => unifiedPatchDiffService(patch),
      readConfig: () => Promise.resolve(DEFAULT_CONFIG),
    },
    reviewOptions(flags, { approve: false, dryRun: true }),
  );
  process.stdout.write(formatResult(result, { showBodies: flags.showBodies === true }));
  return exitCodeOf(result);
}

export function createProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('devsecops-bot')
    .description('Posts DevSecOps scan results (SARIF) as comments on CodeCommit pull requests.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  withReviewOptions(
    program
      .command('comment')
      .description('review a CodeCommit pull request: inline comments, one summary, optional approval')
      .requiredOption('--repository <name>', 'CodeCommit repository name')
      .requiredOption('--pull-request <id>', 'pull request id')
      .option('--sarif <path>', 'a SARIF file, or a folder of them (the pipeline writes reports/)')
      .option('--findings-bucket <bucket>', 'read s3://<bucket>/<repository>/<source commit>/*.sarif instead')
      .option('--diff <patch>', "a unified patch to use instead of CodeCommit's diff")
      .option(
        '--endpoint-url <url>',
        'CodeCommit endpoint override (S3 and STS: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_STS)',
      )
      .option('--region <region>', 'AWS region (default AWS_REGION, else us-east-1)')
      .option('--profile <name>', 'named AWS profile')
      .option('--approve', 'set the approval state: APPROVE when the gate passes, REVOKE when it fails')
      .option('--dry-run', 'print the plan, write nothing'),
  ).action(async (flags: CommentFlags) => {
    setExitCode(await commentCommand(flags));
  });
  withReviewOptions(
    program
      .command('plan')
      .description('offline: print what the bot would post, from SARIF and a `git diff` patch (no AWS)')
      .requiredOption('--sarif <path>', 'a SARIF file, or a folder of them')
      .requiredOption('--diff <patch>', 'the pull request as a unified patch (git diff base...head)'),
  ).action(async (flags: ReviewFlags & { sarif: string; diff: string }) => {
    setExitCode(await planCommand(flags));
  });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_PASSED;
  const program = createProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'devsecops-bot.findings') process.stderr.write(`devsecops-bot: ${error.message}\n`);
      return error.exitCode === 0 ? EXIT_PASSED : EXIT_ERROR;
    }
    if (isDevsecopsError(error)) {
      process.stderr.write(`devsecops-bot: ${error.message}\n`);
      if (error.detail !== undefined) process.stderr.write(`${error.detail}\n`);
    } else {
      process.stderr.write(
        `devsecops-bot: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  // This process is ours: the AWS SDK's Node-version advice is not for the bot's user.
  filterSdkNodeVersionWarning();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
