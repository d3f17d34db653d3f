import { deepStrictEqual } from 'node:assert/strict';
import { checkFileScores, fileScoreLines } from '../../scripts/mutation-file-scores.mjs';

type Status =
  'Killed' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Timeout' | 'Ignored' | 'Pending';

/** A Stryker JSON report (mutation-testing-report-schema 3) whose files hold mutants of the given statuses. */
function reportOf(files: Record<string, readonly Status[]>): unknown {
  return {
    schemaVersion: '2',
    thresholds: { high: 95, low: 90, break: 90 },
    files: Object.fromEntries(
      Object.entries(files).map(([name, statuses]) => [
        name,
        {
          language: 'typescript',
          source: 'export const x = 1;\n',
          mutants: statuses.map((status, index) => ({
            id: `${name}#${index}`,
            mutatorName: 'BooleanLiteral',
            location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
            status,
          })),
        },
      ]),
    ),
  };
}

const times = (count: number, status: Status): Status[] => new Array<Status>(count).fill(status);

describe('mutation score check, file by file (scripts/mutation-file-scores.mjs)', () => {
  it('fails a file under 90% even when its group as a whole is above', () => {
    const check = checkFileScores(
      reportOf({
        'src/well-tested.ts': times(100, 'Killed'),
        'src/weak.ts': [...times(8, 'Killed'), 'Survived', 'NoCoverage'],
      }),
    );
    deepStrictEqual(
      check.files.map(({ file, detected, valid }) => ({ file, detected, valid })),
      [
        { file: 'src/weak.ts', detected: 8, valid: 10 },
        { file: 'src/well-tested.ts', detected: 100, valid: 100 },
      ],
    );
    // The group as a whole, 108 of 110 (98%), would pass.
    deepStrictEqual([check.total?.detected, check.total?.valid], [108, 110]);
    deepStrictEqual(check.problems, ['src/weak.ts scores 80.00% (8 of 10), under 90%']);
  });

  it('passes a file at exactly 90%, and fails one a mutant under it', () => {
    deepStrictEqual(checkFileScores(reportOf({ 'src/a.ts': [...times(9, 'Killed'), 'Survived'] })).problems, []);
    // 27 of 30 is 90% too: compared in whole numbers, not after a division.
    deepStrictEqual(
      checkFileScores(reportOf({ 'src/a.ts': [...times(27, 'Killed'), ...times(3, 'Survived')] })).problems,
      [],
    );
    deepStrictEqual(
      checkFileScores(reportOf({ 'src/a.ts': [...times(8, 'Killed'), ...times(1, 'Survived')] })).problems,
      ['src/a.ts scores 88.89% (8 of 9), under 90%'],
    );
  });

  it('scores a file whose mutants no test covers at 0%', () => {
    const check = checkFileScores(
      reportOf({ 'src/untested.ts': times(3, 'NoCoverage'), 'src/tested.ts': times(50, 'Killed') }),
    );
    deepStrictEqual(check.problems, ['src/untested.ts scores 0.00% (0 of 3), under 90%']);
  });

  it('counts timeouts as detected, and leaves ignored mutants and compile or runtime errors out, as Stryker does', () => {
    const check = checkFileScores(
      reportOf({
        'src/a.ts': [
          ...times(8, 'Killed'),
          'Timeout',
          'Survived',
          ...times(5, 'Ignored'),
          ...times(5, 'CompileError'),
          ...times(5, 'RuntimeError'),
        ],
      }),
    );
    deepStrictEqual(check.files[0], { file: 'src/a.ts', detected: 9, valid: 10, score: 90 });
    deepStrictEqual(check.problems, []);
  });

  it('fails a report with no files: nothing was measured', () => {
    deepStrictEqual(checkFileScores(reportOf({})).problems, ['the report holds no mutated file: nothing was measured']);
  });

  it('lists a file without valid mutants without failing it, but fails a report in which no file has one', () => {
    const typesOnly = { 'src/types.ts': [], 'src/ignored.ts': times(2, 'Ignored') };
    const withTested = checkFileScores(reportOf({ ...typesOnly, 'src/a.ts': times(4, 'Killed') }));
    deepStrictEqual(withTested.problems, []);
    deepStrictEqual(
      withTested.files.map(({ file, valid }) => ({ file, valid })),
      [
        { file: 'src/a.ts', valid: 4 },
        { file: 'src/ignored.ts', valid: 0 },
        { file: 'src/types.ts', valid: 0 },
      ],
    );
    deepStrictEqual(checkFileScores(reportOf(typesOnly)).problems, [
      'no file has a valid mutant: nothing was measured',
    ]);
  });

  it('fails what it cannot read rather than passing it', () => {
    for (const notAReport of [null, 'text', [], {}, { files: [] }, { files: null }]) {
      deepStrictEqual(checkFileScores(notAReport).problems, ['not a Stryker JSON report: it has no "files" object']);
    }
    const withoutMutants = { files: { 'src/a.ts': { language: 'typescript', source: '' } } };
    deepStrictEqual(checkFileScores(withoutMutants).problems, ['src/a.ts: no "mutants" list']);
    // A pending mutant was never run, and a status the schema does not know would count as no mutant at all.
    const pending = checkFileScores(reportOf({ 'src/a.ts': [...times(9, 'Killed'), 'Pending'] }));
    deepStrictEqual(pending.problems, ['src/a.ts: 1 mutant(s) with no final status (Pending)']);
    const unknownStatus = reportOf({ 'src/a.ts': times(9, 'Killed') }) as {
      files: Record<string, { mutants: { status: string }[] }>;
    };
    unknownStatus.files['src/a.ts']?.mutants.push({ status: 'Survivedish' });
    deepStrictEqual(checkFileScores(unknownStatus).problems, [
      'src/a.ts: 1 mutant(s) with no final status (Survivedish)',
    ]);
  });

  it('scores a file named __proto__ like any other (a hostile report cannot hide a file)', () => {
    // JSON.parse makes `__proto__` an own key, as it would be in a report read from disk.
    const hostile: unknown = JSON.parse(
      `{"files":{"__proto__":${JSON.stringify({ language: 'typescript', source: '', mutants: [{ id: '1', mutatorName: 'BooleanLiteral', location: { start: { line: 1, column: 1 } }, status: 'Survived' }] })}}}`,
    );
    deepStrictEqual(checkFileScores(hostile).problems, ['__proto__ scores 0.00% (0 of 1), under 90%']);
  });

  it('prints one line a file and the total, marks the files under the bar, and names each problem', () => {
    const lines = fileScoreLines(
      checkFileScores(reportOf({ 'src/weak.ts': ['Killed', 'Survived'], 'src/types.ts': [], 'src/b.ts': ['Killed'] })),
    );
    deepStrictEqual(lines, [
      '        src/b.ts      100.00% (1 of 1)',
      '        src/types.ts  no valid mutant',
      '  UNDER src/weak.ts   50.00% (1 of 2)',
      '  UNDER All files     66.67% (2 of 3)',
      '  FAIL: src/weak.ts scores 50.00% (1 of 2), under 90%',
    ]);
  });
});
