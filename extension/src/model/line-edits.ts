import { pythonLineShapes } from './python-comment-lines';

/**
 * Text edits for suppressing a finding on its line and for upgrading a pinned requirement. Pure
 * string work, no editor types: the VS Code layer turns these into WorkspaceEdits.
 */

/** Replace whole lines `startLine`…`endLine` (1-based, inclusive, without line breaks) with `text`. */
export interface LinesReplacement {
  /** First replaced line, 1-based. */
  readonly startLine: number;
  /** Last replaced line, 1-based, inclusive. */
  readonly endLine: number;
  /** New text; `\n` separates lines (the editor keeps the document's own line endings). */
  readonly text: string;
}

/** Replace columns `startColumn`…`endColumn` of one line (0-based, end exclusive, UTF-16 units). */
export interface InLineReplacement {
  /** Line, 1-based. */
  readonly line: number;
  /** First replaced column, 0-based. */
  readonly startColumn: number;
  /** Column just past the replaced text, 0-based. */
  readonly endColumn: number;
  readonly text: string;
}

/** A reason is a comment's tail: keep it on one line and free of a `#` that would start a new comment. */
function cleanReason(reason: string): string {
  return reason
    .replace(/[\r\n]+/g, ' ')
    .replace(/#/g, '')
    .trim();
}

const NOSEC = /#\s*nosec\b:?([^#]*)/i;

/**
 * Bandit's line suppression: `# nosec B602 # <reason>`. The reason goes in its own trailing comment
 * because Bandit ≥ 1.7.5 reads every word after `nosec` up to the next `#` as a test id and warns on
 * the ones it does not know. An existing `# nosec B101` becomes `# nosec B101, B602`; a bare `# nosec`
 * already silences the whole line, so there is nothing to add (undefined).
 *
 * Only the line's comment counts: Bandit finds `nosec` in comment tokens, so a `"# nosec"` inside a string
 * suppresses nothing and must not stop the edit. `commentStart` is where that comment begins (see
 * `commentableLine`); without it the line is read on its own, as if it began outside any string.
 */
export function banditSuppression(
  lineText: string,
  line: number,
  ruleId: string,
  reason: string,
  commentStart: number | undefined = pythonLineShapes([lineText])[0]?.commentStart,
): LinesReplacement | undefined {
  const why = cleanReason(reason);
  const tail = why ? ` # ${why}` : '';
  const comment = commentStart === undefined ? '' : lineText.slice(commentStart);
  const existing = NOSEC.exec(comment);
  if (existing && commentStart !== undefined) {
    const idsRegion = existing[1] ?? '';
    const ids = idsRegion.trim();
    if (!ids || ids.split(/[\s,]+/).includes(ruleId)) return undefined;
    const idsEnd = commentStart + existing.index + existing[0].length - (idsRegion.length - idsRegion.trimEnd().length);
    const extended = `${lineText.slice(0, idsEnd)}, ${ruleId}${lineText.slice(idsEnd)}`.trimEnd();
    return { startLine: line, endLine: line, text: `${extended}${tail}` };
  }
  const trimmed = lineText.trimEnd();
  const separator = trimmed.length ? '  ' : '';
  return { startLine: line, endLine: line, text: `${trimmed}${separator}# nosec ${ruleId}${tail}` };
}

/**
 * An ignore pragma as hadolint parses it (Hadolint/Pragma.hs): spaces or tabs around `=` and `,`, codes of
 * D, L, S, C and digits, and a `# comment` after them. The groups: everything up to the last code, and the rest.
 */
const HADOLINT_IGNORE = /^([ \t]*#[ \t]*hadolint[ \t]+ignore[ \t]*=[ \t]*[DLSC0-9]+(?:[ \t]*,[ \t]*[DLSC0-9]+)*)(.*)$/;

/**
 * hadolint's line suppression: a `# hadolint ignore=DL3007` comment on the line above the instruction
 * (the reason on a comment line above it, since the pragma line takes only rule codes). When the line
 * above already is an ignore pragma, the rule joins its list: a second pragma between it and the
 * instruction would take its place, and the rules it ignores would be reported again.
 */
export function hadolintSuppression(
  instructionLine: string,
  line: number,
  previousLine: string | undefined,
  ruleId: string,
  reason: string,
): LinesReplacement | undefined {
  const why = cleanReason(reason);
  const pragma = previousLine === undefined ? null : HADOLINT_IGNORE.exec(previousLine);
  const codes = pragma?.[1] ?? '';
  const rest = pragma?.[2] ?? '';
  if (pragma && /^[ \t]*(#.*)?$/.test(rest)) {
    const rules = codes
      .replace(/^.*=/, '')
      .split(/[ \t,]+/)
      .filter(Boolean);
    if (rules.includes(ruleId)) return undefined;
    const updated = `${codes},${ruleId}${rest}`;
    const text = why ? `${leadingSpace(updated)}# ${why}\n${updated}` : updated;
    return { startLine: line - 1, endLine: line - 1, text };
  }
  const indent = leadingSpace(instructionLine);
  const reasonLine = why ? `${indent}# ${why}\n` : '';
  return {
    startLine: line,
    endLine: line,
    text: `${reasonLine}${indent}# hadolint ignore=${ruleId}\n${instructionLine}`,
  };
}

function leadingSpace(text: string): string {
  return /^\s*/.exec(text)?.[0] ?? '';
}

/** How a specifier set moves up to a version: the core's `upgradedSpecifier`, passed in so this file needs no core. */
export type SpecifierUpgrade = (specifier: string, version: string) => string;

/**
 * The specifier of a requirement line (`name==1.2`, `name[extra] >= 1.2, <2 ; marker --hash=…  # note`) moved
 * up to `newVersion` by `upgradeSpecifier`, the same rewrite the upgrade was chosen for: a pin becomes the new
 * pin, a range starts at the new version and loses the upper bounds and exclusions that would refuse it (only
 * raising `>=2.0` in `>=2.0,<2.20` to 2.20.0 leaves a requirement pip cannot satisfy). Undefined when the line
 * names no version (a bare name, `-e` and other option lines, URLs, `name @ url`) or the specifier already reads so.
 */
export function upgradeRequirementVersion(
  lineText: string,
  line: number,
  newVersion: string,
  upgradeSpecifier: SpecifierUpgrade,
): InLineReplacement | undefined {
  const commentStart = lineText.search(/(^|\s)#/);
  const requirement = commentStart === -1 ? lineText : lineText.slice(0, commentStart);
  if (/^\s*(-|[a-z+]+:\/\/)/i.test(requirement)) return undefined;
  // pip reads the line's options (`--hash=…`) from the first word that starts with "-".
  const optionsStart = requirement.search(/\s-/);
  const declared = optionsStart === -1 ? requirement : requirement.slice(0, optionsStart);
  const head = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?/.exec(declared);
  if (!head) return undefined;
  const startColumn = head[0].length;
  const markerStart = declared.indexOf(';', startColumn);
  const specifier = declared.slice(startColumn, markerStart === -1 ? declared.length : markerStart).trimEnd();
  if (!/^[<>=!~]/.test(specifier) || !/\d/.test(specifier)) return undefined;
  let upgraded: string;
  try {
    upgraded = upgradeSpecifier(specifier, newVersion);
  } catch {
    // The PEP 440 reader throws on a version it cannot parse: such a version gets no edit rather than a crash.
    return undefined;
  }
  if (upgraded === specifier) return undefined;
  return { line, startColumn, endColumn: startColumn + specifier.length, text: upgraded };
}
