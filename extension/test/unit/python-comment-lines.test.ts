import assert from 'node:assert/strict';
import { commentableLine, pythonLineShapes } from '../../src/model/python-comment-lines';
import { banditSuppression } from '../../src/model/line-edits';

describe('python comment lines', () => {
  it('finds the comment of a line and ignores a "#" inside strings', () => {
    assert.deepEqual(
      pythonLineShapes([
        'x = eval(y)  # legacy',
        'url = "http://host/#nosec"; eval(y)',
        "s = 'it\\'s # not a comment'  # but this is",
        'plain = 1',
      ]),
      [
        { commentStart: 13, takesComment: true },
        { commentStart: undefined, takesComment: true },
        { commentStart: 29, takesComment: true },
        { commentStart: undefined, takesComment: true },
      ],
    );
  });

  it('says a line after a backslash continuation or inside a triple-quoted string takes no comment', () => {
    assert.deepEqual(
      pythonLineShapes([
        'subprocess.call(cmd, \\',
        '    shell=True)',
        'q = """SELECT * # not a comment',
        'FROM t WHERE id = %s""" % cmd  # real',
        "s = 'one-line string continued \\",
        "still the string # here'",
      ]),
      [
        { commentStart: undefined, takesComment: false },
        { commentStart: undefined, takesComment: true },
        { commentStart: undefined, takesComment: false },
        { commentStart: 31, takesComment: true },
        { commentStart: undefined, takesComment: false },
        { commentStart: undefined, takesComment: true },
      ],
    );
  });

  it('keeps a triple-quoted string of the other quote, and escaped quotes, open', () => {
    assert.deepEqual(
      pythonLineShapes(["a = '''x \"\"\" \\''' y", "'''  # done"]).map((shape) => shape.takesComment),
      [false, true],
    );
  });

  it('reads f-strings as Python 3.12 does: a quote inside a replacement field opens a nested string', () => {
    assert.deepEqual(
      pythonLineShapes([
        'x = f"{"# nosec"}" + eval(y)  # real', // the f-string's own quote nested in its field
        'msg = f"{", ".join([', // a field spread over lines
        "    'a',  # inside the field",
        '])}"',
      ]),
      [
        { commentStart: 30, takesComment: true },
        { commentStart: undefined, takesComment: false },
        { commentStart: 10, takesComment: false },
        { commentStart: undefined, takesComment: true },
      ],
    );
  });

  describe('commentableLine', () => {
    const lines = [
      'import subprocess',
      'subprocess.call(cmd, \\',
      '    shell=True)  # keep',
      'q = """',
      'SELECT * FROM t WHERE id = %s""" % cmd',
      'x = eval(y) + \\',
      '    1',
    ];

    it('is the finding line when it takes a comment', () => {
      assert.deepEqual(commentableLine(lines, 1, 1), { line: 1, commentStart: undefined });
    });

    it('moves past a backslash continuation to the line that ends the statement, with its comment', () => {
      assert.deepEqual(commentableLine(lines, 2, 3), { line: 3, commentStart: 17 });
    });

    it('moves past the lines of a triple-quoted string', () => {
      assert.deepEqual(commentableLine(lines, 4, 5), { line: 5, commentStart: undefined });
    });

    it('is undefined when no line of the reported range takes one', () => {
      assert.equal(commentableLine(lines, 6, 6), undefined);
    });
  });

  describe('banditSuppression on the line commentableLine picks', () => {
    it('adds "# nosec" when the only "# nosec" of the line is inside a string', () => {
      assert.deepEqual(banditSuppression('x = "# nosec"; eval(y)', 8, 'B307', ''), {
        startLine: 8,
        endLine: 8,
        text: 'x = "# nosec"; eval(y)  # nosec B307',
      });
    });

    it('extends the real "# nosec" comment, not a "# nosec" in a string before it', () => {
      assert.deepEqual(banditSuppression('run("# nosec B999", x)  # nosec B101', 1, 'B602', ''), {
        startLine: 1,
        endLine: 1,
        text: 'run("# nosec B999", x)  # nosec B101, B602',
      });
    });

    it('adds "# nosec" after an f-string whose nested string holds "# nosec", leaving the code whole', () => {
      assert.deepEqual(banditSuppression('x = f"{"# nosec"}" + eval(y)', 3, 'B307', ''), {
        startLine: 3,
        endLine: 3,
        text: 'x = f"{"# nosec"}" + eval(y)  # nosec B307',
      });
    });

    it('puts the "# nosec" of a statement whose f-string field spans lines on the line that closes it', () => {
      const statement = ['msg = f"{", ".join([', '    eval(a),', '])}"  # keep'];
      assert.deepEqual(commentableLine(statement, 1, 3), { line: 3, commentStart: 6 });
    });

    it('extends a "# nosec" on a line that closes a triple-quoted string', () => {
      const statement = ['q = """SELECT # nosec B101', 'FROM t""" % x  # nosec B101'];
      const target = commentableLine(statement, 1, 2);
      assert.deepEqual(target, { line: 2, commentStart: 15 });
      assert.deepEqual(banditSuppression(statement[1] ?? '', 2, 'B608', 'constant table', target.commentStart), {
        startLine: 2,
        endLine: 2,
        text: 'FROM t""" % x  # nosec B101, B608 # constant table',
      });
    });
  });
});
