import { ok } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { isDevsecopsError } from '../../src/errors/devsecops-error';

/** A file format's JSON Schema, as an editor reads it, beside the loader that checks the same files. */
export interface SchemaAndLoader {
  readonly schema: Record<string, unknown>;
  /** Whether the schema takes the text, parsed as the loader parses it (YAML 1.2 core: dates stay text). */
  readonly schemaAccepts: (text: string) => boolean;
  /** Whether the loader takes the text; a refusal must be CONFIG_INVALID, never another error. */
  readonly loaderAccepts: (text: string) => boolean;
}

/**
 * `shared/schemas/<schemaFile>` compiled as an editor compiles it (plain draft-07: the loader's message keywords
 * are unknown there and ignored), and `load`, the product's loader of the same format: what the tests of a
 * format compare, so that the editor's checking and the product's never disagree unnoticed.
 */
export function schemaAndLoader(schemaFile: string, load: (text: string) => unknown): SchemaAndLoader {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', schemaFile), 'utf8')) as Record<
    string,
    unknown
  >;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return {
    schema,
    schemaAccepts: (text) => validate(parse(text) as unknown),
    loaderAccepts: (text) => {
      try {
        load(text);
        return true;
      } catch (error) {
        ok(isDevsecopsError(error) && error.code === 'CONFIG_INVALID', String(error));
        return false;
      }
    },
  };
}
