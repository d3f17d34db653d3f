// Prints how long each report format and the SARIF import take on a large scan
// (10,000 findings over 2,000 files, five tools). Numbers only; nothing is asserted.
import { applyPolicy } from '@devsecops/shared/policy';
import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import { importSarifFindings } from '@devsecops/shared/sarif';
import { renderReport, REPORT_FORMATS } from '@devsecops/shared/reports';
import type { Finding } from '@devsecops/shared/findings';
import type { ReportInput } from '@devsecops/shared/reports';
import { LARGE_SCAN_FINDINGS, LARGE_SCAN_TOOLS, largeScanFindings } from './large-scan';
import { medianRunMs } from './stats';

const FINDING_COUNT = LARGE_SCAN_FINDINGS;
const REPEATS = 5;

const findings: Finding[] = largeScanFindings().map((finding, index) => ({ ...finding, properties: { index } }));
const tools = LARGE_SCAN_TOOLS;
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
