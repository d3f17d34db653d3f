import assert from 'node:assert/strict';
import { FindingsModel } from '../../src/model/findings-model';
import type { ShownFinding } from '../../src/model/findings-model';
import { finding } from './finding-fixture';

function summary(shown: readonly ShownFinding[]): string[] {
  return shown.map(
    (entry) =>
      `${entry.source}:${entry.finding.fingerprint}${entry.stale ? ' stale' : ''}${entry.inPipeline ? ' +pipeline' : ''}`,
  );
}

const DOCKERFILE_TOOLS = ['devsecops-dockerfile', 'hadolint'];

describe('FindingsModel', () => {
  it('shows the workspace results of a file again when its editor closes', () => {
    const model = new FindingsModel();
    const workspace = [1, 2, 3].map((line) => finding('devsecops-dockerfile', 'DL3007', line));
    model.beginWorkspaceScan();
    model.setWorkspaceResult('Dockerfile', { tools: DOCKERFILE_TOOLS, findings: workspace });
    model.setBufferResult('Dockerfile', { tools: DOCKERFILE_TOOLS, findings: workspace.slice(0, 1) });
    assert.deepEqual(summary(model.shown('Dockerfile')), ['buffer:devsecops-dockerfile/DL3007/1']);
    model.closeBuffer('Dockerfile');
    assert.deepEqual(summary(model.shown('Dockerfile')), [
      'workspace:devsecops-dockerfile/DL3007/1',
      'workspace:devsecops-dockerfile/DL3007/2',
      'workspace:devsecops-dockerfile/DL3007/3',
    ]);
  });

  it('forgets the workspace and pipeline findings of deleted files, and keeps an open buffer and other files', () => {
    const model = new FindingsModel();
    model.beginWorkspaceScan();
    model.setWorkspaceResult('app/main.py', { tools: ['bandit'], findings: [finding('bandit', 'B602', 5)] });
    model.setWorkspaceResult('app/util.py', {
      tools: ['bandit'],
      findings: [],
      notScanned: [{ tool: 'bandit', cause: 'parse-error', reason: 'syntax error' }],
    });
    model.setWorkspaceResult('Dockerfile', { tools: DOCKERFILE_TOOLS, findings: [finding('hadolint', 'DL3007', 1)] });
    model.setPipelineResults(new Map([['app/main.py', [finding('bandit', 'B404', 1)]]]));
    model.setBufferResult('app/util.py', { tools: ['bandit'], findings: [finding('bandit', 'B101', 2)] });

    const forgotten = model.forgetDeletedFiles((file) => file.startsWith('app/'));

    assert.deepEqual(forgotten.sort(), ['app/main.py', 'app/util.py']);
    assert.equal(model.has('app/main.py'), false);
    assert.deepEqual(summary(model.shown('app/util.py')), ['buffer:bandit/B101/2']);
    assert.deepEqual(model.notScanned('app/util.py'), []);
    assert.deepEqual(summary(model.shown('Dockerfile')), ['workspace:hadolint/DL3007/1']);
    assert.deepEqual(model.filesWithResults().sort(), ['Dockerfile', 'app/util.py']);
  });

  it('keeps a saved buffer result after the editor closes, when a workspace scan covers the file', () => {
    const model = new FindingsModel();
    model.beginWorkspaceScan();
    model.setWorkspaceResult('Dockerfile', {
      tools: DOCKERFILE_TOOLS,
      findings: [finding('devsecops-dockerfile', 'DL3007', 1), finding('devsecops-dockerfile', 'DL3008', 4)],
    });
    model.setBufferResult(
      'Dockerfile',
      { tools: DOCKERFILE_TOOLS, findings: [finding('devsecops-dockerfile', 'DL3007', 1)] },
      true,
    );
    model.closeBuffer('Dockerfile');
    assert.deepEqual(summary(model.shown('Dockerfile')), ['workspace:devsecops-dockerfile/DL3007/1']);
  });

  it('without a workspace scan, a closed file shows nothing (only open files were scanned)', () => {
    const model = new FindingsModel();
    model.setBufferResult('app.py', { tools: ['bandit'], findings: [finding('bandit', 'B602', 5)] }, true);
    model.closeBuffer('app.py');
    assert.deepEqual(model.shown('app.py'), []);
    assert.equal(model.has('app.py'), false);
  });

  it('shows a finding that a local scan and the pipeline both report once, marked as in the pipeline too', () => {
    const model = new FindingsModel();
    const local = [finding('devsecops-sca', 'PYSEC-1', 3), finding('devsecops-sca', 'PYSEC-2', 3)];
    model.setBufferResult('requirements.txt', { tools: ['devsecops-sca'], findings: local });
    model.setPipelineResults(new Map([['requirements.txt', [...local, finding('dependency-check', 'CVE-1', 3)]]]));
    assert.deepEqual(summary(model.shown('requirements.txt')), [
      'buffer:devsecops-sca/PYSEC-1/3 +pipeline',
      'buffer:devsecops-sca/PYSEC-2/3 +pipeline',
      'pipeline:dependency-check/CVE-1/3 +pipeline',
    ]);
  });

  it('drops pipeline findings of a tool that a newer local scan of the file no longer reports', () => {
    const model = new FindingsModel();
    model.setPipelineResults(new Map([['app.py', [finding('bandit', 'B602', 5)]]]));
    assert.deepEqual(summary(model.shown('app.py')), ['pipeline:bandit/B602/5 +pipeline']);
    // The person fixed it in the editor: the buffer scan after the run finds nothing.
    model.setBufferResult('app.py', { tools: ['bandit'], findings: [] });
    assert.deepEqual(model.shown('app.py'), []);
  });

  it('replaces the previous pipeline run entirely', () => {
    const model = new FindingsModel();
    model.setPipelineResults(new Map([['a.py', [finding('bandit', 'B602', 5)]]]));
    model.setPipelineResults(new Map([['b.py', [finding('bandit', 'B101', 1)]]]));
    assert.deepEqual(model.filesWithResults(), ['b.py']);
    model.clearSource('pipeline');
    assert.deepEqual(model.filesWithResults(), []);
  });

  it('keeps the last good findings, marked stale, while the file does not parse, and says why', () => {
    const model = new FindingsModel();
    const good = [finding('bandit', 'B602', 5), finding('bandit', 'B404', 1)];
    model.setBufferResult('app.py', { tools: ['bandit'], findings: good });
    const reason = 'Bandit could not scan it: syntax error while parsing AST from file';
    model.setBufferResult('app.py', {
      tools: ['bandit'],
      findings: [],
      notScanned: [{ tool: 'bandit', cause: 'parse-error', reason }],
    });
    assert.deepEqual(summary(model.shown('app.py')), ['buffer:bandit/B602/5 stale', 'buffer:bandit/B404/1 stale']);
    assert.equal(model.shown('app.py')[0]?.stale, reason);
    assert.deepEqual(model.notScanned('app.py'), [{ tool: 'bandit', cause: 'parse-error', reason }]);
    // Fixed: the next scan replaces the stale ones and the reason goes away.
    model.setBufferResult('app.py', { tools: ['bandit'], findings: good.slice(0, 1) });
    assert.deepEqual(summary(model.shown('app.py')), ['buffer:bandit/B602/5']);
    assert.deepEqual(model.notScanned('app.py'), []);
  });

  it('while the file does not parse, keeps the findings of the last scan the tool read, not of a run it missed', () => {
    const model = new FindingsModel();
    const good = [finding('bandit', 'B602', 5), finding('bandit', 'B404', 1)];
    model.setBufferResult('app.py', { tools: ['bandit'], findings: good });
    for (const cause of ['missing-tool', 'tool-failed'] as const) {
      model.setBufferResult('app.py', {
        tools: ['bandit'],
        findings: [],
        notScanned: [{ tool: 'bandit', cause, reason: 'Bandit did not run.' }],
      });
    }
    assert.deepEqual(summary(model.shown('app.py')), []);
    model.setBufferResult('app.py', {
      tools: ['bandit'],
      findings: [],
      notScanned: [{ tool: 'bandit', cause: 'parse-error', reason: 'syntax error' }],
    });
    assert.deepEqual(summary(model.shown('app.py')), ['buffer:bandit/B602/5 stale', 'buffer:bandit/B404/1 stale']);
  });

  it('a stale buffer falls back on the workspace findings of the file, and a pipeline result does not hide them', () => {
    const model = new FindingsModel();
    model.beginWorkspaceScan();
    model.setWorkspaceResult('app.py', { tools: ['bandit'], findings: [finding('bandit', 'B602', 5)] });
    model.setPipelineResults(new Map([['app.py', [finding('bandit', 'B603', 9)]]]));
    model.setBufferResult('app.py', {
      tools: ['bandit'],
      findings: [],
      notScanned: [{ tool: 'bandit', cause: 'parse-error', reason: 'does not parse' }],
    });
    assert.deepEqual(summary(model.shown('app.py')), [
      'buffer:bandit/B602/5 stale',
      'pipeline:bandit/B603/9 +pipeline',
    ]);
  });

  it('a workspace scan replaces the previous one and records that the whole workspace was scanned', () => {
    const model = new FindingsModel();
    assert.equal(model.hasWorkspaceScan, false);
    model.beginWorkspaceScan();
    model.setWorkspaceResult('a.py', { tools: ['bandit'], findings: [finding('bandit', 'B602', 5)] });
    model.setWorkspaceGaps([{ tool: 'hadolint', cause: 'missing-tool', reason: 'not installed' }]);
    model.beginWorkspaceScan();
    assert.equal(model.hasWorkspaceScan, true);
    assert.deepEqual(model.filesWithResults(), []);
    assert.deepEqual(model.workspaceNotScanned, []);
  });

  it('a buffer result of one tool leaves the workspace findings of other tools in the file', () => {
    const model = new FindingsModel();
    model.beginWorkspaceScan();
    model.setWorkspaceResult('requirements.txt', {
      tools: ['devsecops-sca', 'dependency-check'],
      findings: [finding('devsecops-sca', 'PYSEC-1', 3), finding('dependency-check', 'CVE-9', 2)],
    });
    // Typing: only the built-in engine runs, and it reports the advisory again.
    model.setBufferResult('requirements.txt', {
      tools: ['devsecops-sca'],
      findings: [finding('devsecops-sca', 'PYSEC-1', 3)],
    });
    assert.deepEqual(summary(model.shown('requirements.txt')), [
      'buffer:devsecops-sca/PYSEC-1/3',
      'workspace:dependency-check/CVE-9/2',
    ]);
  });
});

describe('FindingsModel: a Python file that stopped parsing and was reverted', () => {
  const good = [finding('bandit', 'B602', 5), finding('bandit', 'B404', 1)];
  const syntaxError = {
    tool: 'bandit',
    cause: 'parse-error',
    reason: 'Bandit could not scan it: syntax error while parsing AST from file',
  } as const;
  const banditMissing = { tool: 'bandit', cause: 'missing-tool', reason: 'Bandit was not found.' } as const;

  /** The events the editor can send the store, named as they happen to the file. */
  const steps = {
    scanned: (model: FindingsModel) => model.setBufferResult('app.py', { tools: ['bandit'], findings: good }),
    savedClean: (model: FindingsModel) => model.setBufferResult('app.py', { tools: ['bandit'], findings: good }, true),
    broken: (model: FindingsModel) =>
      model.setBufferResult('app.py', { tools: ['bandit'], findings: [], notScanned: [syntaxError] }),
    savedBroken: (model: FindingsModel) =>
      model.setBufferResult('app.py', { tools: ['bandit'], findings: [], notScanned: [syntaxError] }, true),
    banditMissing: (model: FindingsModel) =>
      model.setBufferResult('app.py', { tools: ['bandit'], findings: [], notScanned: [banditMissing] }),
    pipelineRun: (model: FindingsModel) => model.setPipelineResults(new Map([['app.py', good.slice(0, 1)]])),
    workspaceScanned: (model: FindingsModel) => {
      model.beginWorkspaceScan();
      model.setWorkspaceResult('app.py', { tools: ['bandit'], findings: good });
    },
    closed: (model: FindingsModel) => model.closeBuffer('app.py'),
  } as const satisfies Record<string, (model: FindingsModel) => void>;

  const orders: readonly (readonly (keyof typeof steps)[])[] = [
    ['broken', 'scanned'],
    ['broken', 'broken', 'scanned'],
    ['broken', 'scanned', 'banditMissing', 'scanned'],
    ['broken', 'banditMissing', 'scanned'],
    ['broken', 'scanned', 'pipelineRun'],
    ['broken', 'pipelineRun', 'scanned'],
    ['broken', 'workspaceScanned', 'scanned'],
    ['broken', 'closed'],
    ['broken', 'scanned', 'closed'],
    ['savedBroken', 'savedClean', 'closed'],
    ['savedBroken', 'scanned', 'savedClean'],
  ];

  for (const order of orders) {
    it(`marks nothing stale once the parseable text is scanned: ${order.join(' → ')}`, () => {
      const model = new FindingsModel();
      steps.workspaceScanned(model);
      steps.scanned(model);
      for (const step of order) steps[step](model);
      const shown = model.shown('app.py');
      // The last good findings are the current ones again, each once, whichever source shows them.
      assert.deepEqual(
        shown.map((entry) => entry.finding.fingerprint),
        ['bandit/B602/5', 'bandit/B404/1'],
      );
      assert.deepEqual(
        shown.filter((entry) => entry.stale !== undefined).map((entry) => entry.finding.fingerprint),
        [],
      );
      assert.deepEqual(
        model.notScanned('app.py').filter((gap) => gap.cause === 'parse-error'),
        [],
      );
    });
  }
});
