import { deepStrictEqual, ok } from 'node:assert/strict';
import { pythonLogicalLines, pythonPhysicalLines } from '../../src/files/python-physical-lines';

/** Each line as `continuation` or `continuation #column`. */
function shape(lines: readonly string[]): string[] {
  return pythonPhysicalLines(lines).map(
    (line) => `${line.continuation}${line.commentStart === undefined ? '' : ` #${String(line.commentStart)}`}`,
  );
}

function ranges(lines: readonly string[]): string[] {
  return pythonLogicalLines(pythonPhysicalLines(lines)).map(
    (range) => `${String(range.firstLine)}-${String(range.lastLine)}`,
  );
}

describe("Python's physical lines", () => {
  it('joins lines inside brackets, after a backslash and inside strings; blank and comment lines stand alone', () => {
    const source = ['# head', '', 'run(  # nosec', '    a,', ')', 'x = 1 + \\', '    2', 's = """one', 'two"""', 'y'];
    deepStrictEqual(shape(source), [
      'none #0',
      'none',
      'bracket #6',
      'bracket',
      'none',
      'backslash',
      'none',
      'string',
      'none',
      'none',
    ]);
    deepStrictEqual(ranges(source), ['1-1', '2-2', '3-5', '6-7', '8-9', '10-10']);
  });

  it('a backslash inside brackets is a backslash continuation: a comment after it would break the line', () => {
    deepStrictEqual(shape(['f(a, \\', '  b)']), ['backslash', 'none']);
  });

  it('reads an f-string field spread over lines, with comments, as one logical line (Python 3.12)', () => {
    const source = ['msg = f"{", ".join([', "    'a',  # nosec", "    'b',", '])}"  # end', 'z = 1'];
    deepStrictEqual(shape(source), ['string', 'string #10', 'string', 'none #6', 'none']);
    deepStrictEqual(ranges(source), ['1-4', '5-5']);
  });

  it('reads t-strings (Python 3.14) as f-strings, and other names before a quote as names', () => {
    deepStrictEqual(shape(['x = t"{"#"}"  # c', 'y = Tr"{"#"}"  # d', 'z = ab"{"#"}"  # e']), [
      'none #14',
      'none #15',
      'none #9',
    ]);
  });

  describe('source Python rejects (a syntax error) still gets one answer a line', () => {
    it('ends a one-quote string at its line when no backslash continues it', () => {
      deepStrictEqual(shape(['d = "open # x', 'e = 1  # nosec']), ['none', 'none #7']);
    });

    it('an escaped backslash at the end of a one-quote string does not continue it', () => {
      // `s = "a\\`: the backslash is escaped, the string is unterminated, and the next line is code.
      deepStrictEqual(shape(['s = "a\\\\', 'x = 1  # nosec']), ['none', 'none #7']);
    });

    it('a blank line ends a one-quote string continued by a backslash', () => {
      deepStrictEqual(shape(["s = 'abc\\", '', 'x = 1  # nosec']), ['string', 'none', 'none #7']);
    });

    it('an unclosed bracket or triple-quoted string runs to the end of the file', () => {
      deepStrictEqual(ranges(['f(', '  1,', '  2  # nosec']), ['1-3']);
      deepStrictEqual(ranges(["x = '''never closed", '# inside']), ['1-2']);
      deepStrictEqual(ranges(['x = 1 + \\']), ['1-1']);
      deepStrictEqual(ranges([]), []);
    });
  });

  describe('attacks: hostile source is read in linear time', () => {
    const within = (label: string, lines: readonly string[]): void => {
      const started = process.hrtime.bigint();
      pythonPhysicalLines(lines);
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      ok(milliseconds < 2000, `${label}: ${String(milliseconds)} ms`);
    };

    it('a megabyte line of escaped quotes, of brackets, of braces in an f-string', () => {
      within('escaped quotes', [`"${'\\"'.repeat(500_000)}`]);
      within('brackets', ['('.repeat(1_000_000)]);
      within('f-string braces', [`f"${'{{'.repeat(250_000)}${'{x:{y}}'.repeat(50_000)}`]);
    });

    it('f-strings nested a hundred thousand deep', () => {
      within('nested f-strings', ['f"{'.repeat(100_000)]);
    });
  });
});
