import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { parse, stringify } from 'smol-toml';
import { locateTomlValues, type TomlPath } from '../../../src/scanners/builtin-sca/toml-locations';

/** Line and column of a path's key (or value, for array elements), and the value's text. */
function where(text: string, path: TomlPath): [number, number, string] | undefined {
  const span = locateTomlValues(text).get(path);
  if (!span) return undefined;
  const start = span.key?.start ?? span.value.start;
  return [start.line, start.column, text.slice(span.value.start.offset, span.value.end.offset)];
}

describe('locateTomlValues', function () {
  this.timeout(120_000);
  it('is not fooled by comments, strings or other keys that mention the same name', () => {
    const text = [
      '# [[package]] name = "flask"', // 1
      'description = """', // 2
      '[[package]]', // 3
      'name = "flask"', // 4
      '"""', // 5
      'note = \'name = "flask"\'', // 6
      '', // 7
      '[[package]]  # first', // 8
      'name = "flask-cors"', // 9
      'flask = "not a name"', // 10
      '', // 11
      '[[package]]', // 12
      'version = "2.0"', // 13
      'name   =   "flask" # the one', // 14
    ].join('\n');
    deepStrictEqual(where(text, ['package', 0, 'name']), [9, 1, '"flask-cors"']);
    deepStrictEqual(where(text, ['package', 1, 'name']), [14, 1, '"flask"']);
    deepStrictEqual(where(text, ['package', 1, 'version']), [13, 1, '"2.0"']);
    deepStrictEqual(where(text, ['note']), [6, 1, '\'name = "flask"\'']);
    strictEqual(where(text, ['package', 2, 'name']), undefined);
  });

  it('resolves sub-tables of arrays of tables to the last element, with counters per parent', () => {
    const text = [
      '[[package]]',
      'name = "a"',
      '[[package.wheels]]',
      'url = "a1"',
      '[[package.wheels]]',
      'url = "a2"',
      '[package.source]',
      'type = "git"',
      '[[package]]',
      'name = "b"',
      '[[package.wheels]]',
      'url = "b1"',
    ].join('\n');
    deepStrictEqual(where(text, ['package', 0, 'wheels', 1, 'url']), [6, 1, '"a2"']);
    deepStrictEqual(where(text, ['package', 0, 'source', 'type']), [8, 1, '"git"']);
    deepStrictEqual(where(text, ['package', 1, 'wheels', 0, 'url']), [12, 1, '"b1"']);
  });

  it('finds array elements across lines and comments, inline tables, dotted and quoted keys, CRLF', () => {
    const text = [
      '[project]',
      'dependencies = [ # runtime',
      '  "flask>=2.0",  # web, "quoted"',
      "  'jinja2[i18n]',",
      '  # "commented-out==1.0",',
      ']',
      '[tool.poetry.dependencies]',
      'Django = { version = "^4.2", extras = ["argon2"] }',
      '"my.pkg" = "1.0"',
      'tool.x = 1',
      'requests.version = "~2.31"',
    ].join('\r\n');
    deepStrictEqual(where(text, ['project', 'dependencies', 0]), [3, 3, '"flask>=2.0"']);
    deepStrictEqual(where(text, ['project', 'dependencies', 1]), [4, 3, "'jinja2[i18n]'"]);
    strictEqual(where(text, ['project', 'dependencies', 2]), undefined);
    deepStrictEqual(where(text, ['tool', 'poetry', 'dependencies', 'Django']), [
      8,
      1,
      '{ version = "^4.2", extras = ["argon2"] }',
    ]);
    deepStrictEqual(where(text, ['tool', 'poetry', 'dependencies', 'Django', 'version']), [8, 12, '"^4.2"']);
    deepStrictEqual(where(text, ['tool', 'poetry', 'dependencies', 'Django', 'extras', 0]), [8, 40, '"argon2"']);
    deepStrictEqual(where(text, ['tool', 'poetry', 'dependencies', 'my.pkg']), [9, 1, '"1.0"']);
    deepStrictEqual(where(text, ['tool', 'poetry', 'dependencies', 'requests', 'version']), [11, 1, '"~2.31"']);
    const span = locateTomlValues(text).get(['project', 'dependencies', 0]);
    deepStrictEqual([span?.content?.start.column, span?.content?.end.column, span?.literal], [4, 14, true]);
  });

  it('ends multi-line strings where TOML does (escaped quotes, up to two extra quotes)', () => {
    const text = ['a = """x\\"""y"""', 'b = """q""""', "c = '''it''s'''''", 'd = "e"'].join('\n');
    deepStrictEqual(where(text, ['b']), [2, 1, '"""q""""']);
    deepStrictEqual(where(text, ['c']), [3, 1, "'''it''s'''''"]);
    deepStrictEqual(where(text, ['d']), [4, 1, '"e"']);
    const escaped = locateTomlValues('k = "a\\"b"').get(['k']);
    strictEqual(escaped?.literal, false);
  });

  it('locates every value of random documents (written by smol-toml) at text that parses to that value', () => {
    const key = fc.oneof(
      fc.constantFrom('name', 'version', 'a.b', 'with space', '"q"', 'ü', ''),
      fc.string({ maxLength: 6 }),
    );
    const leaf = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('"""', "'''", '# not a comment', '[[package]]', 'a\nb', '\\'),
      fc.integer(),
      fc.boolean(),
    );
    const tree = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(leaf, { maxLength: 3 }), tie('table')),
      table: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      root: fc.dictionary(key, fc.oneof(tie('value'), fc.array(tie('table'), { minLength: 1, maxLength: 3 })), {
        maxKeys: 5,
      }),
    }));
    fc.assert(
      fc.property(tree.root, (document) => {
        const text = stringify(document);
        const locations = locateTomlValues(text);
        const visit = (value: unknown, path: (string | number)[]): void => {
          if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
          else if (typeof value === 'object' && value !== null) {
            for (const [name, item] of Object.entries(value)) visit(item, [...path, name]);
          } else {
            const span = locations.get(path);
            if (!span) throw new Error(`no span for ${JSON.stringify(path)} in\n${text}`);
            const written = text.slice(span.value.start.offset, span.value.end.offset);
            deepStrictEqual(parse(`v = ${written}`)['v'], value, `${JSON.stringify(path)} in\n${text}`);
          }
        };
        visit(parse(text), []);
      }),
      { numRuns: 10_000, seed: 13 },
    );
  });

  it('always ends, on any text (10,000 random inputs)', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('[', '[[', ']]', '"', '"""', "'''", "'", '=', '{', '}', ',', '#', '\n', '\\', '.', 'a = '),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        locateTomlValues(pieces.join(''));
      }),
      { numRuns: 10_000, seed: 14 },
    );
  });
});
