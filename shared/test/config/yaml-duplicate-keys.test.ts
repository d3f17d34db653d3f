import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import { duplicateKeyOffsets, yamlErrorMessages } from '../../src/config/yaml-duplicate-keys';

/** The yaml library's own (quadratic) answer: where its uniqueKeys check reports a repeated key, in text order. */
function libraryDuplicateOffsets(text: string): number[] {
  return parseDocument(text, { uniqueKeys: true })
    .errors.filter((error) => error.code === 'DUPLICATE_KEY')
    .map((error) => error.pos[0])
    .sort((a, b) => a - b);
}

describe('YAML repeated keys', () => {
  it('finds a key repeated in one mapping, block or flow, at any level, where the library does', () => {
    const cases: readonly [string, number[]][] = [
      ['a: 1\na: 2\n', [5]],
      ['{a: 1, a: 2}', [7]],
      ['a: {b: 1, b: 2}\nc:\n  - d: 1\n    d: 2\n', [10, 32]],
      ['a: 1\nb: 2\na: 3\na: 4\n', [10, 15]],
      ['"a": 1\na: 2\n', [7]],
    ];
    for (const [text, offsets] of cases) {
      deepStrictEqual(duplicateKeyOffsets(parseDocument(text, { uniqueKeys: false })), offsets, text);
      deepStrictEqual(libraryDuplicateOffsets(text), offsets, text);
    }
  });

  it('keeps keys apart the way the library does: by === on scalar values, never on lists, maps or NaN', () => {
    for (const text of [
      '1: x\n"1": y\n',
      '? [a]\n: 1\n? [a]\n: 2\n',
      '.nan: 1\n.nan: 2\n',
      'a:\n  a: 1\n',
      'a: 1\n---\na: 2\n',
      '- a: 1\n- a: 2\n',
    ]) {
      deepStrictEqual(duplicateKeyOffsets(parseDocument(text, { uniqueKeys: false })), [], text);
      deepStrictEqual(libraryDuplicateOffsets(text), [], text);
    }
  });

  it('agrees with the library on generated mappings (property)', () => {
    const key = fc.constantFrom('a', 'b', '"a"', "'b'", '1', '"1"', '1.0', 'true', '~', '.nan', '[a]', '{a: 1}');
    const mapping = fc.array(fc.tuple(key, fc.constantFrom('x', '{a: 1, a: 2}', '[1]')), { maxLength: 6 });
    fc.assert(
      fc.property(mapping, fc.boolean(), (pairs, flow) => {
        const text = flow
          ? `{${pairs.map(([k, v]) => `? ${k} : ${v}`).join(', ')}}`
          : pairs.map(([k, v]) => `? ${k}\n: ${v}\n`).join('');
        const document = parseDocument(text, { uniqueKeys: false });
        if (document.errors.length > 0) return;
        deepStrictEqual(duplicateKeyOffsets(document), libraryDuplicateOffsets(text));
      }),
      { numRuns: 300 },
    );
  });

  it("words the repeated keys as the library would, after the library's own errors", () => {
    const lineCounter = new LineCounter();
    const document = parseDocument('a: 1\nb: [\na: 2\n', { uniqueKeys: false, lineCounter });
    const messages = yamlErrorMessages(document, lineCounter);
    deepStrictEqual(messages.at(-1), 'Map keys must be unique at line 3, column 1');
    deepStrictEqual(messages.length, document.errors.length + 1);
  });
});
