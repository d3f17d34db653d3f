import { readFileSync } from 'node:fs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DevsecopsError } from '@devsecops/shared/errors';

/** bot/iam-policy.json's placeholders, and what each stands for in this stack. */
export interface BotPolicyTargets {
  /** `arn:aws:codecommit:REGION:ACCOUNT_ID:REPOSITORY`. */
  readonly repositoryArn: string;
  /** `REPOSITORY` inside a findings key or prefix. */
  readonly repositoryName: string;
  /** `arn:aws:s3:::FINDINGS_BUCKET`. */
  readonly findingsBucketArn: string;
}

interface PolicyFileStatement {
  readonly Sid: string;
  readonly Effect: string;
  readonly Action: readonly string[];
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** The statement bot/README.md says to drop when the bot does not approve. */
export const APPROVAL_ACTION = 'codecommit:UpdatePullRequestApprovalState';

function unknownPlaceholder(path: string, what: string): DevsecopsError {
  return new DevsecopsError(
    'CONFIG_INVALID',
    `${path} has ${what} the CDK app does not know how to scope: update infra/src/bot-policy.ts together with the policy.`,
  );
}

/**
 * The bot's role, from bot/iam-policy.json (the one place its actions are listed): the same statements,
 * same Sids and actions, with the placeholders replaced by this stack's repository and findings bucket.
 * A resource or condition the translation does not recognise fails synth instead of being guessed.
 */
export function botPolicyStatements(
  path: string,
  targets: BotPolicyTargets,
  options: { readonly approve: boolean },
): iam.PolicyStatement[] {
  const document = JSON.parse(readFileSync(path, 'utf8')) as { Statement: readonly PolicyFileStatement[] };
  const resources: Readonly<Record<string, string>> = {
    'arn:aws:codecommit:REGION:ACCOUNT_ID:REPOSITORY': targets.repositoryArn,
    'arn:aws:s3:::FINDINGS_BUCKET': targets.findingsBucketArn,
    'arn:aws:s3:::FINDINGS_BUCKET/REPOSITORY/*': `${targets.findingsBucketArn}/${targets.repositoryName}/*`,
  };
  return document.Statement.filter((statement) => options.approve || !statement.Action.includes(APPROVAL_ACTION)).map(
    (statement) => {
      if (statement.Effect !== 'Allow') throw unknownPlaceholder(path, `a ${statement.Effect} statement`);
      const resource = resources[statement.Resource];
      if (resource === undefined) throw unknownPlaceholder(path, `the resource ${statement.Resource}`);
      const conditions: Record<string, Record<string, string[]>> = {};
      for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
        for (const [key, values] of Object.entries(keys)) {
          if (key !== 's3:prefix' || values.some((value) => value !== 'REPOSITORY/*')) {
            throw unknownPlaceholder(path, `the condition ${operator} ${key}`);
          }
          conditions[operator] = { [key]: values.map(() => `${targets.repositoryName}/*`) };
        }
      }
      return new iam.PolicyStatement({
        sid: statement.Sid,
        actions: [...statement.Action],
        resources: [resource],
        ...(Object.keys(conditions).length === 0 ? {} : { conditions }),
      });
    },
  );
}
