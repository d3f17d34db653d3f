import { strict as assert } from 'node:assert';
import type { Finding } from '../../src/findings/finding';
import type { GateThreshold, Severity } from '../../src/findings/severity';
import { renderHtmlReport } from '../../src/reporters/html/html-report';
import { htmlModelOfScan } from '../../src/reporters/html/scan-html';
import { SAMPLE_INPUT } from './sample-report';

function finding(severity: Severity, path: string, line: number, ruleId: string, tool = 'bandit'): Finding {
  return {
    tool,
    category: 'sast',
    ruleId,
    message: `${severity} ${path}:${line} ${ruleId}`,
    severity,
    location: { path, line },
    fingerprint: `v1:${severity}:${path}:${line}:${ruleId}`,
  };
}

function page(findings: readonly Finding[], failOn: GateThreshold): string {
  return renderHtmlReport(
    htmlModelOfScan({ ...SAMPLE_INPUT, result: { ...SAMPLE_INPUT.result, findings }, gate: { failOn, passed: false } }),
  );
}

/** The messages of the gate table's rows, top to bottom. */
function gateRows(html: string): string[] {
  const table = /<h2 id="gate-failures">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr class="sev-\w+">(?:<td>[\s\S]*?<\/td>){3}<td>([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
}

/** The severities whose chart bar carries the gate's mark. */
function markedBars(html: string): string[] {
  return [
    ...html.matchAll(
      /<text x="0" y="\d+">(\w+)<\/text><rect class="bar-\w+"[^>]*>.*?<\/rect>(<rect class="bar-gate")?/g,
    ),
  ]
    .filter((m) => m[2] !== undefined)
    .map((m) => m[1] ?? '');
}

describe('HTML report: order of the gate table', () => {
  it('lists failures most severe first, then by path (code unit order), line, tool and rule', () => {
    const mixed = [
      finding('high', 'b.py', 5, 'B602'),
      finding('medium', 'a.py', 1, 'B307'),
      finding('high', 'a.py', 30, 'B602'),
      finding('critical', 'z.py', 1, 'B324'),
      finding('high', 'a.py', 4, 'B605'),
      finding('high', 'a.py', 4, 'B602'),
      finding('high', 'a.py', 4, 'DF001', 'aardvark'),
      finding('high', 'B.py', 9, 'B602'),
      finding('low', 'a.py', 2, 'B101'),
    ];
    assert.deepEqual(gateRows(page(mixed, 'medium')), [
      'critical z.py:1 B324',
      'high B.py:9 B602',
      'high a.py:4 DF001',
      'high a.py:4 B602',
      'high a.py:4 B605',
      'high a.py:30 B602',
      'high b.py:5 B602',
      'medium a.py:1 B307',
    ]);
  });

  it('marks the chart bars at or above the threshold, and none when the gate is off', () => {
    const findings = [finding('high', 'a.py', 1, 'B602')];
    assert.deepEqual(markedBars(page(findings, 'medium')), ['critical', 'high', 'medium']);
    assert.deepEqual(markedBars(page(findings, 'info')), ['critical', 'high', 'medium', 'low', 'info']);
    assert.deepEqual(markedBars(page(findings, 'none')), []);
  });
});
