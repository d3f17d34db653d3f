import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_REQUIREMENT_LINES } from '../../../src/scanners/builtin-sca/requirements-file';
import { MAX_FINDINGS_PER_FILE, scanRequirementsText } from '../../../src/scanners/builtin-sca/requirements-scan';
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
        [1, 'duplicate-name'],
        [2, 'invalid-requirement'],
        [3, 'invalid-requirement'],
        [4, 'invalid-requirement'],
        // packaging 21.3 (pip up to 24.0) reads `>=` with no version as a legacy specifier.
        [5, 'legacy-specifier'],
      ],
    );
  });

  it('a 100,000-line file gives every distinct finding once and every note, not an empty result', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(i % 2 === 0 ? `vulnerable==1.${String(i % 97)}` : `junk line ${String(i)} !!`);
    const result = scanRequirementsText(lines.join('\n'), 'requirements.txt', db);
    // 97 distinct pins, each reported on its first line (1, 3, 5, …, 193); the other 49,903 lines repeat one.
    deepStrictEqual(
      result.findings.map((f) => f.location.line),
      Array.from({ length: 97 }, (_, i) => 2 * i + 1),
    );
    const kinds = new Map<string, number>();
    for (const note of result.notes) kinds.set(note.kind, (kinds.get(note.kind) ?? 0) + 1);
    deepStrictEqual(Object.fromEntries(kinds), {
      'invalid-requirement': 50_000,
      'repeated-requirement': 97,
      'duplicate-name': 1,
    });
    const first = result.notes.find((note) => note.kind === 'repeated-requirement');
    deepStrictEqual(first, {
      path: 'requirements.txt',
      line: 1,
      column: 1,
      kind: 'repeated-requirement',
      message:
        'vulnerable==1.0 is repeated on 515 more lines (195, 389, 583, 777, 971, 1165, 1359, 1553, 1747, 1941, …): checked once, and its findings are reported on this line only. Remove the repeats.',
    });
  });

  it('repeated lines are reported once with a note; other specifiers for the same name get one duplicate-name note', () => {
    const text = ['vulnerable==1.0', 'other==1', 'vulnerable==1.0', 'Vulnerable == 1.0', 'vulnerable>=1.5', ''].join(
      '\n',
    );
    const result = scanRequirementsText(text, 'requirements.txt', db);
    deepStrictEqual(
      result.findings.map((f) => [f.location.line, f.ruleId, f.properties?.['specifier']]),
      [
        [1, 'PYSEC-9', '==1.0'],
        [5, 'PYSEC-9', '>=1.5'],
      ],
    );
    deepStrictEqual(result.notes, [
      {
        path: 'requirements.txt',
        line: 1,
        column: 1,
        kind: 'repeated-requirement',
        message:
          'vulnerable==1.0 is repeated on 2 more lines (3, 4): checked once, and its findings are reported on this line only. Remove the repeats.',
      },
      {
        path: 'requirements.txt',
        line: 1,
        column: 1,
        kind: 'duplicate-name',
        message:
          'vulnerable is required again with other specifiers on 1 more line (line 5: vulnerable>=1.5): pip must install one version that satisfies all of them (older pip refused the file: "Double requirement given"). Each line is checked on its own here.',
      },
    ]);
  });

  it(`caps findings at ${String(MAX_FINDINGS_PER_FILE)} per file and counts the rest in a note`, () => {
    const lines = Array.from({ length: 12_500 }, (_, i) => `vulnerable==1.${String(i)}`);
    const result = scanRequirementsText(lines.join('\n'), 'requirements.txt', db);
    deepStrictEqual(result.findings.length, MAX_FINDINGS_PER_FILE);
    deepStrictEqual(result.findings.at(-1)?.location.line, MAX_FINDINGS_PER_FILE);
    deepStrictEqual(
      result.notes.filter((note) => note.kind !== 'duplicate-name'),
      [
        {
          path: 'requirements.txt',
          line: 10_001,
          column: 1,
          kind: 'findings-capped',
          message:
            'This file reached the limit of 10000 findings: 2500 more findings on 2500 requirements from this line on were left out. Fix the requirements reported so far and scan again.',
        },
      ],
    );
  });

  it('long runs of spaces, backslashes and #s stay linear (no regex backtracking a hostile file could exploit)', () => {
    const text = [
      `vulnerable==1.0${' '.repeat(200_000)}x`,
      `${'\\'.repeat(200_000)}x \\`,
      `vulnerable==1.1 ${'#'.repeat(200_000)}`,
      `vulnerable==1.2${'\t'.repeat(200_000)}# comment`,
    ].join('\n');
    const result = scanRequirementsText(text, 'requirements.txt', db);
    // Line 2 ends in a backslash, so (as in pip) it loses the backslashes at both ends and swallows
    // line 3: "x vulnerable==1.1", which pip refuses; line 4's comment is removed.
    deepStrictEqual(
      result.findings.map((f) => f.location.line),
      [4],
    );
    deepStrictEqual(
      result.notes.map((note) => [note.line, note.kind]),
      [
        [1, 'invalid-requirement'],
        [2, 'invalid-requirement'],
      ],
    );
  });

  it('attack: a vulnerable pin hidden after a form feed or U+2028 on a harmless line is found (pip installs it)', () => {
    const result = scanRequirementsText('harmless==1.0\fvulnerable==1.0\nother==2\u2028vulnerable==1.1\n', 'r.txt', db);
    deepStrictEqual(
      result.findings.map((f) => [f.location.line, f.location.column, f.properties?.['installedVersion']]),
      [
        [1, 15, '1.0'],
        [2, 10, '1.1'],
      ],
    );
  });

  it('attack: a 32 MB file of one-character garbage lines is read up to the line cap, not until memory runs out', () => {
    // 16 million lines: each became a note object kept to the end, which took the process past its heap limit.
    const text = '!\n'.repeat(16 * 1024 * 1024);
    const result = scanRequirementsText(text, 'requirements.txt', db);
    deepStrictEqual(result.notes.length, MAX_REQUIREMENT_LINES + 1);
    deepStrictEqual(result.notes.at(-1)?.line, MAX_REQUIREMENT_LINES + 1);
    deepStrictEqual(result.notes.at(-1)?.kind, 'lines-capped');
  });

  it('the line cap is shared by a file and what it includes, so includes cannot multiply it', () => {
    const included = `vulnerable==1.0\n${'?\n'.repeat(MAX_REQUIREMENT_LINES)}`;
    const result = scanRequirementsText('-r big.txt\nvulnerable==1.1\n', 'requirements.txt', db, {
      readInclude: (path) => (path === 'big.txt' ? included : undefined),
    });
    deepStrictEqual(
      result.findings.map((f) => [f.location.path, f.location.line]),
      [
        ['big.txt', 1],
        ['requirements.txt', 2],
      ],
    );
    // A file is read whole before what it includes: the including file's two lines took two of the budget.
    deepStrictEqual(
      result.notes.filter((note) => note.kind === 'lines-capped').map((note) => [note.path, note.line]),
      [['big.txt', MAX_REQUIREMENT_LINES - 1]],
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
