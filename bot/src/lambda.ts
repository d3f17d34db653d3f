import { isDevsecopsError } from '@devsecops/shared';
// Deep import: the client factory is not (yet) re-exported from shared's index.
import { createCodeCommitClient, createS3Client } from '@devsecops/shared/src/aws/client-factory';
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
  readonly reason?: string;
  readonly pullRequestId?: string;
  readonly sourceCommit?: string;
  readonly gatePassed?: boolean;
  readonly posted?: number;
  readonly updated?: number;
  readonly approval?: string;
}

function summarise(result: BotRunResult): BotLambdaResult {
  if (result.status === 'skipped') return { status: 'skipped', reason: result.reason };
  return {
    status: result.status,
    pullRequestId: result.pullRequestId,
    sourceCommit: result.sourceCommit,
    gatePassed: result.gate.passed,
    ...(result.post === undefined ? {} : { posted: result.post.posted, updated: result.post.updated }),
    ...(result.approval === undefined ? {} : { approval: result.approval }),
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
 * Change". Any other event is rejected with an INPUT_INVALID error (the invocation fails, visibly).
 */
export function createHandler(log: HandlerLog): (event: unknown) => Promise<BotLambdaResult> {
  return async (event) => {
    try {
      const settings = readLambdaSettings(process.env);
      const ref = readEvent(event);
      const aws = {
        region: settings.region,
        userAgent: 'devsecops-bot/0.1.0',
        ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      };
      const deps = codeCommitDependencies(ref, {
        codeCommit: createCodeCommitClient(aws),
        findings: {
          kind: 's3',
          client: createS3Client(settings.s3Endpoint === undefined ? aws : { ...aws, endpoint: settings.s3Endpoint }),
          bucket: settings.findingsBucket,
        },
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
