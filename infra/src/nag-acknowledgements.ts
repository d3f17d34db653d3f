import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (v3) findings this stack accepts, each with its reason, recorded where the resource is made.
 * They are written into the template's metadata (`cdk_nag.rules_to_suppress`), and the template tests list
 * them all: a new acknowledgement fails the tests until it is reviewed and added there.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  // On the CloudFormation resource itself, so the acknowledgement does not reach constructs CDK nests under it.
  Validations.of(scope.node.defaultChild ?? scope).acknowledge({ id: rule, reason });
}

/** The logical id CloudFormation gets for a construct (or its default child), as cdk-nag prints it. */
function logicalIdOf(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(element);
}

/** An IAM5 wildcard-resource finding on `<resource ARN>/<suffix>` (e.g. a bucket's objects under a prefix). */
export function wildcardUnder(resource: IConstruct, suffix: string): string {
  return `AwsSolutions-IAM5[Resource::<${logicalIdOf(resource)}.Arn>/${suffix}]`;
}

/** The IAM5 finding on a project's report groups, `report-group/<project name>-*`. */
export function reportGroupsOf(project: IConstruct): string {
  return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<${logicalIdOf(project)}>-*]`;
}

/** The IAM5 finding on `Resource: *`. */
export const ANY_RESOURCE = 'AwsSolutions-IAM5[Resource::*]';
