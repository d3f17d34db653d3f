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

/** The string the scan is inside at a line's end: none, a triple-quoted one, or a one-line string continued by `\`. */
type OpenString = { readonly quote: string } | undefined;

/**
 * The shape of each of `lines` (the file from its first line). Prefixes (r, b, f, u) need no handling: the
 * quote that follows them opens the string either way, and a backslash skips the next character in raw
 * strings too, as far as where the string ends is concerned.
 */
export function pythonLineShapes(lines: readonly string[]): PythonLineShape[] {
  const shapes: PythonLineShape[] = [];
  let open: OpenString;
  for (const text of lines) {
    let commentStart: number | undefined;
    let index = 0;
    let continued = false;
    while (index < text.length) {
      if (open) {
        const close = closingQuote(text, index, open.quote);
        if (close === undefined) {
          // A one-line string goes on to the next line only when this one ends with its backslash.
          if (open.quote.length === 1 && !endsWithEscape(text, index)) open = undefined;
          index = text.length;
          break;
        }
        index = close;
        open = undefined;
        continue;
      }
      const char = text[index];
      if (char === '#') {
        commentStart = index;
        break;
      }
      if (char === '"' || char === "'") {
        const quote = text.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
        open = { quote };
        index += quote.length;
        continue;
      }
      if (char === '\\' && index === text.length - 1) continued = true;
      index += 1;
    }
    // An empty line inside a one-line string's continuation still carries the string on.
    if (open && open.quote.length === 1 && text.length === 0) open = undefined;
    shapes.push({ commentStart, takesComment: !open && !continued });
  }
  return shapes;
}

/** The index just past the closing `quote` at or after `from`, skipping escaped characters; undefined when the line has none. */
function closingQuote(text: string, from: number, quote: string): number | undefined {
  let index = from;
  while (index < text.length) {
    if (text[index] === '\\') {
      index += 2;
      continue;
    }
    if (text.startsWith(quote, index)) return index + quote.length;
    index += 1;
  }
  return undefined;
}

/** True when the text from `from` on ends with a backslash that is not itself escaped. */
function endsWithEscape(text: string, from: number): boolean {
  let index = from;
  let escaped = false;
  while (index < text.length) {
    escaped = text[index] === '\\' ? !escaped : false;
    index += 1;
  }
  return escaped;
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
