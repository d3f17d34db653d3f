import { shapeOf, type ModelShape, type ServiceModel } from './service-model';
import { isJsonObject } from '@devsecops/shared/json';

/** Why an input failed the model's constraints. */
export interface ValidationFailure {
  /** Dotted path from the input root, e.g. `location.filePosition`. */
  readonly path: string;
  /** The member's own name (last path segment without indexes), e.g. `filePosition`. */
  readonly member: string;
  readonly kind: 'required' | 'type' | 'min' | 'max' | 'pattern' | 'enum';
  /** AWS-style sentence describing the violated constraint. */
  readonly message: string;
}

/** Thrown by `decodeInput` at the first constraint an input breaks. */
export class InputValidationError extends Error {
  constructor(readonly failure: ValidationFailure) {
    super(failure.message);
  }
}

const patternCache = new Map<string, RegExp | null>();

/** Model patterns are Java regexes matched against the whole value; the few JS cannot compile are skipped. */
function compiledPattern(pattern: string): RegExp | null {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(`^(?:${pattern})$`, 's');
    } catch {
      compiled = null;
    }
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

function fail(path: string, kind: ValidationFailure['kind'], constraint: string, value: unknown): never {
  const member = path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop() as string;
  const shown =
    typeof value === 'string' ? value.slice(0, 80) : (JSON.stringify(value) as string | undefined)?.slice(0, 80);
  throw new InputValidationError({
    path,
    member,
    kind,
    message: `1 validation error detected: Value '${shown ?? 'null'}' at '${path}' failed to satisfy constraint: ${constraint}`,
  });
}

function checkRange(path: string, shape: ModelShape, size: number, what: string, value: unknown): void {
  if (shape.min !== undefined && size < shape.min)
    fail(path, 'min', `Member must have ${what} greater than or equal to ${shape.min}`, value);
  if (shape.max !== undefined && size > shape.max)
    fail(path, 'max', `Member must have ${what} less than or equal to ${shape.max}`, value);
}

/**
 * Validates a JSON request body against `shapeName` and converts it to the values the
 * services work with: blobs (base64 on the wire) become Buffers, timestamps (epoch
 * seconds) become Dates. Members the model does not know are dropped, as newer SDKs
 * may send them. Throws InputValidationError.
 */
export function decodeInput(model: ServiceModel, shapeName: string, value: unknown, path = ''): unknown {
  const shape = shapeOf(model, shapeName);
  const at = path === '' ? '(root)' : path;
  switch (shape.type) {
    case 'structure': {
      if (!isJsonObject(value)) return fail(at, 'type', 'Member must be a structure', value);
      const out: Record<string, unknown> = {};
      for (const name of shape.required ?? []) {
        if (value[name] === undefined || value[name] === null)
          fail(path === '' ? name : `${path}.${name}`, 'required', 'Member must not be null', null);
      }
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const member = value[name];
        if (member === undefined || member === null) continue;
        out[name] = decodeInput(model, ref.shape, member, path === '' ? name : `${path}.${name}`);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return fail(at, 'type', 'Member must be a list', value);
      checkRange(at, shape, value.length, 'length', value);
      const element = shape.member?.shape ?? '';
      return value.map((item, index) => decodeInput(model, element, item, `${at}[${index}]`));
    }
    case 'map': {
      if (!isJsonObject(value)) return fail(at, 'type', 'Member must be a map', value);
      const entries = Object.entries(value);
      checkRange(at, shape, entries.length, 'length', value);
      const out: Record<string, unknown> = {};
      for (const [key, item] of entries) {
        decodeInput(model, shape.key?.shape ?? '', key, `${at}.${key}(key)`);
        out[key] = decodeInput(model, shape.value?.shape ?? '', item, `${at}.${key}`);
      }
      return out;
    }
    case 'string': {
      if (typeof value !== 'string') return fail(at, 'type', 'Member must be a string', value);
      // Lengths count code points, as AWS does (a surrogate pair is one character).
      checkRange(at, shape, Array.from(value).length, 'length', value);
      if (shape.enum && !shape.enum.includes(value))
        fail(at, 'enum', `Member must satisfy enum value set: [${shape.enum.join(', ')}]`, value);
      if (shape.pattern !== undefined) {
        const regex = compiledPattern(shape.pattern);
        if (regex && !regex.test(value))
          fail(at, 'pattern', `Member must satisfy regular expression pattern: ${shape.pattern}`, value);
      }
      return value;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return fail(at, 'type', 'Member must be an integer', value);
      checkRange(at, shape, value, 'value', value);
      return value;
    }
    case 'double':
    case 'float': {
      if (typeof value !== 'number') return fail(at, 'type', 'Member must be a number', value);
      return value;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') return fail(at, 'type', 'Member must be a boolean', value);
      return value;
    }
    case 'timestamp': {
      if (typeof value === 'number') return new Date(value * 1000);
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
      return fail(at, 'type', 'Member must be a timestamp (epoch seconds)', value);
    }
    case 'blob': {
      if (typeof value !== 'string') return fail(at, 'type', 'Member must be base64-encoded binary', value);
      const bytes = Buffer.from(value, 'base64');
      checkRange(at, shape, bytes.length, 'length', value);
      return bytes;
    }
  }
}

/**
 * Turns a service's answer into the JSON the wire carries for `shapeName`: Dates to
 * epoch seconds, Buffers to base64, undefined members left out. Members not in the
 * model are dropped, so a service cannot leak fields real AWS does not send.
 */
export function encodeOutput(model: ServiceModel, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!isJsonObject(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const encoded = encodeOutput(model, ref.shape, value[name]);
        if (encoded !== undefined) out[name] = encoded;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value)
        ? value.map((item) => encodeOutput(model, shape.member?.shape ?? '', item))
        : undefined;
    case 'map': {
      if (!isJsonObject(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = encodeOutput(model, shape.value?.shape ?? '', item);
      return out;
    }
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : value;
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : value;
    default:
      return value;
  }
}
