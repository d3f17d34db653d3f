import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorWithCode } from '../../error-with-code';
import { parseBanditReport } from '../../../src/scanners/bandit/bandit-report';
import { assertMatchesGolden } from '../../scan/golden';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'scanner-reports');
const GOLDEN = join(__dirname, 'golden');

describe('parseBanditReport', () => {
  for (const fixture of [
    'bandit-1.6.2-sample.json',
    'real-bandit-oauthlib.json',
    'real-bandit-kaizoku73-json-reports.json',
  ]) {
    it(`matches the golden findings for ${fixture}`, () => {
      const report = parseBanditReport(readFileSync(join(FIXTURES, fixture), 'utf8'), { root: '/project' });
      assertMatchesGolden(join(GOLDEN, fixture.replace(/\.json$/, '.findings.json')), report);
    });
  }

  it('turns 0-based col_offset into a 1-based column, keeps CWE, end column and multi-line ranges', () => {
    const text = JSON.stringify({
      errors: [],
      results: [
        {
          filename: 'app/db.py',
          test_id: 'B608',
          test_name: 'hardcoded_sql_expressions',
          issue_severity: 'MEDIUM',
          issue_confidence: 'LOW',
          issue_text: 'Possible SQL injection vector through string-based query construction.',
          issue_cwe: { id: 89, link: 'https://cwe.mitre.org/data/definitions/89.html' },
          line_number: 10,
          line_range: [10, 11, 12],
          col_offset: 4,
          end_col_offset: 20,
          more_info: 'https://bandit.readthedocs.io/en/1.8.6/plugins/b608_hardcoded_sql_expressions.html',
        },
      ],
    });
    deepStrictEqual(parseBanditReport(text, { root: '/project' }).findings, [
      {
        tool: 'bandit',
        category: 'sast',
        ruleId: 'B608',
        message: 'Possible SQL injection vector through string-based query construction.',
        severity: 'medium',
        nativeSeverity: 'MEDIUM',
        confidence: 'LOW',
        location: { path: 'app/db.py', line: 10, column: 5, endLine: 12, endColumn: 21 },
        cwe: [89],
        helpUri: 'https://bandit.readthedocs.io/en/1.8.6/plugins/b608_hardcoded_sql_expressions.html',
        properties: { testName: 'hardcoded_sql_expressions' },
      },
    ]);
  });

  it('reads a line_range of 200,000 lines without overflowing the stack (fuzz)', () => {
    const text = JSON.stringify({
      results: [
        {
          filename: 'app/x.py',
          test_id: 'B101',
          line_number: 3,
          line_range: Array.from({ length: 200_000 }, (_, index) => index + 1),
        },
      ],
    });
    deepStrictEqual(
      parseBanditReport(text, { root: '/project' }).findings.map((finding) => finding.location),
      [{ path: 'app/x.py', line: 3, endLine: 200_000 }],
    );
  });

  it('gives 1-based whole lines and columns, and whole CWE ids, whatever numbers the report holds (fuzz)', () => {
    const result = (fields: Record<string, unknown>): Record<string, unknown> => ({
      filename: 'x.py',
      test_id: 'B1',
      ...fields,
    });
    const text = JSON.stringify({
      results: [
        result({ line_number: 0, col_offset: -1, end_col_offset: -5 }),
        result({ line_number: 2.5, col_offset: 0.5, line_range: [2.5, 7.5, 1e300] }),
        result({ line_number: -3, col_offset: '3', line_range: [-3, 4], issue_cwe: { id: 0.5 } }),
      ],
    });
    deepStrictEqual(
      parseBanditReport(text, { root: '/project' }).findings.map((finding) => [finding.location, finding.cwe]),
      [
        [{ path: 'x.py', line: 1 }, undefined],
        [{ path: 'x.py', line: 2 }, undefined],
        [{ path: 'x.py', line: 1, column: 4, endLine: 4 }, undefined],
      ],
    );
  });

  it('maps absolute and temporary paths back to repository paths', () => {
    const result = (filename: string): object => ({
      filename,
      test_id: 'B101',
      issue_severity: 'LOW',
      line_number: 1,
    });
    const text = JSON.stringify({ results: [result('/project/src/a.py'), result('/tmp/x/0/b.py')] });
    const report = parseBanditReport(text, { root: '/project', repoPathOf: new Map([['/tmp/x/0/b.py', 'lib/b.py']]) });
    deepStrictEqual(
      report.findings.map((finding) => finding.location.path),
      ['src/a.py', 'lib/b.py'],
    );
  });

  it('keeps a backslash in a file name as a character of the name (POSIX), never a folder separator', function () {
    if (process.platform === 'win32') this.skip();
    const result = (filename: string): object => ({
      filename,
      test_id: 'B102',
      issue_severity: 'MEDIUM',
      line_number: 1,
    });
    const text = JSON.stringify({
      results: [
        result('/project/app\\main.py'),
        result('./app\\cli.py'),
        result('/project/app/other.py'),
        // Not a plain path: normalised as any other report path, never leaving the repository.
        result('/project/app/../../etc\\passwd'),
      ],
    });
    deepStrictEqual(
      parseBanditReport(text, { root: '/project/' }).findings.map((finding) => finding.location.path),
      ['app\\main.py', 'app\\cli.py', 'app/other.py', 'etc/passwd'],
    );
  });
  it("keeps the files in Bandit's errors, with its reason, apart from the findings, and the files its metrics cover", () => {
    const report = parseBanditReport(readFileSync(join(FIXTURES, 'bandit-1.6.2-sample.json'), 'utf8'), {
      root: '/project',
    });
    deepStrictEqual(report.errors, [{ path: 'broken.py', reason: 'syntax error while parsing AST from file' }]);
    deepStrictEqual(report.analysedFiles, ['broken.py', 'vuln.py']);
    ok(report.findings.every((finding) => finding.location.path === 'vuln.py'));
  });

  it('keeps an error without a file name (on the repository itself) and a report without metrics', () => {
    const report = parseBanditReport(JSON.stringify({ results: [], errors: [{ reason: 'boom' }, 'junk'] }), {
      root: '/project',
    });
    deepStrictEqual(report, { findings: [], errors: [{ path: '.', reason: 'boom' }] });
  });

  it('rejects text that is not a Bandit report with TOOL_OUTPUT_INVALID', () => {
    for (const text of ['Traceback (most recent call last):', '[]', '{"results": 3}', '{"results": [{"x": 1}]}']) {
      throws(() => parseBanditReport(text, { root: '/project' }), errorWithCode('TOOL_OUTPUT_INVALID'));
    }
  });

  it('maps UNDEFINED severity to info', () => {
    const text = JSON.stringify({
      results: [{ filename: 'a.py', test_id: 'B000', issue_severity: 'UNDEFINED', line_number: 3 }],
    });
    strictEqual(parseBanditReport(text, { root: '/' }).findings[0]?.severity, 'info');
  });
});
