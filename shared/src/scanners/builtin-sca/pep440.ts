// The one place that touches the PEP 440 library, so the rest of the engine never
// compares versions itself. @renovatebot/pep440's `compare` throws on invalid
// input, so everything here validates first.
import { compare, explain, filter, RANGE_PATTERN, valid } from '@renovatebot/pep440';

/**
 * A run of 16 digits: more than Number holds exactly. The library reads version numbers with
 * Number(), so `999999999999999999999` becomes 1e21, its normal form `1e`, and comparing or
 * filtering with it throws a TypeError. Versions with such numbers are treated as not PEP 440:
 * only advisories listing the same text can match them.
 */
const INEXACT_NUMBER = /\d{16}/;

/** True when `version` is a valid PEP 440 version (surrounding whitespace is not allowed) the library can order. */
export function isPep440Version(version: string): boolean {
  return !INEXACT_NUMBER.test(version) && valid(version) !== null;
}

/**
 * A plain release (`1.2.3`): epoch 0, no pre-, post-, dev- or local segment. Most versions are, and
 * their parts need no parser, while the library's (one large regex per version, every time) costs
 * several microseconds: a file naming packages the database has not been asked about yet compares
 * and classifies hundreds of them.
 */
const plainRelease = /^[0-9]+(?:\.[0-9]+)*$/;

/** A plain release's numbers as the library orders them: read with Number(), trailing zeros dropped. */
function orderedReleaseOf(version: string): number[] {
  const release = version.split('.').map(Number);
  let length = release.length;
  while (length > 0 && release[length - 1] === 0) length--;
  release.length = length;
  return release;
}

/**
 * The library's `compare` of two plain releases, to the value (not only the sign): its key is the
 * release without trailing zeros (the other parts are equal), compared number by number (-1 or 1),
 * then by length when one is a prefix of the other.
 */
function comparePlainReleases(a: string, b: string): number {
  const left = orderedReleaseOf(a);
  const right = orderedReleaseOf(b);
  const shorter = Math.min(left.length, right.length);
  for (let i = 0; i < shorter; i++) {
    const x = left[i] ?? 0;
    const y = right[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** PEP 440 ordering: negative, zero or positive (the library's own value). Both versions must be valid. */
export function comparePep440(a: string, b: string): number {
  if (plainRelease.test(a) && plainRelease.test(b)) return comparePlainReleases(a, b);
  return compare(a, b);
}

/** True when `version` is a pre- or dev-release, which pip skips unless asked. */
export function isPep440PreRelease(version: string): boolean {
  // A plain release never is (the library says so too, after parsing it).
  if (plainRelease.test(version)) return false;
  return explain(version)?.is_prerelease ?? false;
}

/** Memo bound: parsing a specifier costs tens of µs, so answers are kept, up to this many. */
const MAX_MEMO_ENTRIES = 20_000;
/** Parsed specifiers (null: invalid), shared by validation while parsing a file and by evaluation. */
const parsedSpecifiers = new Map<string, readonly SpecifierClause[] | null>();

/** True when `specifier` (`>=1.0,<2`, `==1.4.*`, `~=2.2`) is a valid PEP 440 specifier set. */
export function isPep440Specifier(specifier: string): boolean {
  // `==V` is valid exactly when V is a valid version (PEP 440 allows local versions with ==), and
  // the library's version check is much cheaper than parsing a specifier: this is the common line.
  const pin = /^==(?!=)\s*([^\s,*]+)$/.exec(specifier.trim());
  if (pin?.[1] !== undefined) return isPep440Version(pin[1]);
  return parseSpecifierClauses(specifier) !== undefined;
}

/** The versions a specifier set names (`>=1.0,!=1.3.*` → `1.0`), valid ones only. */
export function specifierVersions(specifier: string): string[] {
  return [...specifier.matchAll(/(?:===|~=|==|!=|<=|>=|<|>)\s*([^,\s;]+)/g)]
    .map((match) => (match[1] ?? '').replace(/\.\*$/, ''))
    .filter((version) => isPep440Version(version));
}

/**
 * The versions of `candidates` that `specifier` allows, with the pre-release rule
 * of PEP 440 as pip applies it to a specifier set: pre-releases are allowed only
 * when some clause names one. (pip also falls back to pre-releases when no final
 * release matches; we do not, because our candidates are only the versions the
 * advisories mention, not every release on PyPI.)
 */
export function versionsAllowedBy(candidates: readonly string[], specifier: string): string[] {
  const prereleases = specifierVersions(specifier).some(isPep440PreRelease);
  return filter([...candidates], specifier, { prereleases });
}

/** What specifier evaluation needs to know about one valid version, read once by the library's parser. */
export interface Pep440Facts {
  /** The epoch (`N!`), 0 when absent. */
  readonly epoch: number;
  /** The release segment as numbers, trailing zeros kept (`1.0` → [1, 0]). */
  readonly release: readonly number[];
  /** True for pre- and dev-releases (the library's `is_prerelease`). */
  readonly isPreRelease: boolean;
  /** True when the version has a local segment (`+…`). */
  readonly hasLocal: boolean;
  /** The normalised version without its local segment. */
  readonly publicVersion: string;
}

/** The facts of a version, or undefined when it is not a valid PEP 440 version. */
export function pep440Facts(version: string): Pep440Facts | undefined {
  if (INEXACT_NUMBER.test(version)) return undefined;
  // Most versions are plain releases (`1.2.3`): for those the library's parts are
  // epoch 0 and the dot-separated numbers, and its parser (a large regex plus
  // normalising the text back) is not needed.
  if (plainRelease.test(version)) {
    const release = version.split('.').map(Number);
    // The library's normal form: numbers joined again, so `01.0` is `1.0`.
    return { epoch: 0, release, isPreRelease: false, hasLocal: false, publicVersion: release.join('.') };
  }
  const explained = explain(version);
  if (!explained) return undefined;
  return {
    epoch: explained.epoch,
    release: explained.release,
    isPreRelease: explained.is_prerelease,
    // The library tests the joined local text for truthiness; a local segment is never empty text.
    hasLocal: Boolean(explained.local),
    publicVersion: explained.public,
  };
}

/** One clause of a specifier set (`>=1.0`, `==1.4.*`, `===foo`), as the library's own `parse` reads it. */
export interface SpecifierClause {
  readonly operator: '===' | '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>';
  /** The clause's version text as written, when it is a PEP 440 version. */
  readonly version?: string;
  /** Facts of `version`. */
  readonly versionFacts?: Pep440Facts;
  /** True for a trailing `.*` (prefix match). */
  readonly prefix: boolean;
  /** The text of a non-PEP 440 `===` operand. */
  readonly legacy?: string;
}

const clausePattern = new RegExp(`^${RANGE_PATTERN}$`, 'i');
const equalityOperators: ReadonlySet<string> = new Set(['==', '!=', '===']);
const clauseOperators: ReadonlySet<string> = new Set(['===', '~=', '==', '!=', '<=', '>=', '<', '>']);

function isClauseOperator(text: string): text is SpecifierClause['operator'] {
  return clauseOperators.has(text);
}

/**
 * The clauses of a specifier set, or undefined when the library would reject it.
 * Mirrors `parse` in @renovatebot/pep440/lib/specifier.js (4.2.x) rule for rule, so
 * evaluation on ranks can keep the library's exact semantics, and validity is the
 * library's `validRange` (both checked by property tests). Memoised (bounded): callers
 * share the clauses, read-only.
 */
export function parseSpecifierClauses(specifier: string): readonly SpecifierClause[] | undefined {
  let parsed = parsedSpecifiers.get(specifier);
  if (parsed === undefined) {
    parsed = readSpecifierClauses(specifier) ?? null;
    if (parsedSpecifiers.size >= MAX_MEMO_ENTRIES) parsedSpecifiers.clear();
    parsedSpecifiers.set(specifier, parsed);
  }
  return parsed ?? undefined;
}

/** `parseSpecifierClauses` without the memo: each call parses (for tests that must see every parse). */
export function readSpecifierClauses(specifier: string): SpecifierClause[] | undefined {
  if (!specifier.trim()) return [];
  const clauses: SpecifierClause[] = [];
  for (const piece of specifier.split(',')) {
    const clause = readPlainClause(piece.trim()) ?? readClause(piece.trim());
    if (clause === undefined) return undefined;
    clauses.push(clause);
  }
  return clauses;
}

/**
 * A clause on a plain release without `.*` (`>=1.2`, `<2`), the common case, or undefined for any other
 * (valid or not). The library's range pattern reads such a clause the same way: its operators in this
 * order (so `<=` before `<`), then its version alternative, which takes the whole plain release.
 */
const plainClausePattern = /^(~=|==|!=|<=|>=|<|>)\s*([0-9]+(?:\.[0-9]+)*)$/;

function readPlainClause(piece: string): SpecifierClause | undefined {
  const match = plainClausePattern.exec(piece);
  const operator = match?.[1];
  const version = match?.[2];
  if (operator === undefined || version === undefined || !isClauseOperator(operator)) return undefined;
  // Undefined for a number too long to order (see INEXACT_NUMBER), which then fails the full reading too.
  const versionFacts = pep440Facts(version);
  if (!versionFacts) return undefined;
  if (operator === '~=' && versionFacts.release.length < 2) return undefined;
  return { operator, version, versionFacts, prefix: false };
}

/** One clause as the library's `parse` reads it, or undefined when the library rejects it. */
function readClause(piece: string): SpecifierClause | undefined {
  const groups = clausePattern.exec(piece)?.groups;
  const operator = groups?.['operator'];
  if (operator === undefined || !isClauseOperator(operator)) return undefined;
  const version = groups?.['version'];
  const prefix = Boolean(groups?.['prefix']);
  const legacy = groups?.['legacy'];
  if (version) {
    const versionFacts = pep440Facts(version);
    const explained = explain(version);
    if (!versionFacts || !explained) return undefined;
    if (operator === '~=' && versionFacts.release.length < 2) return undefined;
    if (!equalityOperators.has(operator) && versionFacts.hasLocal) return undefined;
    // The library rejects a `.*` after a dev segment by the truthiness of its number (so `.dev0.*` passes).
    if (prefix && (!equalityOperators.has(operator) || Boolean(explained.dev) || versionFacts.hasLocal))
      return undefined;
    return { operator, version, versionFacts, prefix };
  }
  if (legacy === undefined || operator !== '===') return undefined;
  return { operator, prefix, legacy };
}
