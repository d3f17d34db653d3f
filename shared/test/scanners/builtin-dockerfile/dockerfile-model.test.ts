import { deepStrictEqual } from 'node:assert/strict';
import { parseDockerfile, parseImageReference } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';

/** Each problem as [line, message]. */
function problemsOf(text: string): [number, string][] {
  return parseDockerfile(text).problems.map((problem) => [problem.location.line, problem.message]);
}

/** Each instruction as [keyword, arguments, heredoc bodies]. */
function instructionsOf(text: string): [string, string, readonly string[]][] {
  return parseDockerfile(text).instructions.map((instruction) => [
    instruction.keyword,
    instruction.args,
    instruction.heredocs,
  ]);
}

describe('Dockerfile model (parseDockerfile)', () => {
  it('knows every instruction Docker documents, in any case', () => {
    const keywords = [
      'FROM python:3.11',
      'ADD a /a',
      'ARG A',
      'CMD x',
      'COPY a /a',
      'ENTRYPOINT x',
      'ENV A=1',
      'EXPOSE 80',
      'HEALTHCHECK NONE',
      'LABEL a=b',
      'MAINTAINER me',
      'ONBUILD RUN x',
      'run x',
      'SHELL ["sh", "-c"]',
      'STOPSIGNAL SIGTERM',
      'USER app',
      'VOLUME /data',
      'WORKDIR /app',
    ].join('\n');
    deepStrictEqual(problemsOf(keywords), []);
    deepStrictEqual(
      parseDockerfile(keywords).instructions.map((instruction) => instruction.keyword),
      ['FROM', 'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER'].concat(
        ['RUN', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'],
      ),
    );
  });

  it('reports an instruction it does not know, named by its first 40 characters, and leaves it out', () => {
    const forty = 'X'.repeat(40);
    deepStrictEqual(problemsOf(`FROM a\nFOO bar\n${forty} x\n${forty}Y x\n`), [
      [2, 'Unknown instruction "FOO".'],
      [3, `Unknown instruction "${forty}".`],
      [4, `Unknown instruction "${forty}…".`],
    ]);
    deepStrictEqual(instructionsOf('FROM a\nFOO bar\n'), [['FROM', 'a', []]]);
  });

  it('reports an ONBUILD without a trigger, or with a trigger it does not know', () => {
    deepStrictEqual(problemsOf('FROM a\nONBUILD\nONBUILD FOO x\n'), [
      [2, 'ONBUILD needs an instruction to trigger.'],
      [3, 'Unknown instruction "FOO" after ONBUILD.'],
    ]);
    deepStrictEqual(instructionsOf('FROM a\nONBUILD\nONBUILD FOO x\n'), [['FROM', 'a', []]]);
  });

  it('reports an instruction without arguments, but keeps a bare HEALTHCHECK and a RUN made only of a heredoc', () => {
    deepStrictEqual(problemsOf('FROM a\nUSER\nONBUILD WORKDIR\n'), [
      [2, 'USER needs arguments.'],
      [3, 'WORKDIR needs arguments.'],
    ]);
    deepStrictEqual(instructionsOf('FROM a\nUSER\nHEALTHCHECK\n'), [
      ['FROM', 'a', []],
      ['HEALTHCHECK', '', []],
    ]);
    // An unclosed heredoc leaves the RUN no argument text; what is wrong with it is the heredoc, said once.
    deepStrictEqual(problemsOf('FROM a\nRUN <<EOF\n'), [
      [2, 'The heredoc <<EOF is never closed: add a line with just EOF.'],
    ]);
    deepStrictEqual(
      parseDockerfile('FROM a\nRUN <<EOF\n').instructions.map((instruction) => [instruction.keyword, instruction.args]),
      [
        ['FROM', 'a'],
        ['RUN', ''],
      ],
    );
  });

  it('never throws on a heredoc cut off by the end of the file, where it has neither body nor closing line', () => {
    deepStrictEqual(instructionsOf('FROM a\nRUN <<EOF'), [
      ['FROM', 'a', []],
      ['RUN', '<<EOF', ['']],
    ]);
    deepStrictEqual(problemsOf('FROM a\nRUN <<EOF'), [
      [2, 'The heredoc <<EOF is never closed: add a line with just EOF.'],
    ]);
  });

  it('keeps heredoc bodies and their closing lines out of the arguments', () => {
    deepStrictEqual(instructionsOf('FROM a\nRUN <<EOF\necho hi\nEOF\n'), [
      ['FROM', 'a', []],
      ['RUN', '<<EOF', ['echo hi']],
    ]);
    deepStrictEqual(instructionsOf('FROM a\nCOPY <<A <<B /app/\nA\nb\nB\n'), [
      ['FROM', 'a', []],
      ['COPY', '<<A <<B /app/', ['', 'b']],
    ]);
    // An empty heredoc has no body lines: its closing line is still not an argument (was read as '/app/xEOF').
    deepStrictEqual(instructionsOf('FROM a\nCOPY <<EOF /app/x\nEOF\n'), [
      ['FROM', 'a', []],
      ['COPY', '<<EOF /app/x', ['']],
    ]);
    deepStrictEqual(problemsOf('FROM a\nRUN <<EOF\necho hi\nEOF\n'), []);
    deepStrictEqual(problemsOf('FROM a\nRUN <<EOF\necho hi\n'), [
      [2, 'The heredoc <<EOF is never closed: add a line with just EOF.'],
    ]);
  });

  it('gives the shell parser the script a RUN runs: heredoc bodies one per line, the exec form joined by spaces', () => {
    const scripts = (text: string) =>
      parseDockerfile(text)
        .instructions.slice(1)
        .map((instruction) => instruction.shell().original);
    deepStrictEqual(scripts('FROM a\nRUN <<A <<B\ntrue\nA\nfalse\nB\n'), ['true\nfalse']);
    // A heredoc fed to a command is that command's input, not the script.
    deepStrictEqual(scripts('FROM a\nRUN cat <<EOF\nhello\nEOF\n'), ['cat <<EOF']);
    deepStrictEqual(scripts('FROM a\nRUN ["pip", "install", "x"]\n'), ['pip install x']);
  });
  it('reads locations, aliases, flags only where Docker takes them, pairs only of ENV/LABEL/ARG, and comments', () => {
    const parsed = parseDockerfile(
      [
        'FROM a x b',
        'FROM c as d',
        '  RUN echo hi',
        'ONBUILD USER app',
        'USER --foo=1 app=2',
        'CMD ["a", 1]',
        'CMD cat <<EOF',
        'RUN a \\',
        '# inside',
        ' b',
        '',
        '  # outside\r',
      ].join('\n'),
    );
    deepStrictEqual(
      parsed.instructions.map((instruction) => [
        instruction.keyword,
        instruction.args,
        instruction.flags.length,
        instruction.pairs.length,
        instruction.exec,
        instruction.heredocs,
      ]),
      [
        ['FROM', 'a x b', 0, 0, undefined, []],
        ['FROM', 'c as d', 0, 0, undefined, []],
        ['RUN', 'echo hi', 0, 0, undefined, []],
        ['USER', 'app', 0, 0, undefined, []],
        ['USER', '--foo=1 app=2', 0, 0, undefined, []],
        ['CMD', '["a", 1]', 0, 0, undefined, []],
        ['CMD', 'cat <<EOF', 0, 0, undefined, []],
        ['RUN', 'a  b', 0, 0, undefined, []],
      ],
    );
    deepStrictEqual(parsed.instructions[2]?.location, { line: 3, column: 3, endLine: 3, endColumn: 14 });
    deepStrictEqual(
      parsed.stages.map((stage) => stage.alias),
      [undefined, 'd'],
    );
    // A comment inside a continuation belongs to the instruction; blank lines are no comments.
    deepStrictEqual(parsed.comments, [{ line: 12, text: ' outside' }]);
  });
  it('takes the first part of an image name for a registry when it names a host: a dot, a port or localhost', () => {
    deepStrictEqual(
      ['localhost/app:1', 'library/python:3.11'].map((text) => [
        parseImageReference(text).registry,
        parseImageReference(text).name,
      ]),
      [
        ['localhost', 'app'],
        [undefined, 'library/python'],
      ],
    );
  });
});
