import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { createRequire } from 'node:module';
import { compare, explain, validRange } from '@renovatebot/pep440';
import fc from 'fast-check';
import {
  comparePep440,
  isPep440PreRelease,
  pep440Facts,
  readSpecifierClauses,
} from '../../../src/scanners/builtin-sca/pep440';

// Plain releases (`1.2.3`) are compared, classified and read in specifier clauses without the reference library's
// parser, which is the common case of a file the database has not been asked about yet. These fast paths only save
// time: every answer must be the library's own, to the value (a comparison's -2 is not its -1), which is what
// these properties check, over the shapes where plain releases differ from one another (trailing zeros, leading
// zeros, different lengths, numbers too long for Number) and beside versions that are not plain.

/** A plain release: 1 to 6 numbers, some with leading zeros, some zero, rarely one too long to read exactly. */
const plainRelease = fc
  .array(
    fc.oneof(
      fc.constantFrom('0', '00', '1', '01', '2', '10', '9'),
      fc.nat({ max: 2000 }).map(String),
      fc.constantFrom('9007199254740993', '99999999999999999999'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((numbers) => numbers.join('.'));

/** Not plain: the parts the fast paths leave to the library. */
const otherVersion = fc
  .tuple(
    plainRelease,
    fc.constantFrom('a1', 'rc2', '.dev0', '.post1', '-1', '+local.7', 'b0.post2.dev3', '.0', '', 'A1', 'c1'),
    fc.constantFrom('', '1!', 'v'),
  )
  .map(([release, suffix, prefix]) => `${prefix}${release}${suffix}`);

/** The library's exports object, the one the engine's calls look their functions up on. */
const library = createRequire(__filename)('@renovatebot/pep440') as Record<'compare' | 'explain', unknown>;

/** How many times the library's `compare` and `explain` are called while `run` runs. */
function libraryCalls(run: () => void): { compare: number; explain: number } {
  const calls = { compare: 0, explain: 0 };
  const originals = { compare: library.compare, explain: library.explain };
  for (const name of ['compare', 'explain'] as const) {
    const original = originals[name] as (...args: unknown[]) => unknown;
    library[name] = (...args: unknown[]) => {
      calls[name] += 1;
      return original(...args);
    };
  }
  try {
    run();
  } finally {
    Object.assign(library, originals);
  }
  return calls;
}

const OPERATORS = ['~=', '==', '!=', '<=', '>=', '<', '>', '==='] as const;

/**
 * The library's reading of a clause, as `readSpecifierClauses` reports it, or undefined when it rejects the set
 * or names a number too long to read exactly (which the engine refuses on purpose, see `isPep440Version`).
 */
function libraryClauses(specifier: string): readonly unknown[] | undefined {
  if (!validRange(specifier) || /\d{16}/.test(specifier)) return undefined;
  return specifier.split(',').map((piece) => {
    const match = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*(.*?)\s*$/.exec(piece);
    const version = match?.[2] ?? '';
    return { operator: match?.[1], version, versionFacts: pep440Facts(version), prefix: false };
  });
}

describe('plain releases: the fast paths answer as the PEP 440 library', function () {
  this.timeout(60_000);

  it('property: comparing two plain releases gives the library’s value', () => {
    fc.assert(
      fc.property(plainRelease, plainRelease, (a, b) => {
        strictEqual(comparePep440(a, b), compare(a, b), `${a} vs ${b}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: comparing a plain release with any other version gives the library’s value', () => {
    fc.assert(
      fc.property(plainRelease, otherVersion, fc.boolean(), (plain, other, plainFirst) => {
        const [a, b] = plainFirst ? [plain, other] : [other, plain];
        if (explain(a) === null || explain(b) === null) return;
        strictEqual(comparePep440(a, b), compare(a, b), `${a} vs ${b}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('worked examples of the values the library gives, trailing zeros and lengths included', () => {
    const cases: readonly (readonly [string, string, number])[] = [
      ['1.0', '1', 0],
      ['1.0.0.0', '1', 0],
      ['01.2', '1.2', 0],
      ['1.2', '1.10', -1],
      ['1.2.1', '1.2', 1],
      ['1.2', '1.2.0.5', -2],
      ['0', '0.0.0', 0],
      ['0', '0.1', -2],
      ['2', '10', -1],
    ];
    for (const [a, b, expected] of cases) {
      strictEqual(compare(a, b), expected, `library: ${a} vs ${b}`);
      strictEqual(comparePep440(a, b), expected, `${a} vs ${b}`);
    }
  });

  it('property: a plain release is never a pre-release, and any other version is classified by the library', () => {
    fc.assert(
      fc.property(fc.oneof(plainRelease, otherVersion), (version) => {
        strictEqual(isPep440PreRelease(version), explain(version)?.is_prerelease ?? false, version);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: a clause on a plain release reads as the library reads it; a set of them parses exactly when the library accepts it', () => {
    const clause = fc
      .tuple(fc.constantFrom(...OPERATORS), fc.constantFrom('', ' ', '  '), plainRelease, fc.constantFrom('', ' '))
      .map(([operator, space, version, trailing]) => `${operator}${space}${version}${trailing}`);
    fc.assert(
      fc.property(fc.array(clause, { minLength: 1, maxLength: 3 }), (clauses) => {
        const specifier = clauses.join(',');
        const read = readSpecifierClauses(specifier);
        const expected = libraryClauses(specifier);
        if (expected === undefined || read === undefined) {
          strictEqual(read === undefined, expected === undefined, specifier);
          return;
        }
        // `===` on a plain release is read by the library's own pattern, with the same parts.
        deepStrictEqual(read, expected, specifier);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the plain clauses of a range as before, and leaves `.*`, `~=` with one number and long numbers to the full rules', () => {
    const facts = (version: string): unknown => pep440Facts(version);
    deepStrictEqual(readSpecifierClauses('>=1.2, <99'), [
      { operator: '>=', version: '1.2', versionFacts: facts('1.2'), prefix: false },
      { operator: '<', version: '99', versionFacts: facts('99'), prefix: false },
    ]);
    deepStrictEqual(readSpecifierClauses('<=1.0'), [
      { operator: '<=', version: '1.0', versionFacts: facts('1.0'), prefix: false },
    ]);
    deepStrictEqual(readSpecifierClauses('==1.4.*'), [
      { operator: '==', version: '1.4', versionFacts: facts('1.4'), prefix: true },
    ]);
    strictEqual(readSpecifierClauses('~=1'), undefined);
    strictEqual(readSpecifierClauses('>=1234567890123456'), undefined);
    strictEqual(readSpecifierClauses('=>1.0'), undefined);
  });

  it('plain releases are compared, classified and read in clauses without the library’s parser', () => {
    const calls = libraryCalls(() => {
      strictEqual(comparePep440('99.0', '5.2.1'), 1);
      strictEqual(isPep440PreRelease('5.2.1'), false);
      strictEqual(readSpecifierClauses('>=5.2.1,<99')?.length, 2);
    });
    deepStrictEqual(calls, { compare: 0, explain: 0 });
    // Anything else is still the library's to answer.
    const other = libraryCalls(() => {
      strictEqual(comparePep440('1.0rc1', '1.0'), -1);
      strictEqual(isPep440PreRelease('1.0rc1'), true);
    });
    deepStrictEqual(other, { compare: 1, explain: 1 });
  });
});
