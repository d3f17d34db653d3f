import { compare, explain, filter } from '@renovatebot/pep440';
import { pep440Facts, specifierVersions, type Pep440Facts } from '../../../src/scanners/builtin-sca/pep440';
import type { VersionOrder } from '../../../src/scanners/builtin-sca/specifier-ranks';

// One small package whose versions exercise every rule of specifier evaluation on ranks (pre-, post- and
// dev-releases, a local version among the known ones, trailing zeros, an epoch), shared by the worked examples and
// the tests of the pre-checks.

/** The package's known versions, in PEP 440 order (the worked examples check the order with the library). */
export const KNOWN: readonly string[] = [
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
export function rankOf(version: string): number {
  const at = KNOWN.findIndex((known) => compare(version, known) <= 0);
  if (at === -1) return 2 * KNOWN.length;
  return compare(version, KNOWN[at] ?? '') === 0 ? 2 * at + 1 : 2 * at;
}

/** Facts of a version the test knows to be valid. */
export function factsOf(version: string): Pep440Facts {
  const facts = pep440Facts(version);
  if (facts === undefined) throw new Error(`not a version: ${version}`);
  return facts;
}

/** The package's version order, as the engine's index gives it. */
export const KNOWN_ORDER: VersionOrder = { rankOf, factsOf };

/** Whether a clause of `specifier` names a pre-release, which lets pre-releases through (pip's rule). */
export function namesPreRelease(specifier: string): boolean {
  return specifierVersions(specifier).some((version) => explain(version)?.is_prerelease === true);
}

/** The candidates evaluation sees for `specifier`: the known versions, then the versions it names. */
export function candidatesOf(specifier: string): string[] {
  return [...KNOWN, ...specifierVersions(specifier)];
}

/** The reference: the library's filter over the same candidates, with the same pre-release rule. */
export function libraryAllowed(specifier: string): string[] {
  return filter(candidatesOf(specifier), specifier, { prereleases: namesPreRelease(specifier) });
}
