import { deepStrictEqual } from 'node:assert/strict';
import { parsePipOptions, splitShellWords } from '../../../src/scanners/builtin-sca/requirements-options';

describe('requirements-file options (shlex and optparse as pip uses them)', () => {
  it('splits words exactly as Python’s shlex.split (each expected value is what Python 3.11 printed)', () => {
    const rows: [string, string[] | string][] = [
      ['', []],
      ['  ', []],
      ['a b', ['a', 'b']],
      ['"a b" c', ['a b', 'c']],
      ["'a \\\\ b'", ['a \\\\ b']],
      ['a\\ b', ['a b']],
      ['"a\\"b"', ['a"b']],
      ['"a\\\\b"', ['a\\b']],
      ['"a\\xb"', ['a\\xb']],
      ['a\'b\'"c"', ['abc']],
      ['""', ['']],
      ["''", ['']],
      ['a "" b', ['a', '', 'b']],
      ['"unclosed', 'No closing quotation'],
      ["'unclosed", 'No closing quotation'],
      ['end\\\\', ['end\\']],
      ['end\\', 'No escaped character'],
      ['"a\\', 'No escaped character'],
      ['\t-r\tx\r', ['-r', 'x']],
      ['-r=x "y z"', ['-r=x', 'y z']],
      ["it's", 'No closing quotation'],
      ['\\"', ['"']],
      ['a#b #c', ['a#b', '#c']],
    ];
    for (const [text, expected] of rows) {
      const split = splitShellWords(text);
      deepStrictEqual('error' in split ? split.error : split.words.map((word) => word.word), expected, text);
    }
  });

  it('reads options like optparse: unique prefixes, aliases, attached values, -- and stray words', () => {
    const read = (text: string): unknown => {
      const parsed = parsePipOptions(text);
      return 'error' in parsed
        ? parsed.error
        : parsed.options.map((option) => [option.name, option.value ?? null, option.offset]);
    };
    deepStrictEqual(read('--requirem=a.txt --pypi-url u -ib.txt --pre stray -C k=v'), [
      ['--requirement', 'a.txt', 0],
      ['--index-url', 'u', 17],
      ['--index-url', 'b.txt', 30],
      ['--pre', null, 38],
      ['--config-settings', 'k=v', 50],
    ]);
    // The value of an option is the next word even when it starts with "-", as in optparse.
    deepStrictEqual(read('-r --pre'), [['--requirement', '--pre', 0]]);
    deepStrictEqual(read('--no-i -- -r x.txt'), [['--no-index', null, 0]]);
    deepStrictEqual(read('--no- x'), 'ambiguous option: --no- (--no-binary, --no-index?)');
    deepStrictEqual(read('-x'), 'no such option: -x');
    deepStrictEqual(read('--hash'), '--hash option requires 1 argument');
  });
});
