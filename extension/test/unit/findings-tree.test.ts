import assert from 'node:assert/strict';
import { buildFindingsTree } from '../../src/model/findings-tree';
import type { FindingsTree, TreeInputFile } from '../../src/model/findings-tree';
import type { ShownFinding } from '../../src/model/findings-model';
import { inlineSuppressionsIn } from '../../src/model/inline-suppressions';
import { finding } from './finding-fixture';

function shown(
  tool: string,
  ruleId: string,
  line: number,
  severity: ShownFinding['finding']['severity'],
): ShownFinding {
  return { finding: finding(tool, ruleId, line, { severity }), source: 'buffer', inPipeline: false };
}

const FILES: TreeInputFile[] = [
  {
    key: 'file:///w/requirements.txt',
    path: 'requirements.txt',
    findings: [shown('devsecops-sca', 'PYSEC-2', 3, 'high'), shown('devsecops-sca', 'PYSEC-1', 2, 'critical')],
  },
  {
    key: 'file:///w/app.py',
    path: 'app.py',
    findings: [shown('bandit', 'B602', 5, 'high'), shown('bandit', 'B404', 1, 'low')],
  },
  { key: 'file:///w/Dockerfile', path: 'Dockerfile', findings: [shown('devsecops-dockerfile', 'DL3007', 1, 'high')] },
];

/** The tree as lines: "severity (count)", "  file (count)", "    rule:line [gate]". */
function outline(tree: FindingsTree): string[] {
  return tree.severities.flatMap((severity) => [
    `${severity.severity} (${severity.count})`,
    ...severity.files.flatMap((file) => [
      `  ${file.path} (${file.findings.length})`,
      ...file.findings.map(
        (leaf) =>
          `    ${leaf.shown.finding.ruleId}:${leaf.shown.finding.location.line}${leaf.failsGate ? ' gate' : ''}`,
      ),
    ]),
  ]);
}

describe('buildFindingsTree', () => {
  it('groups severity → file → finding, most severe first, with counts that add up', () => {
    const tree = buildFindingsTree(FILES, { gateFingerprints: new Set(['bandit/B602/5']) });
    assert.deepEqual(outline(tree), [
      'critical (1)',
      '  requirements.txt (1)',
      '    PYSEC-1:2',
      'high (3)',
      '  Dockerfile (1)',
      '    DL3007:1',
      '  app.py (1)',
      '    B602:5 gate',
      '  requirements.txt (1)',
      '    PYSEC-2:3',
      'low (1)',
      '  app.py (1)',
      '    B404:1',
    ]);
    assert.equal(tree.shown, 5);
    assert.equal(tree.hidden, 0);
    assert.equal(tree.gateFailures, 1);
    assert.deepEqual(tree.tools, ['bandit', 'devsecops-dockerfile', 'devsecops-sca']);
  });

  it('filters by tool and counts what it hides', () => {
    const tree = buildFindingsTree(FILES, { gateFingerprints: new Set(), tools: new Set(['bandit']) });
    assert.deepEqual(outline(tree), [
      'high (1)',
      '  app.py (1)',
      '    B602:5',
      'low (1)',
      '  app.py (1)',
      '    B404:1',
    ]);
    assert.equal(tree.hidden, 3);
    assert.deepEqual(
      tree.tools,
      ['bandit', 'devsecops-dockerfile', 'devsecops-sca'],
      'the filter still offers every tool',
    );
  });

  it('"new only" leaves out the findings the baseline has', () => {
    const baseline = new Set(['devsecops-sca/PYSEC-1/2', 'devsecops-sca/PYSEC-2/3', 'bandit/B404/1']);
    const tree = buildFindingsTree(FILES, { gateFingerprints: new Set(), baseline });
    assert.deepEqual(outline(tree), ['high (2)', '  Dockerfile (1)', '    DL3007:1', '  app.py (1)', '    B602:5']);
    assert.equal(tree.hidden, 3);
  });

  it('is empty for no findings', () => {
    assert.deepEqual(buildFindingsTree([], { gateFingerprints: new Set() }), {
      severities: [],
      shown: 0,
      hidden: 0,
      tools: [],
      gateFailures: 0,
    });
  });
});

describe('inlineSuppressionsIn', () => {
  it('reads # nosec with rules and a reason, and a bare # nosec', () => {
    const text = [
      'import subprocess  # nosec B404 # only used with constants',
      'subprocess.call(cmd, shell=True)  # nosec B602, B607',
      'eval(x)  # nosec',
      'print("no pragma")',
    ].join('\n');
    assert.deepEqual(inlineSuppressionsIn('app/main.py', text), [
      { path: 'app/main.py', line: 1, kind: 'nosec', rules: ['B404'], reason: 'only used with constants' },
      { path: 'app/main.py', line: 2, kind: 'nosec', rules: ['B602', 'B607'], reason: '' },
      { path: 'app/main.py', line: 3, kind: 'nosec', rules: [], reason: '' },
    ]);
  });

  it('reads hadolint ignore pragmas with the comment line above as the reason', () => {
    const text = [
      '# base image pinned by digest at release time',
      '# hadolint ignore=DL3007',
      'FROM python:latest',
      '# hadolint ignore=DL3008,DL3009',
      'RUN apt-get update && apt-get install -y curl',
    ].join('\r\n');
    assert.deepEqual(inlineSuppressionsIn('Dockerfile', text), [
      {
        path: 'Dockerfile',
        line: 2,
        kind: 'hadolint',
        rules: ['DL3007'],
        reason: 'base image pinned by digest at release time',
      },
      { path: 'Dockerfile', line: 4, kind: 'hadolint', rules: ['DL3008', 'DL3009'], reason: '' },
    ]);
  });

  it('lists every ignore pragma the Dockerfile engine honours: spaced, tabbed, commented, global and stage', () => {
    const text = [
      '# hadolint global ignore=DL3007',
      'FROM python:latest',
      '\t# hadolint ignore = DL3008 , DL3009  # apt pins follow the base image',
      'RUN apt-get update && apt-get install -y curl',
      '# hadolint stage ignore=DL3013',
      'RUN pip install flask',
    ].join('\n');
    assert.deepEqual(inlineSuppressionsIn('Dockerfile', text), [
      { path: 'Dockerfile', line: 1, kind: 'hadolint', rules: ['DL3007'], reason: '', scope: 'file' },
      {
        path: 'Dockerfile',
        line: 3,
        kind: 'hadolint',
        rules: ['DL3008', 'DL3009'],
        reason: 'apt pins follow the base image',
      },
      { path: 'Dockerfile', line: 5, kind: 'hadolint', rules: ['DL3013'], reason: '', scope: 'stage' },
    ]);
  });

  it('ignores other files, and a pragma-looking text keeps its words as data', () => {
    assert.deepEqual(inlineSuppressionsIn('requirements.txt', 'flask==1.0 # nosec'), []);
    const [entry] = inlineSuppressionsIn('x.py', 'x = 1  # nosec B101 # $(alert) <script>alert(1)</script>');
    assert.equal(entry?.reason, '$(alert) <script>alert(1)</script>');
  });
});
