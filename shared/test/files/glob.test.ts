import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { globMatcher, globMatcherWithFolders, globProblem } from '../../src/files/glob';

const matches = (glob: string, path: string): boolean => globMatcher([glob])(path);

describe('globs (files/glob.ts)', () => {
  it('matches the documented syntax', () => {
    const table: [string, string, boolean][] = [
      ['tests/**', 'tests/a/b.py', true],
      ['tests/**', 'tests', true],
      ['tests/**', 'testsx/a', false],
      ['**/test_*.py', 'test_a.py', true],
      ['**/test_*.py', 'a/b/test_a.py', true],
      ['**/test_*.py', 'a/b/test_a.pyc', false],
      ['*.py', 'a/b.py', false],
      ['*.py', '.hidden.py', true],
      ['*', '.', false],
      ['*', '..', false],
      ['?', 'a', true],
      ['?', 'ab', false],
      ['[a-c]x', 'bx', true],
      ['[!a]x', 'ax', false],
      ['[^a]x', 'bx', true],
      ['{src,lib}/*.js', 'lib/a.js', true],
      ['{src,{lib,vendor}}/*.js', 'vendor/a.js', true],
      ['{a}', '{a}', true],
      ['\\*', '*', true],
      ['\\*', 'a', false],
      ['./docs/*', 'docs/a.md', true],
      ['!docs/*', 'src/a.py', true],
      ['!docs/*', 'docs/a.md', false],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['a*/**', 'ab', false],
      ['a*/**', 'ab/c', true],
      ['**', '', false],
      ['scripts/', 'scripts/', true],
    ];
    deepStrictEqual(
      table.map(([glob, path]) => [glob, path, matches(glob, path)]),
      table,
    );
  });

  it('refuses extended globs, POSIX classes, brace ranges and brace bombs with CONFIG_INVALID', () => {
    for (const glob of [
      '@(a|b)',
      '!(a)',
      'x/!(y)',
      '+(a|aa)',
      '*(a)',
      '?(a)',
      '[[:alpha:]]',
      '{1..3}',
      '{a,b}'.repeat(9),
    ]) {
      throws(
        () => globMatcher([glob]),
        (error: unknown) =>
          isDevsecopsError(error) && error.code === 'CONFIG_INVALID' && error.message.includes(JSON.stringify(glob)),
      );
      strictEqual(typeof globProblem(glob), 'string');
    }
    strictEqual(globProblem('**/*.py'), undefined);
  });

  it('matches in time bounded by pattern × path the globs and names that made picomatch backtrack for hours (fuzz)', () => {
    // picomatch: 4 stars against 255 characters took 0.9 s, each more star about 200 times longer.
    strictEqual(matches('*a*a*a*a*a*a*a*a*a*a*a*x', 'a'.repeat(255)), false);
    strictEqual(matches(`${'*a'.repeat(2000)}*x`, 'a'.repeat(100_000)), false);
    // picomatch: 3 globstars against 2000 segments took 3 s, and grew with each one.
    const deep = Array.from({ length: 20_000 }, () => 'a').join('/');
    strictEqual(matches('**/a/**/a/**/a/**/a/**/a/**/x', deep), false);
    strictEqual(matches(`**/*a*a*a/**/*a*a*y`, Array.from({ length: 16 }, () => 'a'.repeat(255)).join('/')), false);
    // "The path or a folder above it" is one pass too: matching each folder took 2 s at 4,000 segments.
    strictEqual(globMatcherWithFolders(['**/a/**/x'])(deep), false);
    strictEqual(globMatcherWithFolders(['**/a/**/x', 'a/a/*/'])(deep), true);
  });

  it('with folders: the path, or any folder above it with or without a trailing slash', () => {
    const table: [string, string, boolean][] = [
      ['tests', 'tests/a/b.py', true],
      ['tests/', 'tests/a/b.py', true],
      ['tests/', 'tests', false],
      ['tests/*', 'tests/a/b.py', true],
      ['tests/*', 'tests', false],
      ['*.py', 'a.py/x', true],
      ['docs', 'src/docs.md', false],
      ['!docs/**', 'src/a.py', true],
      ['**', '', false],
    ];
    deepStrictEqual(
      table.map(([glob, path]) => [glob, path, globMatcherWithFolders([glob])(path)]),
      table,
    );
  });

  it('property: agrees with picomatch ({ dot: true }) on globs of the shared syntax', () => {
    // Not in the shared syntax: picomatch reads `**` glued to other characters (`**.py`) as crossing folders.
    const piece = fc.constantFrom(
      '*',
      '/**/',
      '?',
      '[a-c]',
      '[^a]',
      '{a,b}',
      '{x,a*}',
      'a',
      'b',
      '.',
      '/',
      '.py',
      'x',
      '\\*',
      'tests',
    );
    const glob = fc
      .array(piece, { minLength: 1, maxLength: 6 })
      .map((pieces) => pieces.join('').replace(/^\/+/, ''))
      .filter((text) => text !== '' && !/\*\*[^/]|[^/]\*\*/.test(text));
    const path = fc
      .array(fc.constantFrom('a', 'b', 'aa', '.hidden', 'x.py', 'tests', 'ab', 'c'), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('/'));
    fc.assert(
      fc.property(
        glob,
        path,
        (pattern, candidate) => matches(pattern, candidate) === picomatch(pattern, { dot: true })(candidate),
      ),
      { numRuns: 20_000, seed: 7 },
    );
  });
});
