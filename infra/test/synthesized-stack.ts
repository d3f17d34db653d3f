import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isJsonObject } from '@devsecops/shared/json';
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CliBundle } from '../src/cli-bundle';
import { buildCliBundle } from '../src/cli-bundle';
import { createDevsecopsApp } from '../src/devsecops-app';
import type { DevsecopsStack } from '../src/devsecops-stack';
import { repositoryPaths } from '../src/repository-paths';

/**
 * The stack as `npm run synth` makes it (same app factory, cdk-nag plugin included), synthesized once per
 * set of settings and shared by the template tests, plus a small evaluator that turns the template's
 * intrinsic functions into plain strings, so tests compare whole structures with readable values:
 * `{{LogicalId}}` for a Ref, `{{LogicalId.Attribute}}` for a GetAtt, and fixed pseudo parameters.
 */

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

export interface Synthesized {
  readonly stack: DevsecopsStack;
  /** The CloudFormation template as written to the cloud assembly. */
  readonly template: CfnTemplate;
  /** The cloud assembly folder (validation-report.json, assets). */
  readonly outdir: string;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: readonly string[];
}

export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, { readonly Value: unknown }>>;
}

const scratch = mkdtempSync(join(tmpdir(), 'devsecops-infra-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let bundle: CliBundle | undefined;
const synthesized = new Map<string, Promise<Synthesized>>();

/** The stack for these deploy settings (CDK context), synthesized once per process. */
export function synthesize(context: Readonly<Record<string, string>> = {}): Promise<Synthesized> {
  const key = JSON.stringify(context);
  let pending = synthesized.get(key);
  if (pending === undefined) {
    pending = (async () => {
      bundle ??= buildCliBundle(repositoryPaths().root, join(scratch, 'bundle'));
      const outdir = join(scratch, `cdk.out.${String(synthesized.size)}`);
      const { app, stack } = await createDevsecopsApp({ context, env: {}, outdir, cliBundle: bundle });
      const assembly = app.synth();
      const template = assembly.getStackByName(stack.stackName).template as CfnTemplate;
      return { stack, template, outdir };
    })();
    synthesized.set(key, pending);
  }
  return pending;
}

/** `{{LogicalId}}`: how `evaluate` renders a Ref to this construct's resource. */
export function ref(construct: IConstruct): string {
  return `{{${logicalId(construct)}}}`;
}

/** `{{LogicalId.Attribute}}`: how `evaluate` renders a GetAtt. */
export function att(construct: IConstruct, attribute = 'Arn'): string {
  return `{{${logicalId(construct)}.${attribute}}}`;
}

export function logicalId(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(element);
}

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'DevsecopsPipeline',
};

/** The template value with Ref, Fn::GetAtt, Fn::Join, Fn::Sub and Fn::Select worked out (see the file comment). */
export function evaluate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(evaluate);
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const argument = value[key ?? ''];
    if (key === 'Ref' && typeof argument === 'string') return PSEUDO[argument] ?? `{{${argument}}}`;
    if (key === 'Fn::GetAtt' && Array.isArray(argument)) return `{{${argument.map(String).join('.')}}}`;
    if (key === 'Fn::Join' && Array.isArray(argument)) {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => String(evaluate(part))).join(separator);
    }
    if (key === 'Fn::Sub' && typeof argument === 'string') {
      return argument.replace(/\$\{([^}]+)\}/g, (_, name: string) => PSEUDO[name] ?? `{{${name}}}`);
    }
    if (key === 'Fn::Select' && Array.isArray(argument)) {
      const [index, list] = argument as [number, unknown];
      const evaluated = evaluate(list);
      return Array.isArray(evaluated) ? evaluated[index] : `{{select ${String(index)}}}`;
    }
  }
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, evaluate(inner)]));
}

/** Resources of a type, by logical id, properties evaluated. */
export function resourcesOfType(template: CfnTemplate, type: string): Map<string, Readonly<Record<string, unknown>>> {
  const found = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === type) found.set(id, evaluate(resource.Properties ?? {}) as Record<string, unknown>);
  }
  return found;
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: unknown;
  readonly Principal?: unknown;
}

/** A statement with Action and Resource always as lists (CloudFormation allows a single string). */
export function normalise(statement: Readonly<Record<string, unknown>>): Statement {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value)]);
  return {
    ...(typeof statement['Sid'] === 'string' ? { Sid: statement['Sid'] } : {}),
    Effect: typeof statement['Effect'] === 'string' ? statement['Effect'] : JSON.stringify(statement['Effect']),
    Action: list(statement['Action']),
    Resource: list(statement['Resource']),
    ...(statement['Condition'] === undefined ? {} : { Condition: statement['Condition'] }),
    ...(statement['Principal'] === undefined ? {} : { Principal: statement['Principal'] }),
  };
}

/** Every identity statement a role gets: its inline policies and every AWS::IAM::Policy attached to it. */
export function roleStatements(template: CfnTemplate, roleId: string): Statement[] {
  const statements: Statement[] = [];
  const role = template.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const inline = evaluate(role.Properties?.['Policies'] ?? []) as { PolicyDocument: { Statement: unknown[] } }[];
  for (const policy of inline)
    statements.push(...policy.PolicyDocument.Statement.map((s) => normalise(s as Record<string, unknown>)));
  for (const properties of resourcesOfType(template, 'AWS::IAM::Policy').values()) {
    if (!(properties['Roles'] as string[]).includes(`{{${roleId}}}`)) continue;
    const document = properties['PolicyDocument'] as { Statement: Record<string, unknown>[] };
    statements.push(...document.Statement.map(normalise));
  }
  return statements;
}

/** The service (or role) a role trusts, from its assume-role policy. */
export function trustedBy(template: CfnTemplate, roleId: string): unknown[] {
  const document = evaluate(template.Resources[roleId]?.Properties?.['AssumeRolePolicyDocument']) as {
    Statement: { Principal: unknown }[];
  };
  return document.Statement.map((statement) => statement.Principal);
}
