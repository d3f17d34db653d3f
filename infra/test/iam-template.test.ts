import { deepStrictEqual, ok } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { BuildProject } from '../src/build-project';
import { repositoryPaths } from '../src/repository-paths';
import type { Statement, Synthesized } from './synthesized-stack';
import {
  ACCOUNT,
  att,
  evaluate,
  logicalId,
  normalise,
  REGION,
  ref,
  resourcesOfType,
  roleStatements,
  synthesize,
  trustedBy,
} from './synthesized-stack';

/**
 * Every permission in the stack, statement by statement. The roles are built so that CDK's automatic
 * grants never reach them; these tests are the list of what each role may do, and the invariants
 * (no wildcard action, no CodeCommit write for builds or the pipeline, the bot's actions = its policy file).
 */

/** CodeCommit actions a build or the pipeline may hold: reading, and CodePipeline's source snapshot. */
const CODECOMMIT_READS = new Set([
  'codecommit:GitPull',
  'codecommit:GetBranch',
  'codecommit:GetCommit',
  'codecommit:GetFile',
  'codecommit:GetRepository',
  'codecommit:GetUploadArchiveStatus',
  // CodePipeline's source protocol: CodeCommit uploads a snapshot to the artifact store. IAM lists these
  // as "Write", but they change nothing in the repository, its branches or its pull requests.
  'codecommit:UploadArchive',
  'codecommit:CancelUploadArchive',
]);

function allow(sid: string, actions: readonly string[], resources: readonly string[], condition?: unknown): Statement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: [...actions],
    Resource: [...resources],
    ...(condition === undefined ? {} : { Condition: condition }),
  };
}

describe('template: IAM, statement by statement', function () {
  this.timeout(180_000);
  let synthesized: Synthesized;

  before(async () => {
    synthesized = await synthesize();
  });

  const statementsOf = (role: Parameters<typeof logicalId>[0]): Statement[] =>
    roleStatements(synthesized.template, logicalId(role));

  /** Every statement of every kind of policy in the template, with where it is. */
  const everyStatement = (): { where: string; statement: Statement }[] => {
    const found: { where: string; statement: Statement }[] = [];
    for (const [id, resource] of Object.entries(synthesized.template.Resources)) {
      const properties = evaluate(resource.Properties ?? {}) as Record<string, unknown>;
      const documents: unknown[] = [];
      if (resource.Type === 'AWS::IAM::Role') {
        documents.push(
          ...((properties['Policies'] as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument),
        );
      }
      if (
        ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy'].includes(
          resource.Type,
        )
      ) {
        documents.push(properties['PolicyDocument']);
      }
      for (const document of documents) {
        for (const statement of (document as { Statement: Record<string, unknown>[] }).Statement) {
          found.push({ where: id, statement: normalise(statement) });
        }
      }
    }
    return found;
  };

  it('allows no wildcard action anywhere (only the TLS-enforcing Deny statements use s3:* / sqs:*)', () => {
    const statements = everyStatement();
    ok(statements.length > 40, `found ${String(statements.length)} statements`);
    const wildcards = statements.filter(({ statement }) => statement.Action.some((action) => action.includes('*')));
    for (const { where, statement } of wildcards) {
      deepStrictEqual(
        [statement.Effect, statement.Action.length, statement.Condition !== undefined],
        ['Deny', 1, true],
        `${where}: ${JSON.stringify(statement)}`,
      );
    }
  });

  it('attaches no managed policy to any role (every permission is written out)', () => {
    for (const [id, role] of resourcesOfType(synthesized.template, 'AWS::IAM::Role')) {
      deepStrictEqual(role['ManagedPolicyArns'], undefined, id);
    }
  });

  it('gives the build roles, the pipeline role and its action roles no CodeCommit write action', () => {
    const { stack } = synthesized;
    // The check itself catches a write: the bot's role (which comments and approves) fails it.
    ok(
      statementsOf(stack.bot.role.mutableRole).some((statement) =>
        statement.Action.some((action) => action.startsWith('codecommit:') && !CODECOMMIT_READS.has(action)),
      ),
    );
    const roles = [
      stack.pipeline.pipelineRole.mutableRole,
      ...[...stack.pipeline.actionRoles.values()].map((role) => role.mutableRole),
      ...[...stack.pipeline.projects.values()].map((project) => project.role.mutableRole),
      stack.pullRequestBuild.build.role.mutableRole,
    ];
    deepStrictEqual(roles.length, 11);
    for (const role of roles) {
      const codecommit = statementsOf(role).flatMap((statement) =>
        statement.Action.filter((action) => action.startsWith('codecommit:')),
      );
      deepStrictEqual(
        codecommit.filter((action) => !CODECOMMIT_READS.has(action)),
        [],
        role.node.path,
      );
    }
  });

  /** What every CodeBuild project's role holds; the rest depends on what the project does. */
  const buildStatements = (
    project: BuildProject,
    extra: { secrets: boolean; artifacts: 'read' | 'read-write' | 'none'; cache?: string; ecr: boolean },
  ): Statement[] => {
    const { stack } = synthesized;
    const statements = [
      allow('WriteItsLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [att(project.logGroup)]),
      allow(
        'PublishItsTestReports',
        [
          'codebuild:BatchPutCodeCoverages',
          'codebuild:BatchPutTestCases',
          'codebuild:CreateReport',
          'codebuild:CreateReportGroup',
          'codebuild:UpdateReport',
        ],
        [`arn:aws:codebuild:${REGION}:${ACCOUNT}:report-group/${ref(project.project)}-*`],
      ),
      allow(
        'ReadTheCliBundle',
        ['s3:GetObject'],
        [`arn:aws:s3:::cdk-hnb659fds-assets-${ACCOUNT}-${REGION}/${stack.cliAsset.s3ObjectKey}`],
      ),
      allow('CloneTheRepository', ['codecommit:GitPull'], [att(stack.repository)]),
      allow('UploadReportsOfThisRepository', ['s3:PutObject'], [`${att(stack.buckets.findings)}/todo-app/*`]),
    ];
    if (extra.secrets) {
      statements.push(
        allow(
          'ReadItsSecrets',
          ['secretsmanager:GetSecretValue'],
          [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:devsecops/nvd-api-key-??????`],
        ),
      );
    }
    if (extra.artifacts !== 'none') {
      statements.push(
        allow('ReadPipelineArtifacts', ['s3:GetObject', 's3:GetObjectVersion'], [`${att(stack.buckets.artifacts)}/*`]),
        allow('LocateTheArtifactBucket', ['s3:GetBucketAcl', 's3:GetBucketLocation'], [att(stack.buckets.artifacts)]),
      );
      if (extra.artifacts === 'read-write') {
        statements.push(allow('WritePipelineArtifacts', ['s3:PutObject'], [`${att(stack.buckets.artifacts)}/*`]));
      }
    }
    if (extra.cache !== undefined) {
      statements.push(
        allow(
          'UseItsCache',
          ['s3:GetObject', 's3:PutObject'],
          [`${att(stack.buckets.artifacts)}/codebuild-cache/${extra.cache}/*`],
        ),
      );
    }
    if (extra.ecr) {
      statements.push(
        allow('LogInToEcr', ['ecr:GetAuthorizationToken'], ['*']),
        allow(
          'PushTheApplicationImage',
          [
            'ecr:BatchCheckLayerAvailability',
            'ecr:CompleteLayerUpload',
            'ecr:DescribeImages',
            'ecr:InitiateLayerUpload',
            'ecr:PutImage',
            'ecr:UploadLayerPart',
          ],
          [att(stack.imageRepository)],
        ),
      );
    }
    return statements;
  };

  it('each pipeline project role: its logs and reports, the CLI bundle, git pull, its findings prefix, and what its action needs', () => {
    const { stack } = synthesized;
    const project = (name: string): BuildProject => {
      const found = stack.pipeline.projects.get(name);
      if (found === undefined) throw new Error(name);
      return found;
    };
    for (const [name, extra] of [
      ['sca', { secrets: true, artifacts: 'read-write', cache: 'sca', ecr: false }],
      ['sast', { secrets: false, artifacts: 'read-write', cache: 'sast', ecr: false }],
      ['hadolint', { secrets: false, artifacts: 'read-write', ecr: false }],
      ['image-build', { secrets: false, artifacts: 'read', ecr: true }],
    ] as const) {
      deepStrictEqual(statementsOf(project(name).role.mutableRole), buildStatements(project(name), extra), name);
      deepStrictEqual(trustedBy(synthesized.template, logicalId(project(name).role.mutableRole)), [
        { Service: 'codebuild.amazonaws.com' },
      ]);
    }
  });

  it('the pull-request build role: the same, plus its cache and reading the destination policy, no pipeline artifacts', () => {
    const { stack } = synthesized;
    const build = stack.pullRequestBuild.build;
    deepStrictEqual(statementsOf(build.role.mutableRole), [
      ...buildStatements(build, { secrets: true, artifacts: 'none', cache: 'pull-request', ecr: false }),
      allow('ReadTheDestinationPolicy', ['codecommit:GetFile'], [att(stack.repository)]),
      allow('ReadTheBaselineReports', ['s3:GetObject'], [`${att(stack.buckets.findings)}/todo-app/*`]),
      allow('ListTheBaselineReports', ['s3:ListBucket'], [att(stack.buckets.findings)], {
        StringLike: { 's3:prefix': ['todo-app/*'] },
      }),
    ]);
  });

  it('the pipeline role: the artifact bucket and assuming its action roles, nothing else', () => {
    const { stack } = synthesized;
    const actionRoles = [...stack.pipeline.actionRoles.values()].map((role) => att(role.mutableRole));
    deepStrictEqual(statementsOf(stack.pipeline.pipelineRole.mutableRole), [
      allow('UseTheArtifactBucket', ['s3:GetBucketVersioning', 's3:GetBucketLocation'], [att(stack.buckets.artifacts)]),
      allow(
        'UseTheArtifacts',
        ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        [`${att(stack.buckets.artifacts)}/*`],
      ),
      allow('AssumeTheActionRoles', ['sts:AssumeRole'], actionRoles),
    ]);
    deepStrictEqual(actionRoles.length, 5);
    deepStrictEqual(trustedBy(synthesized.template, logicalId(stack.pipeline.pipelineRole.mutableRole)), [
      { Service: 'codepipeline.amazonaws.com' },
    ]);
  });

  it('each action role: trusted by the pipeline role only; the source reads the branch, a build runs its project', () => {
    const { stack } = synthesized;
    for (const [name, role] of stack.pipeline.actionRoles) {
      deepStrictEqual(trustedBy(synthesized.template, logicalId(role.mutableRole)), [
        { AWS: att(stack.pipeline.pipelineRole.mutableRole) },
      ]);
      const project = stack.pipeline.projects.get(name);
      deepStrictEqual(
        statementsOf(role.mutableRole),
        project === undefined
          ? [
              allow(
                'ReadTheBranch',
                [
                  'codecommit:CancelUploadArchive',
                  'codecommit:GetBranch',
                  'codecommit:GetCommit',
                  'codecommit:GetRepository',
                  'codecommit:GetUploadArchiveStatus',
                  'codecommit:UploadArchive',
                ],
                [att(stack.repository)],
              ),
              allow('WriteTheSourceArtifact', ['s3:GetObject', 's3:PutObject'], [`${att(stack.buckets.artifacts)}/*`]),
            ]
          : [
              allow(
                'RunItsProject',
                ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:StopBuild'],
                [att(project.project)],
              ),
            ],
        name,
      );
    }
  });

  it('the bot role: its logs plus exactly the statements of bot/iam-policy.json, scoped to this repository and prefix', () => {
    const { stack } = synthesized;
    const file = JSON.parse(readFileSync(repositoryPaths().botPolicy, 'utf8')) as {
      Statement: { Sid: string; Action: string[] }[];
    };
    const statements = statementsOf(stack.bot.role.mutableRole);
    deepStrictEqual(
      statements.slice(1).map((statement) => [statement.Sid, statement.Action]),
      file.Statement.map((statement) => [statement.Sid, statement.Action]),
    );
    const repository = att(stack.repository);
    const bucket = att(stack.buckets.findings);
    deepStrictEqual(statements, [
      allow('WriteItsLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [att(stack.bot.logGroup)]),
      allow(
        'ReadPullRequestAndCode',
        [
          'codecommit:GetPullRequest',
          'codecommit:GetDifferences',
          'codecommit:GetFile',
          'codecommit:GetCommentsForPullRequest',
        ],
        [repository],
      ),
      allow(
        'CommentOnPullRequests',
        ['codecommit:PostCommentForPullRequest', 'codecommit:UpdateComment'],
        [repository],
      ),
      allow(
        'ApprovePullRequestsOnlyWhenBotApproveIsOn',
        ['codecommit:GetPullRequestApprovalStates', 'codecommit:UpdatePullRequestApprovalState'],
        [repository],
      ),
      allow('ListFindingsOfThisRepository', ['s3:ListBucket'], [bucket], {
        StringLike: { 's3:prefix': ['todo-app/*'] },
      }),
      allow('ReadFindingsOfThisRepository', ['s3:GetObject'], [`${bucket}/todo-app/*`]),
    ]);
    deepStrictEqual(trustedBy(synthesized.template, logicalId(stack.bot.role.mutableRole)), [
      { Service: 'lambda.amazonaws.com' },
    ]);
  });

  it('the roles EventBridge uses: start the pipeline, start the pull-request build', () => {
    const { stack } = synthesized;
    const eventRoles = [...resourcesOfType(synthesized.template, 'AWS::IAM::Role')]
      .filter(([id]) => JSON.stringify(trustedBy(synthesized.template, id)).includes('events.amazonaws.com'))
      .map(([id]) => roleStatements(synthesized.template, id));
    deepStrictEqual(eventRoles, [
      [
        {
          Effect: 'Allow',
          Action: ['codepipeline:StartPipelineExecution'],
          Resource: [`arn:aws:codepipeline:${REGION}:${ACCOUNT}:${ref(stack.pipeline.pipeline)}`],
        },
      ],
      [{ Effect: 'Allow', Action: ['codebuild:StartBuild'], Resource: [att(stack.pullRequestBuild.build.project)] }],
    ]);
  });

  it('the approval rule provider: its logs, the template APIs (no resource-level permissions) and the association on the repository', () => {
    const { stack } = synthesized;
    const providers = [...resourcesOfType(synthesized.template, 'AWS::IAM::Role')].filter(([id]) =>
      id.startsWith('ApprovalRuleProviderRole'),
    );
    deepStrictEqual(providers.length, 1);
    const [[providerId]] = providers as [[string, unknown]];
    const logs = resourcesOfType(synthesized.template, 'AWS::Logs::LogGroup');
    const providerLogs = [...logs.keys()].find((id) => id.startsWith('ApprovalRuleProviderLogs'));
    deepStrictEqual(roleStatements(synthesized.template, providerId), [
      allow('WriteItsLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [`{{${providerLogs ?? ''}.Arn}}`]),
      allow(
        'ManageTheTemplate',
        [
          'codecommit:CreateApprovalRuleTemplate',
          'codecommit:DeleteApprovalRuleTemplate',
          'codecommit:UpdateApprovalRuleTemplateContent',
        ],
        ['*'],
      ),
      allow(
        'AssociateTheTemplateWithTheRepository',
        [
          'codecommit:AssociateApprovalRuleTemplateWithRepository',
          'codecommit:DisassociateApprovalRuleTemplateFromRepository',
        ],
        [att(stack.repository)],
      ),
    ]);
  });

  it('has no role this file does not check', () => {
    const { stack } = synthesized;
    const checked = new Set([
      logicalId(stack.pipeline.pipelineRole.mutableRole),
      ...[...stack.pipeline.actionRoles.values()].map((role) => logicalId(role.mutableRole)),
      ...[...stack.pipeline.projects.values()].map((project) => logicalId(project.role.mutableRole)),
      logicalId(stack.pullRequestBuild.build.role.mutableRole),
      logicalId(stack.bot.role.mutableRole),
    ]);
    const others = [...resourcesOfType(synthesized.template, 'AWS::IAM::Role').keys()].filter((id) => !checked.has(id));
    deepStrictEqual(
      others.map((id) => id.replace(/[0-9A-F]{8}$/, '')),
      ['PipelineEventsRole', 'PullRequestBuildProjectEventsRole', 'ApprovalRuleProviderRole'],
    );
  });
});
