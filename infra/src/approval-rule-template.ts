import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, ANY_RESOURCE } from './nag-acknowledgements';

export interface ApprovalRuleTemplateProps {
  /** Up to 100 characters; unique in the account and region. */
  readonly templateName: string;
  readonly repositoryName: string;
  readonly repositoryArn: string;
  /** Pull requests into this branch need the approval. */
  readonly branch: string;
  /** The role whose sessions form the approval pool (the bot's Lambda role). */
  readonly approverRole: iam.IRole;
  /** More approval-pool members (security reviewers), whose approval counts instead of the bot's. */
  readonly otherApprovers?: readonly string[];
  readonly logRetention: logs.RetentionDays;
}

/** The content of an approval rule template (CodeCommit's 2018-11-08 rule language). */
export interface ApprovalRuleContent {
  readonly Version: '2018-11-08';
  readonly DestinationReferences: readonly string[];
  readonly Statements: readonly {
    readonly Type: 'Approvers';
    readonly NumberOfApprovalsNeeded: number;
    readonly ApprovalPoolMembers: readonly string[];
  }[];
}

/**
 * A CodeCommit approval rule template, associated with the repository, that needs one approval from the
 * bot's role (or from a security reviewer, when the deployment names some) before a pull request into the
 * branch can merge. CloudFormation has no resource for approval
 * rule templates (cloudformation-coverage-roadmap #329), so two SDK-call custom resources manage it:
 * the template (create, update its content, delete) and its association (associate, disassociate),
 * which CloudFormation deletes first because it depends on the template.
 */
export class ApprovalRuleTemplate extends Construct {
  readonly content: ApprovalRuleContent;

  constructor(scope: Construct, id: string, props: ApprovalRuleTemplateProps) {
    super(scope, id);
    this.content = {
      Version: '2018-11-08',
      DestinationReferences: [`refs/heads/${props.branch}`],
      Statements: [
        {
          Type: 'Approvers',
          NumberOfApprovalsNeeded: 1,
          // A Lambda function acts as an assumed-role session of its role: any session of the bot's role.
          ApprovalPoolMembers: [
            `arn:${Aws.PARTITION}:sts::${Aws.ACCOUNT_ID}:assumed-role/${props.approverRole.roleName}/*`,
            ...(props.otherApprovers ?? []),
          ],
        },
      ],
    };
    const contentJson = Stack.of(this).toJsonString(this.content);
    const name = props.templateName;
    const logGroup = new logs.LogGroup(this, 'ProviderLogs', { retention: props.logRetention });
    const providerRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Manages the approval rule template of the DevSecOps bot',
    });
    providerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteItsLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const common = {
      installLatestAwsSdk: false,
      role: providerRole,
      logGroup,
      timeout: Duration.minutes(2),
    } as const;

    const template = new cr.AwsCustomResource(this, 'Template', {
      ...common,
      resourceType: 'Custom::CodeCommitApprovalRuleTemplate',
      onCreate: {
        service: 'CodeCommit',
        action: 'CreateApprovalRuleTemplate',
        parameters: {
          approvalRuleTemplateName: name,
          approvalRuleTemplateDescription: 'Pull requests need the DevSecOps bot approval (its security gate passed)',
          approvalRuleTemplateContent: contentJson,
        },
        physicalResourceId: cr.PhysicalResourceId.of(name),
      },
      onUpdate: {
        service: 'CodeCommit',
        action: 'UpdateApprovalRuleTemplateContent',
        parameters: { approvalRuleTemplateName: name, newRuleContent: contentJson },
        physicalResourceId: cr.PhysicalResourceId.of(name),
      },
      onDelete: {
        service: 'CodeCommit',
        action: 'DeleteApprovalRuleTemplate',
        parameters: { approvalRuleTemplateName: name },
        ignoreErrorCodesMatching: 'ApprovalRuleTemplateDoesNotExistException',
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'ManageTheTemplate',
          // Approval rule templates have no resource-level permissions in IAM.
          actions: [
            'codecommit:CreateApprovalRuleTemplate',
            'codecommit:DeleteApprovalRuleTemplate',
            'codecommit:UpdateApprovalRuleTemplateContent',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'AssociateTheTemplateWithTheRepository',
          actions: [
            'codecommit:AssociateApprovalRuleTemplateWithRepository',
            'codecommit:DisassociateApprovalRuleTemplateFromRepository',
          ],
          resources: [props.repositoryArn],
        }),
      ]),
    });
    const association = new cr.AwsCustomResource(this, 'Association', {
      ...common,
      resourceType: 'Custom::CodeCommitApprovalRuleTemplateAssociation',
      onCreate: {
        service: 'CodeCommit',
        action: 'AssociateApprovalRuleTemplateWithRepository',
        parameters: { approvalRuleTemplateName: name, repositoryName: props.repositoryName },
        physicalResourceId: cr.PhysicalResourceId.of(`${name}@${props.repositoryName}`),
      },
      onDelete: {
        service: 'CodeCommit',
        action: 'DisassociateApprovalRuleTemplateFromRepository',
        parameters: { approvalRuleTemplateName: name, repositoryName: props.repositoryName },
        // Removed by hand already: nothing left to undo.
        ignoreErrorCodesMatching: 'ApprovalRuleTemplateDoesNotExistException|RepositoryDoesNotExistException',
      },
    });
    // Created after the template (and its policy, which covers both calls); deleted before it.
    association.node.addDependency(template);
    acknowledge(
      template.node.findChild('CustomResourcePolicy'),
      ANY_RESOURCE,
      'CodeCommit approval rule templates have no resource-level permissions: Create/Update/DeleteApprovalRuleTemplate need Resource *. Associating is limited to the repository.',
    );
  }
}
