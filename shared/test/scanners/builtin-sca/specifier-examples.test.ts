import { deepStrictEqual } from 'node:assert/strict';
import { compare } from '@renovatebot/pep440';
import { parseSpecifierClauses, specifierVersions } from '../../../src/scanners/builtin-sca/pep440';
import { candidatesAllowed } from '../../../src/scanners/builtin-sca/specifier-ranks';
import { candidatesOf, KNOWN, KNOWN_ORDER, libraryAllowed, namesPreRelease, rankOf } from './example-package';

// Specifier evaluation on ranks, on one small package whose versions exercise every rule (example-package.ts).
// Fast example checks beside the property tests in specifier-ranks.test.ts (fast enough to run for every mutant in
// `npm run mutation`). Each expectation is the reference library's own `filter` over the same candidates, written
// out and reviewed: the candidates are the known versions followed by the versions the specifier names, so a named
// version that passes appears again at the end.
function allowed(specifier: string): string[] {
  const named = specifierVersions(specifier);
  const clauses = parseSpecifierClauses(specifier);
  if (clauses === undefined) throw new Error(`not a specifier: ${specifier}`);
  return candidatesAllowed(KNOWN, named, named.map(rankOf), clauses, namesPreRelease(specifier), KNOWN_ORDER).map(
    (index) => candidatesOf(specifier)[index] ?? '',
  );
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
      '==1.2B1': ['1.2b1', '1.2B1'],
      '>1.1.0.1,<1.2': [],
      // Every known version above 0.9 (pre-releases included), then the named one.
      '>=1.0.dev0': [...KNOWN.filter((version) => version !== '0.9'), '1.0.dev0'],
      '<1.2': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1', '1.1', '1.1.0.1'],
    });
  });

  it('arbitrary equality: case-insensitive text; a local candidate by its public part', () => {
    check({
      '===1.0': ['1.0', '1.0+ubuntu1', '1.0'],
      '===1.0.0': ['1.0.0'],
      '===1.0+UBUNTU1': ['1.0+ubuntu1', '1.0+UBUNTU1'],
      '===1.0RC1': ['1.0rc1', '1.0RC1'],
      '===1.0rc1+x': ['1.0rc1+x'],
      '===not-pep-440': [],
    });
  });

  // Expected lists computed with @renovatebot/pep440's `filter` (node, over candidatesOf), as `check` asserts again.
  it('two versions the package never had, in the same gap between known ones, are ordered by the library', () => {
    check({
      '>1.1.5,<=1.1.7': ['1.1.7'],
      '>=1.1.5,<1.1.7': ['1.1.5'],
    });
  });

  it('`<` and `>` refuse a candidate of the same release, trailing zeros on one side or both', () => {
    check({
      '>1': ['1.1', '1.1.0.1', '1.2', '1.10', '2.0', '1!0.5'],
      '<1.1.post1': ['0.9', '1.0', '1.0+ubuntu1', '1.0.post1'],
      '<1.0.post1': ['0.9'],
      '>=1.0.dev0,<1': [],
      '>=1.0.dev0,<1.0': [],
    });
  });

  it('compatible release: the epoch must match, and a local candidate compares by its public part', () => {
    check({
      '~=1!0.1,<=2!0.5': ['1!0.5', '1!0.1'],
      '~=1.0.0': ['1.0', '1.0+ubuntu1', '1.0.post1', '1.0.0'],
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
