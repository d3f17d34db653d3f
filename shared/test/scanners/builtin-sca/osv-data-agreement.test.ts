import { deepStrictEqual, ok } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compare, valid } from '@renovatebot/pep440';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { advisoryIndexOfZip, sha256Of } from '../../../src/scanners/builtin-sca/database-loader';
import { VulnerabilityDatabase } from '../../../src/scanners/builtin-sca/vulnerability-database';
import { SNAPSHOT_ZIP } from './osv-test-data';

// The independent oracle: the PyPA data itself. Every OSV record lists the
// versions it affects (`versions`, enumerated by OSV from the ranges against real
// PyPI releases). Below, a deliberately naive OSV evaluator written straight from
// the spec (sort events, walk them), over the records read raw from the zip,
// decides which records' ranges and lists agree; on those, the engine's compiled,
// rank-based evaluation must give exactly the listed set.

type OsvEvent = Readonly<Record<string, string>>;

interface Claim {
  readonly id: string;
  readonly pkg: string;
  readonly ranges: readonly (readonly OsvEvent[])[];
  readonly listed: readonly string[];
}

const normalise = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase();
const eventVersion = (event: OsvEvent): string => Object.values(event)[0] ?? '';
const isZeroIntroduced = (event: OsvEvent): boolean => event['introduced'] === '0';

/** OSV's evaluation, verbatim from the schema's pseudo-code, comparing with the PEP 440 library. */
function naiveRangeAffects(version: string, events: readonly OsvEvent[]): boolean {
  const sorted = [...events].sort((a, b) =>
    isZeroIntroduced(a) ? -1 : isZeroIntroduced(b) ? 1 : compare(eventVersion(a), eventVersion(b)),
  );
  let affected = false;
  for (const event of sorted) {
    const introduced = event['introduced'];
    const fixed = event['fixed'];
    const lastAffected = event['last_affected'];
    if (introduced !== undefined && (introduced === '0' || compare(version, introduced) >= 0)) affected = true;
    else if (fixed !== undefined && compare(version, fixed) >= 0) affected = false;
    else if (lastAffected !== undefined && compare(version, lastAffected) > 0) affected = false;
  }
  return affected;
}

const rangeIsOrderable = (events: readonly OsvEvent[]): boolean =>
  events.every((event) => isZeroIntroduced(event) || valid(eventVersion(event)) !== null);

/**
 * PEP 440 equality classes ("1.0" and "1.0.0" are one version) for a package's
 * versions, so list membership is a set lookup rather than a scan of the list.
 */
function equalityClasses(versions: Iterable<string>): Map<string, number> {
  const sorted = [...new Set(versions)].filter((v) => valid(v) !== null).sort(compare);
  const classes = new Map<string, number>();
  let current = -1;
  sorted.forEach((version, i) => {
    if (i === 0 || compare(sorted[i - 1] ?? version, version) !== 0) current += 1;
    classes.set(version, current);
  });
  return classes;
}

function readRawClaims(zipBytes: Uint8Array): { claims: Claim[]; releases: Map<string, Set<string>> } {
  const byKey = new Map<string, { id: string; pkg: string; ranges: OsvEvent[][]; listed: string[] }>();
  const releases = new Map<string, Set<string>>();
  for (const data of Object.values(unzipSync(zipBytes))) {
    const record = JSON.parse(new TextDecoder().decode(data)) as {
      id: string;
      withdrawn?: string;
      affected?: {
        package?: { ecosystem?: string; name?: string };
        ranges?: { type: string; events: OsvEvent[] }[];
        versions?: string[];
      }[];
    };
    if (record.withdrawn) continue;
    for (const affected of record.affected ?? []) {
      if (affected.package?.ecosystem !== 'PyPI' || !affected.package.name) continue;
      const pkg = normalise(affected.package.name);
      const key = `${record.id}\u0000${pkg}`;
      const claim = byKey.get(key) ?? { id: record.id, pkg, ranges: [], listed: [] };
      byKey.set(key, claim);
      for (const range of affected.ranges ?? []) if (range.type === 'ECOSYSTEM') claim.ranges.push(range.events);
      claim.listed.push(...(affected.versions ?? []));
      const known = releases.get(pkg) ?? new Set<string>();
      releases.set(pkg, known);
      for (const version of affected.versions ?? []) if (valid(version)) known.add(version);
    }
  }
  return { claims: [...byKey.values()], releases };
}

describe('built-in SCA against the PyPA advisory data (independent oracle)', function () {
  this.timeout(120_000);
  let db: VulnerabilityDatabase;
  let claims: Claim[];
  let releases: Map<string, Set<string>>;
  let agreeing: Claim[];
  /** Per package: release → its equality class, and per claim the set of listed classes. */
  const classesOf = new Map<string, Map<string, number>>();
  const listedClasses = new Map<Claim, Set<number>>();
  const isListed = (claim: Claim, version: string): boolean => {
    const id = classesOf.get(claim.pkg)?.get(version);
    return id !== undefined && (listedClasses.get(claim)?.has(id) ?? false);
  };

  before(() => {
    const zip = readFileSync(SNAPSHOT_ZIP);
    db = new VulnerabilityDatabase(advisoryIndexOfZip(zip, sha256Of(zip), SNAPSHOT_ZIP), {
      source: 'bundled snapshot',
      sourceKind: 'bundled',
      date: '2024-10-10',
      path: SNAPSHOT_ZIP,
      attribution: 'PyPA Advisory Database, CC-BY-4.0',
    });
    ({ claims, releases } = readRawClaims(zip));
    for (const [pkg, known] of releases) {
      const listed = claims.filter((claim) => claim.pkg === pkg).flatMap((claim) => claim.listed);
      classesOf.set(pkg, equalityClasses([...known, ...listed]));
    }
    for (const claim of claims) {
      const classes = classesOf.get(claim.pkg);
      listedClasses.set(claim, new Set(claim.listed.flatMap((v) => classes?.get(v) ?? [])));
    }
    const usable = claims.filter(
      (claim) =>
        claim.ranges.length > 0 && claim.ranges.every(rangeIsOrderable) && claim.listed.every((v) => valid(v) !== null),
    );
    agreeing = usable.filter((claim) =>
      [...(releases.get(claim.pkg) ?? [])].every(
        (release) => claim.ranges.some((range) => naiveRangeAffects(release, range)) === isListed(claim, release),
      ),
    );
  });

  it('most records agree with themselves, so the agreement filter does not hide a systematic error', () => {
    // 2,570 of 2,651 claims agree; the rest are data quirks (lists enumerated from other ranges or stale release sets).
    ok(agreeing.length >= 2500, `only ${String(agreeing.length)} of ${String(claims.length)} claims agree`);
  });

  it('on every agreeing record, the engine’s range evaluation gives exactly the listed versions over all known releases', () => {
    const mismatches: string[] = [];
    const byPackage = new Map<string, Claim[]>();
    for (const claim of agreeing) byPackage.set(claim.pkg, [...(byPackage.get(claim.pkg) ?? []), claim]);
    for (const [pkg, pkgClaims] of byPackage) {
      for (const release of releases.get(pkg) ?? []) {
        const verdicts = db.explainVersion(pkg, release);
        for (const claim of pkgClaims) {
          const inRanges = verdicts.some((verdict) => verdict.advisoryId === claim.id && verdict.inRanges);
          const listed = isListed(claim, release);
          if (inRanges !== listed)
            mismatches.push(`${claim.id} ${pkg} ${release}: engine ${String(inRanges)}, list ${String(listed)}`);
        }
      }
    }
    deepStrictEqual(mismatches, []);
  });

  /** Versions near a boundary: pre-, post-, dev-, local and epoch variants, and neighbours. */
  const versionNear = (base: string): fc.Arbitrary<string> =>
    fc
      .tuple(
        fc.constantFrom('', '.dev0', 'a1', 'b2', 'rc1', '.post1', '.post1.dev0', '+local.1', '.0', '.1'),
        fc.constantFrom('', '1!', '0!'),
        fc.integer({ min: -1, max: 1 }),
      )
      .map(([suffix, epoch, bump]) => {
        const bumped = base.replace(/(\d+)(?!.*\d)/, (digits) => String(Math.max(0, Number(digits) + bump)));
        return `${base.includes('!') ? '' : epoch}${bumped}${suffix}`;
      })
      .filter((version) => valid(version) !== null);

  it('property: at random versions around every range boundary, the engine agrees with the naive OSV evaluator', () => {
    const boundaryCases = agreeing.flatMap((claim) =>
      claim.ranges.flatMap((range) =>
        range.filter((event) => !isZeroIntroduced(event)).map((event) => ({ claim, base: eventVersion(event) })),
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...boundaryCases).chain(({ claim, base }) => fc.tuple(fc.constant(claim), versionNear(base))),
        ([claim, version]) => {
          const expected = claim.ranges.some((range) => naiveRangeAffects(version, range));
          const actual = db.explainVersion(claim.pkg, version).some((v) => v.advisoryId === claim.id && v.inRanges);
          return actual === expected;
        },
      ),
      { numRuns: 3000, seed: 20241010 },
    );
  });

  it('property: for an exact pin, the advisories reported are exactly those OSV semantics give (ranges or list)', () => {
    const packages = [...new Set(claims.map((claim) => claim.pkg))].sort();
    const claimsOf = new Map<string, Claim[]>();
    for (const claim of claims) claimsOf.set(claim.pkg, [...(claimsOf.get(claim.pkg) ?? []), claim]);
    const pinned = fc.constantFrom(...packages).chain((pkg) => {
      const known = [
        ...(releases.get(pkg) ?? []),
        ...(claimsOf.get(pkg) ?? []).flatMap((c) => c.ranges.flat().map(eventVersion)),
      ].filter((v) => v !== '0' && valid(v) !== null);
      return fc.tuple(
        fc.constant(pkg),
        known.length > 0 ? fc.constantFrom(...known).chain(versionNear) : fc.constant('1.0'),
      );
    });
    fc.assert(
      fc.property(pinned, ([pkg, version]) => {
        const expected = (claimsOf.get(pkg) ?? [])
          .filter(
            (claim) =>
              // Ranges with a bound PEP 440 cannot order are dropped by design; the list still counts.
              claim.ranges.some((range) => rangeIsOrderable(range) && naiveRangeAffects(version, range)) ||
              claim.listed.some((listed) => valid(listed) !== null && compare(listed, version) === 0),
          )
          .map((claim) => claim.id)
          .sort();
        const actual = db
          .advisoriesAffecting(pkg, version)
          .map((match) => match.advisory.id)
          .sort();
        deepStrictEqual(actual, expected, `${pkg}==${version}`);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
