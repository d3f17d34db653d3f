/**
 * The physical-line structure of Python source, read as CPython's tokenizer reads it (Parser/lexer/lexer.c):
 * where each line's comment starts, and what carries a line on to the next one (an open bracket, an open string,
 * a backslash). Only what joins lines or starts a comment is read: strings with their prefixes and escapes,
 * f-strings and t-strings with their replacement fields (PEP 701: any quote and comments inside a field), brackets,
 * comments and backslash continuations. Source that is not valid Python still gets an answer for every line.
 */

/** What carries a physical line on into the next one; `none` ends the logical line. */
export type PythonLineContinuation = 'none' | 'bracket' | 'backslash' | 'string';

/** One physical line of Python source. */
export interface PythonPhysicalLine {
  /** Column (0-based, UTF-16 units) of the `#` that starts the line's comment; undefined when it has none. */
  readonly commentStart: number | undefined;
  /**
   * What the line's end is inside: `string` when it ends inside a string, an f-string or one of its replacement
   * fields; `backslash` after a continuation backslash; `bracket` inside brackets; `none` when the logical line
   * ends here.
   */
  readonly continuation: PythonLineContinuation;
}

/** The physical lines Python joins into one logical line. */
export interface PythonLogicalLine {
  /** First line, 1-based. */
  readonly firstLine: number;
  /** Last line, 1-based, inclusive. */
  readonly lastLine: number;
}

/** The literal text of a string, an f-string, or an f-string's format spec. */
interface StringFrame {
  readonly kind: 'string';
  /** The closing quote: `'`, `"`, `'''` or `"""`. */
  readonly quote: string;
  /** r-prefixed: `\N{…}` is no escape, so its `{` opens a replacement field. */
  readonly raw: boolean;
  /** An f-string or t-string: `{` opens a replacement field, `{{` and `}}` are literal braces. */
  readonly formatted: boolean;
  /** A format spec (after a field's top-level `:`): `{` always opens a field and `}` closes the field. */
  readonly spec: boolean;
  /** Inside `\N{…}` of a non-raw f-string, whose `}` ends the escape. */
  namedEscape: boolean;
}

/** The code of a replacement field: `{` … `}` inside an f-string. */
interface FieldFrame {
  readonly kind: 'field';
  /** Brackets open inside the field; at 0, `:` starts the format spec and `}` ends the field. */
  depth: number;
}

type Frame = StringFrame | FieldFrame;

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

/**
 * String prefixes (case-insensitive) the tokenizer takes before a quote: b, r, u, f and their pairs, and t
 * (template strings, Python 3.14). Any other name before a quote is a name followed by a string.
 */
const STRING_PREFIX = /^(?:[rR]?[fFtTbB]|[fFtTbB][rR]|[uU]|[rR])$/;

/**
 * Each of `lines` (the file from its first line, without line breaks) as Python's tokenizer sees it. Python
 * 3.12's f-strings are read as 3.12 reads them (a quote inside a replacement field opens a nested string); a
 * source valid for an older Python tokenizes the same way. A one-quote string that reaches the end of its line
 * without a continuation backslash (a syntax error) ends there, so the next line is read as code.
 */
export function pythonPhysicalLines(lines: readonly string[]): PythonPhysicalLine[] {
  const result: PythonPhysicalLine[] = [];
  /** Open strings and replacement fields, innermost last. */
  const frames: Frame[] = [];
  let depth = 0;
  for (const text of lines) {
    let commentStart: number | undefined;
    let backslash = false;
    let index = 0;
    while (index < text.length) {
      const frame = frames.at(-1);
      if (frame?.kind === 'string') {
        index = scanStringText(text, index, frame, frames);
        continue;
      }
      const character = text.charAt(index);
      if (character === '#') {
        commentStart = index;
        break;
      }
      if (character === '\\' && index === text.length - 1) {
        backslash = true;
        break;
      }
      if (character === '"' || character === "'") {
        index = openString(text, index, '', frames);
        continue;
      }
      if (isIdentifierCharacter(character)) {
        let end = index + 1;
        while (end < text.length && isIdentifierCharacter(text.charAt(end))) end += 1;
        const word = text.slice(index, end);
        const next = text.charAt(end);
        if ((next === '"' || next === "'") && STRING_PREFIX.test(word)) index = openString(text, end, word, frames);
        else index = end;
        continue;
      }
      if (frame?.kind === 'field') {
        if (frame.depth === 0 && character === '}') {
          frames.pop();
          index += 1;
          continue;
        }
        if (frame.depth === 0 && character === ':') {
          const fString = frames.at(-2);
          if (fString?.kind === 'string') frames.push({ ...fString, spec: true, namedEscape: false });
          index += 1;
          continue;
        }
        if (OPENING.has(character)) frame.depth += 1;
        else if (CLOSING.has(character)) frame.depth = Math.max(0, frame.depth - 1);
        index += 1;
        continue;
      }
      if (OPENING.has(character)) depth += 1;
      else if (CLOSING.has(character)) depth = Math.max(0, depth - 1);
      index += 1;
    }
    const continuation = lineEnd(frames, text, backslash, depth);
    result.push({ commentStart, continuation });
  }
  return result;
}

/**
 * The logical lines of `lines`: ranges of physical lines that cover every line once, in order. Blank and
 * comment-only lines are ranges of their own, as are lines after an unclosed bracket or string at the end.
 */
export function pythonLogicalLines(physical: readonly PythonPhysicalLine[]): PythonLogicalLine[] {
  const logical: PythonLogicalLine[] = [];
  let firstLine = 1;
  physical.forEach((line, index) => {
    if (line.continuation !== 'none') return;
    logical.push({ firstLine, lastLine: index + 1 });
    firstLine = index + 2;
  });
  if (firstLine <= physical.length) logical.push({ firstLine, lastLine: physical.length });
  return logical;
}

/** Letters, digits, `_` and every non-ASCII character: what the tokenizer reads as part of a name. */
function isIdentifierCharacter(character: string): boolean {
  return /[A-Za-z0-9_]/.test(character) || character.charCodeAt(0) >= 128;
}

/** Opens the string whose quote is at `at` (after `prefix`); returns the index just past the opening quote. */
function openString(text: string, at: number, prefix: string, frames: Frame[]): number {
  const character = text.charAt(at);
  const triple = character.repeat(3);
  const quote = text.startsWith(triple, at) ? triple : character;
  const lower = prefix.toLowerCase();
  frames.push({
    kind: 'string',
    quote,
    raw: lower.includes('r'),
    formatted: lower.includes('f') || lower.includes('t'),
    spec: false,
    namedEscape: false,
  });
  return at + quote.length;
}

/**
 * Reads the literal text of the innermost string from `index` up to its closing quote, a replacement field's
 * brace or the line's end, updating `frames`; returns where reading goes on.
 */
function scanStringText(text: string, from: number, frame: StringFrame, frames: Frame[]): number {
  let index = from;
  while (index < text.length) {
    if (text.startsWith(frame.quote, index)) {
      // The f-string's own quote ends it even inside a format spec (an unclosed field: a syntax error).
      popThroughString(frames, frame);
      return index + frame.quote.length;
    }
    const character = text.charAt(index);
    if (character === '\\') {
      const escaped = text.charAt(index + 1);
      // A backslash before a brace leaves the brace to the f-string (`\{x}` is a field); `\N{` is a named escape.
      if (frame.formatted && (escaped === '{' || escaped === '}')) {
        index += 1;
        continue;
      }
      if (frame.formatted && !frame.raw && escaped === 'N' && text.charAt(index + 2) === '{') {
        frame.namedEscape = true;
        index += 3;
        continue;
      }
      index += 2;
      continue;
    }
    if (frame.formatted && character === '{') {
      if (!frame.spec && text.charAt(index + 1) === '{') {
        index += 2;
        continue;
      }
      frames.push({ kind: 'field', depth: 0 });
      return index + 1;
    }
    if (frame.formatted && character === '}') {
      if (frame.namedEscape) {
        frame.namedEscape = false;
        index += 1;
        continue;
      }
      if (frame.spec) {
        // The spec's `}` closes the field it belongs to: back to the f-string's text.
        frames.pop();
        frames.pop();
        return index + 1;
      }
      index += text.charAt(index + 1) === '}' ? 2 : 1;
      continue;
    }
    index += 1;
  }
  return index;
}

/** Closes `frame` (the text of a string or of a format spec) and, for a spec, the field and f-string around it. */
function popThroughString(frames: Frame[], frame: StringFrame): void {
  frames.pop();
  if (!frame.spec) return;
  // A spec shares its f-string's quote: drop the field, then the f-string itself.
  frames.pop();
  frames.pop();
}

/**
 * What the end of a line is inside, after settling what the line break does to the open strings: a one-quote
 * string (or a one-quote f-string's format spec) goes on only after an escaping backslash; otherwise it ends.
 */
function lineEnd(frames: Frame[], text: string, backslash: boolean, depth: number): PythonLineContinuation {
  for (;;) {
    const frame = frames.at(-1);
    if (frame?.kind !== 'string' || frame.quote.length === 3 || endsWithEscape(text)) break;
    if (frame.spec) {
      // A line break ends a one-quote f-string's format spec and returns to the field's code (CPython 3.12+).
      frames.pop();
      break;
    }
    // A one-quote string broken by the line's end: a syntax error; the string ends with its line.
    frames.pop();
  }
  if (frames.length > 0) return 'string';
  if (backslash) return 'backslash';
  return depth > 0 ? 'bracket' : 'none';
}

/** True when `text` ends in a backslash that is not itself escaped (an odd run of trailing backslashes). */
function endsWithEscape(text: string): boolean {
  let count = 0;
  for (let index = text.length - 1; index >= 0 && text.charAt(index) === '\\'; index -= 1) count += 1;
  return count % 2 === 1;
}
