import assert from 'node:assert/strict';
import type { PipelineRunReport } from '@devsecops/shared/pipeline';
import { gateFailuresOf, summarisePipelineRun } from '../../src/model/pipeline-summary';
import { finding } from './finding-fixture';

function run(
  overrides: Partial<PipelineRunReport> = {},
  gate: 'failed' | 'incomplete' | 'none' = 'failed',
): PipelineRunReport {
  const action = (name: string, status: 'succeeded' | 'failed' | 'skipped', findings: number) => ({
    name,
    status,
    startedAt: status === 'skipped' ? null : '2026-12-02T10:00:00.000Z',
    endedAt: status === 'skipped' ? null : '2026-12-02T10:00:05.000Z',
    findings,
    reportFiles: [],
    // An AWS run's actions carry no gate verdict ('none').
    ...(status === 'skipped' || gate === 'none' ? {} : { gate: status === 'failed' ? gate : ('passed' as const) }),
  });
  return {
    runner: 'local',
    source: '/work/app',
    startedAt: '2026-12-02T10:00:00.000Z',
    endedAt: '2026-12-02T10:00:09.000Z',
    failOn: 'high',
    continueOnFailure: false,
    cancelled: false,
    reportsDir: '/tmp/reports',
    stages: [
      { name: 'source', status: 'succeeded', actions: [action('source', 'succeeded', 0)] },
      {
        name: 'application-validation',
        status: 'failed',
        actions: [action('sca', 'failed', 21), action('sast', 'succeeded', 6)],
      },
      { name: 'dockerfile-validation', status: 'skipped', reason: 'an earlier stage failed', actions: [] },
    ],
    ...overrides,
  };
}

describe('gateFailuresOf and summarisePipelineRun', () => {
  // 26 reported findings (the 27th result of the reports was suppressed, so it is not among them): 3 at the gate.
  const reported = [
    finding('devsecops-sca', 'PYSEC-1', 3, { severity: 'high' }),
    finding('bandit', 'B602', 5, { severity: 'critical' }),
    finding('devsecops-sca', 'PYSEC-2', 4, { severity: 'high' }),
    ...Array.from({ length: 23 }, (_, index) => finding('bandit', 'B101', index + 10, { severity: 'medium' })),
  ];

  it('counts only the reported findings at or above the run threshold, most severe first', () => {
    const gate = gateFailuresOf(run(), reported);
    assert.equal(gate.threshold, 'high');
    assert.equal(gate.reported, 26);
    assert.deepEqual(
      gate.failing.map((entry) => `${entry.severity} ${entry.ruleId}`),
      ['critical B602', 'high PYSEC-1', 'high PYSEC-2'],
    );
  });

  it('says "gate failed: 3 findings ≥ high", not the reports\' total', () => {
    const report = run();
    const summary = summarisePipelineRun(report, gateFailuresOf(report, reported));
    assert.deepEqual(summary, {
      passed: false,
      gateFailed: true,
      text: 'DevSecOps pipeline (locally) failed at application-validation: gate failed: 3 findings ≥ high (26 findings reported). Stages run: source, application-validation.',
    });
  });

  it('uses the run threshold: at medium every reported finding counts, at none the gate is off', () => {
    assert.equal(gateFailuresOf(run({ failOn: 'medium' }), reported).failing.length, 26);
    const off = run({
      failOn: 'none',
      stages: run().stages.map((stage) => ({ ...stage, status: 'succeeded' as const })),
    });
    const gate = gateFailuresOf(off, reported);
    assert.equal(gate.failing.length, 0);
    assert.match(summarisePipelineRun(off, gate).text, /passed: 26 findings reported \(the gate is off\)/);
  });

  it('a run without a threshold uses the default (high)', () => {
    assert.equal(gateFailuresOf(run({ failOn: null }), reported).threshold, 'high');
  });

  it('a stage that failed for another reason is not called a gate failure', () => {
    const report = run({}, 'incomplete');
    const failedReason = {
      ...report,
      stages: report.stages.map((stage) =>
        stage.name === 'application-validation' ? { ...stage, reason: 'sca: a tool failed' } : stage,
      ),
    };
    const summary = summarisePipelineRun(failedReason, gateFailuresOf(failedReason, reported));
    assert.equal(summary.gateFailed, false);
    assert.match(summary.text, /failed at application-validation: sca: a tool failed \(26 findings reported\)/);
  });

  it('an AWS run (no per-action gate) whose failed stage has findings at the gate is a gate failure', () => {
    const aws = run({ runner: 'aws' }, 'none');
    assert.equal(summarisePipelineRun(aws, gateFailuresOf(aws, reported)).gateFailed, true);
  });

  it('a cancelled run says so', () => {
    const report = run({ cancelled: true });
    assert.equal(
      summarisePipelineRun(report, gateFailuresOf(report, [])).text,
      'DevSecOps pipeline (locally) was cancelled: 0 findings reported so far.',
    );
  });
});
