// YAML files built three ways: structured values of the right shape (with hostile leaves) written
// out by the yaml library in varied styles; valid files with byte-level edits; and raw YAML
// features a writer never produces (anchors and aliases, tags, directives, several documents,
// deep nesting, complex keys).
import fc from 'fast-check';
import { stringify } from 'yaml';
import { hostileNumber, hostileString, hostileWord, mutatedText } from './hostile-text';

/** A scalar as YAML can hold one. */
export const yamlScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** A key: mostly hostile words and short strings. */
export const yamlKey: fc.Arbitrary<string> = fc.oneof(hostileWord, fc.string({ maxLength: 12 }));

/** Any YAML value, a few levels deep. */
export const yamlValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'xsmall', withCrossShrink: true },
    yamlScalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(yamlKey, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** The right shape, or anything at all in its place. */
export function orAnything<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary }, { weight: 2, arbitrary: yamlScalar }, { weight: 1, arbitrary: yamlValue });
}

const stringifyOptions = fc.record({
  indent: fc.integer({ min: 1, max: 8 }),
  collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
  defaultStringType: fc.constantFrom(
    'PLAIN' as const,
    'QUOTE_DOUBLE' as const,
    'QUOTE_SINGLE' as const,
    'BLOCK_LITERAL' as const,
    'BLOCK_FOLDED' as const,
  ),
  lineWidth: fc.constantFrom(0, 20, 80),
});

/** A value written out as YAML text, in a random style. */
export function serialisedYaml(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.tuple(value, stringifyOptions).map(([document, options]) => {
    try {
      return stringify(document, options);
    } catch {
      // Some values have no YAML form in some styles; the plain style always works.
      return stringify(document);
    }
  });
}

/** YAML features a serialiser never writes, as snippets to splice into files. */
const RAW_YAML_PIECES = [
  '&a ',
  '*a',
  '&a [1, 2]',
  '<<: *a',
  '!!binary aGVsbG8=',
  '!!timestamp 2025-01-01',
  '!!set {a, b}',
  '!!omap [a: 1]',
  '!custom x',
  '!<tag:yaml.org,2002:str> x',
  '%YAML 1.1\n---\n',
  '%TAG ! tag:example.com,2000:\n---\n',
  '---\n',
  '...\n',
  '--- |\n  text\n',
  '? [a, b]\n: c\n',
  '? |\n  k\n: v\n',
  '{a: 1, a: 1}',
  '[a, [b, [c]]]',
  'key: |-\n  line\n',
  'key: >+\n  folded\n\n',
  "'unterminated",
  '"unterminated',
  '\t- tab indented',
  'a: b: c',
  '- - - - x',
  ': no key',
  '@reserved',
  '`reserved',
  '# comment',
  '\uFEFF',
  '\u0085',
];

/** Snippet of raw YAML. */
const rawYamlPiece = fc.constantFrom(...RAW_YAML_PIECES);

/** Flow or block nesting `depth` levels deep. */
const deepNesting = fc
  .tuple(
    fc.constantFrom('flow-seq', 'flow-map', 'block-seq', 'block-map', 'compact-seq'),
    // Around the limit mostly; past where the yaml library overflowed the stack (about 900) now and then.
    fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 1, max: 120 }) },
      { weight: 1, arbitrary: fc.integer({ min: 900, max: 1500 }) },
    ),
  )
  .map(([kind, depth]) => {
    switch (kind) {
      case 'flow-seq':
        return `${'['.repeat(depth)}x${']'.repeat(depth)}`;
      case 'flow-map':
        return `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
      case 'block-seq':
        return Array.from({ length: Math.min(depth, 400) }, (_, level) => `${' '.repeat(level)}- `).join('\n');
      case 'block-map':
        return Array.from(
          { length: Math.min(depth, 400) },
          (_, level) => `${' '.repeat(level)}k${String(level)}:`,
        ).join('\n');
      default:
        return `${'- '.repeat(depth)}x`;
    }
  });

/** An alias bomb: each anchor refers to the previous one `width` times. */
const aliasBomb = fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 })).map(([levels, width]) => {
  const lines = ['l0: &l0 [x, x]'];
  for (let level = 1; level <= levels; level++) {
    lines.push(
      `l${String(level)}: &l${String(level)} [${Array.from({ length: width }, () => `*l${String(level - 1)}`).join(', ')}]`,
    );
  }
  return lines.join('\n');
});

/** YAML text of every kind; `structured` values are serialised, `corpus` files mutated. */
export function yamlText(structured: fc.Arbitrary<unknown>, corpus: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: serialisedYaml(structured) },
    { weight: 3, arbitrary: mutatedText(corpus) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(serialisedYaml(structured), fc.array(fc.tuple(fc.nat(), rawYamlPiece), { minLength: 1, maxLength: 3 }))
        .map(([text, pieces]) =>
          pieces.reduce((current, [at, piece]) => {
            // Splice at a line start, where most YAML features are read.
            const lines = current.split('\n');
            lines.splice(at % (lines.length + 1), 0, piece);
            return lines.join('\n');
          }, text),
        ),
    },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: aliasBomb },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}
