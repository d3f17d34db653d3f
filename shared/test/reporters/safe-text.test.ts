import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import {
  oneLine,
  printablePath,
  withoutControlCharacters,
  withQuotedContinuation,
} from '../../src/reporters/safe-text';

const ESC = '\u001b';

describe('safe text for consoles and logs', () => {
  it('keeps a plain path as it is, spaces and unicode included', () => {
    for (const path of ['app/main.py', 'src/my app/naïve config.py', '日本/ファイル.py', "it's [x] | y.py"]) {
      strictEqual(printablePath(path), path);
    }
  });

  it('quotes a path with a line break, a control character, a quote or edge spaces, escaping them visibly', () => {
    deepStrictEqual(
      [
        'tools/evil\n[PASS] ok.py',
        'a\r\nb.py',
        `x${ESC}[2J.py`,
        'tab\there.py',
        'say "hi".py',
        ' lead.py',
        'trail.py ',
        'back\\slash\n.py',
        'c1\u009bcsi.py',
        'ls\u2028sep.py',
      ].map(printablePath),
      [
        '"tools/evil\\n[PASS] ok.py"',
        '"a\\r\\nb.py"',
        '"x\\u001b[2J.py"',
        '"tab\\there.py"',
        '"say \\"hi\\".py"',
        '" lead.py"',
        '"trail.py "',
        '"back\\\\slash\\n.py"',
        '"c1\\u009bcsi.py"',
        '"ls\\u2028sep.py"',
      ],
    );
  });

  it('never lets a quoted path span two lines or carry an escape sequence', () => {
    for (const path of ['a\nb', 'a\rb', `a${ESC}]0;title\u0007b`, 'a\u0085b', 'a\u2029b']) {
      const printed = printablePath(path);
      // eslint-disable-next-line no-control-regex -- asserting no control character survives is the point
      strictEqual(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(printed), false, printed);
    }
  });

  it('puts tool text on one line: breaks and tabs become spaces, other controls U+FFFD', () => {
    strictEqual(oneLine('exception\nGate: PASSED\r\n\tnext'), 'exception Gate: PASSED next');
    strictEqual(oneLine(`bell\u0007 ${ESC}[31mred`), 'bell\uFFFD \uFFFD[31mred');
    strictEqual(withoutControlCharacters('keeps\nlines'), 'keeps\nlines');
  });

  it('marks every continuation line of a multi-line excerpt, so none can pass for a line of ours', () => {
    strictEqual(
      withQuotedContinuation('Bandit failed. It printed:\nGate: PASSED\r\ndevsecops: fake\rline'),
      'Bandit failed. It printed:\n  | Gate: PASSED\n  | devsecops: fake\n  | line',
    );
  });
});
