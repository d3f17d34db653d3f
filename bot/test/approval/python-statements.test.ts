import assert from 'node:assert/strict';
import { pythonStatements } from '../../src/approval/python-statements';

/** Each statement as `first-last` and its comment lines. */
function shape(source: readonly string[]): string[] {
  return pythonStatements(source).map(
    (statement) =>
      `${String(statement.firstLine)}-${String(statement.lastLine)}${[...statement.comments.keys()].map((line) => ` #${String(line)}`).join('')}`,
  );
}

describe("Python's logical lines, for the lines a # nosec covers", () => {
  it('joins lines inside brackets, after a backslash and inside triple-quoted strings', () => {
    assert.deepStrictEqual(
      shape([
        'run(  # nosec', // 1
        '    a,', // 2
        '    [b, {c: d}],', // 3
        ')', // 4
        'x = 1 + \\', // 5
        '    2  # two', // 6
        'doc = """one', // 7
        '# not a comment ( [', // 8
        'three"""', // 9
        'y = 2', // 10
      ]),
      ['1-4 #1', '5-6 #6', '7-9', '10-10'],
    );
  });

  it('brackets and # inside strings, and brackets inside comments, do not count', () => {
    assert.deepStrictEqual(
      shape([
        'a = "(#["  # (', // 1
        "b = ')' + '\\'('", // 2
        'c = f(', // 3
        "    '''#)'''", // 4
        ')', // 5
        'd = "open', // 6: not valid Python, ends at its line
        'e = 1', // 7
      ]),
      ['1-1 #1', '2-2', '3-5', '6-6', '7-7'],
    );
  });

  it('unclosed brackets at the end still cover every line once', () => {
    assert.deepStrictEqual(shape(['f(', '  1,', '  2  # nosec']), ['1-3 #3']);
    assert.deepStrictEqual(shape([]), []);
  });

  it('reads an f-string whose replacement field spans lines (Python 3.12) as one statement, with its comments', () => {
    assert.deepStrictEqual(
      shape([
        'msg = f"{", ".join([', // 1: the field's quotes are the f-string's own
        "    'a',  # nosec", // 2: a comment inside the field
        "    'b',", // 3
        '])}"  # end', // 4
        'z = 1', // 5
      ]),
      ['1-4 #2 #4', '5-5'],
    );
  });

  it('an escaped backslash, or a blank line, ends a one-quote string: the next line is code', () => {
    // `s = "a\\` ends in an escaped backslash, so the string is unterminated (a syntax error), not continued.
    assert.deepStrictEqual(shape(['s = "a\\\\', 'x = 1  # nosec']), ['1-1', '2-2 #2']);
    assert.deepStrictEqual(shape(["s = 'abc\\", '', 'x = 1  # nosec']), ['1-2', '3-3 #3']);
  });
});
