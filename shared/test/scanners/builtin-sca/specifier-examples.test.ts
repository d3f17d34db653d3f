import { deepStrictEqual } from 'node:assert/strict';
import { compare, explain, filter } from '@renovatebot/pep440';
import { parseSpecifierClauses, pep440Facts, specifierVersions } from '../../../src/scanners/builtin-sca/pep440';
import { candidatesAllowed } from '../../../src/scanners/builtin-sca/specifier-ranks';

// Specifier evaluation on ranks, on one small package whose versions exercise every rule (pre-, post- and
// dev-releases, local versions among the known ones, trailing zeros, an epoch). Fast example checks beside the
// property tests in specifier-ranks.test.ts (fast enough to run for every mutant in `npm run mutation`). Each
// expectation is the reference library's own `filter` over the same candidates, written out and reviewed: the
// candidates are the known versions followed by the versions the specifier names, so a named version that passes
// appears again at the end.
/** The package's known versions, in PEP 440 order (the first test checks the order with the library). */
const KNOWN: readonly string[] = [
  '0.9',
  '1.0.dev1',
  '1.0rc1',
  '1.0',
  '1.0+ubuntu1',
  '1.0.post1',
  '1.1',
  '1.1.0.1',
  '1.2b1',
  '1.2',
  '1.10',
  '2.0',
  '1!0.5',
];

/** Rank by the library's compare: known version i is 2i+1, a version between i-1 and i is 2i. */
function rankOf(version: string): number {
  const at = KNOWN.findIndex((known) => compare(version, known) <= 0);
  if (at === -1) return 2 * KNOWN.length;
  return compare(version, KNOWN[at] ?? '') === 0 ? 2 * at + 1 : 2 * at;
}

function allowed(specifier: string): string[] {
  const named = specifierVersions(specifier);
  const clauses = parseSpecifierClauses(specifier);
  if (clauses === undefined) throw new Error(`not a specifier: ${specifier}`);
  const prereleases = named.some((version) => explain(version)?.is_prerelease === true);
  const order = {
    rankOf,
    factsOf: (version: string) => {
      const facts = pep440Facts(version);
      if (facts === undefined) throw new Error(`not a version: ${version}`);
      return facts;
    },
  };
  return candidatesAllowed(KNOWN, named, named.map(rankOf), clauses, prereleases, order).map(
    (index) => [...KNOWN, ...named][index] ?? '',
  );
}

/** The reference: the library's filter over the same candidates, with the same pre-release rule. */
function libraryAllowed(specifier: string): string[] {
  const named = specifierVersions(specifier);
  const prereleases = named.some((version) => explain(version)?.is_prerelease === true);
  return filter([...KNOWN, ...named], specifier, { prereleases });
}

function check(cases: Record<string, string[]>): void {
  for (const [specifier, expected] of Object.entries(cases)) {
    deepStrictEqual(allowed(specifier), expected, specifier);
    deepStrictEqual(libraryAllowed(specifier), expected, `the library on ${specifier}`);
  }
}

describe('specifier evaluation on ranks: worked examples', () => {
  it('lists the known versions in the order PEP 440 gives them', () => {
    deepStrictEqual([...KNOWN].reverse().sort(compare), KNOWN);
  });

  it('ordering clauses: bounds inclusive and exclusive; a local version compares by its public part', () => {
    check({
      '>=1.1': ['1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5', '1.1'],
      '>1.1': ['1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '<=1.0': ['0.9', '1.0', '1.0+ubuntu1', '1.0'],
      '<1.1': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1'],
      '<1.0': ['0.9'],
      '>1.0': ['1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '>=1.0.post1': ['1.0.post1', '1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5', '1.0.post1'],
      '>1.1,<2.0': ['1.1.0.1', '1.2', '1.10'],
      '>2.0': ['1!0.5'],
      '<0.9': [],
      '>=3': ['1!0.5', '3'],
    });
  });

  it('a clause version the package never had, between two known ones', () => {
    check({
      '>=1.1.5': ['1.2', '1.10', '2.0', '1!0.5', '1.1.5'],
      '<1.1.5': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1'],
      '==1.1.5': ['1.1.5'],
      '!=1.1.5': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '<=1.1.5': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1', '1.1.5'],
      '>1.1.4,<1.1.6': [],
    });
  });

  it('equality: trailing zeros, local segments, exclusion', () => {
    check({
      '==1.0': ['1.0', '1.0+ubuntu1', '1.0'],
      '==1.0.0': ['1.0', '1.0+ubuntu1', '1.0.0'],
      '==1.0+ubuntu1': ['1.0+ubuntu1', '1.0+ubuntu1'],
      '==1.0+other': ['1.0+ubuntu1', '1.0+other'],
      '==1.1.0': ['1.1', '1.1.0'],
      '!=1.0': ['0.9', '1.0.post1', '1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '!=1.0+ubuntu1': ['0.9', '1.0', '1.0.post1', '1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
    });
  });

  it('prefix matching and compatible release keep the epoch and the release prefix', () => {
    check({
      '==1.1.*': ['1.1', '1.1.0.1', '1.1'],
      '==1.*': ['1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1', '1.2', '1.10', '1'],
      '!=1.*': ['0.9', '2.0', '1!0.5'],
      '==1!0.*': ['1!0.5', '1!0'],
      '~=1.0': ['1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1', '1.2', '1.10', '1.0'],
      '~=1.1.0': ['1.1', '1.1.0.1', '1.1.0'],
      '~=1.0.1': ['1.0.1'],
      '~=1!0.1': ['1!0.5', '1!0.1'],
    });
  });

  it('pre-releases only when a clause names one', () => {
    check({
      '>=1.0rc1,<1.1': ['1.0rc1', '1.0', '1.0+ubuntu1', '1.0.post1', '1.0rc1'],
      '==1.2b1': ['1.2b1', '1.2b1'],
      '>1.1.0.1,<1.2': [],
      '>=1.0.dev0': [
        '1.0.dev1',
        '1.0rc1',
        '1.0',
        '1.0+ubuntu1',
        '1.0.post1',
        '1.1',
        '1.1.0.1',
        '1.2b1',
        '1.2',
        '1.10',
        '2.0',
        '1!0.5',
        '1.0.dev0',
      ],
      '<1.2': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1'],
    });
  });

  it('arbitrary equality: case-insensitive text; a local candidate by its public part', () => {
    check({
      '===1.0': ['1.0', '1.0+ubuntu1', '1.0'],
      '===1.0.0': ['1.0.0'],
      '===1.0+UBUNTU1': ['1.0+ubuntu1', '1.0+UBUNTU1'],
      '===not-pep-440': [],
    });
  });

  it('edges: two named versions, release prefixes longer than a candidate, trailing zeros at exclusive bounds, epochs', () => {
    check({
      '>=1.1.5,<=1.1.7': ['1.1.5', '1.1.7'],
      '==1.1.0.*': ['1.1.0.1', '1.1.0'],
      '==1.1.0.0.*': ['1.1.0.0'],
      '<1.1.0': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1'],
      '>1.0.0': ['1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '>1.1.0': ['1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '~=1.1.0.0': ['1.1.0.1', '1.1.0.0'],
      '!=1.1.0.*': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.2', '1.10', '2.0', '1!0.5'],
      '<2!0': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '>=1!0.1,<1!1': ['1!0.5', '1!0.1'],
      '==1.0.post1': ['1.0.post1', '1.0.post1'],
      '!=1.10': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1', '1.2', '2.0', '1!0.5'],
    });
  });
});
