import { deepStrictEqual, strictEqual } from 'node:assert';
import { jsonRecordCheck } from '../../src/json/json-fields';

describe('jsonRecordCheck', () => {
  const isComment = jsonRecordCheck({ file: 'string', code: 'integer', fix: 'object?', tags: 'array?' });

  it('takes a record whose named fields hold their types, whatever else it has', () => {
    strictEqual(isComment({ file: 'a.sh', code: 2086 }), true);
    strictEqual(isComment({ file: 'a.sh', code: 2086, fix: { replacements: [] }, tags: [], level: 'info' }), true);
  });

  it('refuses what is not an object: a list, null, a scalar', () => {
    deepStrictEqual(
      [[{ file: 'a.sh', code: 1 }], null, undefined, 'a.sh', 3].map((value) => isComment(value)),
      [false, false, false, false, false],
    );
  });

  it('refuses a record missing a required field, or holding it with another type', () => {
    strictEqual(isComment({ code: 2086 }), false);
    strictEqual(isComment({ file: 'a.sh', code: '2086' }), false);
    strictEqual(isComment({ file: ['a.sh'], code: 2086 }), false);
    strictEqual(isComment({ file: 'a.sh', code: null }), false);
  });

  it('lets an optional field be absent, but not of another type when present', () => {
    strictEqual(isComment({ file: 'a.sh', code: 1, fix: undefined }), true);
    strictEqual(isComment({ file: 'a.sh', code: 1, fix: [] }), false, 'a list is not an object');
    strictEqual(isComment({ file: 'a.sh', code: 1, fix: null }), false, 'null is not an absent field');
    strictEqual(isComment({ file: 'a.sh', code: 1, tags: {} }), false);
  });

  it('takes only safe integers as integers, and only finite numbers as numbers', () => {
    const isCount = jsonRecordCheck({ count: 'integer', ratio: 'number' });
    deepStrictEqual(
      [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -3].map((count) => isCount({ count, ratio: 0.5 })),
      [false, false, false, false, true],
    );
    deepStrictEqual(
      [Number.NaN, Number.NEGATIVE_INFINITY, 1e300, 0].map((ratio) => isCount({ count: 1, ratio })),
      [false, false, true, true],
    );
  });

  it('checks booleans as booleans, not as truthy values', () => {
    const isFlag = jsonRecordCheck({ settled: 'boolean' });
    deepStrictEqual(
      [true, false, 1, 'true', null].map((settled) => isFlag({ settled })),
      [true, true, false, false, false],
    );
  });

  it('narrows the type of the fields it checked', () => {
    const value: unknown = JSON.parse('{"file":"Dockerfile","code":1000}');
    if (!isComment(value)) throw new Error('expected a comment');
    const file: string = value.file;
    const code: number = value.code;
    deepStrictEqual([file, code, value.fix], ['Dockerfile', 1000, undefined]);
  });
});
