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

/** True when `specifier` (`>=1.0,<2`, `==1.4.*`, `~=2.2`) is a valid PEP 440 specifier set. */
export function isPep440Specifier(specifier: string): boolean {
  return validRange(specifier);
}

/**
 * The versions of `candidates` that `specifier` allows, with pip's pre-release rule:
 * pre-releases only when the specifier names one, or when nothing else matches.
 */
export function versionsAllowedBy(candidates: readonly string[], specifier: string): string[] {
  return filter([...candidates], specifier);
}
