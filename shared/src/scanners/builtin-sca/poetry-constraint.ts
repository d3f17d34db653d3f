// Poetry's version constraints (`^1.2`, `~1.2.3`, `1.2.*`, `>=1,<2 || ^3`) as PEP 440 specifier sets,
// translated the way poetry-core's `constraints/version/parser.py` reads them: `||` (or `|`) separates
// alternatives, a comma or a space joins clauses, a caret allows changes that do not touch the leftmost
// non-zero part, a tilde allows patch changes (minor changes for a bare major), and a bare version is
// an exact pin.
import { isPep440Specifier } from './pep440';

/** What a Poetry constraint allows: PEP 440 specifier sets, any of which may hold ('' allows any version). */
export type PoetryConstraint =
  { readonly ok: true; readonly alternatives: readonly string[] } | { readonly ok: false; readonly reason: string };

/** A version's parts as poetry-core's `Version` splits them (epoch, release numbers, the rest). */
interface VersionParts {
  readonly epoch: string;
  readonly release: readonly number[];
}

// PEP 440's public version, with Poetry's optional leading `v`; pre/post/dev/local kept for the lower bound.
const VERSION =
  'v?(?:\\d+!)?\\d+(?:\\.\\d+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\\d*)?(?:-\\d+|[-_.]?(?:post|rev|r)[-_.]?\\d*)?(?:[-_.]?dev[-_.]?\\d*)?(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?';
const ANY = /^v?[xX*](?:\.[xX*])*$/;
const TILDE = new RegExp(`^~(?!=)\\s*(${VERSION})$`, 'i');
const TILDE_PEP440 = new RegExp(`^~=\\s*(${VERSION})$`, 'i');
const CARET = new RegExp(`^\\^\\s*(${VERSION})$`, 'i');
const X_RANGE = /^(!=|==)?\s*v?(\d+(?:\.\d+){0,2})(?:\.[xX*])+$/;
const BASIC = new RegExp(`^(<>|!=|>=?|<=?|==?)?\\s*(${VERSION}|dev)(\\.\\*)?$`, 'i');
/** poetry-core's separators: `||`/`|` between alternatives; a comma or space between clauses (not after an operator). */
const OR_SEPARATOR = /\s*\|\|?\s*/;
const AND_SEPARATOR = /(?<!^)(?<![\^~=>< ,]) *(?<!-)[, ](?!-) *(?!,|$)/;

function partsOf(version: string): VersionParts {
  const match = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)/i.exec(version);
  return {
    epoch: match?.[1] !== undefined ? `${match[1]}!` : '',
    release: (match?.[2] ?? '0').split('.').map(Number),
  };
}

function withoutV(version: string): string {
  return version.replace(/^v/i, '');
}

/** The release with part `index` raised by one and the parts after it zeroed, at the same precision. */
function bump(parts: VersionParts, index: number): string {
  const release = [...parts.release];
  while (release.length <= index) release.push(0);
  release[index] = (release[index] ?? 0) + 1;
  for (let at = index + 1; at < release.length; at += 1) release[at] = 0;
  return `${parts.epoch}${release.join('.')}`;
}

/** poetry-core's `next_breaking`: the next major, or for 0.x the next minor, or for 0.0.x the next patch. */
function nextBreaking(parts: VersionParts): string {
  const [major = 0, minor, patch] = parts.release;
  if (major > 0 || minor === undefined) return bump(parts, 0);
  if (minor > 0 || patch === undefined) return bump(parts, 1);
  return bump(parts, 2);
}

/** One clause (no `,`, no `||`) as PEP 440; '' for any version; undefined when Poetry would refuse it. */
function singleClause(clause: string): string | undefined {
  if (ANY.test(clause)) return '';
  let match = TILDE.exec(clause);
  if (match?.[1] !== undefined) {
    const parts = partsOf(match[1]);
    const high = parts.release.length === 1 ? bump(parts, 0) : bump(parts, 1);
    return `>=${withoutV(match[1])},<${high}`;
  }
  match = TILDE_PEP440.exec(clause);
  if (match?.[1] !== undefined) {
    const parts = partsOf(match[1]);
    const high = parts.release.length === 2 ? bump(parts, 0) : bump(parts, 1);
    return `>=${withoutV(match[1])},<${high}`;
  }
  match = CARET.exec(clause);
  if (match?.[1] !== undefined) return `>=${withoutV(match[1])},<${nextBreaking(partsOf(match[1]))}`;
  match = X_RANGE.exec(clause);
  if (match?.[2] !== undefined) return `${match[1] === '!=' ? '!=' : '=='}${match[2]}.*`;
  match = BASIC.exec(clause);
  if (match?.[2] !== undefined) {
    const version = match[2].toLowerCase() === 'dev' ? '0.0.dev0' : withoutV(match[2]);
    const operator = match[1] ?? '==';
    if (match[3] !== undefined) {
      if (operator === '!=' || operator === '<>') return `!=${version}.*`;
      if (operator === '==' || operator === '=') return `==${version}.*`;
      return undefined;
    }
    if (operator === '=' || operator === '==') return `==${version}`;
    if (operator === '<>') return `!=${version}`;
    return `${operator}${version}`;
  }
  return undefined;
}

/** Translates a Poetry constraint (see the file comment). Never throws. */
export function poetryConstraintToPep440(constraint: string): PoetryConstraint {
  const trimmed = constraint.trim();
  if (trimmed === '' || trimmed === '*') return { ok: true, alternatives: [''] };
  const alternatives: string[] = [];
  for (const alternative of trimmed.split(OR_SEPARATOR)) {
    const clauses = alternative.replace(/,+\s*$/, '').split(AND_SEPARATOR);
    const translated: string[] = [];
    for (const clause of clauses) {
      const single = singleClause(clause.trim());
      if (single === undefined || (single !== '' && !isPep440Specifier(single))) {
        return { ok: false, reason: `"${clause.trim()}" is not a version constraint Poetry accepts` };
      }
      if (single !== '') translated.push(single);
    }
    alternatives.push(translated.join(','));
  }
  // `^1 || *` allows anything; any other alternative adds nothing.
  return { ok: true, alternatives: alternatives.includes('') ? [''] : alternatives };
}
