import { pythonPhysicalLines } from '@devsecops/shared/files';

/**
 * Where a trailing comment may go in Python source, worked out from the text alone (no tokenizer process):
 * a `#` inside a string is not a comment, a line that ends inside a triple-quoted string or after a
 * backslash continuation cannot take one (a comment there becomes part of the string, or breaks the
 * syntax). Pure string work, no editor types.
 */

/** What one physical line holds, as Python's tokenizer would see it. */
export interface PythonLineShape {
  /** Column (0-based, UTF-16 units) of the `#` that starts the line's comment; undefined when it has none. */
  readonly commentStart: number | undefined;
  /** True when a comment appended to the line would end the line's code: the line ends outside any string and not after a `\`. */
  readonly takesComment: boolean;
}

/**
 * The shape of each of `lines` (the file from its first line), from the core's reading of Python's physical
 * lines. A line inside brackets takes a comment; one that ends inside a string (an f-string's replacement field
 * included: Python before 3.12 allows no comment there) or after a `\` does not.
 */
export function pythonLineShapes(lines: readonly string[]): PythonLineShape[] {
  return pythonPhysicalLines(lines).map(({ commentStart, continuation }) => ({
    commentStart,
    takesComment: continuation === 'none' || continuation === 'bracket',
  }));
}

/**
 * The line (1-based) of a statement spanning `firstLine`…`lastLine` where a comment can be added, with
 * where that line's own comment starts: the first line of the span that takes a comment. Undefined when no
 * line of the span does (every one ends inside a string or after a `\`).
 */
export function commentableLine(
  lines: readonly string[],
  firstLine: number,
  lastLine: number,
): { readonly line: number; readonly commentStart: number | undefined } | undefined {
  const shapes = pythonLineShapes(lines.slice(0, Math.min(lastLine, lines.length)));
  for (let line = Math.max(firstLine, 1); line <= shapes.length; line += 1) {
    const shape = shapes[line - 1];
    if (shape?.takesComment) return { line, commentStart: shape.commentStart };
  }
  return undefined;
}
