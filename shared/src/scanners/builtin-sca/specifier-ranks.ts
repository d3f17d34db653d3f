// Specifier evaluation on a package's version ranks. The PEP 440 library's `filter`
// parses every candidate once per clause and twice more per comparison; on a file
// the database has not seen, that was most of a scan's time. Here each clause is
// parsed once (`parseSpecifierClauses`), ordering questions are answered by
// comparing ranks (the package's versions were sorted once with the library), and
// a candidate is parsed only when a rule needs its parts, memoised by the caller.
// The rules are those of @renovatebot/pep440's `filter` with `prereleases` given, kept
// exactly (a property test compares both over the database's real versions):
// - a pre- or dev-release candidate is allowed only when `prereleases` is true;
// - `==X.*` / `!=X.*` (and `===X.*`): same epoch and release starting with X's release;
// - `~=X.Y`: `>=X.Y` and `==X.*` (same epoch);
// - a candidate with a local segment is compared by its public part against the
//   clause's public part (so `==1.0` and `<=1.0` allow `1.0+local`);
// - `<X` / `>X` never allow a candidate whose release equals X's (trailing zeros ignored);
// - `===` is case-insensitive text equality.
import { comparePep440, type Pep440Facts, type SpecifierClause } from './pep440';

/** How the evaluation reaches the package's version order and the parsed parts of versions. */
export interface VersionOrder {
  /** Rank of a valid version: known version i has rank 2i+1, a version between i-1 and i has rank 2i. */
  rankOf(version: string): number;
  /** Parsed parts of a valid version (memoised by the caller). */
  factsOf(version: string): Pep440Facts;
}

/** A clause with its version's rank looked up once. */
export interface RankedClause {
  readonly clause: SpecifierClause;
  /** Rank of the clause's version; -1 when it has none (`===` with a non-PEP 440 operand). */
  readonly rank: number;
}

/** PEP 440 order of a candidate and a clause version, by rank; ranks between known versions can tie. */
function compareByRank(candidate: string, candidateRank: number, other: string, otherRank: number): number {
  if (candidateRank !== otherRank) return candidateRank - otherRank;
  // Odd ranks are known versions: equal. Two unknown versions in the same gap need the library.
  return (candidateRank & 1) === 1 ? 0 : comparePep440(candidate, other);
}

function startsWith(release: readonly number[], prefix: readonly number[]): boolean {
  if (prefix.length > release.length) return false;
  for (let i = 0; i < prefix.length; i++) if (release[i] !== prefix[i]) return false;
  return true;
}

/** Release tuples equal under PEP 440 (trailing zeros ignored), as the library's `<`/`>` rule compares them. */
function sameRelease(a: readonly number[], b: readonly number[]): boolean {
  let lengthA = a.length;
  let lengthB = b.length;
  while (lengthA > 0 && a[lengthA - 1] === 0) lengthA--;
  while (lengthB > 0 && b[lengthB - 1] === 0) lengthB--;
  if (lengthA !== lengthB) return false;
  for (let i = 0; i < lengthA; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The clauses with their versions' ranks, looked up once per evaluation. */
export function rankClauses(clauses: readonly SpecifierClause[], order: VersionOrder): RankedClause[] {
  return clauses.map((clause) => ({
    clause,
    rank: clause.version !== undefined ? order.rankOf(clause.version) : -1,
  }));
}

/**
 * A cheap necessary condition, without parsing the candidate: false only when the
 * clause surely rejects it. Candidates with a local segment are left to `clauseAllows`.
 * Exported so that tests can pin what it prunes: a pre-check that prunes less only
 * costs time, which no answer of `candidatesAllowed` shows.
 */
export function clauseMayAllow(ranked: RankedClause, candidate: string, candidateRank: number): boolean {
  const { clause, rank } = ranked;
  if (candidate.includes('+') || clause.prefix) return true;
  if (clause.operator === '===')
    return candidate.toLowerCase() === (clause.version ?? clause.legacy ?? '').toLowerCase();
  const version = clause.version ?? '';
  const order = compareByRank(candidate, candidateRank, version, rank);
  return orderSatisfies(clause.operator, order);
}

/**
 * Whether a candidate's order against a clause's version (negative: below it) satisfies the clause's
 * operator; `~=` is taken as its lower bound only, which is all an order can tell of it.
 */
function orderSatisfies(operator: Exclude<SpecifierClause['operator'], '==='>, order: number): boolean {
  switch (operator) {
    case '~=':
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0;
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
  }
}

/** The library's `contains` for one clause (the pre-release rule is applied once by the caller). */
function clauseAllows(
  ranked: RankedClause,
  candidate: string,
  candidateRank: number,
  facts: Pep440Facts,
  order: VersionOrder,
): boolean {
  const { clause, rank } = ranked;
  const clauseFacts = clause.versionFacts;
  if (clause.operator === '~=' && clause.version !== undefined && clauseFacts) {
    const atLeast = facts.hasLocal
      ? comparePep440(facts.publicVersion, clauseFacts.publicVersion) >= 0
      : compareByRank(candidate, candidateRank, clause.version, rank) >= 0;
    return atLeast && facts.epoch === clauseFacts.epoch && startsWith(facts.release, clauseFacts.release.slice(0, -1));
  }
  if (clause.prefix && clauseFacts) {
    const matching = facts.epoch === clauseFacts.epoch && startsWith(facts.release, clauseFacts.release);
    return clause.operator === '!=' ? !matching : matching;
  }
  if ((clause.operator === '<' || clause.operator === '>') && clauseFacts) {
    if (sameRelease(clauseFacts.release, facts.release)) return false;
  }
  if (clause.operator === '===') {
    if (facts.hasLocal && clauseFacts)
      return facts.publicVersion.toLowerCase() === clauseFacts.publicVersion.toLowerCase();
    return candidate.toLowerCase() === (clause.version ?? clause.legacy ?? '').toLowerCase();
  }
  const version = clause.version ?? '';
  let comparison: number;
  if (facts.hasLocal && clauseFacts) {
    // The library compares public parts here; rank them like any other version.
    comparison = compareByRank(
      facts.publicVersion,
      order.rankOf(facts.publicVersion),
      clauseFacts.publicVersion,
      order.rankOf(clauseFacts.publicVersion),
    );
  } else comparison = compareByRank(candidate, candidateRank, version, rank);
  // A `~=` clause reaches here only when its version could not be read, and then allows nothing.
  return clause.operator !== '~=' && orderSatisfies(clause.operator, comparison);
}

/** An inclusive range of indexes of known versions; empty when low > high. */
export interface KnownBounds {
  readonly low: number;
  readonly high: number;
}

/**
 * The index range of known versions (version i has rank 2i+1) that the ordering
 * clauses leave possible: outside it, `clauseMayAllow` is false for every
 * candidate without a local segment. Exported, like `clauseMayAllow`, for tests.
 */
export function knownBounds(ranked: readonly RankedClause[], count: number): KnownBounds {
  let low = 0;
  let high = count - 1;
  for (const { clause, rank } of ranked) {
    if (clause.prefix || clause.version === undefined) continue;
    const op = clause.operator;
    if (op === '>=' || op === '~=' || op === '==') low = Math.max(low, Math.ceil((rank - 1) / 2));
    if (op === '>') low = Math.max(low, Math.floor((rank - 1) / 2) + 1);
    if (op === '<=' || op === '==') high = Math.min(high, Math.floor((rank - 1) / 2));
    if (op === '<') high = Math.min(high, Math.ceil((rank - 1) / 2) - 1);
  }
  return { low, high };
}

/**
 * True when known version `index` need not be looked at: it lies outside `bounds`
 * and has no local segment (a local version compares by its public part, which
 * the bounds do not place).
 */
export function skipsKnownVersion(bounds: KnownBounds, index: number, version: string): boolean {
  return (index < bounds.low || index > bounds.high) && !version.includes('+');
}

/**
 * Indexes of the candidates that the parsed specifier set allows, ascending: the
 * candidates are the package's known versions (version i has rank 2i+1) followed by
 * `named` (valid versions with their ranks), and the answer is the same list as the
 * library's `filter([...known, ...named], specifier, { prereleases })` gives.
 */
export function candidatesAllowed(
  known: readonly string[],
  named: readonly string[],
  namedRanks: readonly number[],
  clauses: readonly SpecifierClause[],
  prereleases: boolean,
  order: VersionOrder,
): number[] {
  const ranked = rankClauses(clauses, order);
  const allowed: number[] = [];
  // Plain loops, not `every` with a closure: this runs for every known version of a package.
  const allows = (candidate: string, candidateRank: number): boolean => {
    for (const clause of ranked) if (!clauseMayAllow(clause, candidate, candidateRank)) return false;
    const facts = order.factsOf(candidate);
    if (facts.isPreRelease && !prereleases) return false;
    for (const clause of ranked) if (!clauseAllows(clause, candidate, candidateRank, facts, order)) return false;
    return true;
  };
  // Known versions are sorted, so the ordering clauses bound them to one index range;
  // only versions with a local segment (compared by their public part) can pass outside it.
  const bounds = knownBounds(ranked, known.length);
  for (let i = 0; i < known.length; i++) {
    const candidate = known[i] ?? '';
    if (skipsKnownVersion(bounds, i, candidate)) continue;
    if (allows(candidate, 2 * i + 1)) allowed.push(i);
  }
  for (let j = 0; j < named.length; j++) if (allows(named[j] ?? '', namedRanks[j] ?? 0)) allowed.push(known.length + j);
  return allowed;
}
