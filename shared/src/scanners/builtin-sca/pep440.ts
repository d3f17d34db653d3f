// The one place that touches the PEP 440 library, so the rest of the engine never
// compares versions itself. @renovatebot/pep440's `compare` throws on invalid
// input, so everything here validates first.
import { compare, explain, filter, valid, validRange } from '@renovatebot/pep440';

/** True when `version` is a valid PEP 440 version (surrounding whitespace is not allowed). */
export function isPep440Version(version: string): boolean {
  return valid(version) !== null;
}

/** PEP 440 ordering: negative, zero or positive. Both versions must be valid. */
export function comparePep440(a: string, b: string): number {
  return compare(a, b);
}

/** True when `version` is a pre- or dev-release, which pip skips unless asked. */
export function isPep440PreRelease(version: string): boolean {
  return explain(version)?.is_prerelease ?? false;
}

/** Memo bound: the library's specifier parser costs ~0.1 ms a call, so answers are kept, up to this many. */
const MAX_MEMO_ENTRIES = 20_000;
const specifierValidity = new Map<string, boolean>();

/** True when `specifier` (`>=1.0,<2`, `==1.4.*`, `~=2.2`) is a valid PEP 440 specifier set. */
export function isPep440Specifier(specifier: string): boolean {
  // `==V` is valid exactly when V is a valid version (PEP 440 allows local versions with ==), and
  // the library's version check is ~1000 times cheaper than its specifier parser: this is the common line.
  const pin = /^==(?!=)\s*([^\s,*]+)$/.exec(specifier.trim());
  if (pin?.[1] !== undefined) return valid(pin[1]) !== null;
  let known = specifierValidity.get(specifier);
  if (known === undefined) {
    known = validRange(specifier);
    if (specifierValidity.size >= MAX_MEMO_ENTRIES) specifierValidity.clear();
    specifierValidity.set(specifier, known);
  }
  return known;
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
