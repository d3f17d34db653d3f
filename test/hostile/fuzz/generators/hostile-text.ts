// Text an attacker would try: names that shadow Object.prototype, paths out of the repository,
// odd line ends, lone surrogates, NULs, markup, numbers JavaScript reads oddly; plus byte-level
// mutations of valid files, which keep most of a file's structure while breaking a part of it.
import fc from 'fast-check';

/** Words that are dangerous as object keys or lookups (`table[word]` finds Object.prototype). */
export const PROTOTYPE_WORDS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  'CONSTRUCTOR',
  '__PROTO__',
] as const;

/** Paths that leave the repository or look absolute on some platform. */
export const ESCAPING_PATHS = [
  '../../etc/passwd',
  '..',
  '../',
  './../x',
  'a/../../b',
  '/etc/passwd',
  '//server/share/x',
  'C:\\Windows\\system32',
  'C:/x',
  '\\\\server\\share',
  '..\\..\\x',
  'file:///etc/passwd',
  'file://host/x',
  '%2e%2e/%2e%2e/x',
  '%2E%2E%2F',
  'a/%00/b',
  '~/x',
  '/proc/self/environ',
] as const;

/** Short strings that break naive code. */
export const HOSTILE_WORDS = [
  '',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '\u00A0',
  '\uD800',
  '\uDFFF',
  '💥',
  'ǅ',
  'İ',
  '\u202E',
  '%',
  '%zz',
  '%E0%A4%A',
  '${HOME}',
  '$(id)',
  '`id`',
  '\\',
  '"',
  "'",
  '#',
  '<!-- devsecops:summary -->',
  '<!-- devsecops:fingerprint=v1:0 state=open -->',
  '-->',
  '<script>',
  'NaN',
  '-1',
  '0',
  '-0',
  '1e309',
  '9007199254740993',
  '0x10',
  'null',
  'true',
  ...PROTOTYPE_WORDS,
  ...ESCAPING_PATHS,
] as const;

/** One hostile word. */
export const hostileWord: fc.Arbitrary<string> = fc.constantFrom(...HOSTILE_WORDS);

/** Any string: hostile words, random text of every kind, and long runs of one character. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileWord },
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(' ', '\\', '#', '-', '[', '{', '"', "'", 'a', '.', '/', '\n', ':', '*'),
        fc.integer({ min: 50, max: 400 }),
      )
      .map(([character, count]) => character.repeat(count)),
  },
);

/** A number as JSON or YAML could carry it, including ones JavaScript reads oddly. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    -(2 ** 53),
    1e21,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
  ),
  fc.double(),
);

/** One edit of a text; positions wrap around its length. */
type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly piece: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly times: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'swap-lines'; readonly first: number; readonly second: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: hostileString }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 80 }),
    times: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), first: fc.nat(), second: fc.nat() }),
);

function applyMutation(text: string, edit: Mutation): string {
  const wrap = (position: number): number => (text.length === 0 ? 0 : position % (text.length + 1));
  switch (edit.kind) {
    case 'insert':
      return text.slice(0, wrap(edit.at)) + edit.piece + text.slice(wrap(edit.at));
    case 'delete':
      return text.slice(0, wrap(edit.at)) + text.slice(wrap(edit.at) + edit.length);
    case 'duplicate': {
      const start = wrap(edit.at);
      const piece = text.slice(start, start + edit.length);
      return text.slice(0, start) + piece.repeat(edit.times) + text.slice(start);
    }
    case 'truncate':
      return text.slice(0, wrap(edit.at));
    case 'swap-lines': {
      const lines = text.split('\n');
      const a = edit.first % lines.length;
      const b = edit.second % lines.length;
      const first = lines[a] ?? '';
      lines[a] = lines[b] ?? '';
      lines[b] = first;
      return lines.join('\n');
    }
  }
}

/** A valid text from `corpus`, then up to `maxEdits` hostile edits. */
export function mutatedText(corpus: readonly string[], maxEdits = 4): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: maxEdits }))
    .map(([base, edits]) => edits.reduce(applyMutation, base));
}

/** Lines joined with one of the line ends a file can have. */
export function joinLines(lines: readonly string[], end: string): string {
  return lines.join(end);
}

export const lineEnd: fc.Arbitrary<string> = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
