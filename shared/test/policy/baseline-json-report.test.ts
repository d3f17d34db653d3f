import { deepStrictEqual, throws } from 'node:assert/strict';
import { resolve } from 'node:path';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { baselinePathFrom, parseBaselineText } from '../../src/sarif/load-baseline';

// A `--format json` report used as a baseline is read field by field: an edited or foreign report is refused with
// where it went wrong, never half-read into a baseline that would call old findings new (or new ones old).

const FINDING = {
  fingerprint: 'v1:abc',
  tool: 'bandit',
  ruleId: 'B602',
  severity: 'high',
  message: 'shell=True',
  path: 'app.py',
  line: 12,
};

describe('baseline from a --format json report', () => {
  it('reads reported and suppressed findings, and each tool’s run', () => {
    const report = {
      findings: [FINDING],
      suppressed: [{ ...FINDING, fingerprint: 'v1:def', line: 1 }],
      tools: [
        { name: 'bandit', status: 'ok' },
        { name: 'hadolint', status: 'failed', reason: 'exit 2' },
        { name: 'dependency-check', status: 'failed' },
        { name: 'semgrep', status: 'skipped' },
      ],
    };
    deepStrictEqual(parseBaselineText(JSON.stringify(report), 'base.json'), {
      entries: [FINDING, { ...FINDING, fingerprint: 'v1:def', line: 1 }],
      unmatchable: 0,
      tools: [
        { name: 'bandit', succeeded: true },
        { name: 'hadolint', succeeded: false, reason: 'exit 2' },
        { name: 'dependency-check', succeeded: false, reason: 'the tool failed' },
        { name: 'semgrep', succeeded: false, reason: 'the tool did not run' },
      ],
    });
    deepStrictEqual(parseBaselineText('{"findings": []}', 'base.json'), { entries: [], unmatchable: 0, tools: [] });
  });

  it('refuses a finding or tool it cannot read, naming which one and what is wrong', () => {
    const advice = 'pass an unedited --format json report.';
    const cases: readonly [unknown, string][] = [
      [{ findings: ['B602'] }, `finding 1 is not an object: ${advice}`],
      [{ findings: [FINDING, { ...FINDING, severity: 'urgent' }] }, `finding 2 has no valid "severity": ${advice}`],
      [{ findings: [{ ...FINDING, line: 0 }] }, `finding 1 has no valid "line": ${advice}`],
      [{ findings: [{ ...FINDING, line: 1.5 }] }, `finding 1 has no valid "line": ${advice}`],
      [{ findings: [{ ...FINDING, line: '12' }] }, `finding 1 has no valid "line": ${advice}`],
      [{ findings: [FINDING], suppressed: [{ ...FINDING, path: 7 }] }, `finding 2 has no "path" text: ${advice}`],
      [
        { findings: [], tools: [{ name: 'bandit', status: 'ok' }, 'hadolint'] },
        `tool 2 has no "name" and "status": ${advice}`,
      ],
      [{ findings: [], tools: [{ status: 'ok' }] }, `tool 1 has no "name" and "status": ${advice}`],
      [{ findings: [], tools: [{ name: 'bandit', status: 'done' }] }, `tool 1 has no "name" and "status": ${advice}`],
    ];
    for (const [report, problem] of cases) {
      throws(
        () => parseBaselineText(JSON.stringify(report), 'base.json'),
        (error) =>
          isDevsecopsError(error) &&
          error.code === 'INPUT_INVALID' &&
          error.message === `The baseline base.json: ${problem}`,
        problem,
      );
    }
  });

  it('the baseline path: the flag, else DEVSECOPS_BASELINE; an empty value is unset', () => {
    deepStrictEqual(
      [
        baselinePathFrom('flag.sarif', { DEVSECOPS_BASELINE: 'env.sarif' }),
        baselinePathFrom(undefined, { DEVSECOPS_BASELINE: 'env.sarif' }),
        baselinePathFrom(undefined, { DEVSECOPS_BASELINE: '' }),
        baselinePathFrom('', { DEVSECOPS_BASELINE: 'env.sarif' }),
        baselinePathFrom(undefined, {}),
      ],
      [resolve('flag.sarif'), resolve('env.sarif'), undefined, undefined, undefined],
    );
  });
});
