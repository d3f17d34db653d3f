// Stands up in the emulator what a synthesized CDK stack declares, as CloudFormation would create it: the buckets
// (and the stack's file assets in the CDK bootstrap bucket, where the template points), the CodeCommit
// repositories, the CodeBuild projects (inlined buildspecs, environment variables), the CodePipeline pipelines,
// the Lambda functions (run by the Node.js runtime stand-in from their asset folders) and the EventBridge rules with
// their targets (CodeBuild StartBuild with the target's InputTransformer, CodePipeline StartPipelineExecution,
// Lambda invocations). Everything goes through the real SDK
// clients on the emulator's wire. What the emulator cannot stand up is listed in `notStoodUp`, never dropped
// silently.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateProjectCommand,
  StartBuildCommand,
  type CreateProjectCommandInput,
  type StartBuildCommandInput,
} from '@aws-sdk/client-codebuild';
import { CreateRepositoryCommand } from '@aws-sdk/client-codecommit';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  createCodeBuildClient,
  createCodeCommitClient,
  createCodePipelineClient,
  createS3Client,
} from '@devsecops/shared/aws';
import type { AwsEmulator } from '../emulator';
import { EMULATOR_ACCESS_KEY_ID, EMULATOR_ACCOUNT_ID, EMULATOR_SECRET_ACCESS_KEY } from '../emulator';
import type { EventTarget } from '../events/event-bus';
import { invokeNodeFunction, type Invocation, type NodeFunction } from '../lambda/node-function';
import { emulatorS3Settings, emulatorSettings } from '../testing';
import { pipelineDeclaration, unsupportedPipelineProperties, type CfnPipelineProperties } from './pipeline-declaration';
import { TemplateValues, type Template } from './template-values';

/** The part of a cloud assembly's `<stack>.assets.json` this reads. */
interface AssetManifest {
  readonly files: Readonly<
    Record<
      string,
      {
        readonly source: { readonly path: string; readonly packaging: 'file' | 'zip' };
        readonly destinations: Readonly<Record<string, { readonly bucketName: string; readonly objectKey: string }>>;
      }
    >
  >;
}

export interface StandUpOptions {
  readonly emulator: AwsEmulator;
  /** The cloud assembly folder (`cdk.out`). */
  readonly assemblyDir: string;
  readonly stackName: string;
  /**
   * The CodeBuild image stand-in: how a project is built here, given what the template declares (the test says
   * what it changes and why). Default: as declared.
   */
  readonly adaptProject?: (logicalId: string, project: CreateProjectCommandInput) => CreateProjectCommandInput;
  /**
   * The credentials functions run with: their execution role's identity, which must not be the test's own (the
   * emulator names a caller by its access key, and a PR's author cannot approve it). Default the emulator's key.
   */
  readonly functionCredentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Variables every function gets besides its own (e.g. the emulator's endpoints). */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
  readonly functionTimeoutMs?: number;
}

export interface FunctionInvocation {
  readonly functionName: string;
  readonly event: unknown;
  readonly invocation: Invocation;
}

export interface StoodUpStack {
  readonly values: TemplateValues;
  /** Logical id → physical name, per resource type stood up. */
  readonly buckets: ReadonlyMap<string, string>;
  readonly repositories: ReadonlyMap<string, string>;
  readonly projects: ReadonlyMap<string, string>;
  readonly pipelines: ReadonlyMap<string, string>;
  readonly functions: ReadonlyMap<string, string>;
  readonly rules: readonly string[];
  /** `s3://bucket/key` of each file asset uploaded. */
  readonly assets: readonly string[];
  /** Every function invocation so far, oldest first. */
  readonly invocations: readonly FunctionInvocation[];
  /** Resources and targets of the template the emulator does not stand up, with their type. */
  readonly notStoodUp: readonly string[];
  /** Releases the clients the rules' targets use (call after the emulator has settled). */
  close(): void;
}

function ofType(template: Template, type: string): [string, Readonly<Record<string, unknown>>][] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties ?? {}]);
}

const STOOD_UP_TYPES = new Set([
  'AWS::S3::Bucket',
  'AWS::CodeCommit::Repository',
  'AWS::CodeBuild::Project',
  'AWS::CodePipeline::Pipeline',
  'AWS::Lambda::Function',
  'AWS::Events::Rule',
]);

function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

export async function standUpTemplate(options: StandUpOptions): Promise<StoodUpStack> {
  const { emulator, assemblyDir, stackName } = options;
  const template = JSON.parse(readFileSync(join(assemblyDir, `${stackName}.template.json`), 'utf8')) as Template;
  const manifest = JSON.parse(readFileSync(join(assemblyDir, `${stackName}.assets.json`), 'utf8')) as AssetManifest;
  const values = new TemplateValues(template, { stackName, accountId: EMULATOR_ACCOUNT_ID, region: emulator.region });
  const sub = (text: string): string => values.resolveString({ 'Fn::Sub': text });
  const s3 = createS3Client(emulatorS3Settings(emulator));
  const codecommit = createCodeCommitClient(emulatorSettings(emulator));
  const codebuild = createCodeBuildClient(emulatorSettings(emulator));
  const codepipeline = createCodePipelineClient(emulatorSettings(emulator));
  const notStoodUp = Object.entries(template.Resources)
    .filter(([, resource]) => !STOOD_UP_TYPES.has(resource.Type))
    .map(([id, resource]) =>
      isCustomResource(resource.Type)
        ? `${id} (${resource.Type}: custom resources are not run; their provider answers CloudFormation's response URL, which the emulator does not have)`
        : `${id} (${resource.Type})`,
    );
  const invocations: FunctionInvocation[] = [];
  try {
    const buckets = new Map<string, string>();
    const createdBuckets = new Set<string>();
    const createBucket = async (name: string): Promise<void> => {
      if (createdBuckets.has(name)) return;
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      createdBuckets.add(name);
    };
    for (const [id] of ofType(template, 'AWS::S3::Bucket')) {
      buckets.set(id, values.nameOf(id));
      await createBucket(values.nameOf(id));
    }

    // File assets (the CLI bundle): uploaded where the template's variables point, as `cdk deploy` publishes them.
    const assets: string[] = [];
    const assetFolders = new Map<string, string>();
    for (const asset of Object.values(manifest.files)) {
      for (const destination of Object.values(asset.destinations)) {
        const bucket = sub(destination.bucketName);
        const key = sub(destination.objectKey);
        if (asset.source.packaging === 'zip') {
          // A folder asset (a function's code): the runtime stand-in runs it from the folder.
          assetFolders.set(key, join(assemblyDir, asset.source.path));
          continue;
        }
        if (asset.source.path.endsWith('.template.json')) continue;
        await createBucket(bucket);
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(join(assemblyDir, asset.source.path)) }),
        );
        assets.push(`s3://${bucket}/${key}`);
      }
    }

    const repositories = new Map<string, string>();
    for (const [id, properties] of ofType(template, 'AWS::CodeCommit::Repository')) {
      repositories.set(id, values.nameOf(id));
      await codecommit.send(
        new CreateRepositoryCommand({
          repositoryName: values.nameOf(id),
          ...(typeof properties['RepositoryDescription'] === 'string'
            ? { repositoryDescription: properties['RepositoryDescription'] }
            : {}),
        }),
      );
    }

    const projects = new Map<string, string>();
    for (const [id, properties] of ofType(template, 'AWS::CodeBuild::Project')) {
      const resolved = values.resolve(properties) as {
        Description?: string;
        Source: { Type: string; Location?: string; BuildSpec?: string };
        Artifacts: { Type: string; Location?: string };
        Environment: {
          Type: string;
          Image: string;
          ComputeType: string;
          PrivilegedMode?: boolean;
          EnvironmentVariables?: { Name: string; Value: string; Type?: string }[];
        };
        ServiceRole: string;
        TimeoutInMinutes?: number;
      };
      const declared: CreateProjectCommandInput = {
        name: values.nameOf(id),
        ...(resolved.Description === undefined ? {} : { description: resolved.Description }),
        source: {
          type: resolved.Source.Type as 'CODECOMMIT',
          ...(resolved.Source.Location === undefined ? {} : { location: resolved.Source.Location }),
          ...(resolved.Source.BuildSpec === undefined ? {} : { buildspec: resolved.Source.BuildSpec }),
        },
        artifacts: {
          type: resolved.Artifacts.Type as 'NO_ARTIFACTS',
          ...(resolved.Artifacts.Location === undefined ? {} : { location: resolved.Artifacts.Location }),
        },
        environment: {
          type: resolved.Environment.Type as 'LINUX_CONTAINER',
          image: resolved.Environment.Image,
          computeType: resolved.Environment.ComputeType as 'BUILD_GENERAL1_SMALL',
          privilegedMode: resolved.Environment.PrivilegedMode ?? false,
          environmentVariables: (resolved.Environment.EnvironmentVariables ?? []).map((variable) => ({
            name: variable.Name,
            value: variable.Value,
            type: (variable.Type ?? 'PLAINTEXT') as 'PLAINTEXT',
          })),
        },
        serviceRole: resolved.ServiceRole,
        ...(resolved.TimeoutInMinutes === undefined ? {} : { timeoutInMinutes: resolved.TimeoutInMinutes }),
      };
      await codebuild.send(new CreateProjectCommand(options.adaptProject?.(id, declared) ?? declared));
      projects.set(id, values.nameOf(id));
    }

    const pipelines = new Map<string, string>();
    for (const [id, properties] of ofType(template, 'AWS::CodePipeline::Pipeline')) {
      const resolved = values.resolve(properties) as CfnPipelineProperties;
      const unsupported = unsupportedPipelineProperties(resolved);
      if (unsupported !== undefined) {
        notStoodUp.push(`${id} (AWS::CodePipeline::Pipeline: ${unsupported})`);
        continue;
      }
      await codepipeline.send(
        new CreatePipelineCommand({ pipeline: pipelineDeclaration(values.nameOf(id), resolved) }),
      );
      pipelines.set(id, values.nameOf(id));
    }

    const functions = new Map<string, string>();
    const functionsByArn = new Map<string, NodeFunction & { name: string }>();
    for (const [id, properties] of ofType(template, 'AWS::Lambda::Function')) {
      const resolved = values.resolve(properties) as {
        Handler: string;
        Code: { S3Key?: string };
        Environment?: { Variables?: Record<string, string> };
        Timeout?: number;
      };
      const codeDir = resolved.Code.S3Key === undefined ? undefined : assetFolders.get(resolved.Code.S3Key);
      if (codeDir === undefined) {
        notStoodUp.push(`${id} (AWS::Lambda::Function: its code is not a folder asset of the assembly)`);
        continue;
      }
      const name = values.nameOf(id);
      functions.set(id, name);
      functionsByArn.set(values.attribute(id, 'Arn'), {
        name,
        codeDir,
        handler: resolved.Handler,
        timeoutMs: options.functionTimeoutMs ?? (resolved.Timeout ?? 3) * 1000,
        environment: {
          ...resolved.Environment?.Variables,
          AWS_REGION: emulator.region,
          AWS_DEFAULT_REGION: emulator.region,
          AWS_LAMBDA_FUNCTION_NAME: name,
          AWS_ACCESS_KEY_ID: options.functionCredentials?.accessKeyId ?? EMULATOR_ACCESS_KEY_ID,
          AWS_SECRET_ACCESS_KEY: options.functionCredentials?.secretAccessKey ?? EMULATOR_SECRET_ACCESS_KEY,
          ...options.functionEnvironment,
        },
      });
    }

    const projectsByArn = new Map([...projects].map(([id, name]) => [values.attribute(id, 'Arn'), name]));
    // A pipeline's ARN, as an EventBridge target names it (CloudFormation gives AWS::CodePipeline::Pipeline no Arn).
    const pipelinesByArn = new Map(
      [...pipelines.values()].map((name) => [
        `arn:aws:codepipeline:${emulator.region}:${EMULATOR_ACCOUNT_ID}:${name}`,
        name,
      ]),
    );
    const rules: string[] = [];
    for (const [id, properties] of ofType(template, 'AWS::Events::Rule')) {
      if (properties['State'] === 'DISABLED' || properties['EventPattern'] === undefined) continue;
      const declaredTargets = (properties['Targets'] ?? []) as Record<string, unknown>[];
      const targets: EventTarget[] = [];
      for (const declaredTarget of declaredTargets) {
        const arn = values.resolveString(declaredTarget['Arn']);
        const targetId = String(declaredTarget['Id']);
        const transformer = declaredTarget['InputTransformer'] as
          { InputPathsMap?: Record<string, string>; InputTemplate: string } | undefined;
        const inputTransformer =
          transformer === undefined
            ? undefined
            : {
                ...(transformer.InputPathsMap === undefined ? {} : { inputPathsMap: transformer.InputPathsMap }),
                inputTemplate: values.resolveString(transformer.InputTemplate),
              };
        const project = projectsByArn.get(arn);
        const pipeline = pipelinesByArn.get(arn);
        const fn = functionsByArn.get(arn);
        let deliver: EventTarget['deliver'];
        if (project !== undefined) {
          deliver = async (input) => {
            // CodeBuild as an EventBridge target: the (transformed) input is StartBuild's parameters.
            const parameters =
              inputTransformer === undefined ? {} : (input as Omit<StartBuildCommandInput, 'projectName'>);
            const started = await codebuild.send(new StartBuildCommand({ ...parameters, projectName: project }));
            return started.build?.id;
          };
        } else if (pipeline !== undefined) {
          deliver = async () => {
            // CodePipeline as an EventBridge target: the event starts an execution (the source action reads the
            // branch as it is then, as CodePipeline does without a source-revision override).
            const started = await codepipeline.send(new StartPipelineExecutionCommand({ name: pipeline }));
            return started.pipelineExecutionId;
          };
        } else if (fn !== undefined) {
          deliver = async (input) => {
            const invocation = await invokeNodeFunction(fn, input);
            invocations.push({ functionName: fn.name, event: input, invocation });
            if (invocation.error !== undefined) throw new Error(invocation.error);
            return invocation.result;
          };
        } else {
          notStoodUp.push(`${id} target ${targetId} (${arn})`);
          continue;
        }
        targets.push({ id: targetId, ...(inputTransformer === undefined ? {} : { inputTransformer }), deliver });
      }
      emulator.events.putRule({ name: id, eventPattern: values.resolve(properties['EventPattern']), targets });
      rules.push(id);
    }
    return {
      values,
      buckets,
      repositories,
      projects,
      pipelines,
      functions,
      rules,
      assets,
      invocations,
      notStoodUp,
      close: () => {
        codebuild.destroy();
        codepipeline.destroy();
      },
    };
  } finally {
    s3.destroy();
    codecommit.destroy();
  }
}
