import { pythonLogicalLines, pythonPhysicalLines } from '@devsecops/shared/files';

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

/**
 * Python source split into its logical lines, as Python's tokenizer joins physical ones (the core's
 * `pythonPhysicalLines`), each with its comments. Source that is not valid Python still gives ranges that cover
 * every line once, so callers never miss a line.
 */
export function pythonStatements(lines: readonly string[]): PythonStatementLines[] {
  const physical = pythonPhysicalLines(lines);
  return pythonLogicalLines(physical).map(({ firstLine, lastLine }) => {
    const comments = new Map<number, string>();
    for (let line = firstLine; line <= lastLine; line += 1) {
      const commentStart = physical[line - 1]?.commentStart;
      if (commentStart !== undefined) comments.set(line, (lines[line - 1] ?? '').slice(commentStart));
    }
    return { firstLine, lastLine, comments };
  });
}
