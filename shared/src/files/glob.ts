import { DevsecopsError } from '../errors/devsecops-error';

/*
 * Globs over repository-relative paths, matched in time linear in the path for each pattern
 * element. A repository writes the globs (`ignore`, suppression paths, buildspec artifacts) and
 * names the files, so both sides are hostile: picomatch compiles `*` to a backtracking regex, and
 * `*a*a*a*a*x` against a 200-character file name took minutes (with more stars, hours). Here `*`
 * and `**` are matched by the classic two-pointer wildcard algorithm, per character within a
 * segment and per segment across the path, which never backtracks more than one star.
 *
 * Syntax (picomatch's core, `dot: true`): `/` separates segments; `**` as a whole segment matches
 * any number of segments; `*` any run of characters within a segment; `?` one character;
 * `[abc]`, `[a-z]`, `[!a]`/`[^a]` one character of a class; `{a,b}` alternatives (nesting allowed);
 * `\` escapes the next character (one that ends the glob stands for a backslash); a leading `!`
 * negates; a leading `./` is ignored. Wildcards never match the segments `.` and `..`. Extended
 * globs (`@(a|b)`, `!(x)`, `+(…)`, `*(…)`, `?(…)`), POSIX classes (`[[:alpha:]]`) and brace ranges
 * (`{1..3}`) are refused rather than misread.
 */

/** Alternatives one glob's braces may expand to; more is refused (`{a,b}{c,d}…` doubles each time). */
const MAX_BRACE_EXPANSIONS = 256;

type CharToken =
  | { readonly kind: 'char'; readonly value: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] }
  | { readonly kind: 'star' };

type Segment =
  | { readonly kind: 'globstar' }
  | { readonly kind: 'segment'; readonly tokens: readonly CharToken[]; readonly wild: boolean };

interface CompiledPattern {
  readonly negated: boolean;
  readonly segments: readonly Segment[];
}

function refuse(glob: string, what: string): never {
  throw new DevsecopsError(
    'CONFIG_INVALID',
    `The glob ${JSON.stringify(glob)} uses ${what}, which globs here do not support: write it with *, **, ?, [...] and {a,b}.`,
  );
}

/** Index of the `}` closing the `{` at `open`, or -1; `\` escapes. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const ch = text[at];
    if (ch === '\\') at++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return at;
  }
  return -1;
}

/** Top-level comma positions inside `{…}` (exclusive bounds). */
function topLevelCommas(text: string, start: number, end: number): number[] {
  const commas: number[] = [];
  let depth = 0;
  for (let at = start; at < end; at++) {
    const ch = text[at];
    if (ch === '\\') at++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) commas.push(at);
  }
  return commas;
}

/**
 * Every alternative of a glob's braces; a `{…}` without a top-level comma stays literal. The budget
 * counts finished alternatives only, and is checked as each one is finished: a pattern that would
 * expand to millions is refused after the first few hundred, before the rest are built.
 */
function expandBraces(glob: string, text: string, budget: { left: number }): string[] {
  const finished = (): string[] => {
    budget.left -= 1;
    if (budget.left < 0) refuse(glob, `more than ${String(MAX_BRACE_EXPANSIONS)} brace alternatives`);
    return [text];
  };
  for (let at = 0; at < text.length; at++) {
    const ch = text[at];
    if (ch === '\\') {
      at++;
      continue;
    }
    if (ch !== '{') continue;
    const close = closingBrace(text, at);
    if (close === -1) return finished();
    const commas = topLevelCommas(text, at + 1, close);
    if (commas.length === 0) {
      // An escaped comma is not a separator here, but picomatch still reads `{a\,b..c}` as a range: refuse it too.
      const body = text.slice(at + 1, close).replace(/\\./g, '_');
      if (/^[^,]*\.\.[^,]*$/.test(body)) refuse(glob, 'a brace range ({1..3})');
      continue;
    }
    const bounds = [at, ...commas, close];
    const prefix = text.slice(0, at);
    const suffix = text.slice(close + 1);
    const results: string[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const choice = text.slice((bounds[i] ?? 0) + 1, bounds[i + 1]);
      results.push(...expandBraces(glob, `${prefix}${choice}${suffix}`, budget));
    }
    return results;
  }
  return finished();
}

/**
 * The tokens of one segment (not `**`). A `\` at the end of a segment that is not the last escaped
 * the `/` after it, which separates segments all the same (as in picomatch); at the end of the glob
 * it escapes nothing and stands for a backslash (as in minimatch and bash), rather than vanishing.
 */
function segmentTokens(glob: string, text: string, endsGlob: boolean): CharToken[] {
  const tokens: CharToken[] = [];
  for (let at = 0; at < text.length; at++) {
    const ch = text[at] ?? '';
    const next = text[at + 1];
    if ('@!+*?'.includes(ch) && next === '(') refuse(glob, `an extended glob (${ch}(…))`);
    if (ch === '\\') {
      if (next !== undefined) tokens.push({ kind: 'char', value: next });
      else if (endsGlob) tokens.push({ kind: 'char', value: '\\' });
      at++;
    } else if (ch === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
    } else if (ch === '[') {
      const parsed = characterClass(glob, text, at);
      if (parsed === undefined) tokens.push({ kind: 'char', value: '[' });
      else {
        tokens.push(parsed.token);
        at = parsed.end;
      }
    } else {
      tokens.push({ kind: 'char', value: ch });
    }
  }
  return tokens;
}

/** A `[…]` class starting at `open`, or undefined when it is not closed (then `[` is literal). */
function characterClass(glob: string, text: string, open: number): { token: CharToken; end: number } | undefined {
  let at = open + 1;
  const negated = text[at] === '!' || text[at] === '^';
  if (negated) at++;
  if (text.startsWith('[:', at)) refuse(glob, 'a POSIX character class ([[:alpha:]])');
  const ranges: [string, string][] = [];
  let first = true;
  for (; at < text.length; at++) {
    let ch = text[at] ?? '';
    if (ch === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: at };
    first = false;
    if (ch === '\\' && at + 1 < text.length) ch = text[++at] ?? '';
    if (text[at + 1] === '-' && at + 2 < text.length && text[at + 2] !== ']') {
      let last = text[at + 2] ?? '';
      at += 2;
      if (last === '\\' && at + 1 < text.length) last = text[++at] ?? '';
      ranges.push([ch, last]);
    } else {
      ranges.push([ch, ch]);
    }
  }
  return undefined;
}

function compilePattern(glob: string, text: string): CompiledPattern {
  let body = text;
  const negated = body.startsWith('!') && !body.startsWith('!(');
  if (negated) body = body.slice(1);
  while (body.startsWith('./')) body = body.slice(2);
  const segments = body.split('/').map((part, index, parts): Segment => {
    if (part === '**') return { kind: 'globstar' };
    const tokens = segmentTokens(glob, part, index === parts.length - 1);
    return { kind: 'segment', tokens, wild: tokens.some((token) => token.kind !== 'char') };
  });
  // As in picomatch, `a/**` matches `a` itself, but `a*/**` only what lies below a match of `a*`.
  const beforeLast = segments.at(-2);
  if (
    segments.at(-1)?.kind === 'globstar' &&
    beforeLast?.kind === 'segment' &&
    beforeLast.tokens.some((token) => token.kind === 'star')
  ) {
    segments.splice(-1, 0, { kind: 'segment', tokens: [{ kind: 'star' }], wild: true });
  }
  return { negated, segments };
}

function tokenMatches(token: CharToken, ch: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.value === ch;
    case 'any':
      return true;
    case 'class':
      return token.ranges.some(([low, high]) => ch >= low && ch <= high) !== token.negated;
    case 'star':
      return false;
  }
}

/**
 * True when the tokens match all of `name` (the two-pointer wildcard algorithm: on a mismatch,
 * only the last star takes one more character).
 */
function tokensMatch(tokens: readonly CharToken[], name: string): boolean {
  const characters = Array.from(name);
  let t = 0;
  let c = 0;
  let starAt = -1;
  let starCharacter = 0;
  while (c < characters.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      starAt = t;
      starCharacter = c;
      t++;
    } else if (token !== undefined && tokenMatches(token, characters[c] ?? '')) {
      t++;
      c++;
    } else if (starAt !== -1) {
      t = starAt + 1;
      starCharacter++;
      c = starCharacter;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** True when a path segment matches a non-`**` segment; wildcards never match `` (a trailing slash), `.` or `..`. */
function segmentMatches(segment: Segment, name: string): boolean {
  if (segment.kind === 'globstar') return false;
  if (segment.wild && (name === '' || name === '.' || name === '..')) return false;
  return tokensMatch(segment.tokens, name);
}

/**
 * The pattern as a set of positions (an NFA over segments), advanced one path segment at a
 * time: O(segments × pattern) segment tests, whatever the globstars.
 */
class SegmentAutomaton {
  private states: boolean[];

  constructor(private readonly segments: readonly Segment[]) {
    this.states = this.closure(segments.map((_, index) => index === 0).concat(segments.length === 0));
  }

  /** Adds the positions after every reachable `**` (which may match no segment). */
  private closure(states: boolean[]): boolean[] {
    for (let position = 0; position < this.segments.length; position++) {
      if (states[position] === true && this.segments[position]?.kind === 'globstar') states[position + 1] = true;
    }
    return states;
  }

  private stepped(name: string): boolean[] {
    const next = this.segments.map(() => false).concat(false);
    this.segments.forEach((segment, position) => {
      if (this.states[position] !== true) return;
      if (segment.kind === 'globstar') {
        if (name !== '.' && name !== '..') next[position] = true;
      } else if (segmentMatches(segment, name)) {
        next[position + 1] = true;
      }
    });
    return this.closure(next);
  }

  advance(name: string): void {
    this.states = this.stepped(name);
  }

  /** True when the segments read so far match the whole pattern. */
  accepts(): boolean {
    return this.states[this.segments.length] === true;
  }

  /** True when the segments read so far, followed by a trailing slash, match the whole pattern. */
  acceptsWithTrailingSlash(): boolean {
    return this.stepped('')[this.segments.length] === true;
  }
}

function compileGlobs(globs: readonly string[]): CompiledPattern[] {
  return globs.flatMap((glob) =>
    expandBraces(glob, glob, { left: MAX_BRACE_EXPANSIONS }).map((text) => compilePattern(glob, text)),
  );
}

function patternMatches(pattern: CompiledPattern, path: string): boolean {
  const automaton = new SegmentAutomaton(pattern.segments);
  for (const name of path.split('/')) automaton.advance(name);
  return (path !== '' && automaton.accepts()) !== pattern.negated;
}

/**
 * A matcher that is true when any of `globs` matches a repository-relative path. Throws
 * CONFIG_INVALID naming the glob when one uses syntax outside the one documented above.
 */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const patterns = compileGlobs(globs);
  return (path) => patterns.some((pattern) => patternMatches(pattern, path));
}

/**
 * A matcher that is true when any of `globs` matches the path, or a folder above it (written
 * with or without a trailing slash): `tests` and `tests/` ignore everything under tests/. One
 * pass over the path per pattern, not one match per folder.
 */
export function globMatcherWithFolders(globs: readonly string[]): (path: string) => boolean {
  const patterns = compileGlobs(globs);
  return (path) => {
    const names = path.split('/');
    return patterns.some((pattern) => {
      const automaton = new SegmentAutomaton(pattern.segments);
      for (let index = 0; index < names.length; index++) {
        automaton.advance(names[index] ?? '');
        const isFolder = index < names.length - 1;
        if (path !== '' && automaton.accepts() !== pattern.negated) return true;
        if (isFolder && automaton.acceptsWithTrailingSlash() !== pattern.negated) return true;
      }
      return false;
    });
  };
}

/** Why `glob` cannot be used, or undefined when it can (for readers of config files, with a line). */
export function globProblem(glob: string): string | undefined {
  try {
    globMatcher([glob]);
    return undefined;
  } catch (error) {
    return error instanceof DevsecopsError ? error.message : String(error);
  }
}

/**
 * Matches a repository-relative path against globs the way file discovery
 * does: the path itself, or any folder above it (`tests` and `tests/` ignore
 * everything under tests/).
 */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  return globMatcherWithFolders(globs);
}
