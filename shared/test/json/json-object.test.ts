import { deepStrictEqual } from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { isJsonObject } from '../../src/json/json-object';

describe('isJsonObject', () => {
  it('is true for objects, parsed or built, and for one without a prototype', () => {
    deepStrictEqual(
      [JSON.parse('{}'), JSON.parse('{"a":[1]}'), parseYaml('a: 1'), Object.create(null) as object].map(isJsonObject),
      [true, true, true, true],
    );
  });

  it('is false for what a parser gives where an object was expected: arrays, null, scalars', () => {
    deepStrictEqual(
      [JSON.parse('[]'), parseYaml('- a'), null, undefined, 'text', 0, true, JSON.parse('"{}"')].map(isJsonObject),
      [false, false, false, false, false, false, false, false],
    );
  });
});
