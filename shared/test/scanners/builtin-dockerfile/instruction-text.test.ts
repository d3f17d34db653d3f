import { deepStrictEqual } from 'node:assert/strict';
import { parseDockerfile } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';
import {
  joinContinuations,
  parsePairs,
  splitFlags,
  splitRawWords,
  splitWords,
} from '../../../src/scanners/builtin-dockerfile/instruction-text';

describe('instruction text', () => {
  it('joins continuation lines, dropping comment and empty lines inside them', () => {
    deepStrictEqual(
      joinContinuations([' apt-get update \\', '# note', '', '  && apt-get install -y curl \\  ', '  && true'], '\\'),
      'apt-get update   && apt-get install -y curl   && true',
    );
    deepStrictEqual(joinContinuations([' echo a `', ' b'], '`'), 'echo a  b');
  });

  it("reads a CRLF file's continuation lines as it reads an LF file's", () => {
    deepStrictEqual(joinContinuations([' apt-get update \\\r', '  && true\r'], '\\'), 'apt-get update   && true');
    const crlf = parseDockerfile('FROM python:3.11\r\nRUN apt-get update \\\r\n  && true\r\n');
    const lf = parseDockerfile('FROM python:3.11\nRUN apt-get update \\\n  && true\n');
    deepStrictEqual(
      crlf.instructions.map((instruction) => instruction.args),
      lf.instructions.map((instruction) => instruction.args),
    );
  });

  it("unquotes a flag's value: quotes around it go, a backslash inside double quotes escapes, one quote stays", () => {
    deepStrictEqual(
      splitFlags('--mount="type=cache,target=/root/.cache" --chown=\'app:app\' --chmod="7\\55" x', '\\').flags,
      [
        { name: 'mount', value: 'type=cache,target=/root/.cache' },
        { name: 'chown', value: 'app:app' },
        { name: 'chmod', value: '755' },
      ],
    );
    // A lone quote is no quoting: the value is kept as written.
    deepStrictEqual(splitFlags('--from="build x', '\\').flags, [{ name: 'from', value: '"build' }]);
    deepStrictEqual(splitFlags("--from='build x", '\\').flags, [{ name: 'from', value: "'build" }]);
  });

  it('splits leading --flags from the arguments', () => {
    deepStrictEqual(splitFlags('--mount=type=cache,target=/root/.cache --network=none pip install x', '\\'), {
      flags: [
        { name: 'mount', value: 'type=cache,target=/root/.cache' },
        { name: 'network', value: 'none' },
      ],
      rest: 'pip install x',
    });
    deepStrictEqual(splitFlags('--from=build /a /b', '\\'), {
      flags: [{ name: 'from', value: 'build' }],
      rest: '/a /b',
    });
  });

  it('reads ENV/LABEL/ARG pairs, quoted values and the legacy ENV form', () => {
    deepStrictEqual(parsePairs('LABEL', 'a="x y" b=\'z\' c=plain d=""', '\\'), [
      { key: 'a', value: 'x y' },
      { key: 'b', value: 'z' },
      { key: 'c', value: 'plain' },
      { key: 'd', value: '' },
    ]);
    deepStrictEqual(parsePairs('ENV', 'PATH /usr/local/bin:$PATH', '\\'), [
      { key: 'PATH', value: '/usr/local/bin:$PATH' },
    ]);
    deepStrictEqual(parsePairs('ARG', 'VERSION', '\\'), [{ key: 'VERSION', value: null }]);
    deepStrictEqual(splitWords('"a b" c'), ['a b', 'c']);
  });

  it('reads a backslash in a pair as escaping the next character, except inside single quotes', () => {
    deepStrictEqual(parsePairs('ENV', 'A=c\\d B="e\\f" C=\'g\\h\'', '\\'), [
      { key: 'A', value: 'cd' },
      { key: 'B', value: 'ef' },
      { key: 'C', value: 'g\\h' },
    ]);
  });

  it("escapes with the escape directive's character: under `# escape=`` a backslash is plain text", () => {
    deepStrictEqual(parsePairs('ENV', 'DIR=C:\\app LOG="C:\\logs" A=x`y C=\'`\'', '`'), [
      { key: 'DIR', value: 'C:\\app' },
      { key: 'LOG', value: 'C:\\logs' },
      { key: 'A', value: 'xy' },
      { key: 'C', value: '`' },
    ]);
    const windows = parseDockerfile('# escape=`\nFROM servercore\nLABEL path=C:\\tools\\bin\n');
    deepStrictEqual(windows.instructions[1]?.pairs, [{ key: 'path', value: 'C:\\tools\\bin' }]);
  });

  it('continues a line only on a single escape at its end, and skips blank and comment lines only inside it', () => {
    deepStrictEqual(joinContinuations(['a \\', '   ', '  # note', 'b'], '\\'), 'a b');
    // A doubled escape is an escaped escape: the line ends there, and the next one is plain text after it.
    deepStrictEqual(joinContinuations(['a \\\\', 'b'], '\\'), 'a \\\\b');
    // Outside a continuation a line is kept whatever it holds.
    deepStrictEqual(joinContinuations(['#x'], '\\'), '#x');
    deepStrictEqual(joinContinuations(['a', '# b'], '\\'), 'a# b');
    deepStrictEqual(joinContinuations(['\rab'], '\\'), 'ab');
  });

  it('splits flags: blanks before, a bare flag, quoted values with blanks, a lone escape between flags', () => {
    deepStrictEqual(splitFlags('  --link --x="a b" --y=\'c d\' /a /b  ', '\\'), {
      flags: [
        { name: 'link', value: null },
        { name: 'x', value: 'a b' },
        { name: 'y', value: 'c d' },
      ],
      rest: '/a /b',
    });
    deepStrictEqual(splitFlags('--a=1 \\ --b=2 x', '\\'), {
      flags: [
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
      ],
      rest: 'x',
    });
    // An escape that starts a word is no lone escape; a flag may end the text.
    deepStrictEqual(splitFlags('--a=1 \\x y', '\\'), { flags: [{ name: 'a', value: '1' }], rest: '\\x y' });
    deepStrictEqual(splitFlags('--from=build', '\\'), { flags: [{ name: 'from', value: 'build' }], rest: '' });
    // Quotes count only around the whole value, and only when there are two of them.
    const values = ['--a="" y', "--b='' y", '--c=" y', "--d=' y", '--e=x" y', "--f=x' y"].map(
      (args) => splitFlags(args, '\\').flags[0]?.value,
    );
    deepStrictEqual(values, ['', '', '"', "'", 'x"', "x'"]);
  });

  it('splits words on runs of blanks, with or without their quotes', () => {
    deepStrictEqual(splitWords(' a  \'b c\' "d e" '), ['a', 'b c', 'd e']);
    deepStrictEqual(splitWords(''), []);
    deepStrictEqual(splitRawWords(' a  \'b c\' "d e" '), ['a', "'b c'", '"d e"']);
    deepStrictEqual(splitRawWords(''), []);
  });

  it('keeps a quote of the other kind inside quotes in a pair', () => {
    deepStrictEqual(parsePairs('ENV', 'A="it\'s" B=\'say "hi"\'', '\\'), [
      { key: 'A', value: "it's" },
      { key: 'B', value: 'say "hi"' },
    ]);
  });

  it('reads a key without "=" as hadolint does: the rest of the line is its value, for ENV and LABEL, not ARG', () => {
    // language-docker's `pair`: a key, then `=value` or whitespace and everything up to the end of the line.
    deepStrictEqual(parsePairs('LABEL', 'maintainer Jane Doe <jane@example.com>', '\\'), [
      { key: 'maintainer', value: 'Jane Doe <jane@example.com>' },
    ]);
    deepStrictEqual(parsePairs('LABEL', 'description "a web service"', '\\'), [
      { key: 'description', value: 'a web service' },
    ]);
    deepStrictEqual(parsePairs('ENV', 'A=1 B two three', '\\'), [
      { key: 'A', value: '1' },
      { key: 'B', value: 'two three' },
    ]);
    // The same word earlier on the line is not where the value starts.
    deepStrictEqual(parsePairs('LABEL', 'x=x x x=1', '\\'), [
      { key: 'x', value: 'x' },
      { key: 'x', value: 'x=1' },
    ]);
    deepStrictEqual(parsePairs('ARG', 'A B=2', '\\'), [
      { key: 'A', value: null },
      { key: 'B', value: '2' },
    ]);
  });

  it('models stages, ONBUILD triggers, exec form and heredocs with 1-based locations', () => {
    const parsed = parseDockerfile(
      'FROM python:3.11 AS base\nONBUILD RUN pip install x\nFROM base\nCMD ["python", "-m", "app"]\nRUN <<EOF\necho hi\nEOF\n',
    );
    deepStrictEqual(
      parsed.instructions.map((instruction) => [
        instruction.keyword,
        instruction.onbuild,
        instruction.stageIndex,
        instruction.location.line,
        instruction.location.endLine,
        instruction.exec ?? instruction.heredocs,
      ]),
      [
        ['FROM', false, 0, 1, 1, []],
        ['RUN', true, 0, 2, 2, []],
        ['FROM', false, 1, 3, 3, []],
        ['CMD', false, 1, 4, 4, ['python', '-m', 'app']],
        ['RUN', false, 1, 5, 7, ['echo hi']],
      ],
    );
    deepStrictEqual(
      parsed.stages.map((stage) => [stage.image.name, stage.image.tag, stage.alias, stage.parent?.index]),
      [
        ['python', '3.11', 'base', undefined],
        ['base', undefined, undefined, 0],
      ],
    );
  });
});
