import type { ParsedDockerfile } from './dockerfile-model';

/**
 * hadolint's inline pragmas, read from comments:
 * - `# hadolint ignore=DL3008,DL3009` silences those codes on the next line only;
 * - `# hadolint global ignore=…` silences them in the whole file;
 * - `# hadolint stage ignore=…` silences them in one build stage (the stage the
 *   next instruction belongs to, up to the following FROM);
 * - `# hadolint shell=powershell` names the shell RUN scripts are written for.
 * Spaces around `=` and `,` are allowed, and a `# comment` may follow.
 */
export interface Pragmas {
  /** Codes ignored per line, 1-based (the line after the pragma). */
  readonly byLine: ReadonlyMap<number, ReadonlySet<string>>;
  /** Codes ignored per line range of a stage ([from, to] lines, 1-based, inclusive). */
  readonly byRange: readonly { readonly from: number; readonly to: number; readonly codes: ReadonlySet<string> }[];
  /**
   * `byRange` per code, for lookups in logarithmic time (a file of many stages has many ranges and
   * many findings): starts ascending, and the furthest end reached by any range starting at or before each.
   */
  readonly rangesByCode: ReadonlyMap<string, { readonly starts: readonly number[]; readonly reach: readonly number[] }>;
  /** Codes ignored everywhere. */
  readonly global: ReadonlySet<string>;
  /** Lines (1-based) of `ignore=` pragmas, for DL1001. */
  readonly ignorePragmaLines: readonly number[];
  /** Shell named by a `shell=` pragma, last one wins. */
  readonly shell: string | undefined;
}

const PREFIX = /^[ \t]*hadolint[ \t]+/;
const RULE_LIST = /^[ \t]*=[ \t]*([DLSC0-9]+(?:[ \t]*,[ \t]*[DLSC0-9]+)*)[ \t]*(?:#(.*))?$/;
const SHELL = /^[ \t]*=[ \t]*([^\s]+)[ \t]*(?:#.*)?$/;

/** One `ignore=` pragma: what it silences, and where. */
export interface IgnorePragma {
  /** `line`: the line after the pragma; `stage`: its build stage; `file`: the whole file (`global`). */
  readonly scope: 'line' | 'stage' | 'file';
  readonly codes: readonly string[];
  /** The `# comment` written after the codes, trimmed; empty when none. */
  readonly comment: string;
}

/**
 * The `ignore=` pragma a comment holds (its text after the `#`), in any form hadolint honours, or undefined.
 * The one reading of these pragmas: the engine applies what it returns, and the editor lists it.
 */
export function readIgnorePragma(commentText: string): IgnorePragma | undefined {
  const prefix = PREFIX.exec(commentText);
  if (prefix === null) return undefined;
  const body = commentText.slice(prefix[0].length);
  const form = /^(?:(global|stage)[ \t]+)?ignore/.exec(body);
  if (form === null) return undefined;
  const match = RULE_LIST.exec(body.slice(form[0].length));
  const list = match?.[1];
  if (list === undefined) return undefined;
  return {
    scope: form[1] === 'global' ? 'file' : form[1] === 'stage' ? 'stage' : 'line',
    codes: list.split(',').map((code) => code.trim()),
    comment: (match?.[2] ?? '').trim(),
  };
}

/** Collects every pragma of a parsed Dockerfile. */
export function readPragmas(dockerfile: ParsedDockerfile): Pragmas {
  const byLine = new Map<number, Set<string>>();
  const global = new Set<string>();
  const stagePragmas: { line: number; codes: readonly string[] }[] = [];
  const ignorePragmaLines: number[] = [];
  let shell: string | undefined;

  for (const comment of dockerfile.comments) {
    const ignore = readIgnorePragma(comment.text);
    if (ignore?.scope === 'line') {
      ignorePragmaLines.push(comment.line);
      byLine.set(comment.line + 1, new Set(ignore.codes));
    } else if (ignore?.scope === 'file') {
      ignore.codes.forEach((code) => global.add(code));
    } else if (ignore?.scope === 'stage') {
      stagePragmas.push({ line: comment.line, codes: ignore.codes });
    } else {
      const shellPragma = /^[ \t]*hadolint[ \t]+shell/.exec(comment.text);
      if (shellPragma !== null) shell = SHELL.exec(comment.text.slice(shellPragma[0].length))?.[1] ?? shell;
    }
  }

  // Both in ascending order (the parser reads the file top to bottom), so searched by bisection.
  const fromLines = dockerfile.stages.map((stage) => stage.from.location.line);
  const instructionLines = dockerfile.instructions.map((instruction) => instruction.location.line);
  const byRange = stagePragmas.map(({ line, codes }) => {
    // The stage of the next instruction: the FROM right after the pragma, or the current one.
    const anchor = instructionLines[firstAbove(instructionLines, line)] ?? line;
    const followingFrom = fromLines[firstAbove(fromLines, anchor)];
    return {
      from: line,
      to: followingFrom === undefined ? Number.MAX_SAFE_INTEGER : followingFrom - 1,
      codes: new Set(codes),
    };
  });
  return { byLine, byRange, rangesByCode: indexRanges(byRange), global, ignorePragmaLines, shell };
}

/** Index of the first value greater than `value` in ascending `values` (their length when none is). */
function firstAbove(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] ?? 0) > value) high = middle;
    else low = middle + 1;
  }
  return low;
}

function indexRanges(ranges: Pragmas['byRange']): Pragmas['rangesByCode'] {
  const byCode = new Map<string, { from: number; to: number }[]>();
  for (const range of ranges) {
    for (const code of range.codes) {
      const list = byCode.get(code) ?? [];
      list.push(range);
      byCode.set(code, list);
    }
  }
  const index = new Map<string, { starts: number[]; reach: number[] }>();
  for (const [code, list] of byCode) {
    list.sort((a, b) => a.from - b.from);
    let furthest = -Infinity;
    index.set(code, {
      starts: list.map((range) => range.from),
      reach: list.map((range) => (furthest = Math.max(furthest, range.to))),
    });
  }
  return index;
}

/** True when a pragma silences `code` at `line` (1-based). */
export function isIgnoredByPragma(pragmas: Pragmas, code: string, line: number): boolean {
  if (pragmas.global.has(code)) return true;
  if (pragmas.byLine.get(line)?.has(code) === true) return true;
  const ranges = pragmas.rangesByCode.get(code);
  if (ranges === undefined) return false;
  // Some range with a start at or before the line reaches it.
  const last = firstAbove(ranges.starts, line) - 1;
  return last >= 0 && (ranges.reach[last] ?? 0) >= line;
}
