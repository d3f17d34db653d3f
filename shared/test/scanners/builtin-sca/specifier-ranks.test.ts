import { deepStrictEqual, ok } from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, explain, validRange } from '@renovatebot/pep440';
import fc from 'fast-check';
import { loadVulnerabilityDatabase } from '../../../src/scanners/builtin-sca/database-loader';
import {
  isPep440Specifier,
  parseSpecifierClauses,
  pep440Facts,
  specifierVersions,
  versionsAllowedBy,
} from '../../../src/scanners/builtin-sca/pep440';
import { claimAffects, VulnerabilityDatabase } from '../../../src/scanners/builtin-sca/vulnerability-database';

/**
 * The oracle: how the engine chose a specifier's candidates before rank-based
 * evaluation, i.e. @renovatebot/pep440's `filter` over the package's known versions
 * plus the versions the specifier names, with pip's pre-release rule.
 */
function libraryAllowed(versions: readonly string[], specifier: string): string[] {
  return versionsAllowedBy([...versions, ...specifierVersions(specifier)], specifier);
}

/** Ways to turn a real version into a neighbour the specifier can name. */
const VARIANTS: readonly ((version: string) => string)[] = [
  (v) => v,
  (v) => v,
  (v) => `${v}.0`,
  (v) => v.replace(/(\.\d+)$/, ''),
  (v) => `${v}a1`,
  (v) => `${v}rc2`,
  (v) => `${v}b0`,
  (v) => `${v}.dev0`,
  (v) => `${v}.post1`,
  (v) => `${v}.post1.dev3`,
  (v) => `${v}+local.1`,
  (v) => `${v}+ubuntu`,
  (v) => `1!${v}`,
  (v) => v.toUpperCase(),
  (v) => `0${v}`,
  (v) => v.split(/[^\d.]/)[0] ?? v,
];

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '~=', '==='] as const;

describe('specifier evaluation on ranks', function () {
  // Thousands of property runs against the reference library each: seconds on a quiet machine, more under load.
  this.timeout(120_000);
  let cache: string;
  let db: VulnerabilityDatabase;
  let names: string[];

  before(async () => {
    cache = mkdtempSync(join(tmpdir(), 'sca-ranks-cache-'));
    db = await loadVulnerabilityDatabase({ cacheDir: cache });
    names = [...db.advisoryIndex.packageNames()];
  });

  after(() => {
    rmSync(cache, { recursive: true, force: true });
  });

  function versionsOf(name: string): readonly string[] {
    return db.advisoryIndex.packageRecord(name)?.versions ?? [];
  }

  it('property: allows exactly what the library’s filter allows, over real versions and their variants', () => {
    const clause = fc.record({
      operator: fc.constantFrom(...OPERATORS),
      pick: fc.nat(),
      variant: fc.nat({ max: VARIANTS.length - 1 }),
      wildcard: fc.boolean(),
      space: fc.constantFrom('', ' '),
    });
    const fresh = new VulnerabilityDatabase(db.advisoryIndex, db.info);
    let nonEmpty = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(clause, { minLength: 1, maxLength: 3 }), (packagePick, clauses) => {
        const name = names[packagePick % names.length] ?? '';
        const versions = versionsOf(name);
        const specifier = clauses
          .map(({ operator, pick, variant, wildcard, space }) => {
            const base = versions[pick % versions.length] ?? '1.0';
            const version = (VARIANTS[variant] ?? ((v: string) => v))(base);
            return `${operator}${space}${version}${wildcard ? '.*' : ''}`;
          })
          .join(', ');
        const expected = libraryAllowed(versions, specifier);
        if (expected.length > 0) nonEmpty++;
        deepStrictEqual(fresh.versionsAllowed(name, specifier), expected, `${name} ${specifier}`);
      }),
      { numRuns: 6000, seed: 440 },
    );
    // The generator must reach real answers, not only rejected or empty specifiers.
    ok(nonEmpty > 1500, `only ${String(nonEmpty)} specifiers allowed anything`);
  });

  it('property: single clauses on the packages with the most versions, incl. wildcards and ~=', () => {
    const big = [...names].sort((a, b) => versionsOf(b).length - versionsOf(a).length).slice(0, 20);
    const fresh = new VulnerabilityDatabase(db.advisoryIndex, db.info);
    fc.assert(
      fc.property(
        fc.constantFrom(...big),
        fc.constantFrom(...OPERATORS),
        fc.nat(),
        fc.nat({ max: VARIANTS.length - 1 }),
        fc.boolean(),
        (name, operator, pick, variant, wildcard) => {
          const versions = versionsOf(name);
          const version = (VARIANTS[variant] ?? ((v: string) => v))(versions[pick % versions.length] ?? '1.0');
          const specifier = `${operator}${version}${wildcard ? '.*' : ''}`;
          deepStrictEqual(fresh.versionsAllowed(name, specifier), libraryAllowed(versions, specifier), specifier);
        },
      ),
      { numRuns: 4000, seed: 503 },
    );
  });

  it('keeps the library’s local-version, exclusive-comparison and arbitrary-equality rules', () => {
    const name = names.find((n) => versionsOf(n).includes('2.2.0')) ?? '';
    ok(name !== '', 'the snapshot has a package with a 2.2.0 release');
    const cases = [
      '==2.2.0+local',
      '<=2.2.0',
      '<2.2.0',
      '>2.2.0',
      '==2.2',
      '==2.2.*',
      '!=2.2.*',
      '~=2.2',
      '~=2.2.0',
      '===2.2.0',
      '===2.2',
      '===not-pep-440',
      '>=2.2.0rc1,<2.3',
      '>2.2.0.post1',
      '>=1!0',
    ];
    for (const specifier of cases)
      deepStrictEqual(db.versionsAllowed(name, specifier), libraryAllowed(versionsOf(name), specifier), specifier);
  });
  /** Rank by the library's compare: known version i is 2i+1, a version between i-1 and i is 2i. */
  function libraryRank(versions: readonly string[], version: string): number {
    const at = versions.findIndex((known) => compare(version, known) <= 0);
    if (at === -1) return 2 * versions.length;
    return compare(version, versions[at] ?? '') === 0 ? 2 * at + 1 : 2 * at;
  }

  /** The reach walk as it was before: every allowed version through every claim, in candidate order. */
  function oldReach(name: string, specifier: string): { id: string; lowest: string; highest: string }[] {
    const pkg = db.advisoryIndex.packageRecord(name);
    if (!pkg) return [];
    const reach = new Map<number, { lowest: string; highest: string; lowestRank: number; highestRank: number }>();
    const allowed = libraryAllowed(pkg.versions, specifier).map((version) => ({
      version,
      rank: libraryRank(pkg.versions, version),
    }));
    for (const claim of pkg.affected)
      for (const { version, rank } of allowed) {
        if (!claimAffects(claim, rank)) continue;
        const seen = reach.get(claim.advisory);
        if (!seen)
          reach.set(claim.advisory, { lowest: version, highest: version, lowestRank: rank, highestRank: rank });
        else {
          if (rank < seen.lowestRank) Object.assign(seen, { lowest: version, lowestRank: rank });
          if (rank > seen.highestRank) Object.assign(seen, { highest: version, highestRank: rank });
        }
      }
    return [...reach].map(([advisory, span]) => ({
      id: pkg.advisories.get(advisory)?.id ?? '',
      lowest: span.lowest,
      highest: span.highest,
    }));
  }

  it('property: advisoriesReachable finds the same advisories, in the same order, with the same span', () => {
    const fresh = new VulnerabilityDatabase(db.advisoryIndex, db.info);
    let found = 0;
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom('>=', '<=', '<', '>', '!=', '~=', '=='),
        fc.nat(),
        fc.nat({ max: VARIANTS.length - 1 }),
        fc.boolean(),
        (packagePick, operator, pick, variant, wildcard) => {
          const name = names[packagePick % names.length] ?? '';
          const versions = versionsOf(name);
          const version = (VARIANTS[variant] ?? ((v: string) => v))(versions[pick % versions.length] ?? '1.0');
          const specifier = `${operator}${version}${wildcard ? '.*' : ''}`;
          const actual = fresh.advisoriesReachable(name, specifier).map((match) => ({
            id: match.advisory.id,
            lowest: match.reachable?.lowest ?? '',
            highest: match.reachable?.highest ?? '',
          }));
          found += actual.length;
          deepStrictEqual(actual, oldReach(name, specifier), `${name} ${specifier}`);
        },
      ),
      { numRuns: 2000, seed: 44 },
    );
    ok(found > 1000, `only ${String(found)} advisories reached`);
  });

  it('property: version facts are the library’s own parse, fast path included', () => {
    const all = names.flatMap((name) => versionsOf(name));
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.nat({ max: VARIANTS.length - 1 }), (base, variant) => {
        const version = (VARIANTS[variant] ?? ((v: string) => v))(base);
        const explained = explain(version);
        const expected = explained
          ? {
              epoch: explained.epoch,
              release: explained.release,
              isPreRelease: explained.is_prerelease,
              hasLocal: Boolean(explained.local),
              publicVersion: explained.public,
            }
          : undefined;
        deepStrictEqual(pep440Facts(version), expected, version);
      }),
      { numRuns: 5000, seed: 7 },
    );
  });
  it('property: a specifier parses exactly when the library’s validRange accepts it', () => {
    let valid = 0;
    const piece = fc.constantFrom(
      ...OPERATORS,
      '1',
      '0',
      '2.2',
      '.',
      '!',
      '+',
      '-',
      'a',
      'rc',
      'post',
      'dev',
      'v',
      '*',
      '.*',
      ' ',
      ',',
      'x',
      ';',
      ')',
      'ü',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const specifier = pieces.join('');
        if (validRange(specifier) && specifier.trim() !== '') valid++;
        deepStrictEqual(parseSpecifierClauses(specifier) !== undefined, validRange(specifier), specifier);
        deepStrictEqual(isPep440Specifier(specifier), validRange(specifier), specifier);
      }),
      { numRuns: 10000, seed: 8 },
    );
    ok(valid > 200, `only ${String(valid)} generated specifiers were valid`);
  });
});
