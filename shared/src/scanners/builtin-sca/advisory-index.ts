// What the engine asks of an index: the package names, the statistics, and one package's
// record with the advisories its claims name. A database the size of the OSV export is
// read one package at a time (see `advisory-index-file.ts`); an index just built from a
// zip answers from memory. Both answer the same questions with the same data.
import { compareText } from '../../findings/finding-order';
import {
  affectsAboveNewest,
  type CompactAdvisory,
  type CompactIndex,
  type CompactPackage,
  type IndexStatistics,
} from './compact-index';

/** One package's versions and claims, with the advisories those claims name. */
export interface IndexedPackage extends CompactPackage {
  /** Each advisory a claim names, by its number in the database (`CompactAffected.advisory`). */
  readonly advisories: ReadonlyMap<number, CompactAdvisory>;
}

/**
 * A package's newest known version, and whether any advisory covers the versions above it. Most pins of a
 * service's requirements are newer than every version an advisory mentions: with this, their answer needs
 * no record read.
 */
export interface AboveNewest {
  /** The last of the package's `versions` (PEP 440 order). */
  readonly newest: string;
  /** True when some claim covers every version above `newest` (see `affectsAboveNewest`). */
  readonly affected: boolean;
}

/** What an index says above a package's newest version; undefined for a package without versions. */
export function aboveNewestOf(pkg: CompactPackage): AboveNewest | undefined {
  const newest = pkg.versions[pkg.versions.length - 1];
  return newest === undefined ? undefined : { newest, affected: affectsAboveNewest(pkg) };
}

/** A compact index as the engine reads it. */
export interface AdvisoryIndex {
  /** SHA-256 of the zip it was built from. */
  readonly sourceSha256: string;
  readonly statistics: IndexStatistics;
  /** Every package (PEP 503 name) that some advisory names, sorted by code unit. */
  packageNames(): readonly string[];
  /** True when an advisory names the package; never reads its record. */
  hasPackage(name: string): boolean;
  /** The package's record, read anew on each call (callers keep it); undefined when no advisory names it. */
  packageRecord(name: string): IndexedPackage | undefined;
  /**
   * The package's newest version and whether advisories cover the versions above it, without reading its
   * record; undefined for a package no advisory names, or one without versions.
   */
  aboveNewest(name: string): AboveNewest | undefined;
}

/** The advisories a package's claims name, in the order the claims name them. */
export function advisoriesNamedBy(
  pkg: CompactPackage,
  advisoryAt: (index: number) => CompactAdvisory | undefined,
): Map<number, CompactAdvisory> {
  const named = new Map<number, CompactAdvisory>();
  for (const claim of pkg.affected) {
    if (named.has(claim.advisory)) continue;
    const advisory = advisoryAt(claim.advisory);
    if (!advisory) throw new Error(`index refers to advisory #${String(claim.advisory)}, which is missing`);
    named.set(claim.advisory, advisory);
  }
  return named;
}

/** An index held whole in memory, as `buildCompactIndex` returns it. */
export function inMemoryAdvisoryIndex(index: CompactIndex): AdvisoryIndex {
  const names = Object.keys(index.packages).sort(compareText);
  const hasPackage = (name: string): boolean => Object.hasOwn(index.packages, name);
  return {
    sourceSha256: index.sourceSha256,
    statistics: index.statistics,
    packageNames: () => names,
    hasPackage,
    packageRecord: (name) => {
      if (!hasPackage(name)) return undefined;
      const pkg = index.packages[name] as CompactPackage;
      return { ...pkg, advisories: advisoriesNamedBy(pkg, (at) => index.advisories[at]) };
    },
    aboveNewest: (name) => (hasPackage(name) ? aboveNewestOf(index.packages[name] as CompactPackage) : undefined),
  };
}
