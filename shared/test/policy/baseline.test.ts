import { deepStrictEqual, ok, rejects, strictEqual, throws } from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/parse-config';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { errorWithCode } from '../error-with-code';
import type { Finding } from '../../src/findings/finding';
import type { Baseline, BaselineEntry } from '../../src/policy/baseline';
import { compareWithBaseline, findingsInGateScope } from '../../src/policy/baseline';
import { loadBaseline, parseBaselineText } from '../../src/sarif/load-baseline';
import { buildJsonReport, renderJson } from '../../src/reporters/json';
import { renderMarkdown } from '../../src/reporters/markdown';
import { renderConsole } from '../../src/reporters/console';
import { renderSarif } from '../../src/sarif/render-sarif';
import { parseSarifLog } from '../../src/sarif/parse-sarif';
import type { ToolRun } from '../../src/scanners/scanner';
import type { JsonReport } from '../../src/reporters/json';
import { removeCliBundle, runCli } from '../cli/cli-bundle';
import { createProject } from '../scan/fake-tools';
import { SAMPLE_COMPLETE_INPUT, SAMPLE_FINDINGS, SAMPLE_INPUT, SAMPLE_SUPPRESSED } from '../reporters/sample-report';
import { useTemporaryDirectory } from '../temporary-directory';

const entryOf = (finding: Finding): BaselineEntry => ({
  fingerprint: finding.fingerprint,
  tool: finding.tool,
  ruleId: finding.ruleId,
  severity: finding.severity,
  message: finding.message,
  path: finding.location.path,
  line: finding.location.line,
});

const finding = (index: number): Finding => {
  const found = SAMPLE_FINDINGS[index];
  if (found === undefined) throw new Error(`no sample finding ${String(index)}`);
  return found;
};

/** A fixed finding: the baseline had it, the scan does not. */
const FIXED: BaselineEntry = {
  fingerprint: 'v1:0000000000000000000000000000000f',
  tool: 'bandit',
  ruleId: 'B303',
  severity: 'medium',
  message: 'Use of insecure MD5 hash function.',
  path: 'app/hashing.py',
  line: 9,
};

const OK_TOOLS: ToolRun[] = [
  { name: 'bandit', category: 'sast', status: 'ok', unscanned: [{ path: 'legacy/old.py', reason: 'syntax error' }] },
  { name: 'devsecops-sca', category: 'sca', status: 'ok' },
  { name: 'hadolint', category: 'dockerfile', status: 'skipped' },
];

/** A baseline in which every tool of the sample ran and succeeded. */
const baselineOf = (entries: readonly BaselineEntry[]): Baseline => ({
  sources: ['base.sarif'],
  entries,
  unmatchable: 0,
  tools: ['bandit', 'devsecops-sca', 'devsecops-dockerfile', 'hadolint', 'dependency-check'].map((name) => ({
    name,
    succeeded: true,
  })),
});

describe('baseline: new, unchanged and absent findings', () => {
  it('matches by fingerprint; what the baseline had and the scan lost is absent, once', () => {
    const now = [finding(0), finding(1), finding(3)];
    const comparison = compareWithBaseline(
      now,
      baselineOf([entryOf(finding(0)), FIXED, entryOf(finding(3)), FIXED]),
      OK_TOOLS,
    );
    deepStrictEqual([...comparison.unchanged].sort(), [finding(0).fingerprint, finding(3).fingerprint].sort());
    deepStrictEqual(comparison.absent, [FIXED]);
  });

  it('a finding more severe now than the baseline had it is new (same line, the code around it changed), and not absent', () => {
    const now = finding(0);
    strictEqual(now.severity, 'high');
    const at = (severity: Finding['severity']): BaselineEntry => ({ ...entryOf(now), severity });
    const escalated = compareWithBaseline([now], baselineOf([at('low')]), OK_TOOLS);
    deepStrictEqual([[...escalated.unchanged], escalated.absent], [[], []]);
    // The same or a higher severity there (or in either of two overlapping baseline files) is unchanged.
    for (const entries of [[at('low'), at('high')], [at('critical')]]) {
      deepStrictEqual([...compareWithBaseline([now], baselineOf(entries), OK_TOOLS).unchanged], [now.fingerprint]);
    }
  });

  it('is never absent when its tool did not run to completion now, or could not scan its file', () => {
    const hadolintFinding: BaselineEntry = { ...FIXED, tool: 'hadolint', ruleId: 'DL3007', path: 'Dockerfile' };
    const failedTool: BaselineEntry = { ...FIXED, tool: 'dependency-check', ruleId: 'CVE-1' };
    const unscannedFile: BaselineEntry = { ...FIXED, fingerprint: 'v1:1', path: 'legacy/old.py' };
    const comparison = compareWithBaseline([], baselineOf([hadolintFinding, failedTool, unscannedFile]), [
      ...OK_TOOLS,
      { name: 'dependency-check', category: 'sca', status: 'failed', reason: 'x' },
    ]);
    deepStrictEqual(comparison.absent, []);
  });

  it('a tool without a successful baseline run is "no baseline": nothing of it unchanged or absent, all of it new', () => {
    const dockerfileFinding = SAMPLE_FINDINGS.find((item) => item.tool === 'devsecops-dockerfile');
    const banditFinding = finding(0);
    ok(dockerfileFinding !== undefined && banditFinding.tool === 'bandit');
    const fixedDockerfile: BaselineEntry = {
      ...FIXED,
      tool: 'devsecops-dockerfile',
      ruleId: 'DL3020',
      path: 'Dockerfile',
    };
    const entries = [entryOf(banditFinding), entryOf(dockerfileFinding), fixedDockerfile, FIXED];
    const tools: ToolRun[] = [
      { name: 'bandit', category: 'sast', status: 'ok' },
      { name: 'devsecops-dockerfile', category: 'dockerfile', status: 'ok' },
      { name: 'devsecops-sca', category: 'sca', status: 'ok' },
      { name: 'hadolint', category: 'dockerfile', status: 'skipped' },
    ];
    const now = [banditFinding, dockerfileFinding];
    // The baseline has no run of the Dockerfile rules at all (a pipeline that stopped before them), and its SCA
    // run failed: even a finding whose fingerprint it lists is new, and nothing of theirs is fixed.
    const comparison = compareWithBaseline(
      now,
      {
        sources: ['sast.sarif', 'sca.sarif'],
        entries,
        unmatchable: 0,
        tools: [
          { name: 'bandit', succeeded: true },
          { name: 'devsecops-sca', succeeded: false, reason: 'the advisory database cannot be read\nline two' },
        ],
      },
      tools,
    );
    deepStrictEqual([...comparison.unchanged], [banditFinding.fingerprint]);
    deepStrictEqual(comparison.absent, [FIXED]);
    // Only tools that ran now: the skipped hadolint needs no baseline.
    deepStrictEqual(comparison.withoutBaseline, [
      { tool: 'devsecops-dockerfile', reason: 'the baseline has no report of devsecops-dockerfile' },
      { tool: 'devsecops-sca', reason: 'devsecops-sca failed in the baseline: the advisory database cannot be read' },
    ]);
    deepStrictEqual(findingsInGateScope(now, 'new', comparison), [dockerfileFinding]);
    const input = {
      ...SAMPLE_COMPLETE_INPUT,
      result: { findings: now, tools },
      suppressed: [],
      baseline: comparison,
      gate: { ...SAMPLE_INPUT.gate, scope: 'new' as const },
    };
    ok(
      renderConsole(input, { color: false }).includes(
        'Baseline: 1 new, 1 unchanged, 1 absent (fixed) since the baseline; no baseline for devsecops-dockerfile, devsecops-sca: all their findings count as new.',
      ),
    );
    deepStrictEqual(buildJsonReport(input).baseline?.withoutBaseline, comparison.withoutBaseline);
    // SARIF: the run says why it had no baseline, its results are new, and the importer reads it back.
    const sarif = renderSarif(input);
    const runs = (JSON.parse(sarif) as { runs: { tool: { driver: { name: string } }; properties?: unknown }[] }).runs;
    deepStrictEqual(
      runs.map((run) => [run.tool.driver.name, run.properties]),
      [
        ['bandit', undefined],
        ['devsecops-dockerfile', { 'devsecops/noBaseline': 'the baseline has no report of devsecops-dockerfile' }],
        [
          'devsecops-sca',
          { 'devsecops/noBaseline': 'devsecops-sca failed in the baseline: the advisory database cannot be read' },
        ],
      ],
    );
    deepStrictEqual(parseSarifLog(sarif).withoutBaseline, comparison.withoutBaseline);
    deepStrictEqual(parseSarifLog(renderSarif(SAMPLE_COMPLETE_INPUT)).withoutBaseline, []);
  });

  it('the gate counts only new findings with scope new; all with scope all or without a baseline', () => {
    const now = [finding(0), finding(2)];
    const comparison = compareWithBaseline(now, baselineOf([entryOf(finding(0))]), OK_TOOLS);
    deepStrictEqual(findingsInGateScope(now, 'new', comparison), [finding(2)]);
    deepStrictEqual(findingsInGateScope(now, 'all', comparison), now);
    deepStrictEqual(findingsInGateScope(now, 'new', undefined), now);
  });

  it('gate.scope in .devsecops.yml: new or all, anything else an error naming its line', () => {
    deepStrictEqual(parseConfig('version: 1\ngate:\n  scope: all\n', 'x').gate, { failOn: 'high', scope: 'all' });
    deepStrictEqual(parseConfig('version: 1\ngate:\n  failOn: low\n', 'x').gate, { failOn: 'low' });
    throws(
      () => parseConfig('version: 1\ngate:\n  scope: mine\n', '.devsecops.yml'),
      (error) => isDevsecopsError(error) && error.message.includes('.devsecops.yml:3: gate.scope is "mine"'),
    );
  });
});

describe('baseline in reports', () => {
  const comparison = compareWithBaseline(
    [...SAMPLE_FINDINGS, ...(SAMPLE_SUPPRESSED ?? []).map((entry) => entry.finding)],
    baselineOf([entryOf(finding(0)), entryOf(finding(3)), FIXED]),
    SAMPLE_COMPLETE_INPUT.result.tools,
  );
  const input = {
    ...SAMPLE_COMPLETE_INPUT,
    baseline: comparison,
    gate: { ...SAMPLE_INPUT.gate, scope: 'new' as const },
  };

  it('SARIF: every result has its baselineState; the fixed one follows its run as absent; importing skips it', () => {
    const sarif = renderSarif(input);
    const document = JSON.parse(sarif) as {
      runs: { tool: { driver: { name: string } }; results?: { ruleId: string; baselineState?: string }[] }[];
    };
    const states = document.runs.map((run) => [
      run.tool.driver.name,
      (run.results ?? []).map((result) => `${result.ruleId}:${result.baselineState ?? '-'}`),
    ]);
    deepStrictEqual(states, [
      ['bandit', ['B602:unchanged', 'B602:new', 'B105:new', 'B101:new', 'B303:absent']],
      ['devsecops-sca', ['GHSA-h5c8-rqwp-cp95:unchanged', 'PYSEC-2023-74:new']],
      ['devsecops-dockerfile', ['DL3007:new', 'DL3008:new']],
    ]);
    const imported = parseSarifLog(sarif);
    deepStrictEqual(
      imported.results.map((result) => `${result.draft.ruleId}:${result.baselineState ?? '-'}`),
      [
        'B602:unchanged',
        'B602:new',
        'B105:new',
        'GHSA-h5c8-rqwp-cp95:unchanged',
        'PYSEC-2023-74:new',
        'DL3007:new',
        'DL3008:new',
      ],
    );
  });

  it('JSON: each finding and suppressed finding has its state; the baseline block counts and lists the absent', () => {
    const report = buildJsonReport(input);
    deepStrictEqual(
      report.findings.map((item) => `${item.ruleId}@${String(item.line)}:${item.baselineState ?? '-'}`),
      [
        'B602@12:unchanged',
        'B602@40:new',
        'DL3007@1:new',
        'DL3008@5:new',
        'GHSA-h5c8-rqwp-cp95@4:unchanged',
        'PYSEC-2023-74@7:new',
        'B105@3:new',
      ],
    );
    deepStrictEqual(
      report.suppressed.map((item) => item.baselineState),
      ['new'],
    );
    deepStrictEqual(report.baseline, { sources: ['base.sarif'], new: 5, unchanged: 2, absent: [FIXED] });
    strictEqual(buildJsonReport(SAMPLE_COMPLETE_INPUT).baseline, undefined);
  });

  it('console and Markdown say what was compared and that the gate counts new findings', () => {
    const consoleText = renderConsole(input, { color: false });
    ok(consoleText.includes('Baseline: 5 new, 2 unchanged, 1 absent (fixed) since the baseline.'), consoleText);
    ok(
      consoleText.includes(
        'Gate: FAILED (1 new finding at or above high; not counted: 4 below high, 1 suppressed, 2 already in the baseline).',
      ),
      consoleText,
    );
    // The list of what failed the gate holds the new high finding only, not the one the baseline already had.
    ok(consoleText.includes('Failed the gate (1 new finding at or above high, most severe first):'), consoleText);
    const markdown = renderMarkdown(input);
    ok(markdown.includes('gate fails on new findings at high and above'), markdown);
    ok(markdown.includes('Compared with the baseline: 5 new, 2 unchanged, 1 absent (fixed) since the baseline.'));
    // New findings first: the unchanged B602 on line 12 comes after the new one on line 40.
    ok(markdown.indexOf('main.py#L40') < markdown.indexOf('main.py#L12'), markdown);
  });

  it('console lists the new findings first, under their own heading, then the ones the baseline already had', () => {
    const consoleText = renderConsole(input, { color: false });
    const newHeading = consoleText.indexOf('New since the baseline (5):\n');
    const unchangedHeading = consoleText.indexOf('Already in the baseline (2):\n');
    ok(newHeading >= 0 && unchangedHeading > newHeading, consoleText);
    const newB602 = consoleText.indexOf('  40:9  high      B602');
    const unchangedB602 = consoleText.indexOf('  12:5  high      B602');
    ok(newHeading < newB602 && newB602 < unchangedHeading && unchangedHeading < unchangedB602, consoleText);
    // Without a baseline the list stays one list, by file.
    ok(!renderConsole(SAMPLE_COMPLETE_INPUT, { color: false }).includes('since the baseline'));
  });
});

describe('loading a baseline', () => {
  const scratch = useTemporaryDirectory('devsecops-baseline-');

  it('reads our SARIF (suppressed results included) and our JSON report to the same entries', () => {
    const fromSarif = parseBaselineText(renderSarif(SAMPLE_INPUT), 'base.sarif');
    const fromJson = parseBaselineText(renderJson(SAMPLE_INPUT), 'base.json');
    const fingerprints = (entries: readonly BaselineEntry[]): string[] => entries.map((e) => e.fingerprint).sort();
    const expected = [...SAMPLE_FINDINGS, ...(SAMPLE_SUPPRESSED ?? []).map((entry) => entry.finding)]
      .map((item) => item.fingerprint)
      .sort();
    deepStrictEqual([fingerprints(fromSarif.entries), fromSarif.unmatchable], [expected, 0]);
    deepStrictEqual([fingerprints(fromJson.entries), fromJson.unmatchable], [expected, 0]);
    // Which tools each says ran: a failed one is no baseline (a skipped one has no SARIF run at all).
    const failed = {
      name: 'dependency-check',
      succeeded: false,
      reason: 'dependency-check printed no JSON report: <html> & "quotes"',
    };
    const succeeded = ['bandit', 'devsecops-sca', 'devsecops-dockerfile'].map((name) => ({ name, succeeded: true }));
    deepStrictEqual(
      [...fromSarif.tools].sort((a, b) => a.name.localeCompare(b.name)),
      [...succeeded, failed].sort((a, b) => a.name.localeCompare(b.name)),
    );
    deepStrictEqual(
      [...fromJson.tools].sort((a, b) => a.name.localeCompare(b.name)),
      [...succeeded, failed, { name: 'hadolint', succeeded: false, reason: 'the tool did not run' }].sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    );
  });

  it('counts results of another tool without our fingerprint as unmatchable, and skips absent results', () => {
    const foreign = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'semgrep' } },
          results: [
            { ruleId: 'r1', message: { text: 'x' } },
            {
              ruleId: 'r2',
              message: { text: 'y' },
              baselineState: 'absent',
              partialFingerprints: { 'devsecops/v1': 'v1:9' },
            },
          ],
        },
      ],
    });
    deepStrictEqual(parseBaselineText(foreign, 'foreign.sarif'), {
      entries: [],
      unmatchable: 1,
      tools: [{ name: 'semgrep', succeeded: true }],
    });
  });

  it('refuses what is not a report, naming the file and what to pass', () => {
    for (const text of ['not json', '[]', '{"findings": [{"tool": 1}]}', '{"version": "2.1.0"}']) {
      throws(
        () => parseBaselineText(text, 'base.txt'),
        (error) => isDevsecopsError(error) && error.code === 'INPUT_INVALID' && error.message.includes('base.txt'),
        text,
      );
    }
  });

  it('reads every .sarif file of a folder (not its subfolders); an empty folder or a missing path is an error', async () => {
    writeFileSync(join(scratch(), 'sast.sarif'), renderSarif(SAMPLE_INPUT));
    writeFileSync(join(scratch(), 'sca.sarif'), renderSarif(SAMPLE_INPUT));
    writeFileSync(join(scratch(), 'pipeline-run.json'), '{}');
    mkdirSync(join(scratch(), 'logs'));
    writeFileSync(join(scratch(), 'logs', 'other.sarif'), 'not read');
    const baseline = await loadBaseline(scratch());
    deepStrictEqual(baseline.sources, [join(scratch(), 'sast.sarif'), join(scratch(), 'sca.sarif')]);
    strictEqual(baseline.entries.length, 16);
    // Two reports of one scan: each fixed finding is listed absent once.
    strictEqual(compareWithBaseline([], baseline, SAMPLE_COMPLETE_INPUT.result.tools).absent.length, 8);
    const empty = join(scratch(), 'logs-empty');
    mkdirSync(empty);
    await rejects(loadBaseline(empty), errorWithCode('USAGE'));
    await rejects(loadBaseline(join(scratch(), 'missing.sarif')), errorWithCode('USAGE'));
  });
});

describe('devsecops scan --baseline (bundled CLI, real Bandit)', function () {
  this.timeout(120_000);
  after(removeCliBundle);
  const ENV = { PATH: '/usr/bin:/bin' };
  const BEFORE =
    'import subprocess\nimport hashlib\n\n\ndef run(command):\n    return subprocess.call(command, shell=True)\n\n\ndef digest(data):\n    return hashlib.md5(data)\n';
  // The change moves the shell=True call down two lines, fixes the MD5 and adds an eval.
  const AFTER =
    'import subprocess\n\n\n\n\ndef run(command):\n    return subprocess.call(command, shell=True)\n\n\ndef calc(text):\n    return eval(text)\n';

  let project: { root: string; remove(): void };
  let baseline: string;
  before(async () => {
    project = createProject({ 'app.py': BEFORE });
    baseline = `${project.root}-baseline.sarif`;
    const first = await runCli(['scan', project.root, '--only', 'sast', '--format', 'sarif', '--output', baseline], {
      env: ENV,
    });
    strictEqual(first.exitCode, 1, first.stderr);
    writeFileSync(join(project.root, 'app.py'), AFTER);
  });
  after(() => {
    project.remove();
    rmSync(baseline, { force: true });
  });

  const scan = (args: readonly string[], env: NodeJS.ProcessEnv = ENV) =>
    runCli(['scan', project.root, '--only', 'sast', '--format', 'json', ...args], { env });

  it('the moved high finding is unchanged, the eval new, the MD5 absent; scope new passes on the medium eval', async () => {
    for (const result of [
      await scan(['--baseline', baseline]),
      await scan([], { ...ENV, DEVSECOPS_BASELINE: baseline }),
    ]) {
      strictEqual(result.exitCode, 0, result.stderr);
      const report = JSON.parse(result.stdout) as JsonReport;
      deepStrictEqual(
        report.findings.map((item) => `${item.ruleId}@${String(item.line)}:${item.baselineState ?? '-'}`),
        ['B404@1:unchanged', 'B602@7:unchanged', 'B307@11:new'],
      );
      deepStrictEqual(
        report.baseline?.absent.map((entry) => `${entry.ruleId}@${String(entry.line)}`),
        ['B303@10'],
      );
      ok(result.stderr.includes('1 new, 2 unchanged, 1 absent (fixed) since the baseline'), result.stderr);
    }
  });

  it('--gate-scope all counts the unchanged high finding and fails; a bad scope is a usage error', async () => {
    strictEqual((await scan(['--baseline', baseline, '--gate-scope', 'all'])).exitCode, 1);
    const bad = await scan(['--baseline', baseline, '--gate-scope', 'mine']);
    strictEqual(bad.exitCode, 2);
    ok(bad.stderr.includes('--gate-scope mine is not a scope'), bad.stderr);
  });

  it('a tool the baseline has no report of is "no baseline": its findings are new and the scan says so', async () => {
    writeFileSync(join(project.root, 'Dockerfile'), 'FROM python:latest\n');
    try {
      const result = await runCli(
        ['scan', project.root, '--only', 'sast,dockerfile', '--format', 'json', '--baseline', baseline],
        { env: ENV },
      );
      const report = JSON.parse(result.stdout) as JsonReport;
      const dockerfileStates = report.findings
        .filter((item) => item.tool === 'devsecops-dockerfile')
        .map((item) => item.baselineState);
      ok(dockerfileStates.length > 0, result.stdout);
      deepStrictEqual(new Set(dockerfileStates), new Set(['new']));
      // The Dockerfile rules (and ShellCheck for RUN lines, where installed) have no baseline; Bandit has one.
      const withoutBaseline = report.baseline?.withoutBaseline ?? [];
      deepStrictEqual(withoutBaseline[0], {
        tool: 'devsecops-dockerfile',
        reason: 'the baseline has no report of devsecops-dockerfile',
      });
      deepStrictEqual(
        withoutBaseline.filter((entry) => !['devsecops-dockerfile', 'shellcheck'].includes(entry.tool)),
        [],
      );
      ok(
        result.stderr.includes(
          `1 absent (fixed) since the baseline; no baseline for ${withoutBaseline.map((entry) => entry.tool).join(', ')}: all`,
        ),
        result.stderr,
      );
    } finally {
      rmSync(join(project.root, 'Dockerfile'));
    }
  });

  it('a baseline that is not a report stops the scan before it runs, with exit 2', async () => {
    const result = await scan(['--baseline', join(project.root, 'app.py')]);
    strictEqual(result.exitCode, 2);
    ok(result.stderr.includes('is not JSON'), result.stderr);
  });
});
