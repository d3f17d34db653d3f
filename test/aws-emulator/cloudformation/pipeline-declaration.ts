// An `AWS::CodePipeline::Pipeline` resource's properties (intrinsic functions already worked out) as the
// CreatePipeline API takes them: CloudFormation spells the same structure in PascalCase and lets configuration
// values be numbers or booleans, which the API takes as strings (as CloudFormation sends them).
import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';

interface CfnArtifact {
  readonly Name: string;
}

interface CfnAction {
  readonly Name: string;
  readonly ActionTypeId: { Category: string; Owner: string; Provider: string; Version: string };
  readonly Configuration?: Readonly<Record<string, unknown>>;
  readonly InputArtifacts?: readonly CfnArtifact[];
  readonly OutputArtifacts?: readonly CfnArtifact[];
  readonly Namespace?: string;
  readonly RoleArn?: string;
  readonly Region?: string;
  readonly RunOrder?: number;
}

/** The properties this reads; others (Triggers, Variables, ExecutionMode…) make the pipeline one it cannot stand up. */
export interface CfnPipelineProperties {
  readonly RoleArn: string;
  readonly ArtifactStore?: { Type: string; Location: string };
  readonly ArtifactStores?: unknown;
  readonly PipelineType?: 'V1' | 'V2';
  readonly Stages: readonly { Name: string; Actions: readonly CfnAction[] }[];
  readonly RestartExecutionOnUpdate?: boolean;
  readonly DisableInboundStageTransitions?: unknown;
  readonly Triggers?: unknown;
  readonly Variables?: unknown;
  readonly ExecutionMode?: string;
}

/** Properties that change how the pipeline runs and that the emulator would silently ignore. */
const UNSUPPORTED: readonly (keyof CfnPipelineProperties)[] = [
  'ArtifactStores',
  'DisableInboundStageTransitions',
  'Triggers',
  'Variables',
];

/** Why the pipeline cannot be stood up as declared, or undefined when it can. */
export function unsupportedPipelineProperties(properties: CfnPipelineProperties): string | undefined {
  const found = UNSUPPORTED.filter((key) => properties[key] !== undefined);
  if (properties.ExecutionMode !== undefined && properties.ExecutionMode !== 'SUPERSEDED') found.push('ExecutionMode');
  return found.length === 0 ? undefined : `declares ${found.join(', ')}, which the emulator does not run`;
}

function configurationValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(
    `A pipeline action's configuration value must be a string, number or boolean, not ${JSON.stringify(value)}.`,
  );
}

/** CreatePipeline's `pipeline`, named `name`. */
export function pipelineDeclaration(name: string, properties: CfnPipelineProperties): PipelineDeclaration {
  return {
    name,
    roleArn: properties.RoleArn,
    ...(properties.ArtifactStore === undefined
      ? {}
      : {
          artifactStore: { type: properties.ArtifactStore.Type as 'S3', location: properties.ArtifactStore.Location },
        }),
    ...(properties.PipelineType === undefined ? {} : { pipelineType: properties.PipelineType }),
    stages: properties.Stages.map((stage) => ({
      name: stage.Name,
      actions: stage.Actions.map((action) => ({
        name: action.Name,
        actionTypeId: {
          category: action.ActionTypeId.Category as 'Source',
          owner: action.ActionTypeId.Owner as 'AWS',
          provider: action.ActionTypeId.Provider,
          version: action.ActionTypeId.Version,
        },
        ...(action.RunOrder === undefined ? {} : { runOrder: action.RunOrder }),
        ...(action.Configuration === undefined
          ? {}
          : {
              configuration: Object.fromEntries(
                Object.entries(action.Configuration).map(([key, value]) => [key, configurationValue(value)]),
              ),
            }),
        ...(action.InputArtifacts === undefined
          ? {}
          : { inputArtifacts: action.InputArtifacts.map((artifact) => ({ name: artifact.Name })) }),
        ...(action.OutputArtifacts === undefined
          ? {}
          : { outputArtifacts: action.OutputArtifacts.map((artifact) => ({ name: artifact.Name })) }),
        ...(action.Namespace === undefined ? {} : { namespace: action.Namespace }),
        ...(action.RoleArn === undefined ? {} : { roleArn: action.RoleArn }),
        ...(action.Region === undefined ? {} : { region: action.Region }),
      })),
    })),
  };
}
