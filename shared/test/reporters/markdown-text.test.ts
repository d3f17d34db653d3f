import { deepStrictEqual } from 'node:assert/strict';
import {
  markdownCodeSpan,
  markdownCodeSpanText,
  markdownEscaped,
  markdownPipesEscaped,
  markdownPlainText,
} from '../../src/reporters/markdown-text';

const ESC = '\u001b';

describe('Markdown-safe text, one function per place it goes', () => {
  it('plain text: one line, every markup character escaped, HTML brackets as entities, controls as U+FFFD', () => {
    deepStrictEqual(
      [
        'a | b',
        'line one\nline two\r\n\tthree',
        '[click](javascript:alert(1)) ![img](http://x/y.png)',
        '<img src=x onerror=alert(1)> @team #12',
        '**bold** _it_ `code` back\\slash',
        `red ${ESC}[31m`,
      ].map(markdownPlainText),
      [
        'a \\| b',
        'line one line two three',
        '\\[click\\](javascript:alert(1)) \\!\\[img\\](http://x/y.png)',
        '&lt;img src=x onerror=alert(1)&gt; \\@team \\#12',
        '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` back\\\\slash',
        'red \uFFFD\\[31m',
      ],
    );
  });

  it('escaped text: every markup character gets a backslash, line breaks and other characters are kept', () => {
    deepStrictEqual(
      [
        '[click](javascript:alert(1)) ![img](x.png)',
        '**bold** _it_ `code` back\\slash',
        '# 1. item\n+ {x} - y | <b>',
        'plain words, @team: ok',
      ].map(markdownEscaped),
      [
        '\\[click\\]\\(javascript:alert\\(1\\)\\) \\!\\[img\\]\\(x\\.png\\)',
        '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` back\\\\slash',
        '\\# 1\\. item\n\\+ \\{x\\} \\- y \\| \\<b\\>',
        'plain words, @team: ok',
      ],
    );
  });

  it('code span text: backticks become quotes, pipes are escaped, markup is left as it is (inert in a span)', () => {
    deepStrictEqual(
      [' B602 ', 'a`b`c', 'x|y', '[link](u) *a* <b>', 'two\nlines', `esc${ESC}`].map(markdownCodeSpanText),
      [' B602 ', "a'b'c", 'x\\|y', '[link](u) *a* <b>', 'two lines', 'esc\uFFFD'],
    );
  });

  it('a whole code span: trimmed, then the same as its text', () => {
    deepStrictEqual(['  B602\n', 'a`b|c', '``'].map(markdownCodeSpan), ['`B602`', "`a'b\\|c`", "`''`"]);
  });

  it('our own Markdown beside tables: only pipes are escaped, its code spans and markup kept', () => {
    deepStrictEqual(
      markdownPipesEscaped('- inline: `# nosec B602` | or `*.py` [x]'),
      '- inline: `# nosec B602` \\| or `*.py` [x]',
    );
  });
});
