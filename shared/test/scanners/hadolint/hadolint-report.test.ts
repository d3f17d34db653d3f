import { deepStrictEqual, throws } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDevsecopsError } from '../../../src/errors/devsecops-error';
import { parseHadolintReport } from '../../../src/scanners/hadolint/hadolint-report';
import { assertMatchesGolden } from '../../scan/golden';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'scanner-reports');

describe('parseHadolintReport', () => {
  it('reads a level named after an Object.prototype member as unknown (info), not as its function (fuzz)', () => {
    const text = JSON.stringify(
      ['constructor', '__proto__', 'toString'].map((level) => ({ code: 'DL3000', file: 'Dockerfile', level, line: 1 })),
    );
    deepStrictEqual(
      parseHadolintReport(text, { root: '/project' }).map((finding) => [finding.severity, finding.nativeSeverity]),
      [
        ['info', 'constructor'],
        ['info', '__proto__'],
        ['info', 'toString'],
      ],
    );
  });

  it('matches the golden findings for real-hadolint-tool_check.json', () => {
    const findings = parseHadolintReport(readFileSync(join(FIXTURES, 'real-hadolint-tool_check.json'), 'utf8'), {
      root: '/project',
    });
    assertMatchesGolden(join(__dirname, 'golden', 'real-hadolint-tool_check.findings.json'), findings);
  });

  it('gives 1-based whole lines and columns whatever numbers the report holds (fuzz)', () => {
    const text = JSON.stringify(
      [
        [0, 0],
        [1.5, 2.5],
        [-4, '3'],
      ].map(([line, column]) => ({ code: 'DL3000', file: 'Dockerfile', level: 'info', line, column })),
    );
    deepStrictEqual(
      parseHadolintReport(text, { root: '/project' }).map((finding) => finding.location),
      [
        { path: 'Dockerfile', line: 1 },
        { path: 'Dockerfile', line: 1 },
        { path: 'Dockerfile', line: 1, column: 3 },
      ],
    );
  });

  it('maps error→high, warning→medium, info→low, style→info', () => {
    const text = JSON.stringify(
      ['error', 'warning', 'info', 'style'].map((level, index) => ({
        code: 'DL3000',
        column: 1,
        file: 'docker/Dockerfile',
        level,
        line: index + 1,
        message: 'm',
      })),
    );
    deepStrictEqual(
      parseHadolintReport(text, { root: '/project' }).map((finding) => finding.severity),
      ['high', 'medium', 'low', 'info'],
    );
  });

  it('reads empty output as no findings and rejects anything else that is not a list', () => {
    deepStrictEqual(parseHadolintReport('', { root: '/' }), []);
    for (const text of ['hadolint: openBinaryFile: does not exist', '{}', '[{"code": "DL3000"}]']) {
      throws(
        () => parseHadolintReport(text, { root: '/' }),
        (error: unknown) => isDevsecopsError(error) && error.code === 'TOOL_OUTPUT_INVALID',
      );
    }
  });
});
