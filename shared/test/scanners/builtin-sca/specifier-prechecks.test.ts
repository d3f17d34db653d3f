import { deepStrictEqual } from 'node:assert/strict';
import { parseSpecifierClauses, specifierVersions } from '../../../src/scanners/builtin-sca/pep440';
import {
  candidatesAllowed,
  clauseMayAllow,
  knownBounds,
  rankClauses,
  skipsKnownVersion,
  type RankedClause,
} from '../../../src/scanners/builtin-sca/specifier-ranks';
import { candidatesOf, factsOf, KNOWN, KNOWN_ORDER, libraryAllowed, namesPreRelease, rankOf } from './example-package';

// The pre-checks of specifier evaluation on ranks only save time: the index range of known versions that the
// ordering clauses leave possible, and `clauseMayAllow`, which refuses a candidate without parsing it. Their contract
// is to answer "surely not" for a known set of cases and never for an allowed version. A pre-check that prunes less
// still gives every right answer, only slower, so these tests pin what each prunes, and check every pruned version
// against the reference library.

function rankedClauses(specifier: string): RankedClause[] {
  const clauses = parseSpecifierClauses(specifier);
  if (clauses === undefined) throw new Error(`not a specifier: ${specifier}`);
  return rankClauses(clauses, KNOWN_ORDER);
}

/** What the pre-checks prune for `specifier`. */
interface Pruned {
  /** Known versions the index range passes over. */
  readonly skipped: readonly string[];
  /** Candidates (known, then named) that `clauseMayAllow` refuses for some clause. */
  readonly refused: readonly string[];
}

function pruned(specifier: string): Pruned {
  const ranked = rankedClauses(specifier);
  const bounds = knownBounds(ranked, KNOWN.length);
  const ranks = [...KNOWN.map((_, index) => 2 * index + 1), ...specifierVersions(specifier).map(rankOf)];
  return {
    skipped: KNOWN.filter((version, index) => skipsKnownVersion(bounds, index, version)),
    refused: candidatesOf(specifier).filter((version, index) =>
      ranked.some((clause) => !clauseMayAllow(clause, version, ranks[index] ?? 0)),
    ),
  };
}

/** Checks what each specifier's pre-checks prune, and that the library allows none of it. */
function checkPruned(cases: Record<string, Pruned>): void {
  for (const [specifier, expected] of Object.entries(cases)) {
    const actual = pruned(specifier);
    deepStrictEqual(actual, expected, specifier);
    const allowed = libraryAllowed(specifier);
    const wronglyPruned = [...actual.skipped, ...actual.refused].filter((version) => allowed.includes(version));
    deepStrictEqual(wronglyPruned, [], `pruned but allowed by the library: ${specifier}`);
  }
}

/** Every known version but the local one, which no pre-check prunes. */
const NOT_LOCAL = KNOWN.filter((version) => !version.includes('+'));

describe('specifier evaluation on ranks: the speed-only pre-checks', () => {
  it('ordering clauses bound the known versions to one index range, and refuse the candidates outside it', () => {
    const below11 = ['0.9', '1.0.dev1', '1.0rc1', '1.0', '1.0.post1'];
    const above10 = ['1.0.post1', '1.1', '1.1.0.1', '1.2b1', '1.2', '1.10', '2.0', '1!0.5'];
    checkPruned({
      '>=1.1': { skipped: below11, refused: below11 },
      '~=1.1': { skipped: below11, refused: below11 },
      '>1.1': { skipped: [...below11, '1.1'], refused: [...below11, '1.1', '1.1'] },
      '<=1.0': { skipped: above10, refused: above10 },
      '<1.0': { skipped: ['1.0', ...above10], refused: ['1.0', ...above10, '1.0'] },
      '>1.1,<2.0,!=1.2': {
        skipped: [...below11, '1.1', '2.0', '1!0.5'],
        refused: [...below11, '1.1', '1.2', '2.0', '1!0.5', '1.1', '2.0', '1.2'],
      },
      '>=1.0.post1,<2!0': {
        skipped: ['0.9', '1.0.dev1', '1.0rc1', '1.0'],
        refused: ['0.9', '1.0.dev1', '1.0rc1', '1.0', '2!0'],
      },
      '<0.9': { skipped: NOT_LOCAL, refused: [...NOT_LOCAL, '0.9'] },
    });
  });

  it('equality keeps only the known version it names, or none for a version the package never had', () => {
    const allBut10 = NOT_LOCAL.filter((version) => version !== '1.0');
    checkPruned({
      '==1.0': { skipped: allBut10, refused: allBut10 },
      '==1.1.5': { skipped: NOT_LOCAL, refused: NOT_LOCAL },
      '==1.0+ubuntu1': { skipped: NOT_LOCAL, refused: NOT_LOCAL },
      '!=1.0': { skipped: [], refused: ['1.0', '1.0'] },
    });
  });

  it('arbitrary equality refuses by case-insensitive text; a prefix clause is left to the full rule', () => {
    checkPruned({
      '===1.0RC1': { skipped: [], refused: NOT_LOCAL.filter((version) => version !== '1.0rc1') },
      '===not-pep-440': { skipped: [], refused: NOT_LOCAL },
      '==1.*': { skipped: [], refused: [] },
    });
  });

  it('clauses that bound nothing leave every known version in range', () => {
    const every = { low: 0, high: KNOWN.length - 1 };
    deepStrictEqual(knownBounds([], KNOWN.length), every);
    for (const specifier of ['!=1.0', '===1.0', '==1.*']) {
      deepStrictEqual(knownBounds(rankedClauses(specifier), KNOWN.length), every, specifier);
    }
  });

  it('evaluation parses only the candidates the pre-checks let through', () => {
    const specifier = '>1.1,<2.0,!=1.2';
    const named = specifierVersions(specifier);
    const clauses = parseSpecifierClauses(specifier) ?? [];
    const parsed: string[] = [];
    const order = {
      rankOf,
      factsOf: (version: string) => {
        parsed.push(version);
        return factsOf(version);
      },
    };
    const allowed = candidatesAllowed(KNOWN, named, named.map(rankOf), clauses, namesPreRelease(specifier), order);
    deepStrictEqual(
      allowed.map((index) => candidatesOf(specifier)[index]),
      ['1.1.0.1', '1.10'],
    );
    // The local version is parsed too: it compares by its public part, which no pre-check places.
    deepStrictEqual(parsed, ['1.0+ubuntu1', '1.1.0.1', '1.2b1', '1.10']);
  });
});
