import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodeCommitClient, type CodeCommitClientConfig } from '@aws-sdk/client-codecommit';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { S3Client } from '@aws-sdk/client-s3';
import { fromIni, fromNodeProviderChain, fromSSO } from '@aws-sdk/credential-providers';
/** Static credentials or a provider of them, as every SDK client accepts. */
export type AwsCredentials = NonNullable<CodeCommitClientConfig['credentials']>;

/** Where and as whom to talk to AWS. Every SDK client of the product is built from one of these. */
export interface AwsClientSettings {
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Named profile from `~/.aws/config` / `~/.aws/credentials`; default: the default provider chain. */
  readonly profile?: string;
  /** Use the profile's IAM Identity Center (SSO) session (`aws sso login` must have run). Needs `profile`. */
  readonly sso?: boolean;
  /** Explicit credentials (tests, the emulator); win over `profile`. */
  readonly credentials?: AwsCredentials;
  /**
   * Endpoint override, e.g. the test emulator `http://127.0.0.1:4566`; S3 then uses path-style addressing.
   * Without it the SDK takes the standard `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` variables (and
   * `endpoint_url` of the profile), as every AWS tool does.
   */
  readonly endpoint?: string;
  /** Total attempts per call including the first (SDK default 3). */
  readonly maxAttempts?: number;
  /** `standard` (default) or `adaptive` (client-side rate limiting on throttling). */
  readonly retryMode?: 'standard' | 'adaptive';
  /** Appended to the SDK's user agent, e.g. `devsecops-cli/0.1.0`. */
  readonly userAgent?: string;
}

/** The product's user agent token when the caller gives none. */
export const DEFAULT_USER_AGENT = 'devsecops/0.1.0';

/** Credentials per the settings: explicit ones, a profile (optionally SSO), or the default chain. */
export function credentialsFor(settings: AwsClientSettings): AwsCredentials {
  if (settings.credentials !== undefined) return settings.credentials;
  if (settings.profile !== undefined) {
    return settings.sso === true ? fromSSO({ profile: settings.profile }) : fromIni({ profile: settings.profile });
  }
  return fromNodeProviderChain();
}

/** The part of a client's configuration the factory decides. */
export type SharedClientConfig = Pick<
  CodeCommitClientConfig,
  'region' | 'credentials' | 'endpoint' | 'maxAttempts' | 'retryMode' | 'customUserAgent'
>;

/** The configuration every client shares. Exported so tests can assert what a client is built with. */
export function baseClientConfig(settings: AwsClientSettings): SharedClientConfig {
  const [name = 'devsecops', version] = (settings.userAgent ?? DEFAULT_USER_AGENT).split('/');
  return {
    region: settings.region,
    credentials: credentialsFor(settings),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    maxAttempts: settings.maxAttempts ?? 3,
    retryMode: settings.retryMode ?? 'standard',
    customUserAgent: version === undefined ? [[name]] : [[name, version]],
  };
}

export function createCodeCommitClient(settings: AwsClientSettings): CodeCommitClient {
  return new CodeCommitClient(baseClientConfig(settings));
}

export function createCodeBuildClient(settings: AwsClientSettings): CodeBuildClient {
  return new CodeBuildClient(baseClientConfig(settings));
}

export function createCodePipelineClient(settings: AwsClientSettings): CodePipelineClient {
  return new CodePipelineClient(baseClientConfig(settings));
}

/** What `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` accepts as true, as the SDK reads it. */
function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/**
 * The endpoint the SDK takes from the standard environment variables for a service (`AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_CODECOMMIT`, … named after the service id in upper case with `_` for spaces; then
 * `AWS_ENDPOINT_URL`), or undefined when none is set or `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true.
 */
export function configuredEndpointFromEnvironment(
  serviceId: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  if (isTrue(env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'])) return undefined;
  const specific = env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`];
  if (specific !== undefined && specific !== '') return specific;
  const general = env['AWS_ENDPOINT_URL'];
  return general === undefined || general === '' ? undefined : general;
}

/**
 * S3 uses path-style addressing whenever its endpoint is not AWS's: overridden in the settings, or set by
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` (the SDK does not switch by itself, and local S3 servers have
 * no bucket subdomains).
 */
export function createS3Client(
  settings: AwsClientSettings,
  env: Readonly<Record<string, string | undefined>> = process.env,
): S3Client {
  const customEndpoint = settings.endpoint !== undefined || configuredEndpointFromEnvironment('S3', env) !== undefined;
  return new S3Client({ ...baseClientConfig(settings), forcePathStyle: customEndpoint });
}
