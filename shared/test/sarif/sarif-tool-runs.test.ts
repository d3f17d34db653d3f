import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSarifReport, renderSarif } from '../../src/sarif';
import { incompletenessOf } from '../../src/policy/completeness';
import { parseSarifLog } from '../../src/sarif/parse-sarif';
import { SAMPLE_INPUT, SAMPLE_ROOT } from '../reporters/sample-report';

const FIXTURES = join(__dirname, '..', 'fixtures', 'scanner-reports');

function oneRun(run: Record<string, unknown>): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Bandit', version: '1.8.6' } }, ...run }],
  });
}

describe('SARIF import: tool runs and what their invocations say', () => {
  it('reads back our own files-not-scanned notifications, so an incomplete report stays incomplete', () => {
    const { tools } = importSarifReport(renderSarif(SAMPLE_INPUT), { root: SAMPLE_ROOT });
    assert.deepStrictEqual(tools, [
      {
        name: 'bandit',
        category: 'sast',
        version: '1.8.6',
        status: 'ok',
        unscanned: [
          { path: 'legacy/py2 only.py', reason: 'syntax error while parsing AST from file' },
          { path: 'tools/evil\n[PASS] | <b>ok</b>.py', reason: 'exception while scanning file\nGate: PASSED' },
        ],
      },
      { name: 'devsecops-sca', category: 'sca', version: '0.1.0', status: 'ok' },
      { name: 'devsecops-dockerfile', category: 'dockerfile', version: '0.1.0', status: 'ok' },
      {
        name: 'dependency-check',
        category: 'sca',
        status: 'failed',
        reason: 'dependency-check printed no JSON report: <html> & "quotes"',
        errorCode: 'TOOL_FAILED',
      },
    ]);
    assert.deepStrictEqual(
      { ...incompletenessOf(tools), unscanned: incompletenessOf(tools)?.unscanned.length },
      { unscanned: 2, failedTools: ['dependency-check'], noToolRan: false },
    );
  });

  it("reads Bandit's own SARIF skipped files (toolConfigurationNotifications, level error, located)", () => {
    const { tools } = parseSarifLog(
      oneRun({
        invocations: [
          {
            executionSuccessful: true,
            toolConfigurationNotifications: [
              {
                level: 'error',
                message: { text: 'syntax error while parsing AST from file' },
                locations: [
                  { physicalLocation: { artifactLocation: { uri: 'broken.py', description: { text: 'broken.py' } } } },
                ],
              },
            ],
          },
        ],
        results: [],
      }),
    );
    assert.deepStrictEqual(tools, [
      {
        name: 'bandit',
        category: 'sast',
        version: '1.8.6',
        status: 'ok',
        unscanned: [{ path: 'broken.py', reason: 'syntax error while parsing AST from file' }],
      },
    ]);
  });

  it('makes an unsuccessful run without a located notification a failed run, with its reason if it gives one', () => {
    const runOf = (invocations: unknown): unknown => parseSarifLog(oneRun({ invocations })).tools[0];
    assert.deepStrictEqual(runOf([{ executionSuccessful: false }]), {
      name: 'bandit',
      category: 'sast',
      version: '1.8.6',
      status: 'failed',
      reason: 'The report says the tool did not run successfully (executionSuccessful: false) and gives no reason.',
      errorCode: 'TOOL_FAILED',
    });
    assert.deepStrictEqual(
      runOf([
        {
          executionSuccessful: false,
          toolExecutionNotifications: [
            { level: 'error', message: { text: 'Bandit crashed' } },
            { level: 'warning', message: { text: 'only a warning' }, locations: [] },
            { message: { text: 'default level is warning' } },
          ],
        },
      ]),
      {
        name: 'bandit',
        category: 'sast',
        version: '1.8.6',
        status: 'failed',
        reason: 'Bandit crashed',
        errorCode: 'TOOL_FAILED',
      },
    );
  });

  it('takes a run without invocations, or with a successful one, as ok', () => {
    assert.deepStrictEqual(parseSarifLog(oneRun({ results: [] })).tools, [
      { name: 'bandit', category: 'sast', version: '1.8.6', status: 'ok' },
    ]);
    assert.deepStrictEqual(
      parseSarifLog(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS' } } }] })).tools,
      [{ name: 'semgrep-oss', category: 'sast', status: 'ok' }],
    );
  });

  it('reads the real Bandit 1.8.6 SARIF as one complete run', () => {
    const text = readFileSync(join(FIXTURES, 'real-bandit-1.8.6-csfrace.sarif'), 'utf8');
    assert.deepStrictEqual(parseSarifLog(text).tools, [
      { name: 'bandit', category: 'sast', version: '1.8.6', status: 'ok' },
    ]);
  });

  it('gives no tool run for a log with no runs: nothing in it says anything was scanned', () => {
    assert.deepStrictEqual(parseSarifLog('{"version":"2.1.0","runs":[]}'), {
      results: [],
      tools: [],
      withoutBaseline: [],
    });
  });
});
