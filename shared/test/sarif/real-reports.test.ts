import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSarifFindings } from '../../src/sarif';
import { parseSarif } from '../../src/sarif/parse-sarif';
import { assertMatchesGoldenJson } from '../reporters/golden-file';

const FIXTURES = join(__dirname, '..', 'fixtures', 'scanner-reports');

/**
 * Golden tests over real SARIF reports committed in public repositories
 * (sources in fixtures/scanner-reports/SOURCES.md). The expected findings sit
 * next to each report as `<report>.findings.json`; UPDATE_GOLDENS=1 rewrites them.
 */
const REPORTS: readonly { file: string; root: string; count: number; why: string }[] = [
  {
    file: 'real-bandit-1.8.6-csfrace.sarif',
    root: '/repo',
    count: 2,
    why: 'relative URIs, Bandit severity/confidence',
  },
  { file: 'real-hadolint-2.12.0-csfrace.sarif', root: '/repo', count: 0, why: 'a clean run: no results' },
  {
    file: 'real-dc-12.1.9-FFbryn-sca_analysis.sarif',
    // Dependency-Check ran in a container with the repository mounted at /src.
    root: '/src',
    count: 9,
    why: 'file:// URIs via artifact indexes, CVSS security-severity, a RetireJS advisory without a score',
  },
];

describe('SARIF import: golden findings of real reports', () => {
  for (const { file, root, count, why } of REPORTS) {
    it(`${file} (${why})`, () => {
      // No line reader: fingerprints must not depend on whatever exists at the root on this machine.
      const findings = importSarifFindings(readFileSync(join(FIXTURES, file), 'utf8'), {
        root,
        sourceName: file,
        readLine: () => undefined,
      });
      assert.equal(findings.length, count);
      assertMatchesGoldenJson(join(FIXTURES, `${file}.findings.json`), findings);
    });
  }

  it('maps the Dependency-Check report onto severities the way its own rule descriptions state them', () => {
    const drafts = parseSarif(readFileSync(join(FIXTURES, 'real-dc-12.1.9-FFbryn-sca_analysis.sarif'), 'utf8'), {
      root: '/src',
    });
    const stated = JSON.parse(readFileSync(join(FIXTURES, 'real-dc-12.1.9-FFbryn-sca_analysis.sarif'), 'utf8')) as {
      runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[];
    };
    const statedSeverity = new Map(
      (stated.runs[0]?.tool.driver.rules ?? []).map((rule) => [rule.id, rule.shortDescription.text.split(' ')[0]]),
    );
    for (const draft of drafts) assert.equal(draft.severity, statedSeverity.get(draft.ruleId), draft.ruleId);
  });

  it('without a root, a container path keeps its shape minus the leading slash', () => {
    const [first] = parseSarif(readFileSync(join(FIXTURES, 'real-dc-12.1.9-FFbryn-sca_analysis.sarif'), 'utf8'));
    assert.equal(first?.location.path, 'src/assets/vendor/chart.js/Chart.bundle.min.js');
  });
});
