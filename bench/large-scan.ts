// The large scan the report benchmarks share: 10,000 findings over 2,000 files, five tools, every severity.
import type { Finding, Severity } from '@devsecops/shared/findings';
import type { ToolRun } from '@devsecops/shared/engines';

const TOOLS = ['bandit', 'devsecops-sca', 'devsecops-dockerfile', 'hadolint', 'semgrep'] as const;
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export const LARGE_SCAN_FINDINGS = 10_000;
export const LARGE_SCAN_FILES = 2_000;

/** The scan's findings; `line` places each one (default: `index % 500 + 1`). */
export function largeScanFindings(line: (index: number) => number = (index) => (index % 500) + 1): Finding[] {
  return Array.from({ length: LARGE_SCAN_FINDINGS }, (_, index) => ({
    tool: TOOLS[index % TOOLS.length] ?? 'bandit',
    category: 'sast',
    ruleId: `R${index % 97}`,
    message: `Finding number ${index}: something risky happens here & should be fixed <soon>.`,
    severity: SEVERITIES[index % SEVERITIES.length] ?? 'low',
    nativeSeverity: 'MEDIUM',
    location: { path: `src/package_${index % LARGE_SCAN_FILES}/module.py`, line: line(index), column: 5 },
    cwe: [78],
    helpUri: `https://example.com/rules/R${index % 97}`,
    fingerprint: `v1:${index.toString(16).padStart(32, '0')}`,
  }));
}

/** Every tool of the scan, each run to completion. */
export const LARGE_SCAN_TOOLS: ToolRun[] = TOOLS.map((name) => ({
  name,
  category: 'sast',
  version: '1.0.0',
  status: 'ok',
}));
