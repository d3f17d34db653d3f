import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { locateJsonKeys } from '../../../src/scanners/builtin-sca/json-key-locations';

describe('locateJsonKeys', function () {
  this.timeout(60_000);

  it('finds keys by path, not fooled by the same text in values, escaped quotes or arrays', () => {
    const text = [
      '{',
      '  "_meta": {"note": "\\"flask\\": {"},',
      '  "default": {',
      '    "list": [{"flask": 1}, "x"],',
      '    "fl\\u0061sk": {"version": "==1.0"},',
      '    "say \\"hi\\"": {}',
      '  }',
      '}',
    ].join('\n');
    const at = (path: string[]): [number, number] | undefined => {
      const range = locateJsonKeys(text, 2).get(path);
      return range ? [range.start.line, range.start.column] : undefined;
    };
    deepStrictEqual(at(['default', 'flask']), [5, 5]);
    deepStrictEqual(at(['default', 'say "hi"']), [6, 5]);
    deepStrictEqual(at(['default']), [3, 3]);
    strictEqual(at(['_meta', 'flask']), undefined);
    strictEqual(at(['default', 'list', 'flask']), undefined);
  });

  it('places every key of random documents where JSON.stringify wrote it (10,000 documents)', () => {
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', '\\', '{', '}', '[', ','));
    const value = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    const document = fc.dictionary(key, fc.dictionary(key, value, { maxKeys: 4 }), { maxKeys: 4 });
    fc.assert(
      fc.property(document, fc.constantFrom(0, 2, 4), (object, indent) => {
        const text = JSON.stringify(object, null, indent);
        const locations = locateJsonKeys(text, 2);
        for (const [outer, inner] of Object.entries(object)) {
          const keys: string[][] = [[outer], ...Object.keys(inner).map((name) => [outer, name])];
          for (const path of keys) {
            const range = locations.get(path);
            if (!range) throw new Error(`no ${JSON.stringify(path)} in ${text}`);
            strictEqual(JSON.parse(text.slice(range.start.offset, range.end.offset)), path[path.length - 1]);
          }
        }
      }),
      { numRuns: 10_000, seed: 5 },
    );
  });
});
