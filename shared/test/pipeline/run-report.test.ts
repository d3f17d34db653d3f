import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import type { PipelineRunReport, PipelineStageReport } from '../../src/reporters/pipeline-run-report';
import type { Finding } from '../../src/findings/finding';
import type { ListedFinding } from '../../src/reporters/gate-failures';
import { listedFinding } from '../../src/reporters/gate-failures';
import {
  combinedStatus,
  gateFailuresOfRun,
  pipelineExitCode,
  renderPipelineSummaryMarkdown,
  renderPipelineSummaryText,
} from '../../src/pipeline/run-report';

const SOURCE_STAGE: PipelineStageReport = {
  name: 'source',
  status: 'succeeded',
  actions: [
    {
      name: 'source',
      status: 'succeeded',
      startedAt: '2026-01-01T10:00:00.000Z',
      endedAt: '2026-01-01T10:00:00.100Z',
      findings: 0,
      reportFiles: [],
    },
  ],
};

const REPORT: PipelineRunReport = {
  runner: 'local',
  source: '/work/app',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: '2026-01-01T10:00:05.000Z',
  failOn: 'high',
  continueOnFailure: false,
  cancelled: false,
  reportsDir: '/work/app/reports',
  stages: [
    SOURCE_STAGE,
    {
      name: 'application-validation',
      status: 'failed',
      reason: 'failed: sast',
      actions: [
        {
          name: 'sca',
          status: 'succeeded',
          startedAt: '2026-01-01T10:00:00.200Z',
          endedAt: '2026-01-01T10:00:01.200Z',
          findings: 0,
          gate: 'passed',
          reportFiles: ['sca.sarif'],
          skippedCloudOnlySteps: ['install a tool'],
        },
        {
          name: 'sast',
          status: 'failed',
          startedAt: '2026-01-01T10:00:00.200Z',
          endedAt: '2026-01-01T10:00:03.700Z',
          findings: 7,
          gate: 'failed',
          reason: 'gate failed: findings at or above high',
          reportFiles: ['sast.sarif', 'logs/sast.log'],
        },
      ],
    },
    {
      name: 'image-build',
      status: 'skipped',
      reason: 'not run: stage application-validation did not pass',
      actions: [
        {
          name: 'image-build',
          status: 'skipped',
          startedAt: null,
          endedAt: null,
          findings: 0,
          reason: 'not run: stage application-validation did not pass',
          reportFiles: [],
        },
      ],
    },
  ],
};

describe('run report', () => {
  it('combines statuses: any failure fails, all skipped skips', () => {
    strictEqual(combinedStatus(['succeeded', 'failed']), 'failed');
    strictEqual(combinedStatus(['skipped', 'skipped']), 'skipped');
    strictEqual(combinedStatus(['skipped', 'succeeded']), 'succeeded');
  });

  it('maps runs to exit codes: 0 passed, 1 gate failed, 2 error or cancelled', () => {
    strictEqual(pipelineExitCode(REPORT), 1);
    const withError: PipelineRunReport = {
      ...REPORT,
      stages: [
        {
          name: 's',
          status: 'failed',
          actions: SOURCE_STAGE.actions.map((action) => ({ ...action, status: 'failed' })),
        },
      ],
    };
    strictEqual(pipelineExitCode(withError), 2);
    strictEqual(pipelineExitCode({ ...REPORT, stages: [SOURCE_STAGE] }), 0);
    strictEqual(pipelineExitCode({ ...REPORT, cancelled: true }), 2);
    strictEqual(pipelineExitCode({ ...REPORT, stages: [SOURCE_STAGE], runFailure: 'CodePipeline ended it Failed' }), 2);
  });

  it('calls a run failed by its cloud execution failed, in both summaries, though every action passed', () => {
    const failedExecution: PipelineRunReport = {
      ...REPORT,
      runner: 'aws',
      stages: [SOURCE_STAGE],
      runFailure: 'CodePipeline ended the execution Failed: Stage |x| failed.\n# heading',
    };
    strictEqual(
      renderPipelineSummaryMarkdown(failedExecution).split('\n')[2],
      'Result: **failed: CodePipeline ended the execution Failed: Stage \\|x\\| failed. \\# heading** · aws run of `/work/app` · gate: high',
    );
    deepStrictEqual(renderPipelineSummaryText(failedExecution).split('\n').slice(-4, -2), [
      '',
      'Result: failed: CodePipeline ended the execution Failed: Stage |x| failed. # heading.',
    ]);
  });

  it('renders summary.md as a table of stages and actions with the report files', () => {
    deepStrictEqual(renderPipelineSummaryMarkdown(REPORT).split('\n'), [
      '# DevSecOps pipeline run',
      '',
      'Result: **stopped by the gate** · local run of `/work/app` · gate: high',
      '',
      '| Stage | Action | Status | Findings | Time | Notes |',
      '| --- | --- | --- | ---: | ---: | --- |',
      '| source | source | passed | 0 | 0.1 s |  |',
      '| application-validation | sca | passed | 0 | 1.0 s | cloud-only steps skipped: install a tool |',
      '| application-validation | sast | FAILED | 7 | 3.5 s | gate failed: findings at or above high |',
      '| image-build | image-build | skipped | 0 |  | not run: stage application-validation did not pass |',
      '',
      '## Reports',
      '',
      '- [sca.sarif](sca.sarif)',
      '- [sast.sarif](sast.sarif)',
      '- [logs/sast.log](logs/sast.log)',
      '',
    ]);
  });

  it('ends the console summary with the verdict and where the reports are', () => {
    deepStrictEqual(renderPipelineSummaryText(REPORT).split('\n'), [
      '',
      'Pipeline summary',
      '  passed   source                 source passed (0.1 s)',
      '  FAILED   application-validation sca passed (1.0 s), sast FAILED (7 findings, 3.5 s)',
      '                                  failed: sast',
      '  skipped  image-build            image-build skipped',
      '                                  not run: stage application-validation did not pass',
      '',
      'Result: the gate failed: fix or suppress the findings at or above the threshold (see summary.md), or rerun with --continue-on-failure to see every stage.',
      'Reports: /work/app/reports (index.html, summary.md, pipeline-run.json, SARIF, JUnit, logs/)',
      '',
    ]);
  });

  const INCOMPLETE: PipelineRunReport = {
    ...REPORT,
    stages: REPORT.stages.map((stage) => ({
      ...stage,
      actions: stage.actions.map((action) =>
        action.name === 'sast'
          ? {
              ...action,
              gate: 'incomplete' as const,
              reason: 'incomplete: bandit could not scan 2 files (log: logs/sast.log)',
              unscanned: [
                { tool: 'bandit', path: 'deep.py', reason: 'Bandit could not scan it: exception while scanning file' },
                { tool: 'bandit', path: 'x|\n[PASS].py', reason: 'Bandit could not scan it: syntax error' },
              ],
            }
          : action,
      ),
    })),
  };

  it('calls a run failed by an incomplete action incomplete (exit 2), and lists its files in summary.md', () => {
    strictEqual(pipelineExitCode(INCOMPLETE), 2);
    deepStrictEqual(renderPipelineSummaryMarkdown(INCOMPLETE).split('\n').slice(0, 19), [
      '# DevSecOps pipeline run',
      '',
      'Result: **incomplete: files were not scanned or a tool failed, so the gate cannot pass** · local run of `/work/app` · gate: high',
      '',
      '| Stage | Action | Status | Findings | Time | Notes |',
      '| --- | --- | --- | ---: | ---: | --- |',
      '| source | source | passed | 0 | 0.1 s |  |',
      '| application-validation | sca | passed | 0 | 1.0 s | cloud-only steps skipped: install a tool |',
      '| application-validation | sast | FAILED | 7 | 3.5 s | incomplete: bandit could not scan 2 files (log: logs/sast.log) |',
      '| image-build | image-build | skipped | 0 |  | not run: stage application-validation did not pass |',
      '',
      '## Not scanned',
      '',
      'Fix these files, or list them under `ignore` in .devsecops.yml to leave them out on purpose.',
      '',
      '| Action | Tool | File | Why |',
      '| --- | --- | --- | --- |',
      '| sast | bandit | deep.py | Bandit could not scan it: exception while scanning file |',
      '| sast | bandit | "x\\|\\\\n\\[PASS\\].py" | Bandit could not scan it: syntax error |',
    ]);
  });

  it('ends the console summary of an incomplete run with the files, each on its own quoted line', () => {
    deepStrictEqual(renderPipelineSummaryText(INCOMPLETE).split('\n').slice(-6), [
      'Result: incomplete: 2 files were not scanned, so the gate cannot pass (see summary.md):',
      '  deep.py  Bandit could not scan it: exception while scanning file  [bandit]',
      '  "x|\\n[PASS].py"  Bandit could not scan it: syntax error  [bandit]',
      'Fix those files, or list them under `ignore` in .devsecops.yml to leave them out on purpose.',
      'Reports: /work/app/reports (index.html, summary.md, pipeline-run.json, SARIF, JUnit, logs/)',
      '',
    ]);
  });

  describe('the findings that failed the gate', () => {
    const failure = (index: number, severity: 'critical' | 'high'): ListedFinding => ({
      tool: 'bandit',
      category: 'sast',
      ruleId: 'B602',
      severity,
      message: index === 0 ? 'shell | <img src=x onerror=alert(1)>\n# Fake heading' : `finding ${String(index)}`,
      location: { path: `app/m${String(index).padStart(2, '0')}.py`, line: index + 1 },
      ...(index === 1 ? { fix: { description: 'Use a list of arguments, not a shell string.' } } : {}),
    });
    // 30 failures in all (sast's pipeline-run.json keeps 28 of its 29), one critical among them.
    const sastListed = Array.from({ length: 28 }, (_, index) => failure(index, 'high'));
    const withFailures: PipelineRunReport = {
      ...REPORT,
      gate: { failOn: 'high', scope: 'new' },
      stages: REPORT.stages.map((stage) => ({
        ...stage,
        actions: stage.actions.map((entry) =>
          entry.name === 'sast'
            ? { ...entry, gateFailures: { count: 29, listed: sastListed } }
            : entry.name === 'sca'
              ? { ...entry, gateFailures: { count: 1, listed: [failure(40, 'critical')] } }
              : entry,
        ),
      })),
    };

    it('lists them in summary.md, most severe first, escaped, with the rest counted and how to suppress one', () => {
      const lines = renderPipelineSummaryMarkdown(withFailures).split('\n');
      const start = lines.indexOf('## Findings that failed the gate');
      ok(start > 0);
      deepStrictEqual(lines.slice(start, start + 10), [
        '## Findings that failed the gate',
        '',
        '30 findings at or above high, most severe first. Only what the gate counts is listed: suppressed findings and findings the baseline already had are not.',
        '',
        '| Severity | Location | Rule | Message | Fix |',
        '| --- | --- | --- | --- | --- |',
        '| critical | app/m40.py:41 | B602 | finding 40 |  |',
        '| high | app/m00.py:1 | B602 | shell \\| &lt;img src=x onerror=alert(1)&gt; \\# Fake heading |  |',
        '| high | app/m01.py:2 | B602 | finding 1 | Use a list of arguments, not a shell string. |',
        '| high | app/m02.py:3 | B602 | finding 2 |  |',
      ]);
      const rows = lines.filter((line) => line.startsWith('| high |') || line.startsWith('| critical |'));
      strictEqual(rows.length, 25);
      ok(lines.includes('…and 5 more in sca.sarif, sast.sarif, index.html.'), lines.join('\n'));
      ok(lines.includes('To accept a finding on purpose, suppress it with a reason:'));
    });

    it('lists the first ten on the terminal, with the count of the rest and where they are', () => {
      const lines = renderPipelineSummaryText(withFailures).split('\n');
      const start = lines.findIndex((line) => line.startsWith('Failed the gate:'));
      deepStrictEqual(lines.slice(start, start + 4), [
        'Failed the gate: 30 findings at or above high (suppressed findings not counted), most severe first:',
        '  critical app/m40.py:41  B602  finding 40',
        '  high     app/m00.py:1  B602  shell | <img src=x onerror=alert(1)> # Fake heading',
        '  high     app/m01.py:2  B602  finding 1',
      ]);
      ok(lines.includes('           fix: Use a list of arguments, not a shell string.'));
      ok(lines.includes('  …20 more in summary.md and index.html'), lines.join('\n'));
      ok(
        lines.includes(
          'Result: the gate failed: fix or suppress the findings listed above (all of them: index.html, summary.md), or rerun with --continue-on-failure to see every stage.',
        ),
      );
    });
  });

  it("merges the actions' gate failures in the one finding order: severity, path, line, column, tool, rule", () => {
    const finding = (tool: string, ruleId: string, path: string, line: number, column: number): Finding => ({
      tool,
      category: tool === 'bandit' ? 'sast' : 'sca',
      ruleId,
      message: `${ruleId} here`,
      severity: ruleId === 'GHSA-9wx4-h78v-vm56' ? 'critical' : 'high',
      location: { path, line, column },
      fingerprint: `${tool}/${ruleId}`,
    });
    // Each action lists its failures in that same order (most severe first, then reading order).
    const sast = [finding('bandit', 'B605', 'app/main.py', 3, 1), finding('bandit', 'B602', 'app/main.py', 3, 9)];
    const sca = [
      finding('devsecops-sca', 'GHSA-9wx4-h78v-vm56', 'requirements.txt', 4, 1),
      finding('dependency-check', 'CVE-2023-32681', 'requirements.txt', 2, 1),
      finding('devsecops-sca', 'GHSA-j8r2-6x86-q33q', 'requirements.txt', 2, 1),
    ];
    const report: PipelineRunReport = {
      ...REPORT,
      stages: REPORT.stages.map((stage) => ({
        ...stage,
        actions: stage.actions.map((entry) => {
          const listed = entry.name === 'sast' ? sast : entry.name === 'sca' ? sca : [];
          return { ...entry, gateFailures: { count: listed.length, listed: listed.map(listedFinding) } };
        }),
      })),
    };
    deepStrictEqual(
      gateFailuresOfRun(report).listed.map(
        (entry) =>
          `${entry.severity} ${entry.location.path}:${String(entry.location.line)}:${String(entry.location.column)} ${entry.tool} ${entry.ruleId}`,
      ),
      [
        'critical requirements.txt:4:1 devsecops-sca GHSA-9wx4-h78v-vm56',
        'high app/main.py:3:1 bandit B605',
        'high app/main.py:3:9 bandit B602',
        'high requirements.txt:2:1 dependency-check CVE-2023-32681',
        'high requirements.txt:2:1 devsecops-sca GHSA-j8r2-6x86-q33q',
      ],
    );
  });

  it('attack: a hostile report file name cannot end its link or inject markup in summary.md', () => {
    const hostileName = 'x) **INJECTED** [click](javascript:alert(1).sarif';
    const [source] = REPORT.stages;
    ok(source !== undefined);
    const [action] = source.actions;
    ok(action !== undefined);
    const markdown = renderPipelineSummaryMarkdown({
      ...REPORT,
      stages: [{ ...source, actions: [{ ...action, reportFiles: [hostileName, '//evil.example/r.sarif'] }] }],
    });
    const reportLines = markdown.split('\n').filter((line) => line.startsWith('- ['));
    deepStrictEqual(reportLines, [
      '- [x) \\*\\*INJECTED\\*\\* \\[click\\](javascript:alert(1).sarif](x%29%20%2A%2AINJECTED%2A%2A%20%5Bclick%5D%28javascript%3Aalert%281%29.sarif)',
      '- [//evil.example/r.sarif](.//evil.example/r.sarif)',
    ]);
  });
});
