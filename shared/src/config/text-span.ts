import type { LineCounter } from 'yaml';

/**
 * Where on its line a problem of a configuration file is: plain data, so that any front end (the CLI's
 * `file:line`, the editor's squiggle) can place it. A span never crosses a line: a problem about a block
 * (a mapping, a list) is shown on the block's first line, not over every line of it.
 */
export interface TextSpan {
  /** Line, 1-based. */
  readonly line: number;
  /** First character, 1-based, in UTF-16 code units (a JavaScript string's index + 1). */
  readonly column: number;
  /** The character after the last one, 1-based; undefined: to the end of the line. */
  readonly endColumn?: number;
}

/** One sure correction: the text written at a problem's span, and what to write there instead. */
export interface TextFix {
  /** The text as the file holds it (a key or a rule id); a front end applies the fix only where the span reads so. */
  readonly written: string;
  readonly replacement: string;
}

/** The start of the text: where a problem of the whole file is shown. */
export const FILE_START: TextSpan = { line: 1, column: 1 };

/** The span of the text between two offsets (0-based, end exclusive), cut at the end of the first line. */
export function spanOfOffsets(lineCounter: LineCounter, start: number, end: number): TextSpan {
  const from = lineCounter.linePos(start);
  const to = lineCounter.linePos(Math.max(start, end));
  // An empty span (an empty value, a point the parser names) or one running onto later lines: the rest of the line.
  if (to.line !== from.line || to.col <= from.col) return { line: from.line, column: from.col };
  return { line: from.line, column: from.col, endColumn: to.col };
}
