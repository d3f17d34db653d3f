import { deepStrictEqual, throws } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorWithCode } from '../../error-with-code';
import { lintDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
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

  it('maps the levels of a rule the severity table does not know: error→high, warning→medium, info→low, style→info', () => {
    const text = JSON.stringify(
      ['error', 'warning', 'info', 'style'].map((level, index) => ({
        code: 'DL9999',
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

  it('gives known rules the built-in engine’s severity for the same code and level, ShellCheck codes their own scale', () => {
    const dockerfile =
      'FROM debian:latest\nMAINTAINER me\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nUSER root\n';
    const builtin = lintDockerfile(dockerfile, 'Dockerfile');
    // What the real hadolint prints for the same file (our DS rules are the built-in engine's alone).
    const hadolint = builtin
      .filter((finding) => finding.ruleId.startsWith('DL'))
      .map((finding) => ({
        code: finding.ruleId,
        column: 1,
        file: 'Dockerfile',
        level: finding.nativeSeverity,
        line: finding.location.line,
        message: finding.message,
      }));
    const imported = parseHadolintReport(JSON.stringify(hadolint), { root: '/project' });
    deepStrictEqual(
      imported.map((finding) => [finding.ruleId, finding.severity]),
      builtin.filter((finding) => finding.ruleId.startsWith('DL')).map((finding) => [finding.ruleId, finding.severity]),
    );
    deepStrictEqual(
      imported.map((finding) => [finding.ruleId, finding.nativeSeverity, finding.severity]),
      [
        ['DL3007', 'warning', 'medium'],
        ['DL4000', 'error', 'info'],
        ['DL3064', 'warning', 'medium'],
        ['DL3002', 'warning', 'high'],
        ['DL3066', 'info', 'low'],
      ],
    );
    const shellcheck = JSON.stringify(
      ['error', 'warning', 'info', 'style'].map((level) => ({ code: 'SC2086', file: 'Dockerfile', level, line: 3 })),
    );
    deepStrictEqual(
      parseHadolintReport(shellcheck, { root: '/project' }).map((finding) => finding.severity),
      ['medium', 'low', 'info', 'info'],
    );
  });

  it('reads empty output as no findings and rejects anything else that is not a list', () => {
    deepStrictEqual(parseHadolintReport('', { root: '/' }), []);
    for (const text of ['hadolint: openBinaryFile: does not exist', '{}', '[{"code": "DL3000"}]']) {
      throws(() => parseHadolintReport(text, { root: '/' }), errorWithCode('TOOL_OUTPUT_INVALID'));
    }
  });
});
