import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { STACK_OUTPUTS } from '../src/devsecops-stack';
import type { Synthesized } from './synthesized-stack';
import { ACCOUNT, att, evaluate, logicalId, ref, resourcesOfType, synthesize } from './synthesized-stack';

describe('template: buckets, ECR, the bot, events, logs and the approval rule', function () {
  this.timeout(180_000);
  let synthesized: Synthesized;

  before(async () => {
    synthesized = await synthesize();
  });

  const properties = (construct: Parameters<typeof logicalId>[0]): Readonly<Record<string, unknown>> =>
    evaluate(synthesized.template.Resources[logicalId(construct)]?.Properties ?? {}) as Record<string, unknown>;

  const resource = (construct: Parameters<typeof logicalId>[0]) => synthesized.template.Resources[logicalId(construct)];

  it('buckets: SSE-S3, versioned, all public access blocked, ACLs off, lifecycle, access logs, kept on delete', () => {
    const { buckets } = synthesized.stack;
    const baseline = {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    };
    const lifecycle = (days: number) => ({
      LifecycleConfiguration: {
        Rules: [
          {
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            ExpirationInDays: days,
            Id: `expire-after-${String(days)}-days`,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            Status: 'Enabled',
          },
        ],
      },
    });
    deepStrictEqual(properties(buckets.findings), {
      ...baseline,
      ...lifecycle(365),
      LoggingConfiguration: { DestinationBucketName: ref(buckets.accessLogs), LogFilePrefix: 'findings/' },
    });
    deepStrictEqual(properties(buckets.artifacts), {
      ...baseline,
      ...lifecycle(30),
      LoggingConfiguration: { DestinationBucketName: ref(buckets.accessLogs), LogFilePrefix: 'artifacts/' },
    });
    deepStrictEqual(properties(buckets.accessLogs), { ...baseline, ...lifecycle(365) });
    for (const bucket of [buckets.findings, buckets.artifacts, buckets.accessLogs]) {
      deepStrictEqual(
        [resource(bucket)?.Type, (resource(bucket) as { DeletionPolicy?: string } | undefined)?.DeletionPolicy],
        ['AWS::S3::Bucket', 'Retain'],
      );
    }
  });

  it('bucket policies: deny plain HTTP and TLS below 1.2; only S3 log delivery may write access logs', () => {
    const { buckets } = synthesized.stack;
    const policies = [...resourcesOfType(synthesized.template, 'AWS::S3::BucketPolicy').values()];
    const tlsOnly = (bucket: string) => [
      {
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Resource: [bucket, `${bucket}/*`],
      },
      {
        Action: 's3:*',
        Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Resource: [bucket, `${bucket}/*`],
      },
    ];
    const logDelivery = (source: string, prefix: string) => ({
      Action: 's3:PutObject',
      Condition: { ArnLike: { 'aws:SourceArn': source }, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Resource: `${att(buckets.accessLogs)}/${prefix}*`,
    });
    deepStrictEqual(
      policies.map((policy) => [policy['Bucket'], (policy['PolicyDocument'] as { Statement: unknown[] }).Statement]),
      [
        [
          ref(buckets.accessLogs),
          [
            ...tlsOnly(att(buckets.accessLogs)),
            logDelivery(att(buckets.findings), 'findings/'),
            logDelivery(att(buckets.artifacts), 'artifacts/'),
          ],
        ],
        [ref(buckets.findings), tlsOnly(att(buckets.findings))],
        [ref(buckets.artifacts), tlsOnly(att(buckets.artifacts))],
      ],
    );
  });

  it('ECR: scan on push, immutable tags, lifecycle rules, kept on delete', () => {
    const repository = synthesized.stack.imageRepository;
    const { LifecyclePolicy, ...rest } = properties(repository) as { LifecyclePolicy: { LifecyclePolicyText: string } };
    // AES-256 is ECR's default encryption: CloudFormation gets no EncryptionConfiguration for it.
    deepStrictEqual(rest, {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      RepositoryName: 'todo-app',
    });
    deepStrictEqual(JSON.parse(LifecyclePolicy.LifecyclePolicyText), {
      rules: [
        {
          rulePriority: 1,
          description: 'Remove untagged layers after two weeks',
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 14, countUnit: 'days' },
          action: { type: 'expire' },
        },
        {
          rulePriority: 2,
          description: 'Keep the newest 200 images',
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 200 },
          action: { type: 'expire' },
        },
      ],
    });
    strictEqual((resource(repository) as { DeletionPolicy?: string } | undefined)?.DeletionPolicy, 'Retain');
  });

  it('the CodeCommit repository is created with the configured name and kept on delete', () => {
    const repository = synthesized.stack.repository;
    deepStrictEqual(properties(repository), {
      RepositoryDescription: 'Scanned by the DevSecOps pipeline and reviewed by its pull-request bot',
      RepositoryName: 'todo-app',
    });
    strictEqual((resource(repository) as { DeletionPolicy?: string } | undefined)?.DeletionPolicy, 'Retain');
  });

  it('the bot: bot/dist/lambda.js on nodejs24.x (arm64) with its settings, its role and its log group', () => {
    const { stack } = synthesized;
    const { Code, ...rest } = properties(stack.bot.function) as { Code: { S3Key: string } };
    deepStrictEqual(rest, {
      Architectures: ['arm64'],
      Description: 'DevSecOps PR bot: comments findings on CodeCommit pull requests and sets the approval',
      Environment: {
        Variables: {
          FINDINGS_BUCKET: ref(stack.buckets.findings),
          DEVSECOPS_BOT_APPROVE: 'true',
          DEVSECOPS_BOT_MODE: 'added',
        },
      },
      Handler: 'lambda.handler',
      LoggingConfig: { LogGroup: ref(stack.bot.logGroup) },
      MemorySize: 512,
      Role: att(stack.bot.role.mutableRole),
      Runtime: 'nodejs24.x',
      Timeout: 300,
    });
    ok(/^[0-9a-f]{64}\.zip$/.test(Code.S3Key));
  });

  it("the bot's rules: an open PR created or updated, and the pull-request build finished (not stopped)", () => {
    const { stack } = synthesized;
    const target = {
      Arn: att(stack.bot.function),
      DeadLetterConfig: { Arn: att(stack.deadLetters) },
      Id: 'Target0',
      RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 3 },
    };
    deepStrictEqual(properties(stack.bot.pullRequestRule), {
      Description: 'Runs the PR bot when an open pull request is created or updated',
      EventPattern: {
        source: ['aws.codecommit'],
        'detail-type': ['CodeCommit Pull Request State Change'],
        resources: [att(stack.repository)],
        detail: { event: ['pullRequestCreated', 'pullRequestSourceBranchUpdated'], pullRequestStatus: ['Open'] },
      },
      State: 'ENABLED',
      Targets: [target],
    });
    deepStrictEqual(properties(stack.bot.buildRule), {
      Description: 'Runs the PR bot when the pull-request build has uploaded its reports',
      EventPattern: {
        source: ['aws.codebuild'],
        'detail-type': ['CodeBuild Build State Change'],
        detail: {
          'project-name': [ref(stack.pullRequestBuild.build.project)],
          'build-status': ['SUCCEEDED', 'FAILED'],
        },
      },
      State: 'ENABLED',
      Targets: [target],
    });
    const permissions = [...resourcesOfType(synthesized.template, 'AWS::Lambda::Permission').values()];
    deepStrictEqual(
      permissions,
      [stack.bot.pullRequestRule, stack.bot.buildRule].map((rule) => ({
        Action: 'lambda:InvokeFunction',
        FunctionName: att(stack.bot.function),
        Principal: 'events.amazonaws.com',
        SourceArn: att(rule),
      })),
    );
  });

  it('undelivered events go to an encrypted, TLS-only dead-letter queue kept for 14 days', () => {
    deepStrictEqual(properties(synthesized.stack.deadLetters), {
      MessageRetentionPeriod: 1209600,
      SqsManagedSseEnabled: true,
    });
  });

  it('every log group has a retention (90 days), and every function and project logs to one of them', () => {
    const groups = resourcesOfType(synthesized.template, 'AWS::Logs::LogGroup');
    deepStrictEqual(
      [...groups.values()].map((group) => group['RetentionInDays']),
      [...groups.values()].map(() => 90),
    );
    // Five CodeBuild projects, the bot, the approval rule provider.
    strictEqual(groups.size, 7);
    const groupRefs = new Set([...groups.keys()].map((id) => `{{${id}}}`));
    for (const fn of resourcesOfType(synthesized.template, 'AWS::Lambda::Function').values()) {
      ok(groupRefs.has((fn['LoggingConfig'] as { LogGroup: string }).LogGroup));
    }
    for (const project of resourcesOfType(synthesized.template, 'AWS::CodeBuild::Project').values()) {
      const logs = project['LogsConfig'] as { CloudWatchLogs: { GroupName: string; Status: string } };
      ok(groupRefs.has(logs.CloudWatchLogs.GroupName) && logs.CloudWatchLogs.Status === 'ENABLED');
    }
    // No CDK log-retention helper functions: the groups are created with their retention.
    deepStrictEqual(resourcesOfType(synthesized.template, 'Custom::LogRetention').size, 0);
  });

  it("the approval rule: a template needing one approval from the bot's role on main, associated with the repository", () => {
    const { stack } = synthesized;
    ok(stack.approvalRule);
    const templates = [...resourcesOfType(synthesized.template, 'Custom::CodeCommitApprovalRuleTemplate').values()];
    const associations = [
      ...resourcesOfType(synthesized.template, 'Custom::CodeCommitApprovalRuleTemplateAssociation').values(),
    ];
    deepStrictEqual([templates.length, associations.length], [1, 1]);
    const calls = (resource: Readonly<Record<string, unknown>>) =>
      Object.fromEntries(
        ['Create', 'Update', 'Delete']
          .filter((key) => resource[key] !== undefined)
          .map((key) => [key, JSON.parse(String(resource[key])) as unknown]),
      );
    const content = JSON.stringify({
      Version: '2018-11-08',
      DestinationReferences: ['refs/heads/main'],
      Statements: [
        {
          Type: 'Approvers',
          NumberOfApprovalsNeeded: 1,
          ApprovalPoolMembers: [`arn:aws:sts::${ACCOUNT}:assumed-role/${ref(stack.bot.role.mutableRole)}/*`],
        },
      ],
    });
    const name = 'devsecops-bot-todo-app';
    deepStrictEqual(calls(templates[0] ?? {}), {
      Create: {
        service: 'CodeCommit',
        action: 'CreateApprovalRuleTemplate',
        parameters: {
          approvalRuleTemplateName: name,
          approvalRuleTemplateDescription: 'Pull requests need the DevSecOps bot approval (its security gate passed)',
          approvalRuleTemplateContent: content,
        },
        physicalResourceId: { id: name },
      },
      Update: {
        service: 'CodeCommit',
        action: 'UpdateApprovalRuleTemplateContent',
        parameters: { approvalRuleTemplateName: name, newRuleContent: content },
        physicalResourceId: { id: name },
      },
      Delete: {
        service: 'CodeCommit',
        action: 'DeleteApprovalRuleTemplate',
        parameters: { approvalRuleTemplateName: name },
        ignoreErrorCodesMatching: 'ApprovalRuleTemplateDoesNotExistException',
      },
    });
    deepStrictEqual(calls(associations[0] ?? {}), {
      Create: {
        service: 'CodeCommit',
        action: 'AssociateApprovalRuleTemplateWithRepository',
        parameters: { approvalRuleTemplateName: name, repositoryName: 'todo-app' },
        physicalResourceId: { id: `${name}@todo-app` },
      },
      Delete: {
        service: 'CodeCommit',
        action: 'DisassociateApprovalRuleTemplateFromRepository',
        parameters: { approvalRuleTemplateName: name, repositoryName: 'todo-app' },
        ignoreErrorCodesMatching: 'ApprovalRuleTemplateDoesNotExistException|RepositoryDoesNotExistException',
      },
    });
    // The SDK calls use the Lambda runtime's SDK (no npm install while deploying), and the association is
    // created after (and deleted before) the template.
    for (const resource of [...templates, ...associations]) strictEqual(resource['InstallLatestAwsSdk'], false);
    const association = Object.entries(synthesized.template.Resources).find(
      ([, candidate]) => candidate.Type === 'Custom::CodeCommitApprovalRuleTemplateAssociation',
    );
    ok(association?.[1].DependsOn?.some((id) => id.startsWith('ApprovalRuleTemplate')));
  });

  it('outputs what `pipeline run --remote`, the bot CLI and the emulator test need', () => {
    const { stack } = synthesized;
    deepStrictEqual(Object.keys(synthesized.template.Outputs ?? {}), [...STACK_OUTPUTS]);
    const value = (name: string): unknown => evaluate(synthesized.template.Outputs?.[name]?.Value);
    deepStrictEqual(
      ['RepositoryName', 'PipelineName', 'PullRequestBuildProject', 'FindingsBucketName', 'BotFunctionName'].map(value),
      [
        att(stack.repository, 'Name'),
        ref(stack.pipeline.pipeline),
        ref(stack.pullRequestBuild.build.project),
        ref(stack.buckets.findings),
        ref(stack.bot.function),
      ],
    );
  });
});
