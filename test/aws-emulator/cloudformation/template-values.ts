import { isJsonObject } from '@devsecops/shared/json';
// What CloudFormation would make of a template's values once the stack exists: each resource's physical name and
// attributes (as the emulator names them), and the intrinsic functions a CDK template uses (Ref, Fn::GetAtt,
// Fn::Join, Fn::Sub, Fn::Select, Fn::Split) worked out into plain values. Anything else throws: a test never runs
// on a value it could not work out.

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
}

export interface Template {
  readonly Resources: Readonly<Record<string, TemplateResource>>;
}

/** Where the stack is "deployed". */
export interface StackPlace {
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
}

/** A resource's physical name: the one the template gives, else one derived from the stack and logical id. */
export function physicalName(place: StackPlace, logicalId: string, resource: TemplateResource): string {
  const given = (key: string): string | undefined => {
    const value = resource.Properties?.[key];
    return typeof value === 'string' ? value : undefined;
  };
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      return given('BucketName') ?? `${place.stackName}-${logicalId}`.toLowerCase().slice(0, 63);
    case 'AWS::CodeCommit::Repository':
      return given('RepositoryName') ?? logicalId;
    case 'AWS::CodeBuild::Project':
      return given('Name') ?? logicalId;
    case 'AWS::Lambda::Function':
      return given('FunctionName') ?? `${place.stackName}-${logicalId}`;
    case 'AWS::CodePipeline::Pipeline':
      return given('Name') ?? `${place.stackName}-${logicalId}`;
    case 'AWS::IAM::Role':
      return given('RoleName') ?? `${place.stackName}-${logicalId}`;
    default:
      return logicalId;
  }
}

/** The attributes Fn::GetAtt can read (the ones the emulator's services give meaning to). */
function attributes(place: StackPlace, type: string, name: string): Readonly<Record<string, string>> {
  const { region, accountId } = place;
  switch (type) {
    case 'AWS::S3::Bucket':
      return { Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com` };
    case 'AWS::CodeCommit::Repository':
      return {
        Arn: `arn:aws:codecommit:${region}:${accountId}:${name}`,
        Name: name,
        CloneUrlHttp: `https://git-codecommit.${region}.amazonaws.com/v1/repos/${name}`,
        CloneUrlSsh: `ssh://git-codecommit.${region}.amazonaws.com/v1/repos/${name}`,
      };
    case 'AWS::CodeBuild::Project':
      return { Arn: `arn:aws:codebuild:${region}:${accountId}:project/${name}` };
    case 'AWS::Lambda::Function':
      return { Arn: `arn:aws:lambda:${region}:${accountId}:function:${name}` };
    case 'AWS::IAM::Role':
      return { Arn: `arn:aws:iam::${accountId}:role/${name}` };
    case 'AWS::SQS::Queue':
      return { Arn: `arn:aws:sqs:${region}:${accountId}:${name}` };
    default:
      return { Arn: `arn:aws:emulated:${region}:${accountId}:${name}` };
  }
}

/** Resolves a template's values as the deployed stack would see them. */
export class TemplateValues {
  private readonly names = new Map<string, string>();

  constructor(
    readonly template: Template,
    readonly place: StackPlace,
  ) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      this.names.set(logicalId, physicalName(place, logicalId, resource));
    }
  }

  /** The physical name of a logical id. */
  nameOf(logicalId: string): string {
    const name = this.names.get(logicalId);
    if (name === undefined) throw new Error(`The template has no resource ${logicalId}.`);
    return name;
  }

  /** Fn::GetAtt. */
  attribute(logicalId: string, attribute: string): string {
    const type = this.template.Resources[logicalId]?.Type ?? '';
    const value = attributes(this.place, type, this.nameOf(logicalId))[attribute];
    if (value === undefined) throw new Error(`Fn::GetAtt ${logicalId}.${attribute} is not emulated for ${type}.`);
    return value;
  }

  /** Ref: a pseudo parameter, or the resource's physical name. */
  ref(name: string): string {
    switch (name) {
      case 'AWS::AccountId':
        return this.place.accountId;
      case 'AWS::Region':
        return this.place.region;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.place.stackName;
      default:
        return this.nameOf(name);
    }
  }

  /** The value with every intrinsic function worked out. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (!isJsonObject(value)) return value;
    const keys = Object.keys(value);
    const [key] = keys;
    if (keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      return this.intrinsic(key, value[key]);
    }
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, this.resolve(inner)]));
  }

  /** `resolve`, for a value that must come out as a string. */
  resolveString(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`Expected a string, got ${JSON.stringify(resolved)}.`);
    return resolved;
  }

  private intrinsic(name: string, argument: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? argument.map(String) : String(argument).split('.');
        return this.attribute(logicalId ?? '', attribute ?? '');
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        return parts.map((part) => this.resolveString(part)).join(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(argument)
          ? (argument as [string, Record<string, unknown>])
          : [String(argument), {}];
        return text.replace(/\$\{([^}!]+)\}/g, (_, reference: string) => {
          if (reference in variables) return this.resolveString(variables[reference]);
          const [logicalId, attribute] = reference.split('.');
          return attribute === undefined ? this.ref(reference) : this.attribute(logicalId ?? '', attribute);
        });
      }
      case 'Fn::Select': {
        const [index, list] = argument as [number | string, unknown];
        const resolved = this.resolve(list);
        if (!Array.isArray(resolved)) throw new Error('Fn::Select needs a list.');
        return resolved[Number(index)] as unknown;
      }
      case 'Fn::Split': {
        const [separator, text] = argument as [string, unknown];
        return this.resolveString(text).split(separator);
      }
      default:
        throw new Error(`${name} is not emulated.`);
    }
  }
}
