import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { scanRequirementsText } from '../../../src/scanners/builtin-sca/requirements-scan';
import { databaseOf } from './osv-test-data';

const db = databaseOf([{ id: 'PYSEC-9', package: 'vulnerable', events: [[{ introduced: '0' }, { fixed: '2.0' }]] }]);

describe('requirements files with bad input', function () {
  this.timeout(60_000);

  it('garbage lines become notes at their line; the good lines around them are still checked', () => {
    const text = [
      'vulnerable==1.0',
      '%%% not a requirement %%%',
      '\u0000\u0001binary',
      '==1.0',
      'vulnerable>=',
      'vulnerable==1.5',
    ].join('\n');
    const result = scanRequirementsText(text, 'requirements.txt', db);
    deepStrictEqual(
      result.findings.map((f) => [f.location.line, f.ruleId]),
      [
        [1, 'PYSEC-9'],
        [6, 'PYSEC-9'],
      ],
    );
    deepStrictEqual(
      result.notes.map((note) => [note.line, note.kind]),
      [
        [2, 'unparseable'],
        [3, 'unparseable'],
        [4, 'unparseable'],
        [5, 'invalid-specifier'],
      ],
    );
  });

  it('a 100,000-line file gives every finding and every note, not an empty result', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(i % 2 === 0 ? `vulnerable==1.${String(i % 97)}` : `junk line ${String(i)} !!`);
    const result = scanRequirementsText(lines.join('\n'), 'requirements.txt', db);
    deepStrictEqual([result.findings.length, result.notes.length], [50_000, 50_000]);
    deepStrictEqual(result.findings[49_999]?.location.line, 99_999);
  });

  it('long runs of spaces, backslashes and #s stay linear (no regex backtracking a hostile file could exploit)', () => {
    const text = [
      `vulnerable==1.0${' '.repeat(200_000)}x`,
      `${'\\'.repeat(200_000)}x \\`,
      `vulnerable==1.1 ${'#'.repeat(200_000)}`,
      `vulnerable==1.2${'\t'.repeat(200_000)}# comment`,
    ].join('\n');
    const result = scanRequirementsText(text, 'requirements.txt', db);
    // Line 2 ends in a backslash, so (as in pip) it swallows line 3, and starts like a local path;
    // line 4's comment is removed.
    deepStrictEqual(
      result.findings.map((f) => f.location.line),
      [4],
    );
    deepStrictEqual(
      result.notes.map((note) => [note.line, note.kind]),
      [
        [1, 'invalid-specifier'],
        [2, 'not-a-release'],
      ],
    );
  });

  it('property: arbitrary text never throws, and every finding points at a real line and column', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        'vulnerable==1.0',
        'vulnerable>=1',
        '-r x.txt',
        '-c y.txt',
        '-e .',
        '\\',
        '# c',
        'vulnerable==1.0 \\',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const text = lines.join(eol);
        const result = scanRequirementsText(text, 'r.txt', db, { readInclude: () => text });
        const physical = text.split(/\r\n|\r|\n/);
        return result.findings.every(
          (f) =>
            f.location.line >= 1 &&
            f.location.line <= physical.length &&
            (f.location.column ?? 0) >= 1 &&
            (physical[f.location.line - 1] ?? '')
              .slice((f.location.column ?? 1) - 1)
              .toLowerCase()
              .startsWith('vulnerable'),
        );
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});
