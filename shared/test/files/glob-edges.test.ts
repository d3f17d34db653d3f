import { deepStrictEqual, throws } from 'node:assert/strict';
import picomatch from 'picomatch';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { globMatcher } from '../../src/files/glob';

// Edges of the glob syntax that the property test against picomatch rarely or never generates: escapes inside
// braces and classes, unclosed braces and classes, `]` and `-` as class members, `.`/`..` under `**`, and what is
// refused. Each expectation is picomatch's answer ({ dot: true }), written out; both are checked.

/** A glob with paths it matches and paths it does not, as picomatch ({ dot: true }) answers. */
interface GlobEdge {
  readonly glob: string;
  readonly matches: readonly string[];
  readonly misses: readonly string[];
}

const EDGES: readonly GlobEdge[] = [
  { glob: '{a\\,b,c}', matches: ['a,b', 'c'], misses: [] },
  { glob: '{a\\}b,c}', matches: ['a}b'], misses: [] },
  { glob: '\\{a,b}', matches: ['{a,b}'], misses: ['a'] },
  { glob: '{a,b', matches: ['{a,b'], misses: ['a'] },
  { glob: 'x{a,b}}', matches: ['xa}'], misses: [] },
  { glob: '{a,{b,c}}d', matches: ['cd'], misses: [] },
  { glob: '[]a]', matches: [']', 'a'], misses: [] },
  { glob: '[!]a]', matches: [], misses: [']'] },
  { glob: '[a-]', matches: ['-'], misses: ['b'] },
  { glob: '[\\]a]', matches: [']'], misses: [] },
  { glob: '[a\\-c]', matches: ['-'], misses: ['b'] },
  { glob: '[\\!a]', matches: ['!'], misses: [] },
  { glob: '[a', matches: ['[a'], misses: [] },
  { glob: '[a-\\z]', matches: ['m'], misses: [] },
  { glob: '[\\a-c]', matches: ['b'], misses: [] },
  { glob: '{a{b,c}', matches: ['{a{b,c}'], misses: ['{ab'] },
  { glob: 'a,b{c}', matches: ['a,b{c}'], misses: ['b{c'] },
  { glob: '{a}..b', matches: ['{a}..b'], misses: [] },
  { glob: '[^a]x', matches: ['^x', 'bx'], misses: ['ax'] },
  { glob: '[^]a]', matches: ['b'], misses: [']', 'a'] },
  { glob: 'a/*/b', matches: [], misses: ['a/./b'] },
  { glob: 'a/*', matches: [], misses: ['a/'] },
  { glob: 'a/./b', matches: ['a/./b'], misses: ['a/b'] },
  { glob: 'a/../b', matches: ['a/../b'], misses: ['b'] },
  { glob: 'a/**/b', matches: [], misses: ['a/../b', 'a/./b'] },
  { glob: 'a/**', matches: [], misses: ['a/..', 'a/.'] },
  { glob: 'a*/**', matches: ['ab/c'], misses: ['ab/.'] },
  { glob: 'x/a*/**', matches: ['x/ab/c'], misses: ['x/ab', 'x/q/ab'] },
  { glob: 'x/**/a*/b', matches: ['x/ab/b', 'x/y/ab/b'], misses: [] },
  { glob: './a/*.py', matches: ['a/x.py'], misses: [] },
  { glob: 'a/**/**/b', matches: ['a/x/b'], misses: [] },
  // A `\` that ends the glob escapes nothing and stands for itself; `\/` still separates segments.
  { glob: 'a\\', matches: ['a\\'], misses: ['a', 'a/b'] },
  { glob: '*\\', matches: ['ab\\'], misses: ['ab'] },
  { glob: 'x/\\', matches: ['x/\\'], misses: ['x', 'x/'] },
  { glob: '{a,b}\\', matches: ['b\\'], misses: ['b'] },
  { glob: 'a\\/b', matches: ['a/b'], misses: [] },
];

/** The edges as a matcher answers them: each glob with the paths it matches, and those it misses. */
function answered(matcherOf: (glob: string) => (path: string) => boolean): GlobEdge[] {
  return EDGES.map(({ glob, matches, misses }) => {
    const matcher = matcherOf(glob);
    return { glob, matches: matches.filter(matcher), misses: misses.filter((path) => !matcher(path)) };
  });
}

/** Asserts that `glob` is refused as using `what`, with the message the config reader shows. */
function refused(glob: string, what: string): void {
  throws(
    () => globMatcher([glob]),
    (error) =>
      isDevsecopsError(error) &&
      error.code === 'CONFIG_INVALID' &&
      error.message ===
        `The glob ${JSON.stringify(glob)} uses ${what}, which globs here do not support: write it with *, **, ?, [...] and {a,b}.`,
    glob,
  );
}

/** `{0,1,…,count-1}`: one brace of `count` alternatives. */
function numbered(count: number): string {
  return `{${Array.from({ length: count }, (_, index) => String(index)).join(',')}}`;
}

describe('globs: edges of the syntax', () => {
  it('escapes, unclosed brackets, class edges and dot segments agree with picomatch', () => {
    deepStrictEqual(
      answered((glob) => globMatcher([glob])),
      EDGES,
    );
    deepStrictEqual(
      answered((glob) => picomatch(glob, { dot: true })),
      EDGES,
    );
  });

  it('reads a backslash that ends the glob as a backslash after any wildcard or escape', () => {
    // minimatch and bash answer so; picomatch 4 does for `*\` and `x/\` above, but compiles these three to a
    // pattern that matches nothing.
    const matchesAll = (glob: string, paths: readonly string[]): boolean[] => paths.map(globMatcher([glob]));
    deepStrictEqual(matchesAll('a*\\', ['ab\\', 'ab', 'a']), [true, false, false]);
    deepStrictEqual(matchesAll('?\\', ['a\\', 'a', '\\']), [true, false, false]);
    deepStrictEqual(matchesAll('a\\\\\\', ['a\\\\', 'a\\']), [true, false]);
  });

  it('refuses brace ranges and more than 256 brace alternatives, saying what to write instead', () => {
    refused('file{1..3}.py', 'a brace range ({1..3})');
    refused('{a..b}', 'a brace range ({1..3})');
    refused('{a,b}'.repeat(9), 'more than 256 brace alternatives');
    refused(numbered(257), 'more than 256 brace alternatives');
    refused('{10..20}', 'a brace range ({1..3})');
    refused('a,{1..3}', 'a brace range ({1..3})');
    // With an escaped comma on either side of the `..`, picomatch still reads a range: refused, not read as text.
    refused('{a\\,b..c}', 'a brace range ({1..3})');
    refused('{a..b\\,c}', 'a brace range ({1..3})');
    deepStrictEqual(globMatcher(['{a,b}'.repeat(5)])('ababa'), true);
    deepStrictEqual(globMatcher(['{1.2,1.3}'])('1.3'), true);
  });

  it('counts the alternatives a glob expands to, not the steps on the way', () => {
    // `{a,b}` eight times is 256 alternatives, the most allowed; each level of nesting used to count them again.
    deepStrictEqual(globMatcher(['{a,b}'.repeat(6)])('bbbbba'), true);
    deepStrictEqual(globMatcher(['{a,b}'.repeat(8)])('abababab'), true);
    deepStrictEqual(globMatcher(['{a,b}'.repeat(8)])('abababa'), false);
    deepStrictEqual(globMatcher(['{x,{a,b}{c,d}}'.repeat(3)])('xadx'), true);
    // 3^5 = 243: a brace nested first in a choice is one choice, not a second level of alternatives.
    deepStrictEqual(globMatcher(['{{a,b},c}'.repeat(5)])('abcab'), true);
    deepStrictEqual(globMatcher([numbered(256)])('255'), true);
  });

  it('refuses an exploding brace pattern before expanding it', () => {
    // 2^64, 1000^8 and 301 nested alternatives: a matcher that expanded them all before counting would not return.
    refused('{a,b}'.repeat(64), 'more than 256 brace alternatives');
    refused(numbered(1000).repeat(8), 'more than 256 brace alternatives');
    refused(`${'{a,'.repeat(300)}b${'}'.repeat(300)}`, 'more than 256 brace alternatives');
  });
});
