import { isJsonObject } from './json-object';

/** The JSON types a field can be required to hold, by JSON Schema's names, and what each is in TypeScript. */
interface JsonTypes {
  readonly string: string;
  readonly boolean: boolean;
  /** A finite number (JSON has no NaN or Infinity; a parser of something else might). */
  readonly number: number;
  /** A safe integer: a line, a count, a code. */
  readonly integer: number;
  readonly object: Readonly<Record<string, unknown>>;
  readonly array: readonly unknown[];
}

type JsonTypeName = keyof JsonTypes;

/** A field's required type; with a trailing `?` the field may also be absent. */
export type JsonFieldType = JsonTypeName | `${JsonTypeName}?`;

/** The field types of a record, by field name: `{ file: 'string', code: 'integer', fix: 'object?' }`. */
export type JsonFieldTable = Readonly<Record<string, JsonFieldType>>;

type FieldValue<Type extends JsonFieldType> = Type extends `${infer Name extends JsonTypeName}?`
  ? JsonTypes[Name] | undefined
  : Type extends JsonTypeName
    ? JsonTypes[Type]
    : never;

/** A JSON object known to have the fields of `Table`, each of its type; other fields are unknown. */
export type JsonRecord<Table extends JsonFieldTable> = Readonly<Record<string, unknown>> & {
  readonly [Field in keyof Table]: FieldValue<Table[Field]>;
};

const HOLDS: { readonly [Name in JsonTypeName]: (value: unknown) => boolean } = {
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: Number.isSafeInteger,
  object: isJsonObject,
  array: Array.isArray,
};

/**
 * A check that a parsed value is a JSON object whose fields in `table` each hold their type; fields the table
 * does not name are not looked at. Readers of records from outside the process (a tool's output, a cache file
 * on disk) check this before they trust a field, so a record with a field of the wrong type is refused rather
 * than read, and what the reader then checks by hand (ranges, patterns) starts from typed fields.
 * The table is read once, here, so the check costs a loop over its fields per record.
 */
export function jsonRecordCheck<const Table extends JsonFieldTable>(
  table: Table,
): (value: unknown) => value is JsonRecord<Table> {
  const fields = Object.entries(table).map(([field, type]) => {
    const optional = type.endsWith('?');
    return { field, optional, holds: HOLDS[(optional ? type.slice(0, -1) : type) as JsonTypeName] };
  });
  return (value: unknown): value is JsonRecord<Table> =>
    isJsonObject(value) &&
    fields.every(({ field, optional, holds }) => (optional && value[field] === undefined) || holds(value[field]));
}
