/**
 * One statement of a Python file as physical lines: the lines Python joins into one logical line (inside
 * brackets, after a backslash, inside a triple-quoted string), and the lines among them that hold a comment.
 */
export interface PythonStatementLines {
  /** First line, 1-based. */
  readonly firstLine: number;
  /** Last line, 1-based, inclusive. */
  readonly lastLine: number;
  /** Each line of the statement that ends in a comment (1-based) → the comment's text, from its `#`. */
  readonly comments: ReadonlyMap<number, string>;
}

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

/**
 * Splits Python source into its logical lines, as Python's tokenizer joins physical ones. Only what joins
 * lines is read (brackets, strings, comments, a trailing backslash); source that is not valid Python still
 * gives ranges that cover every line once, so callers never miss a line.
 */
export function pythonStatements(lines: readonly string[]): PythonStatementLines[] {
  const statements: PythonStatementLines[] = [];
  let depth = 0;
  /** The quote that opened the string being read across lines (triple quotes only, or after a backslash). */
  let openString: string | undefined;
  let firstLine = 1;
  let comments = new Map<number, string>();
  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index] ?? '';
    const lineNumber = index + 1;
    let continues = false;
    let position = 0;
    while (position < text.length) {
      if (openString !== undefined) {
        const end = closingQuoteAt(text, position, openString);
        if (end === undefined) {
          // A one-quote string goes on only after a backslash; anything else ends it (an error Python reports).
          continues = openString.length === 3 || text.endsWith('\\');
          if (openString.length === 1 && !continues) openString = undefined;
          position = text.length;
          break;
        }
        position = end;
        openString = undefined;
        continue;
      }
      const character = text.charAt(position);
      if (character === '#') {
        comments.set(lineNumber, text.slice(position));
        position = text.length;
        break;
      }
      if (character === '"' || character === "'") {
        const triple = text.startsWith(character.repeat(3), position);
        openString = triple ? character.repeat(3) : character;
        position += openString.length;
        continue;
      }
      if (OPENING.has(character)) depth += 1;
      else if (CLOSING.has(character)) depth = Math.max(0, depth - 1);
      else if (character === '\\' && position === text.length - 1) continues = true;
      position += 1;
    }
    if (openString !== undefined && openString.length === 3) continues = true;
    if (depth > 0 || continues) continue;
    statements.push({ firstLine, lastLine: lineNumber, comments });
    firstLine = lineNumber + 1;
    comments = new Map();
  }
  if (firstLine <= lines.length) statements.push({ firstLine, lastLine: lines.length, comments });
  return statements;
}

/** Index just past the quote that closes a string opened by `quote`, searching from `from`; undefined if none. */
function closingQuoteAt(text: string, from: number, quote: string): number | undefined {
  let position = from;
  while (position < text.length) {
    const character = text.charAt(position);
    if (character === '\\') {
      position += 2;
      continue;
    }
    if (text.startsWith(quote, position)) return position + quote.length;
    position += 1;
  }
  return undefined;
}
