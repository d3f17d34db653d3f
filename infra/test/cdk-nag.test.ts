import { deepStrictEqual, ok, throws } from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { createDevsecopsApp } from '../src/devsecops-app';
import type { Synthesized } from './synthesized-stack';
import { logicalId, synthesize } from './synthesized-stack';

interface Acknowledgement {
  readonly resource: string;
  readonly rule: string;
  readonly reason: string;
}

/** The acknowledgements written into the template's metadata (cdk-nag's `writeSuppressionsToCloudFormation`). */
function acknowledgements(synthesized: Synthesized): Acknowledgement[] {
  return Object.entries(synthesized.template.Resources).flatMap(([resource, definition]) => {
    const nag = definition.Metadata?.['cdk_nag'] as { rules_to_suppress: { id: string; reason: string }[] } | undefined;
    return (nag?.rules_to_suppress ?? []).map((entry) => ({ resource, rule: entry.id, reason: entry.reason }));
  });
}

describe("template: cdk-nag's AwsSolutions pack", function () {
  this.timeout(180_000);
  let synthesized: Synthesized;

  before(async () => {
    synthesized = await synthesize();
  });

  it('reports no violation: synth succeeded and the validation report is empty', () => {
    const report = JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    deepStrictEqual(report.pluginReports, []);
  });

  it('accepts exactly these findings, each with its reason (a new one fails here until it is reviewed)', () => {
    const { stack } = synthesized;
    const project = (name: string) => {
      const found = stack.pipeline.projects.get(name);
      if (found === undefined) throw new Error(name);
      return found;
    };
    const findings = `<${logicalId(stack.buckets.findings)}.Arn>`;
    const artifacts = `<${logicalId(stack.buckets.artifacts)}.Arn>`;
    const reasons = {
      findings:
        'Builds upload their reports under <repository>/<commit>/ of the findings bucket; the commit is known only at build time, so the grant is s3:PutObject on the repository prefix.',
      reportGroups:
        "CodeBuild names the report groups of a buildspec <project>-<group>; the grant covers this project's groups only.",
      artifacts:
        'The artifact bucket belongs to this pipeline alone and CodePipeline chooses the object keys of its artifacts.',
      cache: "CodeBuild keeps this project's cache under its own prefix and names the objects itself.",
      ecr: 'ecr:GetAuthorizationToken has no resource-level permissions; every other ECR action is on the one repository.',
      kms: "Artifacts, cache and reports are encrypted with the AWS managed key for S3 in buckets with SSE-S3 that grant only this stack's roles; a customer managed key would add cost and key administration without narrowing who can read them.",
    };
    const reportGroups = (name: string) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<${logicalId(name === 'pull-request' ? stack.pullRequestBuild.build.project : project(name).project)}>-*]`;
    const buildProject = (name: string, extra: Acknowledgement[]): Acknowledgement[] => {
      const built = name === 'pull-request' ? stack.pullRequestBuild.build : project(name);
      const policy = logicalId(built.role.policy);
      return [
        { resource: policy, rule: `AwsSolutions-IAM5[Resource::${findings}/todo-app/*]`, reason: reasons.findings },
        { resource: policy, rule: reportGroups(name), reason: reasons.reportGroups },
        ...extra.map((entry) => ({ ...entry, resource: policy })),
        { resource: logicalId(built.project), rule: 'AwsSolutions-CB4', reason: reasons.kms },
      ];
    };
    const onArtifacts = {
      resource: '',
      rule: `AwsSolutions-IAM5[Resource::${artifacts}/*]`,
      reason: reasons.artifacts,
    };
    const onCache = (name: string): Acknowledgement => ({
      resource: '',
      rule: `AwsSolutions-IAM5[Resource::${artifacts}/codebuild-cache/${name}/*]`,
      reason: reasons.cache,
    });
    deepStrictEqual(acknowledgements(synthesized), [
      {
        resource: logicalId(stack.deadLetters),
        rule: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of the EventBridge targets (PR build start, PR bot).',
      },
      { ...onArtifacts, resource: logicalId(stack.pipeline.pipelineRole.policy) },
      { ...onArtifacts, resource: logicalId(stack.pipeline.actionRoles.get('source')?.policy ?? stack) },
      ...buildProject('sca', [onArtifacts, onCache('sca')]),
      ...buildProject('sast', [onArtifacts, onCache('sast')]),
      ...buildProject('hadolint', [onArtifacts]),
      ...buildProject('image-build', [
        onArtifacts,
        { resource: '', rule: 'AwsSolutions-IAM5[Resource::*]', reason: reasons.ecr },
      ]),
      ...buildProject('pull-request', [onCache('pull-request')]),
      {
        resource: logicalId(stack.bot.role.policy),
        rule: `AwsSolutions-IAM5[Resource::${findings}/todo-app/*]`,
        reason:
          'The bot reads the reports of any commit of its repository (<repository>/<commit>/*.sarif): s3:GetObject on the repository prefix, as in bot/iam-policy.json.',
      },
      {
        resource:
          Object.keys(synthesized.template.Resources).find((id) =>
            id.startsWith('ApprovalRuleTemplateCustomResourcePolicy'),
          ) ?? '',
        rule: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CodeCommit approval rule templates have no resource-level permissions: Create/Update/DeleteApprovalRuleTemplate need Resource *. Associating is limited to the repository.',
      },
    ]);
  });

  it('is live: a careless bucket added to the stack fails synth with the rules it breaks', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'devsecops-nag-canary-'));
    try {
      const { app, stack } = await createDevsecopsApp({ env: {}, outdir });
      new s3.Bucket(stack, 'Careless');
      // CDK prints the violations as it fails; they are the expected output here, so they stay out of the test log.
      const stdout = process.stdout.write.bind(process.stdout);
      const stderr = process.stderr.write.bind(process.stderr);
      process.stdout.write = () => true;
      process.stderr.write = () => true;
      try {
        throws(() => app.synth(), /Validation failed/);
      } finally {
        process.stdout.write = stdout;
        process.stderr.write = stderr;
      }
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
      };
      const broken = report.pluginReports
        .flatMap((plugin) => plugin.violations)
        .filter((violation) =>
          violation.violatingConstructs.some((where) => where.constructPath.includes('/Careless/')),
        )
        .map((violation) => violation.ruleName)
        .sort();
      ok(broken.includes('AwsSolutions-S1') && broken.includes('AwsSolutions-S10'), broken.join(', '));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
