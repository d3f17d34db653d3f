import { deepStrictEqual } from 'node:assert/strict';
import type { Finding, SourceLocation } from '../../src/findings/finding';
import {
  compareByLocation,
  compareBySeverityThenLocation,
  compareText,
  sortFindingsByLocation,
  sortFindingsBySeverity,
} from '../../src/findings/finding-order';
import type { Severity } from '../../src/findings/severity';

function finding(name: string, location: SourceLocation, severity: Severity = 'medium', ruleId = 'B307'): Finding {
  return {
    tool: 'bandit',
    category: 'sast',
    ruleId,
    message: name,
    severity,
    location,
    fingerprint: `v1:${name}`,
  };
}

const names = (findings: readonly Finding[]): string[] => findings.map((finding) => finding.message);

describe('finding order', () => {
  it('compares text by code unit, with the sign of the order, and 0 only for equal text', () => {
    deepStrictEqual(
      [
        compareText('a', 'b'),
        compareText('b', 'a'),
        compareText('a', 'a'),
        compareText('Z', 'a'),
        compareText('a', 'ab'),
      ],
      [-1, 1, 0, -1, -1],
    );
  });

  it('gives the sign of the reading order for each key in turn, and 0 for the same finding', () => {
    const at = (line: number, column?: number) =>
      finding('x', column === undefined ? { path: 'a.py', line } : { path: 'a.py', line, column });
    const signs = (a: Finding, b: Finding) => [Math.sign(compareByLocation(a, b)), Math.sign(compareByLocation(b, a))];
    deepStrictEqual(signs(at(2), at(10)), [-1, 1]);
    deepStrictEqual(signs(at(3, 2), at(3, 7)), [-1, 1]);
    // No column counts as column 0, before any column on the same line.
    deepStrictEqual(signs(at(3), at(3, 1)), [-1, 1]);
    deepStrictEqual(signs(at(3, 4), at(3, 4)), [0, 0]);
    deepStrictEqual(signs(finding('x', { path: 'a.py', line: 9 }), finding('x', { path: 'b.py', line: 1 })), [-1, 1]);
  });

  it('sorts by path, line, column, tool, rule, then fingerprint', () => {
    const shuffled = [
      finding('b.py:1', { path: 'b.py', line: 1 }),
      finding('a.py:10', { path: 'a.py', line: 10 }),
      finding('a.py:2:8', { path: 'a.py', line: 2, column: 8 }),
      finding('a.py:2 B102', { path: 'a.py', line: 2 }, 'medium', 'B102'),
      finding('a.py:2:3', { path: 'a.py', line: 2, column: 3 }),
      finding('a.py:2 B101', { path: 'a.py', line: 2 }, 'medium', 'B101'),
    ];
    deepStrictEqual(names(sortFindingsByLocation(shuffled)), [
      'a.py:2 B101',
      'a.py:2 B102',
      'a.py:2:3',
      'a.py:2:8',
      'a.py:10',
      'b.py:1',
    ]);
  });

  it('sorts most severe first, in reading order within a severity, without touching its input', () => {
    const input = [
      finding('low a.py:1', { path: 'a.py', line: 1 }, 'low'),
      finding('high b.py:5', { path: 'b.py', line: 5 }, 'high'),
      finding('critical c.py:1', { path: 'c.py', line: 1 }, 'critical'),
      finding('high a.py:7', { path: 'a.py', line: 7 }, 'high'),
      finding('info a.py:2', { path: 'a.py', line: 2 }, 'info'),
    ];
    deepStrictEqual(names(sortFindingsBySeverity(input)), [
      'critical c.py:1',
      'high a.py:7',
      'high b.py:5',
      'low a.py:1',
      'info a.py:2',
    ]);
    deepStrictEqual(names(input)[0], 'low a.py:1');
  });

  it('compares by severity first, then by the whole reading order down to tool and rule', () => {
    const high = (line: number, ruleId: string) => finding(`${line} ${ruleId}`, { path: 'a.py', line }, 'high', ruleId);
    const sign = (a: Finding, b: Finding) => Math.sign(compareBySeverityThenLocation(a, b));
    deepStrictEqual(sign(finding('x', { path: 'z.py', line: 1 }, 'critical'), high(1, 'B101')), -1);
    deepStrictEqual(sign(high(2, 'B101'), high(10, 'B101')), -1);
    deepStrictEqual(sign(high(2, 'B602'), high(2, 'B307')), 1);
    deepStrictEqual(sign(high(2, 'B602'), high(2, 'B602')), 0);
  });
});
