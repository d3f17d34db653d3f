import assert from 'node:assert/strict';
import type { Finding, Severity } from '@devsecops/shared/findings';
import { groupEntries } from '../../src/comments/render-summary';

function finding(severity: Severity, path: string, line: number, ruleId: string, tool = 'bandit'): Finding {
  return {
    tool,
    category: 'sast',
    ruleId,
    message: `${ruleId} at ${path}:${line}`,
    severity,
    location: { path, line },
    fingerprint: `v1:${severity}:${path}:${line}:${ruleId}`,
  };
}

const order = (findings: readonly Finding[]): string[] =>
  groupEntries(findings.map((entry) => ({ finding: entry, reason: 'over-inline-cap' as const }))).map(
    (group) =>
      `${group.finding.severity} ${group.finding.location.path}:${group.finding.location.line} ${group.finding.ruleId}`,
  );

describe('review order of summary rows', () => {
  it('lists the most severe first, then by path (code unit order), then line', () => {
    const mixed = [
      finding('low', 'a.py', 1, 'B101'),
      finding('high', 'b.py', 5, 'B602'),
      finding('high', 'a.py', 30, 'B602'),
      finding('critical', 'z.py', 1, 'B324'),
      finding('high', 'a.py', 4, 'B602'),
      finding('high', 'B.py', 9, 'B602'),
      finding('info', 'a.py', 2, 'B404'),
    ];
    assert.deepEqual(order(mixed), [
      'critical z.py:1 B324',
      'high B.py:9 B602',
      'high a.py:4 B602',
      'high a.py:30 B602',
      'high b.py:5 B602',
      'low a.py:1 B101',
      'info a.py:2 B404',
    ]);
  });

  it('orders findings of one severity on one line by tool, then rule, whatever order the reports listed them in', () => {
    const sameLine = [
      finding('high', 'a.py', 3, 'B602'),
      finding('high', 'a.py', 3, 'DF001', 'dockerfile'),
      finding('high', 'a.py', 3, 'B307'),
    ];
    const expected = ['high a.py:3 B307', 'high a.py:3 B602', 'high a.py:3 DF001'];
    assert.deepEqual(order(sameLine), expected);
    assert.deepEqual(order([...sameLine].reverse()), expected);
  });
});
