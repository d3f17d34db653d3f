import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One shape of a botocore service model (the subset of fields the emulator reads). */
export interface ModelShape {
  readonly type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'boolean'
    | 'timestamp'
    | 'blob'
    | 'double'
    | 'float';
  /** Structure members by wire name. */
  readonly members?: Readonly<Record<string, ModelMemberRef>>;
  /** Required member names of a structure. */
  readonly required?: readonly string[];
  /** List element. */
  readonly member?: ModelMemberRef;
  /** Map key and value. */
  readonly key?: ModelMemberRef;
  readonly value?: ModelMemberRef;
  /** Minimum length (strings, blobs), element count (lists, maps) or value (numbers). */
  readonly min?: number;
  /** Maximum, as for `min`. */
  readonly max?: number;
  /** Java-style regular expression a string must match as a whole. */
  readonly pattern?: string;
  /** Allowed string values. */
  readonly enum?: readonly string[];
  /** True for error shapes. */
  readonly exception?: boolean;
}

/** A reference to a shape from a member, list element or map key/value. */
export interface ModelMemberRef {
  readonly shape: string;
  /** Set on members the SDK fills with a fresh UUID when the caller leaves them out. */
  readonly idempotencyToken?: boolean;
}

/** One operation: its input and output shapes and the error shapes it declares. */
export interface ModelOperation {
  readonly name: string;
  readonly input?: { readonly shape: string };
  readonly output?: { readonly shape: string };
  readonly errors?: readonly { readonly shape: string }[];
}

/** How an operation pages its results (botocore `paginators-1.json`). */
export interface ModelPaginator {
  /** Input member carrying the continuation token (`nextToken`, `NextToken`). */
  readonly inputToken: string;
  /** Output member carrying the next token. */
  readonly outputToken: string;
  /** Output member holding the page's items. */
  readonly resultKey: string;
  /** Input member with the page size, when the operation has one. */
  readonly limitKey?: string;
}

/** A loaded service model with the lookups the protocol layer needs. */
export interface ServiceModel {
  /** `X-Amz-Target` prefix, e.g. `CodeCommit_20150413`. */
  readonly targetPrefix: string;
  /** SigV4 signing name (credential scope service), e.g. `codecommit`. */
  readonly signingName: string;
  /** Short name used in logs and fault rules, e.g. `CodeCommit`. */
  readonly serviceId: string;
  readonly operations: ReadonlyMap<string, ModelOperation>;
  readonly shapes: ReadonlyMap<string, ModelShape>;
  readonly paginators: ReadonlyMap<string, ModelPaginator>;
  /** Names of every error shape the model declares. */
  readonly errorNames: ReadonlySet<string>;
}

/** The services the emulator speaks, by the file prefix of their vendored models. */
export type ServiceFile = 'codecommit' | 'codebuild' | 'codepipeline';

const MODELS_DIR = path.join(__dirname, '..', 'models');

interface RawModel {
  metadata: { targetPrefix: string; signingName?: string; endpointPrefix: string; serviceId: string };
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape & { addMembers?: Record<string, ModelMemberRef> }>;
}

interface RawPaginators {
  pagination: Record<string, { input_token: string; output_token: string; result_key: string; limit_key?: string }>;
}

interface RawOverlay {
  shapes: Record<string, (ModelShape & { addMembers?: never }) | { addMembers: Record<string, ModelMemberRef> }>;
}

/** Loads a vendored model (plus our overlay of newer members, when one exists). */
export function loadServiceModel(service: ServiceFile): ServiceModel {
  const raw = JSON.parse(readFileSync(path.join(MODELS_DIR, `${service}.service-2.json`), 'utf8')) as RawModel;
  const rawPaginators = JSON.parse(
    readFileSync(path.join(MODELS_DIR, `${service}.paginators-1.json`), 'utf8'),
  ) as RawPaginators;
  const shapes = new Map<string, ModelShape>(Object.entries(raw.shapes));
  const overlayPath = path.join(MODELS_DIR, `${service}.overlay.json`);
  let overlay: RawOverlay | undefined;
  try {
    overlay = JSON.parse(readFileSync(overlayPath, 'utf8')) as RawOverlay;
  } catch {
    overlay = undefined;
  }
  for (const [name, shape] of Object.entries(overlay?.shapes ?? {})) {
    if ('addMembers' in shape) {
      const base = shapes.get(name);
      if (!base) throw new Error(`Overlay extends unknown shape ${name}`);
      shapes.set(name, { ...base, members: { ...base.members, ...shape.addMembers } });
    } else {
      shapes.set(name, shape);
    }
  }
  const paginators = new Map<string, ModelPaginator>();
  for (const [operation, p] of Object.entries(rawPaginators.pagination)) {
    paginators.set(operation, {
      inputToken: p.input_token,
      outputToken: p.output_token,
      resultKey: p.result_key,
      ...(p.limit_key === undefined ? {} : { limitKey: p.limit_key }),
    });
  }
  const errorNames = new Set<string>();
  for (const [name, shape] of shapes) if (shape.exception) errorNames.add(name);
  return {
    targetPrefix: raw.metadata.targetPrefix,
    signingName: raw.metadata.signingName ?? raw.metadata.endpointPrefix,
    serviceId: raw.metadata.serviceId,
    operations: new Map(Object.entries(raw.operations)),
    shapes,
    paginators,
    errorNames,
  };
}

/** The shape named `name`; a missing shape is a bug in the model or overlay. */
export function shapeOf(model: ServiceModel, name: string): ModelShape {
  const shape = model.shapes.get(name);
  if (!shape) throw new Error(`${model.serviceId} model has no shape ${name}`);
  return shape;
}
