import { isDevsecopsError } from '@devsecops/shared/errors';
import { createBotClients } from './codecommit/clients';
import { codeCommitDependencies } from './codecommit/dependencies';
import { readEvent } from './event/read-event';
import { sarifReader } from './findings/sarif-reader';
import { formatResult } from './format-result';
import { runBot } from './run-bot';
import type { BotRunResult } from './run-bot';
import { readLambdaSettings } from './settings';

/** What the Lambda returns (and logs): small, JSON-safe, no comment bodies. */
export interface BotLambdaResult {
  readonly status: BotRunResult['status'];
  /** Why the run was skipped or stopped. */
  readonly reason?: string;
  readonly pullRequestId?: string;
  readonly sourceCommit?: string;
  readonly gatePassed?: boolean;
  readonly posted?: number;
  readonly updated?: number;
  /** The approval the gate asks for, when the bot sets approvals. */
  readonly approval?: string;
  /** Whether this run wrote it (false: the pull request already stood so). */
  readonly approvalChanged?: boolean;
}

function summarise(result: BotRunResult): BotLambdaResult {
  if (result.status === 'skipped') return { status: 'skipped', reason: result.reason };
  return {
    status: result.status,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    pullRequestId: result.pullRequestId,
    sourceCommit: result.sourceCommit,
    gatePassed: result.gate.passed,
    ...(result.post === undefined ? {} : { posted: result.post.posted, updated: result.post.updated }),
    ...(result.approval === undefined
      ? {}
      : { approval: result.approval.state, approvalChanged: result.approval.changed }),
  };
}

/** Where the handler writes its progress and errors; Lambda sends both to CloudWatch Logs. */
export interface HandlerLog {
  readonly info: (line: string) => void;
  readonly error: (line: string, cause: unknown) => void;
}

/**
 * Builds the bot's Lambda handler, for EventBridge rules on CodeCommit "Pull Request State Change"
 * (pullRequestCreated, pullRequestSourceBranchUpdated) and on the PR build's "CodeBuild Build State
 * Change". Any other event, and a pull request closed or moved on before or during the run, ends the
 * invocation successfully as `skipped` or `stopped` with the reason: a failed invocation would only make
 * EventBridge retry it. Only a malformed event or an AWS failure fails the invocation.
 */
export function createHandler(log: HandlerLog): (event: unknown) => Promise<BotLambdaResult> {
  return async (event) => {
    try {
      const settings = readLambdaSettings(process.env);
      const reading = readEvent(event);
      if (reading.kind === 'ignore') {
        log.info(`skipped: ${reading.reason}`);
        return { status: 'skipped', reason: reading.reason };
      }
      const ref = reading.ref;
      const clients = createBotClients(
        { region: settings.region },
        {
          ...(settings.endpoint === undefined ? {} : { codeCommit: settings.endpoint, sts: settings.endpoint }),
          ...(settings.s3Endpoint === undefined ? {} : { s3: settings.s3Endpoint }),
        },
      );
      try {
        const deps = codeCommitDependencies(ref, {
          clients,
          findings: { kind: 's3', bucket: settings.findingsBucket },
          readSarif: sarifReader(),
          log: log.info,
        });
        const result = await runBot(ref, deps, {
          mode: settings.mode,
          maxInline: settings.maxInline,
          approve: settings.approve,
          dryRun: false,
          ...(settings.failOn === undefined ? {} : { failOn: settings.failOn }),
        });
        log.info(formatResult(result).trimEnd());
        return summarise(result);
      } finally {
        clients.destroy();
      }
    } catch (error) {
      // The cause goes to the log only; the message is the user-safe one.
      if (isDevsecopsError(error)) log.error(`devsecops-bot: ${error.code}: ${error.message}`, error.cause);
      throw error;
    }
  };
}

/** The Lambda entry point (`dist/lambda.js`, handler `handler`). */
export const handler = createHandler({
  info: (line) => {
    console.log(line);
  },
  error: (line, cause) => {
    console.error(line, cause ?? '');
  },
});
