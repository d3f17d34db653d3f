import { deepStrictEqual, ok } from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import { lintDockerfile } from '../../../src/scanners/builtin-dockerfile/index';

/** Pieces that stress the parsers: keywords, quotes, escapes, heredocs, flags, JSON, pragmas. */
const PIECES = [
  'FROM',
  'RUN',
  'ONBUILD',
  'COPY',
  'ADD',
  'ENV',
  'LABEL',
  'ARG',
  'CMD',
  'SHELL',
  'HEALTHCHECK',
  'USER',
  'WORKDIR',
  'EXPOSE',
  'debian:12',
  'AS',
  'base',
  '--from=base',
  '--mount=type=cache,target=/x',
  'apt-get',
  'install',
  'pip',
  '-y',
  '&&',
  '||',
  '|',
  ';',
  '\\',
  '`',
  '"',
  "'",
  '$(',
  ')',
  '${',
  '}',
  '<<EOF',
  'EOF',
  '[',
  ']',
  '"a",',
  '=',
  'x=1',
  '# hadolint ignore=DL3008',
  '# escape=`',
  '\t',
];

const dockerfileText = fc
  .array(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 8 }), {
    maxLength: 12,
  })
  .map((lines) => lines.map((words) => words.join(' ')).join('\n'));

describe('lintDockerfile robustness', () => {
  it('never throws and reports lines inside the file, whatever the input', () => {
    fc.assert(
      fc.property(dockerfileText, (text) => {
        const lineCount = text.split('\n').length;
        const findings = lintDockerfile(text, 'Dockerfile');
        return findings.every(
          (finding) =>
            finding.location.line >= 1 &&
            finding.location.line <= lineCount &&
            (finding.location.endLine ?? finding.location.line) >= finding.location.line,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('survives arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        ok(Array.isArray(lintDockerfile(text, 'Dockerfile')));
      }),
      { numRuns: 300 },
    );
  });

  it('follows a hostile chain of 8,000 stages (each FROM the last, names reused in a cycle) without overflowing', () => {
    const stages = Array.from(
      { length: 8000 },
      (_, index) => `FROM s${String((index + 7999) % 8000)} AS s${String(index)}`,
    );
    const text = `${stages.join('\n')}\nHEALTHCHECK NONE\nCOPY --from=s0 / /\n`;
    const started = Date.now();
    const results = analyzeDockerfile(text);
    // Every stage is an ancestor of the last one, so one HEALTHCHECK clears them all (hadolint's recurseGood).
    deepStrictEqual(
      results.filter((result) => result.code === 'DL3057'),
      [],
    );
    ok(Date.now() - started < 10_000, 'linting took too long');
  });
});
