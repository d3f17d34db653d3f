import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter } from 'yaml';
import { closestName } from './closest-name';
import type { TextFix, TextSpan } from './text-span';
import { YamlLines } from './yaml-lines';
import type { YamlPathSegment } from './yaml-lines';

/**
 * One way to check a parsed YAML file (`.devsecops.yml`, a buildspec, pipeline.yml, `.hadolint.yaml`), or a
 * JSON document (the run manifest), against its JSON Schema, with problems a user can act on: the line (from the document's nodes), the
 * key path, what is wrong and what to write instead. The wording comes from the schema itself:
 *
 * - `x-problem` on a value's schema: the message when the value there is wrong (type, word, range, pattern);
 * - `x-missing` on a property's schema: the message when a required property is absent;
 * - `x-unknown-key` on an object's schema: the message for a key it does not allow;
 * - `x-problem-at: key` beside an `x-problem`: the problem is the key being written at all (a key that belongs
 *   in another file), so it is shown at the key rather than at its value, which may start lines further down.
 *
 * Templates may use {where} (the key path, e.g. `tools.bandit.enabled` or `suppressions[0]`), {parent}
 * (the path of the list or mapping that holds it), {value}
 * (how the value reads: `"yes"`, `42`, `a list`, `empty`), {keys} (the keys the object allows), {key}
 * (the unknown or missing key) and {hint} (`did you mean "…"?` or the allowed keys).
 * The editor ignores these keywords; the validator registers them so that a misspelt keyword is still an error.
 */

/** Keywords our schema files carry for the editor (hover, completion) and for messages; none validates. */
const ANNOTATION_KEYWORDS = [
  'x-problem',
  'x-missing',
  'x-unknown-key',
  'x-problem-at',
  'deprecationMessage',
  'markdownDescription',
  'markdownEnumDescriptions',
];

/** How a file's messages read where its schema does not say. */
export interface SchemaWording {
  /** How the document's root is named in messages: `the top level`, `(top level)`. */
  readonly rootName: string;
  /** The message for a key an object does not allow, where the object's schema has no `x-unknown-key`. */
  readonly unknownKey: string;
  /** The message for a wrong value, where its schema has no `x-problem`. {expected} is the schema rule it breaks. */
  readonly wrongValue: string;
  /** The message for a missing required key, where its schema has no `x-missing`. */
  readonly missingKey: string;
}

/** One thing wrong with the document: where (path, line, and the key or value on it) and the message. */
export interface SchemaProblem {
  readonly path: readonly YamlPathSegment[];
  readonly line: number;
  /** The key (an unknown key) or the value (a wrong one; for a missing key, its mapping) the problem is about. */
  readonly span: TextSpan;
  readonly message: string;
  /** For an unknown key close to an allowed one: that key. */
  readonly fix?: TextFix;
}

type SchemaNode = Readonly<Record<string, unknown>>;

export class YamlSchema {
  private compiled: ValidateFunction | undefined;

  constructor(
    private readonly schema: SchemaNode,
    private readonly wording: SchemaWording,
    private readonly options: {
      /**
       * Stop at the first problem: for a document from an untrusted source, where every problem of a hostile
       * list of a million items would cost memory and say nothing more than the first.
       */
      readonly firstProblemOnly?: boolean;
    } = {},
  ) {}

  /** Every problem of `value` (the document as plain values), each at its line in `lines`. */
  problems(value: unknown, lines: YamlLines): SchemaProblem[] {
    const validate = this.validator();
    if (validate(value)) return [];
    const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
    // A value that fails every branch of an anyOf fails several keywords: one message for it, worded by
    // whichever of its failed schemas carries an x-problem (the anyOf's holder, which comes last).
    const owners = new Map<string, SchemaNode>();
    for (const error of errors) {
      const owner = asNode(error.parentSchema);
      if (!isKeyError(error) && owner?.['x-problem'] !== undefined && !owners.has(error.instancePath)) {
        owners.set(error.instancePath, owner);
      }
    }
    const problems: SchemaProblem[] = [];
    const reported = new Set<string>();
    for (const error of errors) {
      const problem = this.problemOf(error, owners.get(error.instancePath), value, lines);
      const id = `${isKeyError(error) ? error.keyword : 'value'}\u0000${problem.path.map(String).join('\u0000')}`;
      if (reported.has(id)) continue;
      reported.add(id);
      problems.push(problem);
    }
    return problems;
  }

  /** The messages of `value`'s problems, for a document read as JSON (a YAML subset) whose lines no message names. */
  messages(value: unknown): string[] {
    return this.problems(value, new YamlLines(undefined, new LineCounter())).map((problem) => problem.message);
  }

  /**
   * The schema's own message for a wrong value at `path`, for a check written in code after the schema
   * (a calendar date, a glob): the same words whichever of the two finds the mistake.
   */
  messageAt(path: readonly YamlPathSegment[], value: unknown): string {
    const node = this.schemaAt(path);
    const template = typeof node?.['x-problem'] === 'string' ? node['x-problem'] : this.wording.wrongValue;
    return fill(template, {
      where: this.where(path),
      parent: this.where(path.slice(0, -1)),
      value: describeValue(value),
      expected: '',
    });
  }

  private validator(): ValidateFunction {
    if (this.compiled === undefined) {
      // Strict: a misspelt keyword in our schema is an error rather than a rule quietly not checked.
      // Verbose: each error names the schema that holds the failed keyword, where its wording is.
      const ajv = new Ajv({
        allErrors: this.options.firstProblemOnly !== true,
        verbose: true,
        strict: true,
        allowUnionTypes: true,
      });
      ajv.addVocabulary(ANNOTATION_KEYWORDS);
      this.compiled = ajv.compile(this.schema);
    }
    return this.compiled;
  }

  private problemOf(
    error: ErrorObject,
    valueOwner: SchemaNode | undefined,
    root: unknown,
    lines: YamlLines,
  ): SchemaProblem {
    const path = instancePath(error.instancePath, root);
    const where = this.where(path);
    const holder = asNode(error.parentSchema);
    if (error.keyword === 'additionalProperties') {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const keys = Object.keys(asNode(holder?.['properties']) ?? {});
      const suggestion = closestName(key, keys);
      const hint = suggestion === undefined ? `allowed keys: ${keys.join(', ')}.` : `did you mean "${suggestion}"?`;
      const template = stringOr(holder?.['x-unknown-key'], this.wording.unknownKey);
      const keyPath = [...path, key];
      const span = lines.keySpan(keyPath);
      return {
        path: keyPath,
        line: span.line,
        span,
        message: fill(template, { key, where, keys: keys.join(', '), hint }),
        ...(suggestion === undefined ? {} : { fix: { written: key, replacement: suggestion } }),
      };
    }
    if (error.keyword === 'required') {
      const key = (error.params as { missingProperty: string }).missingProperty;
      const property = this.followRef(asNode(asNode(holder?.['properties'])?.[key]));
      const template = stringOr(property?.['x-missing'], this.wording.missingKey);
      const span = lines.valueSpan(path);
      return { path: [...path, key], line: span.line, span, message: fill(template, { key, where }) };
    }
    const owner = valueOwner ?? holder;
    const message = fill(stringOr(owner?.['x-problem'], this.wording.wrongValue), {
      where,
      parent: this.where(path.slice(0, -1)),
      value: describeValue(valueAt(root, path)),
      keys: Object.keys(asNode(owner?.['properties']) ?? {}).join(', '),
      expected: error.message ?? error.keyword,
    });
    const span = owner?.['x-problem-at'] === 'key' ? lines.keySpan(path) : lines.valueSpan(path);
    return { path, line: span.line, span, message };
  }

  /** The schema of the value at `path`, following properties, additionalProperties and items. */
  private schemaAt(path: readonly YamlPathSegment[]): SchemaNode | undefined {
    let node: SchemaNode | undefined = this.schema;
    for (const segment of path) {
      node = this.followRef(node);
      if (node === undefined) return undefined;
      if (typeof segment === 'number') node = asNode(node['items']);
      else node = asNode(asNode(node['properties'])?.[segment]) ?? asNode(node['additionalProperties']);
    }
    return this.followRef(node);
  }

  /** A local `$ref` (`#/definitions/…`) resolved, as a schema shares one definition between keys. */
  private followRef(node: SchemaNode | undefined): SchemaNode | undefined {
    const ref = node?.['$ref'];
    return typeof ref === 'string' && ref.startsWith('#') ? resolvePointer(this.schema, pointerSegments(ref)) : node;
  }

  /** How a place reads in messages: `tools.bandit.args[0]`, or the root's name. */
  where(path: readonly YamlPathSegment[]): string {
    if (path.length === 0) return this.wording.rootName;
    return path
      .map((segment, index) =>
        typeof segment === 'number' ? `[${String(segment)}]` : index === 0 ? segment : `.${segment}`,
      )
      .join('');
  }
}

/** A key the object does not allow, or a key it needs: worded by the object's schema, not by a value's. */
function isKeyError(error: ErrorObject): boolean {
  return error.keyword === 'additionalProperties' || error.keyword === 'required';
}

/** `/tools/bandit/args/0` as path segments; list indexes as numbers (they read `[0]` in messages). */
function instancePath(pointer: string, root: unknown): YamlPathSegment[] {
  const path: YamlPathSegment[] = [];
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    const step: YamlPathSegment = Array.isArray(value) ? Number(segment) : segment;
    path.push(step);
    value = valueAt(value, [step]);
  }
  return path;
}

function valueAt(root: unknown, path: readonly YamlPathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    // Own properties only: a key named __proto__ or constructor is the file's, not Object.prototype's.
    value = Object.hasOwn(value, segment) ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return value;
}

/** A JSON pointer (`/a/b~1c`, or a schema path `#/properties/a`) as its unescaped segments. */
function pointerSegments(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '') return [];
  return body
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolvePointer(schema: SchemaNode, segments: readonly string[]): SchemaNode | undefined {
  let node: unknown = schema;
  for (const segment of segments) {
    const parent = asNode(node);
    if (parent === undefined || !Object.hasOwn(parent, segment)) return undefined;
    node = parent[segment];
  }
  return asNode(node);
}

function asNode(value: unknown): SchemaNode | undefined {
  return typeof value === 'object' && value !== null ? (value as SchemaNode) : undefined;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** A template with its {name} placeholders filled; an unknown name stays as written. */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(
    /\{(\w+)\}/g,
    (whole, name: string) => (Object.hasOwn(values, name) ? values[name] : whole) ?? whole,
  );
}

/** How a value reads in an error message: `"yes"`, `42`, `a list`, `a mapping`, `empty`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return 'not a plain value';
}
