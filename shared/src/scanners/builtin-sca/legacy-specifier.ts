// A requirement's version specifier as packaging 21.3 reads it. pip vendors that version up to pip 24.0; it takes
// legacy clauses (`==not.a.version`) beside PEP 440 ones. packaging 22 dropped them, so pip 24.1 and later refuse
// a requirements file with such a line, while earlier pip installs from it.
import { isPep440Specifier } from './pep440';

/** packaging 21.3's LegacySpecifier: one of six operators, then anything but a comma, `;`, whitespace or `)`. */
const LEGACY_CLAUSE = /^(?:==|!=|<=|>=|<|>)\s*[^,;\s)]*$/;

/**
 * True when `specifier` (what follows the name and extras, without the marker) is not PEP 440 but packaging 21.3
 * reads it all the same, because every clause that is not PEP 440 is a legacy one. Clauses are separated by single
 * commas, with no trailing comma (packaging 21.3 allows neither), and may be in parentheses.
 */
export function isLegacyOnlySpecifier(specifier: string): boolean {
  const trimmed = specifier.trim();
  const inner = trimmed.startsWith('(') && trimmed.endsWith(')') ? trimmed.slice(1, -1) : trimmed;
  if (inner.trim() === '' || isPep440Specifier(inner)) return false;
  return inner.split(',').every((written) => {
    const clause = written.trim();
    if (clause === '') return false;
    if (isPep440Specifier(clause)) return true;
    // pip refuses a legacy version ending in "]" on its own ("Extras after version").
    return LEGACY_CLAUSE.test(clause) && !clause.endsWith(']');
  });
}
