import { equal } from 'node:assert/strict';
import { formatRows, rowsShowFilter } from '../../../test/e2e/problem-rows';
import type { ProblemRow } from '../../../test/e2e/problem-rows';

const file = (name: string): ProblemRow => ({ level: 1, label: name, text: `${name} 1` });
const problem = (text: string, level = 2): ProblemRow => ({ level, label: `Error: ${text}`, text });

describe('rowsShowFilter (is the Problems panel showing this filter yet?)', () => {
  it('accepts problem rows that hold the filter (a rule id, a source), whatever their file is called', () => {
    const rows = [file('app.py'), problem('subprocess call with shell=True bandit(B602) [Ln 5, Col 1]')];
    equal(rowsShowFilter(rows, 'B602'), true);
    equal(rowsShowFilter(rows, 'b602'), true, 'the panel matches case-insensitively');
  });

  it("accepts every problem of a file whose row holds the filter (a file name), and the problems' details", () => {
    const rows = [
      file('.devsecops.yml'),
      problem('"b602" matches no finding devsecops [Ln 3, Col 11]'),
      problem('did you mean "gate"? devsecops [Ln 5, Col 1]'),
      problem('the suppression it belongs to', 3),
    ];
    equal(rowsShowFilter(rows, '.devsecops.yml'), true);
  });

  it("rejects the previous filter's rows, still listed while the panel debounces the new one", () => {
    const dockerfileRows = [file('Dockerfile'), problem('Using latest is prone to errors DL3007 [Ln 1, Col 1]')];
    equal(rowsShowFilter(dockerfileRows, 'B602'), false);
  });

  it('rejects a problem row under a file row without the filter, though an earlier row holds it', () => {
    const rows = [file('app.py'), problem('B602 [Ln 5, Col 1]'), file('Dockerfile'), problem('DL3007 [Ln 1, Col 1]')];
    equal(rowsShowFilter(rows, 'B602'), false);
  });

  it('accepts an empty panel (nothing matches the filter)', () => {
    equal(rowsShowFilter([], 'B602'), true);
  });
});

describe('formatRows', () => {
  it('shows each row on its own line, and says so when there is none', () => {
    equal(formatRows([problem('B602 [Ln 5, Col 1]')]), '  Error: B602 [Ln 5, Col 1] | B602 [Ln 5, Col 1]');
    equal(formatRows([]), '(no rows)');
  });
});
