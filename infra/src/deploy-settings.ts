import { DevsecopsError } from '@devsecops/shared/errors';

/**
 * What a deployment may choose, read from CDK context (`cdk deploy -c name=value`) first, then from the
 * environment, then the default. Every value is validated here, at synth time, so a typo fails before
 * CloudFormation starts creating anything.
 */
export interface DeploySettings {
  /** The stack's name (`stackName`, `DEVSECOPS_STACK_NAME`; default `DevsecopsPipeline`). */
  readonly stackName: string;
  /** The CodeCommit repository the pipeline and the PR bot watch (`repositoryName`; default `todo-app`). */
  readonly repositoryName: string;
  /** `create`: the stack creates the repository; `import`: it uses an existing one of that name. */
  readonly repositoryMode: 'create' | 'import';
  /** The branch the pipeline builds and pull requests merge into (`branch`; default `main`). */
  readonly branch: string;
  /** The ECR repository the image build pushes to (`imageRepositoryName`; default: the repository name). */
  readonly imageRepositoryName: string;
  /** Physical names for the buckets; undefined lets CloudFormation choose a unique name. */
  readonly findingsBucketName?: string;
  readonly artifactBucketName?: string;
  readonly accessLogsBucketName?: string;
  /**
   * The Secrets Manager secret holding `{"NVD_API_KEY": "…"}` for Dependency-Check
   * (`nvdApiKeySecretName`; default `devsecops/nvd-api-key`); `none` runs Dependency-Check without a key.
   */
  readonly nvdApiKeySecretName?: string;
  /** Whether the bot sets the approval state and a merge needs its approval (`botApproves`; default true). */
  readonly botApproves: boolean;
  /**
   * IAM users and roles whose approval counts instead of the bot's (`securityReviewers`, comma-separated ARNs;
   * default none): the people who approve a pull request the bot will not approve, such as one that adds a
   * `# nosec` or relaxes `.devsecops.yml`. As approval-pool members: users by ARN, roles as any session of them.
   */
  readonly securityReviewers: readonly string[];
  /** Days every log group keeps its events (`logRetentionDays`; default 90). */
  readonly logRetentionDays: number;
  /** Days the findings bucket keeps reports (`findingsRetentionDays`; default 365). */
  readonly findingsRetentionDays: number;
}

/** A deploy setting's name, which is also its CDK context key (`-c stackName=…`). */
export type SettingKey = keyof DeploySettings;

/** A setting's environment variable: DEVSECOPS_ and its name in upper snake case (`stackName`: DEVSECOPS_STACK_NAME). */
export function settingVariable(key: SettingKey): string {
  return `DEVSECOPS_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;
}

export const DEFAULT_NVD_API_KEY_SECRET_NAME = 'devsecops/nvd-api-key';

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557];

/** CodeCommit repository names (CodeCommit's own rule: letters, digits, `.`, `_`, `-`; up to 100). */
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;
/** ECR repository names (lowercase, optional namespaces). */
const IMAGE_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** S3 bucket names (general purpose buckets), without the rarer exclusions checked below. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Secrets Manager names: letters, digits and /_+=.@- (up to 512). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** CloudFormation stack names. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** A git branch name as CodeCommit and CodePipeline accept it (no refs/ prefix, no spaces or `..`). */
const BRANCH_NAME = /^(?!.*\.\.)(?!.*\/\/)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]{1,256}$/;

/**
 * An IAM user or role ARN (`arn:<partition>:iam::<account>:user|role/[path/]name`); no wildcard, so the pool
 * never grows beyond the identities named.
 */
const IAM_PRINCIPAL_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(user|role)\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,128})$/;

/**
 * The approval-pool members for `securityReviewers`: a user as its ARN, a role as every session of it
 * (CodeCommit sees a role's user as `assumed-role/<name>/<session>`; the role's path is not part of that).
 */
function securityReviewers(read: SettingReader): string[] {
  const value = read('securityReviewers');
  if (value === undefined) return [];
  const members = value.split(',').map((entry) => entry.trim());
  return members.map((entry) => {
    const match = IAM_PRINCIPAL_ARN.exec(entry);
    if (match === null) {
      throw invalid(
        'securityReviewers',
        entry,
        'use comma-separated IAM user or role ARNs, such as arn:aws:iam::123456789012:role/SecurityReviewer',
      );
    }
    const [, partition = '', account = '', kind = '', , name = ''] = match;
    return kind === 'user' ? entry : `arn:${partition}:sts::${account}:assumed-role/${name}/*`;
  });
}

/** Reads one setting: CDK context (a string, or a boolean/number given in cdk.json), then the environment. */
export type SettingReader = (key: SettingKey) => string | undefined;

function invalid(key: SettingKey, value: string, what: string): DevsecopsError {
  return new DevsecopsError(
    'CONFIG_INVALID',
    `The deploy setting ${key} is "${value}": ${what}. Set it with \`-c ${key}=…\` or ${settingVariable(key)}.`,
  );
}

function matching(key: SettingKey, value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw invalid(key, value, what);
  return value;
}

function bucketName(read: SettingReader, key: SettingKey): string | undefined {
  const value = read(key);
  if (value === undefined) return undefined;
  matching(key, value, BUCKET_NAME, 'use 3-63 lowercase letters, digits, dots and dashes');
  if (value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value) || value.startsWith('xn--')) {
    throw invalid(key, value, 'that is not an allowed S3 bucket name');
  }
  return value;
}

function booleanSetting(read: SettingReader, key: SettingKey, fallback: boolean): boolean {
  const value = read(key);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(key, value, 'use true or false');
}

function daysSetting(read: SettingReader, key: SettingKey, fallback: number, allowed?: readonly number[]): number {
  const value = read(key);
  if (value === undefined) return fallback;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || (allowed !== undefined && !allowed.includes(days))) {
    throw invalid(key, value, allowed ? `use one of ${allowed.join(', ')}` : 'use a whole number of days, 1 or more');
  }
  return days;
}

/** Validates every setting (see `DeploySettings` for the defaults). */
export function readDeploySettings(read: SettingReader): DeploySettings {
  const repositoryName = matching(
    'repositoryName',
    read('repositoryName') ?? 'todo-app',
    REPOSITORY_NAME,
    'use up to 100 letters, digits, dots, underscores and dashes',
  );
  const mode = read('repositoryMode') ?? 'create';
  if (mode !== 'create' && mode !== 'import') {
    throw invalid('repositoryMode', mode, 'use create (the stack creates it) or import (it exists already)');
  }
  const nvdSecret = read('nvdApiKeySecretName') ?? DEFAULT_NVD_API_KEY_SECRET_NAME;
  const findingsBucketName = bucketName(read, 'findingsBucketName');
  const artifactBucketName = bucketName(read, 'artifactBucketName');
  const accessLogsBucketName = bucketName(read, 'accessLogsBucketName');
  const botApproves = booleanSetting(read, 'botApproves', true);
  const reviewers = securityReviewers(read);
  if (reviewers.length > 0 && !botApproves) {
    throw invalid(
      'securityReviewers',
      read('securityReviewers') ?? '',
      'security reviewers approve in place of the bot, so they need botApproves=true (the approval rule exists only then)',
    );
  }
  return {
    stackName: matching(
      'stackName',
      read('stackName') ?? 'DevsecopsPipeline',
      STACK_NAME,
      'start with a letter; use letters, digits and dashes',
    ),
    repositoryName,
    repositoryMode: mode,
    branch: matching('branch', read('branch') ?? 'main', BRANCH_NAME, 'use a branch name such as main'),
    imageRepositoryName: matching(
      'imageRepositoryName',
      read('imageRepositoryName') ?? repositoryName.toLowerCase(),
      IMAGE_REPOSITORY_NAME,
      'use lowercase letters, digits and . _ - / separators',
    ),
    ...(findingsBucketName === undefined ? {} : { findingsBucketName }),
    ...(artifactBucketName === undefined ? {} : { artifactBucketName }),
    ...(accessLogsBucketName === undefined ? {} : { accessLogsBucketName }),
    ...(nvdSecret === 'none'
      ? {}
      : {
          nvdApiKeySecretName: matching(
            'nvdApiKeySecretName',
            nvdSecret,
            SECRET_NAME,
            'use a Secrets Manager secret name (letters, digits, /_+=.@-), or none',
          ),
        }),
    botApproves,
    securityReviewers: reviewers,
    logRetentionDays: daysSetting(read, 'logRetentionDays', 90, LOG_RETENTION_DAYS),
    findingsRetentionDays: daysSetting(read, 'findingsRetentionDays', 365),
  };
}

/** Context first (what `-c` and cdk.json give), then the environment; empty values count as unset. */
export function settingReader(
  tryGetContext: (key: string) => unknown,
  env: Readonly<Record<string, string | undefined>>,
): SettingReader {
  return (key) => {
    const fromContext: unknown = tryGetContext(key);
    if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
    if (typeof fromContext === 'boolean' || typeof fromContext === 'number') return String(fromContext);
    const fromEnv = env[settingVariable(key)];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
}
