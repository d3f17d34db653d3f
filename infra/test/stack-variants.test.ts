import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { parse } from 'yaml';
import type { Synthesized } from './synthesized-stack';
import { ACCOUNT, logicalId, REGION, resourcesOfType, roleStatements, synthesize } from './synthesized-stack';

/** Buildspecs of every project, parsed, by logical id. */
function buildspecs(synthesized: Synthesized): Map<string, { env?: Record<string, unknown> }> {
  const found = new Map<string, { env?: Record<string, unknown> }>();
  for (const [id, project] of resourcesOfType(synthesized.template, 'AWS::CodeBuild::Project')) {
    found.set(id, parse((project['Source'] as { BuildSpec: string }).BuildSpec) as { env?: Record<string, unknown> });
  }
  return found;
}

describe('template: deploy settings change what they say, and nothing else', function () {
  this.timeout(180_000);

  it('an imported repository without bot approval and without an NVD key', async () => {
    const synthesized = await synthesize({
      repositoryMode: 'import',
      repositoryName: 'existing-repo',
      botApproves: 'false',
      nvdApiKeySecretName: 'none',
    });
    const { stack, template } = synthesized;
    const arn = `arn:aws:codecommit:${REGION}:${ACCOUNT}:existing-repo`;
    // Nothing creates or deletes the repository; everything refers to it by name.
    deepStrictEqual(resourcesOfType(template, 'AWS::CodeCommit::Repository').size, 0);
    const prSource = resourcesOfType(template, 'AWS::CodeBuild::Project').get(
      logicalId(stack.pullRequestBuild.build.project),
    )?.['Source'] as { Location: string };
    strictEqual(prSource.Location, `https://git-codecommit.${REGION}.amazonaws.com/v1/repos/existing-repo`);
    // No approval rule, no approval permission, and the bot is told not to approve.
    strictEqual(stack.approvalRule, undefined);
    deepStrictEqual(
      [
        resourcesOfType(template, 'Custom::CodeCommitApprovalRuleTemplate').size,
        resourcesOfType(template, 'Custom::CodeCommitApprovalRuleTemplateAssociation').size,
      ],
      [0, 0],
    );
    const bot = roleStatements(template, logicalId(stack.bot.role.mutableRole));
    deepStrictEqual(
      bot.map((statement) => [statement.Sid, statement.Resource]),
      [
        ['WriteItsLogs', [`{{${logicalId(stack.bot.logGroup)}.Arn}}`]],
        ['ReadPullRequestAndCode', [arn]],
        ['CommentOnPullRequests', [arn]],
        ['ListFindingsOfThisRepository', [`{{${logicalId(stack.buckets.findings)}.Arn}}`]],
        ['ReadFindingsOfThisRepository', [`{{${logicalId(stack.buckets.findings)}.Arn}}/existing-repo/*`]],
      ],
    );
    const environment = resourcesOfType(template, 'AWS::Lambda::Function').get(logicalId(stack.bot.function))?.[
      'Environment'
    ] as { Variables: Record<string, string> };
    strictEqual(environment.Variables['DEVSECOPS_BOT_APPROVE'], 'false');
    // No NVD secret: no buildspec references one and no role may read one.
    for (const [id, buildspec] of buildspecs(synthesized)) {
      strictEqual(buildspec.env?.['secrets-manager'], undefined, id);
    }
    ok(!JSON.stringify(template).includes('secretsmanager:'), 'no secretsmanager permission anywhere in the template');
  });

  it('a named secret, another branch, a named findings bucket, 30-day logs and security reviewers', async () => {
    const synthesized = await synthesize({
      nvdApiKeySecretName: 'team/nvd',
      branch: 'develop',
      securityReviewers: 'arn:aws:iam::123456789012:role/AppSec,arn:aws:iam::123456789012:user/alice',
      findingsBucketName: 'acme-devsecops-findings',
      logRetentionDays: '30',
    });
    const { stack, template } = synthesized;
    const secretReferences = [...buildspecs(synthesized).values()]
      .map((buildspec) => buildspec.env?.['secrets-manager'])
      .filter((references) => references !== undefined);
    deepStrictEqual(secretReferences, [
      { NVD_API_KEY: 'team/nvd:NVD_API_KEY' },
      { NVD_API_KEY: 'team/nvd:NVD_API_KEY' },
    ]);
    for (const project of [stack.pipeline.projects.get('sca'), stack.pullRequestBuild.build]) {
      const statements = roleStatements(template, logicalId(project?.role.mutableRole ?? stack));
      deepStrictEqual(
        statements.filter((statement) => statement.Sid === 'ReadItsSecrets').map((statement) => statement.Resource),
        [[`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:team/nvd-??????`]],
      );
    }
    const pipeline = [...resourcesOfType(template, 'AWS::CodePipeline::Pipeline').values()][0];
    const source = (pipeline?.['Stages'] as { Actions: { Configuration: { BranchName: string } }[] }[])[0];
    strictEqual(source?.Actions[0]?.Configuration.BranchName, 'develop');
    deepStrictEqual(stack.approvalRule?.content.DestinationReferences, ['refs/heads/develop']);
    // One approval from the bot or from a security reviewer: a reviewer approves what the bot will not.
    const rule = stack.approvalRule;
    ok(rule);
    deepStrictEqual(
      rule.content.Statements.map((statement) => [statement.NumberOfApprovalsNeeded, statement.ApprovalPoolMembers]),
      [
        [
          1,
          [
            rule.content.Statements[0]?.ApprovalPoolMembers[0],
            'arn:aws:sts::123456789012:assumed-role/AppSec/*',
            'arn:aws:iam::123456789012:user/alice',
          ],
        ],
      ],
    );
    ok(String(rule.content.Statements[0]?.ApprovalPoolMembers[0]).includes(':assumed-role/'), "the bot's role first");
    strictEqual(
      resourcesOfType(template, 'AWS::S3::Bucket').get(logicalId(stack.buckets.findings))?.['BucketName'],
      'acme-devsecops-findings',
    );
    deepStrictEqual(
      new Set([...resourcesOfType(template, 'AWS::Logs::LogGroup').values()].map((group) => group['RetentionInDays'])),
      new Set([30]),
    );
  });
});
