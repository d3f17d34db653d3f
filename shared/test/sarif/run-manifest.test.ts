import { deepStrictEqual } from 'node:assert/strict';
import type { FindingFix, SourceLocation } from '../../src/findings/finding';
import type { UnscannedEntry } from '../../src/policy/completeness';
import type {
  PipelineActionReport,
  PipelineRunReport,
  PipelineStageReport,
} from '../../src/reporters/pipeline-run-report';
import type { ListedFinding } from '../../src/reporters/gate-failures';
import type { AdvisoryDatabaseAge } from '../../src/scanners/scanner';
import { readRunManifest } from '../../src/sarif/run-manifest';
import { runManifest } from './run-manifest-fixture';

// Every field of every object a run report holds, optional ones included: a field added to these types must be
// added here, where the schema must then take it.
const location: Required<SourceLocation> = { path: 'app/main.py', line: 3, column: 9, endLine: 3, endColumn: 40 };
const fix: Required<FindingFix> = { description: 'Upgrade requests to 2.31.0', fixedVersions: ['2.31.0'] };
const listed: Required<ListedFinding> = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B602',
  severity: 'high',
  message: 'subprocess call with shell=True identified, security issue.',
  location,
  fix,
};
const unscanned: Required<UnscannedEntry> = { path: 'app/broken.py', reason: 'syntax error', tool: 'bandit' };
const advisoryDatabase: Required<AdvisoryDatabaseAge> = {
  date: '2026-01-01',
  ageDays: 3,
  maxAgeDays: 30,
  source: 'bundled snapshot 2026-01-01',
};
const action: Required<PipelineActionReport> = {
  name: 'sast',
  status: 'failed',
  startedAt: '2026-01-01T10:00:01.000Z',
  endedAt: '2026-01-01T10:00:59.000Z',
  findings: 1,
  reason: 'gate failed: findings at or above high',
  gate: 'failed',
  unscanned: [unscanned],
  advisoryDatabase,
  gateFailures: { count: 1, listed: [listed] },
  reportFiles: ['sast.sarif', 'logs/sast.log'],
  skippedCloudOnlySteps: ['push the image to ECR'],
  buildId: 'devsecops-local:0b5f',
  exportedVariables: { IMAGE_TAG: 'c0ffee' },
};
const stage: Required<PipelineStageReport> = {
  name: 'application-validation',
  status: 'failed',
  reason: 'failed: sast',
  actions: [action, { ...action, name: 'sca', startedAt: null, endedAt: null, status: 'skipped' }],
};
const run: Required<PipelineRunReport> = {
  runner: 'aws',
  source: 'codecommit://todo-app@c0ffee',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: '2026-01-01T10:01:00.000Z',
  failOn: 'high',
  continueOnFailure: true,
  cancelled: false,
  runFailure: 'CodePipeline ended the execution Failed',
  reportsDir: '/work/app/reports',
  gate: { failOn: 'high', scope: 'new' },
  stages: [stage],
};

describe('readRunManifest: pipeline-run.json against its schema', () => {
  it('takes a run report with every field the report types have', () => {
    deepStrictEqual(readRunManifest(JSON.stringify(run)), { ok: true, manifest: run });
  });

  it('takes a run report with only the fields every run has, and a stage without actions', () => {
    const bare = runManifest([]);
    deepStrictEqual(readRunManifest(JSON.stringify(bare)), { ok: true, manifest: bare });
  });
});
