// Prints how long each report format and the SARIF import take on a large scan
// (10,000 findings over 2,000 files, five tools). Numbers only; nothing is asserted.
import { applyPolicy, DEFAULT_CONFIG, importSarifFindings, renderReport, REPORT_FORMATS } from '../shared/src/index';
import type { Finding, ReportInput, Severity, ToolRun } from '../shared/src/index';
import { medianRunMs } from './stats';

const TOOLS = ['bandit', 'devsecops-sca', 'devsecops-dockerfile', 'hadolint', 'semgrep'] as const;
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const FINDING_COUNT = 10_000;
const REPEATS = 5;

const findings: Finding[] = Array.from({ length: FINDING_COUNT }, (_, index) => ({
  tool: TOOLS[index % TOOLS.length] ?? 'bandit',
  category: 'sast',
  ruleId: `R${index % 97}`,
  message: `Finding number ${index}: something risky happens here & should be fixed <soon>.`,
  severity: SEVERITIES[index % SEVERITIES.length] ?? 'low',
  nativeSeverity: 'MEDIUM',
  location: { path: `src/package_${index % 2000}/module.py`, line: (index % 500) + 1, column: 5 },
  cwe: [78],
  helpUri: `https://example.com/rules/R${index % 97}`,
  fingerprint: `v1:${index.toString(16).padStart(32, '0')}`,
  properties: { index },
}));
const tools: ToolRun[] = TOOLS.map((name) => ({ name, category: 'sast', version: '1.0.0', status: 'ok' }));
const input: ReportInput = { result: { findings, tools }, root: '/repo', gate: { failOn: 'high', passed: false } };

function medianMs(run: () => unknown): number {
  return medianRunMs(REPEATS, run);
}

console.log(`${FINDING_COUNT} findings, median of ${REPEATS} runs`);
console.log(
  `policy (3 ignore globs, 2 suppressions): ${medianMs(() =>
    applyPolicy(findings, {
      ...DEFAULT_CONFIG,
      ignore: ['tests/**', 'vendor', '**/*.min.js'],
      suppressions: [
        { rule: 'R1', path: 'src/package_1*/**', reason: 'bench' },
        { rule: '*', fingerprint: 'v1:none', reason: 'bench' },
      ],
    }),
  ).toFixed(1)} ms`,
);
for (const format of REPORT_FORMATS) {
  const text = renderReport(format, input);
  console.log(
    `render ${format.padEnd(8)}: ${medianMs(() => renderReport(format, input)).toFixed(1)} ms, ${(text.length / 1024).toFixed(0)} KiB`,
  );
}
const sarif = renderReport('sarif', input);
console.log(`import sarif   : ${medianMs(() => importSarifFindings(sarif, { root: '/repo' })).toFixed(1)} ms`);
