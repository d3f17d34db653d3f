import { DevsecopsError } from '@devsecops/shared/errors';
import { parseSeverity } from '@devsecops/shared/findings';
import type { GateThreshold } from '@devsecops/shared/findings';
import { parseFilterMode } from './filter/filter-findings';
import type { FilterMode } from './filter/filter-findings';
import { DEFAULT_MAX_INLINE_COMMENTS } from './plan/plan-comments';

/** The Lambda's configuration, from its environment variables. */
export interface LambdaSettings {
  /** `FINDINGS_BUCKET`: the bucket the pipeline uploads `<repository>/<commit>/<stage>.sarif` to. */
  readonly findingsBucket: string;
  /** `AWS_REGION`, set by the Lambda runtime. */
  readonly region: string;
  /** `DEVSECOPS_BOT_MODE`: filter mode, default `added`. */
  readonly mode: FilterMode;
  /** `DEVSECOPS_BOT_MAX_INLINE`: inline comment cap, default 20. */
  readonly maxInline: number;
  /** `DEVSECOPS_BOT_FAIL_ON`: gate override; default the destination's `.devsecops.yml`. */
  readonly failOn?: GateThreshold;
  /** `DEVSECOPS_BOT_APPROVE=true`: set the PR approval state from the gate. Default off. */
  readonly approve: boolean;
  /**
   * `DEVSECOPS_AWS_ENDPOINT`, the older name: CodeCommit and STS endpoint override. The SDK's standard
   * `AWS_ENDPOINT_URL_CODECOMMIT`, `AWS_ENDPOINT_URL_STS` (or `AWS_ENDPOINT_URL`) do the same without it.
   */
  readonly endpoint?: string;
  /** `DEVSECOPS_S3_ENDPOINT`, the older name of the standard `AWS_ENDPOINT_URL_S3`: S3 endpoint override. */
  readonly s3Endpoint?: string;
}

/** `none` or a severity, else a USAGE error naming `name`. */
export function parseGateThreshold(text: string, name: string): GateThreshold {
  if (text.trim().toLowerCase() === 'none') return 'none';
  const severity = parseSeverity(text);
  if (severity === undefined) {
    throw new DevsecopsError('USAGE', `${name} is "${text}": use critical, high, medium, low, info or none.`);
  }
  return severity;
}

/** A positive whole number, else a USAGE error naming `name`. */
export function parseCount(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new DevsecopsError('USAGE', `${name} is "${text}": use a whole number, 0 or more.`);
  }
  return value;
}

/** Reads and validates the Lambda's environment; a wrong value fails the invocation with what to fix. */
export function readLambdaSettings(env: Readonly<Record<string, string | undefined>>): LambdaSettings {
  const findingsBucket = env['FINDINGS_BUCKET'];
  if (findingsBucket === undefined || findingsBucket === '') {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      'FINDINGS_BUCKET is not set: give the bot Lambda the name of the bucket the pipeline uploads SARIF to.',
    );
  }
  const failOn = env['DEVSECOPS_BOT_FAIL_ON'];
  const endpoint = env['DEVSECOPS_AWS_ENDPOINT'];
  const s3Endpoint = env['DEVSECOPS_S3_ENDPOINT'];
  return {
    findingsBucket,
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    mode: parseFilterMode(env['DEVSECOPS_BOT_MODE'] ?? 'added'),
    maxInline: parseCount(
      env['DEVSECOPS_BOT_MAX_INLINE'] ?? String(DEFAULT_MAX_INLINE_COMMENTS),
      'DEVSECOPS_BOT_MAX_INLINE',
    ),
    ...(failOn === undefined || failOn === '' ? {} : { failOn: parseGateThreshold(failOn, 'DEVSECOPS_BOT_FAIL_ON') }),
    approve: env['DEVSECOPS_BOT_APPROVE'] === 'true',
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...(s3Endpoint === undefined || s3Endpoint === '' ? {} : { s3Endpoint }),
  };
}
