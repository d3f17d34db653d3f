import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import { parseConfig } from '../../../src/config/parse-config';
import type { Finding } from '../../../src/findings/finding';
import { renderPipelineSummaryMarkdown, renderPipelineSummaryText } from '../../../src/pipeline/run-report';
import type { PipelineRunReport } from '../../../src/reporters/pipeline-run-report';
import { buildJsonReport } from '../../../src/reporters/json';
import { buildSarifLog } from '../../../src/sarif/render-sarif';
import type { ReportInput } from '../../../src/reporters/report-input';
import { createBuiltinScaScanner } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { databaseAge, isStaleDatabase, staleDatabaseWarning } from '../../../src/scanners/builtin-sca/database-age';
import { clearLoadedDatabases } from '../../../src/scanners/builtin-sca/database-loader';
import { parseSarifLog } from '../../../src/sarif/parse-sarif';
import type { AdvisoryDatabaseAge, ToolRun } from '../../../src/scanners/scanner';
import { osvZip } from './osv-test-data';

const SNAPSHOT = { date: '2024-10-10', source: 'bundled snapshot PyPI-pypa-advisory-database-2024-10-10.zip' };

describe('advisory database age', () => {
  it('counts whole days from the data date (UTC) to the injected clock; past the limit is stale', () => {
    const at = (iso: string, limit?: number): AdvisoryDatabaseAge | undefined =>
      databaseAge(SNAPSHOT, new Date(iso), limit);
    deepStrictEqual(at('2024-11-09T23:59:59Z'), {
      date: '2024-10-10',
      ageDays: 30,
      maxAgeDays: 30,
      source: SNAPSHOT.source,
    });
    const age31 = at('2024-11-10T00:00:00Z');
    strictEqual(age31?.ageDays, 31);
    ok(isStaleDatabase(age31));
    const age30 = at('2024-11-09T12:00:00Z');
    ok(age30 !== undefined && !isStaleDatabase(age30));
    strictEqual(at('2026-12-02T08:00:00Z')?.ageDays, 783);
    strictEqual(at('2024-12-01T00:00:00Z', 60)?.maxAgeDays, 60);
    const longer = at('2024-12-01T00:00:00Z', 60);
    ok(longer !== undefined && !isStaleDatabase(longer));
    // A date-time (a download's time) counts by its date; a clock behind the data is 0 days, not negative.
    strictEqual(
      databaseAge({ date: '2026-12-01T22:10:00.000Z', source: 'x' }, new Date('2026-12-02T01:00:00Z'))?.ageDays,
      1,
    );
    strictEqual(databaseAge(SNAPSHOT, new Date('2024-01-01T00:00:00Z'))?.ageDays, 0);
    strictEqual(databaseAge({ date: '', source: 'x' }, new Date()), undefined);
    strictEqual(databaseAge({ date: 'yesterday', source: 'x' }, new Date()), undefined);
  });

  it('warns with the age, the date, the source, the limit and the command to run', () => {
    strictEqual(
      staleDatabaseWarning(databaseAge(SNAPSHOT, new Date('2026-12-02T08:00:00Z'))),
      'warning: the advisory database is 783 days old (data of 2024-10-10, bundled snapshot PyPI-pypa-advisory-database-2024-10-10.zip; tools.sca.maxDatabaseAgeDays is 30): advisories published since are missing, so a package reported clean may not be. Run `devsecops db update`.',
    );
    strictEqual(staleDatabaseWarning(databaseAge(SNAPSHOT, new Date('2024-10-20T00:00:00Z'))), undefined);
    strictEqual(staleDatabaseWarning(undefined), undefined);
  });

  it('reads tools.sca.maxDatabaseAgeDays from .devsecops.yml as policy, refusing what is not a day count', () => {
    strictEqual(
      parseConfig('version: 1\ntools:\n  sca:\n    maxDatabaseAgeDays: 90\n', '.devsecops.yml').tools.sca
        .maxDatabaseAgeDays,
      90,
    );
    strictEqual(parseConfig('version: 1\n', '.devsecops.yml').tools.sca.maxDatabaseAgeDays, undefined);
    for (const bad of ['-1', '1.5', '"30"', '99999']) {
      let message = '';
      try {
        parseConfig(`version: 1\ntools:\n  sca:\n    maxDatabaseAgeDays: ${bad}\n`, '.devsecops.yml');
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      ok(message.includes('tools.sca.maxDatabaseAgeDays is'), `${bad}: ${message}`);
      ok(message.includes('write a whole number of days from 0 to 3650, e.g. 30.'), message);
    }
  });

  it('the scanner measures the age with the scan clock and the policy limit', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'sca-age-'));
    const root = mkdtempSync(join(tmpdir(), 'sca-age-root-'));
    try {
      // A configured file's date is its newest advisory's `modified` time (osv-test-data: 2024-01-01).
      writeFileSync(
        join(cache, 'db.zip'),
        osvZip([{ id: 'PYSEC-1', package: 'demo', events: [[{ introduced: '0' }]] }]),
      );
      clearLoadedDatabases();
      const outcome = await createBuiltinScaScanner({ databasePath: join(cache, 'db.zip') }).scan({
        root,
        config: {
          ...DEFAULT_CONFIG,
          tools: { ...DEFAULT_CONFIG.tools, sca: { enabled: true, maxDatabaseAgeDays: 7 } },
        },
        runProcess: () => Promise.reject(new Error('no process')),
        env: { DEVSECOPS_CACHE_DIR: cache },
        now: new Date('2024-01-11T10:00:00Z'),
      });
      deepStrictEqual(outcome.tools[0]?.advisoryDatabase, {
        date: '2024-01-01',
        ageDays: 10,
        maxAgeDays: 7,
        source: join(cache, 'db.zip'),
      });
    } finally {
      rmSync(cache, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
      clearLoadedDatabases();
    }
  });

  describe('in the reports', () => {
    const age: AdvisoryDatabaseAge = { date: '2024-10-10', ageDays: 783, maxAgeDays: 30, source: 'bundled snapshot' };
    const run: ToolRun = {
      name: 'devsecops-sca',
      category: 'sca',
      version: 'OSV database 2024-10-10',
      status: 'ok',
      advisoryDatabase: age,
    };
    const input: ReportInput = {
      result: { findings: [] as Finding[], tools: [run] },
      root: '/repo',
      gate: { failOn: 'high', passed: true },
    };

    it('JSON: tools[].advisoryDatabase with its date, age, limit, source and whether it is stale', () => {
      deepStrictEqual(buildJsonReport(input).tools[0]?.advisoryDatabase, { ...age, stale: true });
    });

    it('SARIF: a tool component in tool.extensions and a warning notification; the run stays successful', () => {
      const log = buildSarifLog(input);
      const [sarifRun] = log.runs;
      deepStrictEqual(sarifRun?.tool.extensions, [
        {
          name: 'OSV advisory database',
          version: '2024-10-10',
          releaseDateUtc: '2024-10-10T00:00:00Z',
          informationUri: 'https://osv.dev/',
          properties: { ageDays: 783, maxAgeDays: 30, source: 'bundled snapshot', stale: true },
        },
      ]);
      deepStrictEqual(sarifRun.invocations, [
        {
          executionSuccessful: true,
          toolExecutionNotifications: [{ level: 'warning', message: { text: staleDatabaseWarning(age) } }],
        },
      ]);
      // Read back by the importer (the pipeline, the bot and the editor read SARIF): same age, still complete.
      const imported = parseSarifLog(JSON.stringify(log), { root: '/repo' });
      deepStrictEqual(imported.tools, [
        {
          name: 'devsecops-sca',
          category: 'sca',
          version: 'OSV database 2024-10-10',
          status: 'ok',
          advisoryDatabase: age,
        },
      ]);
    });

    it("the pipeline's summary.md and console summary name each SCA action's database, its age and the warning", () => {
      const report: PipelineRunReport = {
        runner: 'local',
        source: '/repo',
        startedAt: '2026-12-02T08:00:00Z',
        endedAt: '2026-12-02T08:01:00Z',
        failOn: null,
        continueOnFailure: false,
        cancelled: false,
        reportsDir: '/repo/reports',
        stages: [
          {
            name: 'application-validation',
            status: 'succeeded',
            actions: [
              {
                name: 'sca',
                status: 'succeeded',
                startedAt: null,
                endedAt: null,
                findings: 0,
                gate: 'passed',
                advisoryDatabase: age,
                reportFiles: ['sca.sarif'],
              },
            ],
          },
        ],
      };
      const markdown = renderPipelineSummaryMarkdown(report);
      ok(
        markdown.includes(
          '## Advisory database\n\n- sca: data of 2024-10-10 (bundled snapshot), 783 days old — **the advisory database is 783 days old',
        ),
        markdown,
      );
      ok(markdown.includes('Run `devsecops db update`.**'), markdown);
      // The console summary the CLI prints at the end of `pipeline run` says it too.
      ok(
        renderPipelineSummaryText(report)
          .split('\n')
          .includes(`sca: ${String(staleDatabaseWarning(age))}`),
        renderPipelineSummaryText(report),
      );
    });
  });
});
