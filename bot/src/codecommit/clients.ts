import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import type { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
// Deep import: the client factory is not (yet) re-exported from shared's index.
import { baseClientConfig, createCodeCommitClient, createS3Client } from '@devsecops/shared/aws';
import type { AwsClientSettings } from '@devsecops/shared/aws';

/**
 * Attempts per AWS call, the first included. With adaptive retries (exponential back-off with jitter, and
 * client-side rate limiting once the service throttles), a call that meets throttling or a 5xx one time in
 * four still fails all ten attempts only about once in a million calls; the Lambda's 5-minute timeout
 * bounds the worst case.
 */
export const BOT_MAX_ATTEMPTS = 10;

/** Endpoint overrides per service; each one absent leaves the SDK to the standard `AWS_ENDPOINT_URL_*` variables. */
export interface BotEndpoints {
  readonly codeCommit?: string;
  readonly s3?: string;
  readonly sts?: string;
}

/** Who and where: everything of the client settings but the endpoint and retries, which the bot decides. */
export type BotAwsSettings = Omit<AwsClientSettings, 'endpoint' | 'maxAttempts' | 'retryMode' | 'userAgent'>;

/** The bot's SDK clients: CodeCommit (the review), S3 (the reports), STS (who the bot is). */
export interface BotClients {
  readonly codeCommit: CodeCommitClient;
  readonly s3: S3Client;
  readonly sts: STSClient;
  destroy(): void;
}

/** Builds the bot's clients through shared's client factory, with adaptive retries. */
export function createBotClients(settings: BotAwsSettings, endpoints: BotEndpoints = {}): BotClients {
  const common: AwsClientSettings = {
    ...settings,
    userAgent: 'devsecops-bot/0.1.0',
    retryMode: 'adaptive',
    maxAttempts: BOT_MAX_ATTEMPTS,
  };
  const withEndpoint = (endpoint: string | undefined): AwsClientSettings =>
    endpoint === undefined ? common : { ...common, endpoint };
  const codeCommit = createCodeCommitClient(withEndpoint(endpoints.codeCommit));
  const s3 = createS3Client(withEndpoint(endpoints.s3));
  const sts = new STSClient(baseClientConfig(withEndpoint(endpoints.sts)));
  return {
    codeCommit,
    s3,
    sts,
    destroy: () => {
      codeCommit.destroy();
      s3.destroy();
      sts.destroy();
    },
  };
}
