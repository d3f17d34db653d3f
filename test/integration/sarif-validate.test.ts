import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareWithBaseline } from '@devsecops/shared/policy';
import { importSarifFindings, renderSarif } from '@devsecops/shared/sarif';
import type { ReportInput } from '@devsecops/shared/reports';
import { EMPTY_INPUT, SAMPLE_INPUT } from '../../shared/test/reporters/sample-report';
import { errorsOf, multitoolPath, validateSarif } from './sarif-multitool';

const FIXTURES = join(__dirname, '..', '..', 'shared', 'test', 'fixtures', 'scanner-reports');

describe('SARIF output passes Microsoft SARIF Multitool validate', function () {
  // The multitool starts a .NET runtime per call (about 1.5 s here).
  this.timeout(180_000);
  let workDir: string;

  before(async () => {
    multitoolPath();
    workDir = await mkdtemp(join(tmpdir(), 'devsecops-sarif-validate-'));
  });
  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('reports a deliberately broken log as errors (the check can fail)', async () => {
    const broken = JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'R1', locations: [] }] }],
    });
    const errors = errorsOf(await validateSarif(broken, workDir, 'broken'));
    assert.ok(errors.length > 0, 'a result without a message must be a schema error');
  });

  it('accepts a realistic multi-tool scan: reported and suppressed findings, a skipped and a failed tool', async () => {
    assert.deepStrictEqual(errorsOf(await validateSarif(renderSarif(SAMPLE_INPUT), workDir, 'sample')), []);
  });

  it('accepts a scan compared with a baseline: new, unchanged and absent results', async () => {
    const [first, second] = SAMPLE_INPUT.result.findings;
    if (first === undefined || second === undefined) throw new Error('the sample has findings');
    const fixed = {
      fingerprint: 'v1:0000000000000000000000000000000f',
      tool: 'bandit',
      ruleId: 'B303',
      severity: 'medium' as const,
      message: 'Use of insecure MD5 hash function.',
      path: 'app/hashing.py',
      line: 9,
    };
    const baseline = compareWithBaseline(
      SAMPLE_INPUT.result.findings,
      {
        sources: ['base.sarif'],
        entries: [{ ...fixed, fingerprint: first.fingerprint }, fixed],
        unmatchable: 0,
        // Bandit only: the sample's other tools have no baseline, so their runs carry the property that says so.
        tools: [{ name: 'bandit', succeeded: true }],
      },
      SAMPLE_INPUT.result.tools,
    );
    assert.deepStrictEqual(baseline.absent, [fixed]);
    assert.ok(baseline.withoutBaseline.length > 0);
    const sarif = renderSarif({ ...SAMPLE_INPUT, baseline });
    assert.deepStrictEqual(errorsOf(await validateSarif(sarif, workDir, 'baseline')), []);
  });

  it('accepts a scan with no findings', async () => {
    assert.deepStrictEqual(errorsOf(await validateSarif(renderSarif(EMPTY_INPUT), workDir, 'empty')), []);
  });

  it('accepts the real Bandit, hadolint and Dependency-Check reports after import and re-export', async () => {
    // Dependency-Check ran in a container with the repository mounted at /src.
    const findings = [
      'real-bandit-1.8.6-csfrace.sarif',
      'real-hadolint-2.12.0-csfrace.sarif',
      'real-dc-12.1.9-FFbryn-sca_analysis.sarif',
    ].flatMap((file) =>
      importSarifFindings(readFileSync(join(FIXTURES, file), 'utf8'), { root: '/src', sourceName: file }),
    );
    const input: ReportInput = {
      result: {
        findings,
        tools: [
          { name: 'bandit', category: 'sast', version: '1.8.6', status: 'ok' },
          { name: 'hadolint', category: 'dockerfile', version: '2.12.0', status: 'ok' },
          { name: 'dependency-check', category: 'sca', version: '12.1.9', status: 'ok' },
        ],
      },
      root: '/src',
      gate: { failOn: 'high', passed: false },
    };
    assert.deepStrictEqual(errorsOf(await validateSarif(renderSarif(input), workDir, 'real-reports')), []);
  });
});
