import { deepStrictEqual, throws } from 'node:assert/strict';
import { isDevsecopsError } from '@devsecops/shared/errors';
import type { DeploySettings } from '../src/deploy-settings';
import { readDeploySettings, settingReader } from '../src/deploy-settings';

function settings(
  context: Readonly<Record<string, unknown>> = {},
  env: Readonly<Record<string, string>> = {},
): DeploySettings {
  return readDeploySettings(settingReader((key) => context[key], env));
}

function rejects(context: Readonly<Record<string, unknown>>, message: string): void {
  throws(
    () => settings(context),
    (error: unknown) => isDevsecopsError(error) && error.code === 'CONFIG_INVALID' && error.message === message,
  );
}

describe('deploy settings (CDK context, then DEVSECOPS_* variables, then defaults)', () => {
  it('defaults to the sample app: repository todo-app created, main, bot approves, 90-day logs', () => {
    deepStrictEqual(settings(), {
      stackName: 'DevsecopsPipeline',
      repositoryName: 'todo-app',
      repositoryMode: 'create',
      branch: 'main',
      imageRepositoryName: 'todo-app',
      nvdApiKeySecretName: 'devsecops/nvd-api-key',
      botApproves: true,
      securityReviewers: [],
      logRetentionDays: 90,
      findingsRetentionDays: 365,
    });
  });

  it('reads every setting from the context, which wins over the environment', () => {
    // Taken as given: these context values and the settings read from them are the same.
    const asGiven = {
      stackName: 'Scanning',
      repositoryName: 'Payments.Service',
      repositoryMode: 'import',
      branch: 'release/2026',
      imageRepositoryName: 'team/payments',
      findingsBucketName: 'acme-findings',
      artifactBucketName: 'acme-artifacts',
      accessLogsBucketName: 'acme-access-logs',
      nvdApiKeySecretName: 'team/nvd',
      botApproves: false,
    };
    const context = { ...asGiven, logRetentionDays: 30, findingsRetentionDays: '730' };
    const env = { DEVSECOPS_REPOSITORY_NAME: 'ignored', DEVSECOPS_BRANCH: 'ignored' };
    deepStrictEqual(settings(context, env), {
      ...asGiven,
      securityReviewers: [],
      logRetentionDays: 30,
      findingsRetentionDays: 730,
    });
  });

  it('reads the environment when the context is silent; empty values count as unset', () => {
    deepStrictEqual(
      settings(
        { branch: '' },
        {
          DEVSECOPS_REPOSITORY_NAME: 'billing',
          DEVSECOPS_BRANCH: 'trunk',
          DEVSECOPS_BOT_APPROVES: 'false',
          DEVSECOPS_NVD_API_KEY_SECRET_NAME: 'none',
          DEVSECOPS_IMAGE_REPOSITORY_NAME: '',
        },
      ),
      {
        stackName: 'DevsecopsPipeline',
        repositoryName: 'billing',
        repositoryMode: 'create',
        branch: 'trunk',
        imageRepositoryName: 'billing',
        botApproves: false,
        securityReviewers: [],
        logRetentionDays: 90,
        findingsRetentionDays: 365,
      },
    );
  });

  it('reads every setting from its own DEVSECOPS_ variable (security reviewers: in the test below)', () => {
    deepStrictEqual(
      settings(
        {},
        {
          DEVSECOPS_STACK_NAME: 'Billing',
          DEVSECOPS_REPOSITORY_NAME: 'billing',
          DEVSECOPS_REPOSITORY_MODE: 'import',
          DEVSECOPS_BRANCH: 'trunk',
          DEVSECOPS_IMAGE_REPOSITORY_NAME: 'billing-image',
          DEVSECOPS_FINDINGS_BUCKET_NAME: 'billing-findings',
          DEVSECOPS_ARTIFACT_BUCKET_NAME: 'billing-artifacts',
          DEVSECOPS_ACCESS_LOGS_BUCKET_NAME: 'billing-access-logs',
          DEVSECOPS_NVD_API_KEY_SECRET_NAME: 'billing/nvd',
          DEVSECOPS_BOT_APPROVES: 'false',
          DEVSECOPS_LOG_RETENTION_DAYS: '30',
          DEVSECOPS_FINDINGS_RETENTION_DAYS: '730',
        },
      ),
      {
        stackName: 'Billing',
        repositoryName: 'billing',
        repositoryMode: 'import',
        branch: 'trunk',
        imageRepositoryName: 'billing-image',
        findingsBucketName: 'billing-findings',
        artifactBucketName: 'billing-artifacts',
        accessLogsBucketName: 'billing-access-logs',
        nvdApiKeySecretName: 'billing/nvd',
        botApproves: false,
        securityReviewers: [],
        logRetentionDays: 30,
        findingsRetentionDays: 730,
      },
    );
  });

  it('reads security reviewers as approval-pool members: a user by ARN, a role as any session of it', () => {
    const reviewers = [
      'arn:aws:iam::123456789012:user/alice',
      ' arn:aws:iam::123456789012:role/security/SecurityReviewer ',
      'arn:aws-cn:iam::210987654321:role/AppSec',
    ].join(',');
    deepStrictEqual(settings({}, { DEVSECOPS_SECURITY_REVIEWERS: reviewers }).securityReviewers, [
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:sts::123456789012:assumed-role/SecurityReviewer/*',
      'arn:aws-cn:sts::210987654321:assumed-role/AppSec/*',
    ]);
  });

  it('rejects security reviewers that are not one named IAM user or role, or that have no approval rule to join', () => {
    for (const entry of [
      '*',
      'arn:aws:iam::123456789012:role/*',
      'arn:aws:sts::123456789012:assumed-role/Admin/*',
      'arn:aws:iam::123456789012:group/Security',
      'arn:aws:iam::12345:user/alice',
      'alice',
      '',
    ]) {
      rejects(
        { securityReviewers: `arn:aws:iam::123456789012:user/bob,${entry}` },
        `The deploy setting securityReviewers is "${entry}": use comma-separated IAM user or role ARNs, such as arn:aws:iam::123456789012:role/SecurityReviewer. Set it with \`-c securityReviewers=…\` or DEVSECOPS_SECURITY_REVIEWERS.`,
      );
    }
    rejects(
      { securityReviewers: 'arn:aws:iam::123456789012:user/bob', botApproves: false },
      'The deploy setting securityReviewers is "arn:aws:iam::123456789012:user/bob": security reviewers approve in place of the bot, so they need botApproves=true (the approval rule exists only then). Set it with `-c securityReviewers=…` or DEVSECOPS_SECURITY_REVIEWERS.',
    );
  });

  it('rejects values that would break a name, a path or a policy, naming the flag and the variable to fix', () => {
    rejects(
      { repositoryName: 'todo-app/../other' },
      'The deploy setting repositoryName is "todo-app/../other": use up to 100 letters, digits, dots, underscores and dashes. Set it with `-c repositoryName=…` or DEVSECOPS_REPOSITORY_NAME.',
    );
    rejects(
      { repositoryName: 'x'.repeat(101) },
      `The deploy setting repositoryName is "${'x'.repeat(101)}": use up to 100 letters, digits, dots, underscores and dashes. Set it with \`-c repositoryName=…\` or DEVSECOPS_REPOSITORY_NAME.`,
    );
    rejects(
      { repositoryMode: 'adopt' },
      'The deploy setting repositoryMode is "adopt": use create (the stack creates it) or import (it exists already). Set it with `-c repositoryMode=…` or DEVSECOPS_REPOSITORY_MODE.',
    );
    for (const branch of ['main..evil', '/main', 'main/', 'feature//x', 'has space', 'a"b']) {
      rejects(
        { branch },
        `The deploy setting branch is "${branch}": use a branch name such as main. Set it with \`-c branch=…\` or DEVSECOPS_BRANCH.`,
      );
    }
    for (const bucket of ['Findings', 'ab', 'bucket_name', '-bucket', 'a..b', '192.168.1.10', 'xn--bucket']) {
      throws(() => settings({ findingsBucketName: bucket }), /The deploy setting findingsBucketName is/);
    }
    rejects(
      { nvdApiKeySecretName: 'my key' },
      'The deploy setting nvdApiKeySecretName is "my key": use a Secrets Manager secret name (letters, digits, /_+=.@-), or none. Set it with `-c nvdApiKeySecretName=…` or DEVSECOPS_NVD_API_KEY_SECRET_NAME.',
    );
    rejects(
      { botApproves: 'yes' },
      'The deploy setting botApproves is "yes": use true or false. Set it with `-c botApproves=…` or DEVSECOPS_BOT_APPROVES.',
    );
    throws(() => settings({ logRetentionDays: 45 }), /logRetentionDays is "45": use one of 1, 3, 5, 7, 14, 30, 60, 90/);
    throws(() => settings({ findingsRetentionDays: '0' }), /findingsRetentionDays is "0": use a whole number of days/);
    throws(() => settings({ imageRepositoryName: 'UPPER' }), /imageRepositoryName is "UPPER"/);
    throws(() => settings({ stackName: '1stack' }), /stackName is "1stack"/);
  });
});
