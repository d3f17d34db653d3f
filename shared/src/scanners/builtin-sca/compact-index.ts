// Builds the compact, serialisable index the engine matches against. Each package's
// versions are sorted once with the PEP 440 library; range events and listed
// versions are then stored as ranks in that order, so matching at scan time is
// integer comparison plus at most one binary search with the same library.
import { compareText } from '../../findings/finding-order';
import type { ParsedAdvisory, RangeEvent } from './osv-advisory';
import { comparePep440, isPep440Version } from './pep440';

/**
 * Bump when the serialised shape changes (this index or the index file's layout, see
 * `advisory-index-file.ts`), so old caches are rebuilt rather than misread. 3: the index file.
 */
export const COMPACT_INDEX_FORMAT = 3;

/** Event kinds as stored: 0 introduced, 1 fixed, 2 last_affected. */
export const EVENT_INTRODUCED = 0;
export const EVENT_FIXED = 1;
export const EVENT_LAST_AFFECTED = 2;

/**
 * Rank of `introduced: "0"`: below every version. OSV defines "0" as "since the
 * first version", which PEP 440 ordering alone would not give (0.dev0 < 0).
 */
export const RANK_BEFORE_ALL = -1;

/**
 * An advisory's displayable facts: what a finding shows of a parsed advisory. What only matching needs (`affected`,
 * `modified`) is left out.
 */
export interface CompactAdvisory extends Omit<ParsedAdvisory, 'cwe' | 'modified' | 'affected'> {
  /** CWE numbers; absent when there are none, which keeps the index file small. */
  readonly cwe?: readonly number[];
}

/** One advisory's claim about one package. Ranks index the package's `versions`: version i has rank 2i+1. */
export interface CompactAffected {
  /** Index into `CompactIndex.advisories`. */
  readonly advisory: number;
  /** Each ECOSYSTEM range as flat pairs `[kind, rank, kind, rank, …]`, sorted by rank (OSV's evaluation order). */
  readonly ranges: readonly (readonly number[])[];
  /** Ranks of the record's `versions` list, ascending. */
  readonly listed: readonly number[];
  /** Listed versions that are not PEP 440: matched only by exact text (`===`). */
  readonly listedOther?: readonly string[];
}

/** Everything known about one package. */
export interface CompactPackage {
  /** Every valid version the advisories mention, sorted by PEP 440, distinct under PEP 440 equality. */
  readonly versions: readonly string[];
  readonly affected: readonly CompactAffected[];
}

/**
 * True when some claim covers the versions above every version the package's advisories mention. Such a
 * version ranks above every event, so each range leaves it as its last event in evaluation order does:
 * affected after `introduced`, not after `fixed` or `last_affected`; and no versions list names it.
 */
export function affectsAboveNewest(pkg: CompactPackage): boolean {
  return pkg.affected.some((claim) => claim.ranges.some((range) => range[range.length - 2] === EVENT_INTRODUCED));
}

/** Counts from building the index, shown by `devsecops db status`. */
export interface IndexStatistics {
  /** Advisories indexed (not withdrawn, readable, naming at least one PyPI package). */
  readonly advisoryCount: number;
  readonly packageCount: number;
  readonly withdrawnCount: number;
  /** Records skipped because a field could not be read. */
  readonly skippedAdvisoryCount: number;
  /** Up to 10 reasons for skipped records, for the log. */
  readonly skippedReasons: readonly string[];
  /** Versions in ranges or lists that are not PEP 440 (the range is dropped; the list keeps the text). */
  readonly invalidVersionCount: number;
  /** GIT ranges ignored (OSV enumerates their versions in `versions`). */
  readonly gitRangeCount: number;
  /** Latest `modified` time of any indexed advisory (RFC 3339), empty when none. */
  readonly newestModified: string;
}

/** The serialised index. */
export interface CompactIndex {
  readonly format: number;
  /** SHA-256 of the zip it was built from. */
  readonly sourceSha256: string;
  readonly statistics: IndexStatistics;
  readonly advisories: readonly CompactAdvisory[];
  /** By PEP 503 name. */
  readonly packages: Readonly<Record<string, CompactPackage>>;
}

/** The statistics gathered while reading records, before packages are indexed. */
export type ReadCounts = Pick<
  IndexStatistics,
  'withdrawnCount' | 'skippedAdvisoryCount' | 'skippedReasons' | 'gitRangeCount'
>;

const EVENT_KIND_CODE: Readonly<Record<RangeEvent['kind'], number>> = {
  introduced: EVENT_INTRODUCED,
  fixed: EVENT_FIXED,
  last_affected: EVENT_LAST_AFFECTED,
};

/** Sorts distinct valid versions with the PEP 440 library and gives each text its rank. */
function rankVersions(texts: ReadonlySet<string>): { versions: string[]; rankOf: Map<string, number> } {
  const sorted = [...texts].sort(comparePep440);
  const versions: string[] = [];
  const rankOf = new Map<string, number>();
  for (const text of sorted) {
    const last = versions[versions.length - 1];
    if (last === undefined || comparePep440(last, text) !== 0) versions.push(text);
    rankOf.set(text, 2 * (versions.length - 1) + 1);
  }
  return { versions, rankOf };
}

/** Builds the index from parsed advisories. Pure; the caller counts what it skipped while reading. */
export function buildCompactIndex(
  advisories: readonly ParsedAdvisory[],
  counts: ReadCounts,
  sourceSha256: string,
): CompactIndex {
  let invalidVersionCount = 0;
  const validity = new Map<string, boolean>();
  const isValid = (version: string): boolean => {
    let valid = validity.get(version);
    if (valid === undefined) {
      valid = isPep440Version(version);
      validity.set(version, valid);
    }
    return valid;
  };

  // Group each package's claims and collect the versions they mention.
  const byPackage = new Map<string, { advisory: number; affected: ParsedAdvisory['affected'][number] }[]>();
  advisories.forEach((advisory, index) => {
    for (const affected of advisory.affected) {
      const list = byPackage.get(affected.packageName) ?? [];
      list.push({ advisory: index, affected });
      byPackage.set(affected.packageName, list);
    }
  });

  const packages: Record<string, CompactPackage> = {};
  for (const [name, claims] of [...byPackage].sort(([a], [b]) => compareText(a, b))) {
    const mentioned = new Set<string>();
    for (const { affected } of claims) {
      for (const version of affected.versions) if (isValid(version)) mentioned.add(version);
      for (const range of affected.ranges)
        for (const event of range) {
          if (event.kind === 'introduced' && event.version === '0') continue;
          if (isValid(event.version)) mentioned.add(event.version);
        }
    }
    const { versions, rankOf } = rankVersions(mentioned);
    const compactClaims: CompactAffected[] = [];
    for (const { advisory, affected } of claims) {
      const ranges: number[][] = [];
      for (const range of affected.ranges) {
        const invalid = range.filter(
          (event) => !(event.kind === 'introduced' && event.version === '0') && !isValid(event.version),
        );
        if (invalid.length > 0) {
          // A range with an unorderable bound cannot be evaluated safely; the versions list still applies.
          invalidVersionCount += invalid.length;
          continue;
        }
        const events = range
          .map((event) => ({
            kind: EVENT_KIND_CODE[event.kind],
            rank:
              event.kind === 'introduced' && event.version === '0' ? RANK_BEFORE_ALL : (rankOf.get(event.version) ?? 0),
          }))
          .sort((a, b) => a.rank - b.rank); // Array.prototype.sort is stable: ties keep record order.
        if (events.length > 0) ranges.push(events.flatMap((event) => [event.kind, event.rank]));
      }
      const listedRanks = new Set<number>();
      const listedOther: string[] = [];
      for (const version of affected.versions) {
        const rank = isValid(version) ? rankOf.get(version) : undefined;
        if (rank !== undefined) listedRanks.add(rank);
        else {
          invalidVersionCount += 1;
          listedOther.push(version);
        }
      }
      if (ranges.length === 0 && listedRanks.size === 0 && listedOther.length === 0) continue;
      compactClaims.push({
        advisory,
        ranges,
        listed: [...listedRanks].sort((a, b) => a - b),
        ...(listedOther.length > 0 ? { listedOther } : {}),
      });
    }
    if (compactClaims.length > 0) packages[name] = { versions, affected: compactClaims };
  }

  const compactAdvisories = advisories.map((advisory): CompactAdvisory => ({
    id: advisory.id,
    aliases: advisory.aliases,
    summary: advisory.summary,
    ...(advisory.severity ? { severity: advisory.severity } : {}),
    ...(advisory.nativeSeverity ? { nativeSeverity: advisory.nativeSeverity } : {}),
    ...(advisory.cwe.length > 0 ? { cwe: advisory.cwe } : {}),
  }));
  const newestModified = advisories.reduce((newest, a) => (a.modified > newest ? a.modified : newest), '');
  return {
    format: COMPACT_INDEX_FORMAT,
    sourceSha256,
    statistics: {
      advisoryCount: advisories.length,
      packageCount: Object.keys(packages).length,
      withdrawnCount: counts.withdrawnCount,
      skippedAdvisoryCount: counts.skippedAdvisoryCount,
      skippedReasons: counts.skippedReasons,
      invalidVersionCount,
      gitRangeCount: counts.gitRangeCount,
      newestModified,
    },
    advisories: compactAdvisories,
    packages,
  };
}
