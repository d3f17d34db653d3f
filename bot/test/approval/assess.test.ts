import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, parseConfig } from '@devsecops/shared/config';
import type { DevsecopsConfig } from '@devsecops/shared/config';
import type { Finding } from '@devsecops/shared/findings';
import { assessFindings } from '../../src/approval/assess';
import type { GateOutcome } from '../../src/approval/gate';
import { policyChangesOf } from '../../src/approval/policy-changes';
import { renderSummary } from '../../src/comments/render-summary';
import { notScannedByManifest } from '../../src/findings/run-manifest';
import { runManifestText } from '../../../shared/test/sarif/run-manifest-fixture';
import { EVAL, SHELL_TRUE, VULNERABLE_PACKAGE } from '../findings';

const config = (yaml: string): DevsecopsConfig => parseConfig(yaml, '.devsecops.yml');

/** The summary of a review with no listed rows: `inline` findings commented, the rest not on the diff. */
const summaryOf = (gate: GateOutcome, allFindings: readonly Finding[], inline: number): string =>
  renderSummary({
    sourceCommit: 'a'.repeat(40),
    gate,
    mode: 'added',
    allFindings,
    inlineCount: inline,
    listed: [],
    notReportedCount: allFindings.length - inline,
    resolvedCount: 0,
  });

describe('what the bot counts: the destination judges, the pull request is judged on what it adds', () => {
  it("lists each way the pull request's own .devsecops.yml would hide a finding, and never approves then", () => {
    const source = config(
      [
        'version: 1',
        'ignore: [requirements.txt]',
        'severity: { B307: info }',
        'suppressions:',
        '  - { rule: B602, reason: "trust me | **bold** [x](http://evil)" }',
        'gate: { failOn: critical, scope: new }',
        'tools: { bandit: { enabled: off }, sca: { enabled: false } }',
      ].join('\n'),
    );
    const destination = config('version: 1\ngate: { failOn: high, scope: all }\n');
    const changes = policyChangesOf({
      findings: [SHELL_TRUE, EVAL, VULNERABLE_PACKAGE],
      destinationConfig: destination,
      sourceConfig: source,
      changedPaths: ['app/main.py', 'services/api/.bandit', '.hadolint.yaml'],
    });
    assert.deepStrictEqual(
      changes.map((change) => [change.kind, change.finding?.ruleId ?? '-', change.detail]),
      [
        ['suppressed', 'B602', 'suppression of B602: trust me | **bold** [x](http://evil)'],
        ['downgraded', 'B307', 'severity medium → info'],
        ['ignored', 'GHSA-m2qf-hxjv-5gpq', 'its file matches an ignore glob'],
        ['config-file', '-', 'services/api/.bandit'],
        ['config-file', '-', '.hadolint.yaml'],
        ['gate', '-', 'gate.failOn high → critical'],
        ['gate', '-', 'gate.scope all → new'],
        ['tool-disabled', '-', 'tools.bandit.enabled auto → off'],
        ['tool-disabled', '-', 'tools.sca.enabled true → false'],
      ],
    );
    const assessment = assessFindings({
      findings: [EVAL],
      notScanned: [],
      destinationConfig: { ...DEFAULT_CONFIG, gate: { failOn: 'critical' } },
      sourceConfig: source,
      changedPaths: [],
    });
    assert.equal(assessment.gate.status, 'passed');
    assert.equal(assessment.gate.passed, false, 'no finding fails the gate, but the policy change needs a reviewer');
    const summary = summaryOf(assessment.gate, [EVAL], 1);
    assert.ok(summary.includes('🔎 **Needs a security reviewer**'), summary);
    assert.ok(summary.includes('#### Changed by this pull request: needs a security reviewer'), summary);
    assert.ok(summary.includes('| downgraded | `B307` `app/main.py:29` | severity medium → info |'), summary);
    assert.ok(!summary.includes('<!--'), summary);
  });

  it('lists policy the pull request adds that no finding meets yet: once merged it hides what later pull requests add', () => {
    const destination = config(
      'version: 1\nignore: [docs/**]\nseverity: { B101: low }\nsuppressions:\n  - { rule: B303, reason: reviewed }\n',
    );
    const source = config(
      [
        'version: 1',
        'ignore: [docs/**, plugins/**]',
        'severity: { B101: low, B608: info, DL3002: critical }',
        'suppressions:',
        '  - { rule: B303, reason: reviewed }',
        '  - { rule: B602, path: "plugins/**", reason: later }',
        'tools: { bandit: { configFile: plugins/bandit.yaml }, sca: { maxDatabaseAgeDays: 400 } }',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      policyChangesOf({
        findings: [SHELL_TRUE],
        destinationConfig: destination,
        sourceConfig: source,
        changedPaths: ['.devsecops.yml'],
      }).map((change) => `${change.kind} ${change.detail}`),
      [
        'policy ignore "plugins/**" (no finding matches it now)',
        'policy severity of B608 → info (no finding of it now)',
        'policy suppression of B602 in plugins/**: later (no finding matches it now)',
        'config-file tools.bandit.configFile (none) → plugins/bandit.yaml',
        'policy tools.sca.maxDatabaseAgeDays 30 → 400',
      ],
    );
  });

  it('an unchanged or stricter policy changes nothing', () => {
    const destination = config('version: 1\nsuppressions:\n  - { rule: B307, reason: reviewed }\n');
    const stricter = config(
      'version: 1\ngate: { failOn: medium }\nsuppressions:\n  - { rule: B307, reason: reviewed }\n',
    );
    for (const source of [destination, stricter, DEFAULT_CONFIG]) {
      assert.deepStrictEqual(
        policyChangesOf({
          findings: [SHELL_TRUE],
          destinationConfig: destination,
          sourceConfig: source,
          changedPaths: ['app/main.py'],
        }),
        [],
      );
    }
  });

  it("the destination's Bandit config file counts however its path is written (./, a folder and back)", () => {
    // The scanner resolves the path from the root, so each of these names the same file as the diff's path.
    for (const written of ['./security/bandit.yaml', 'security/./bandit.yaml', 'tools/../security/bandit.yaml']) {
      const destination = config(`version: 1\ntools: { bandit: { configFile: "${written}" } }\n`);
      assert.deepStrictEqual(
        policyChangesOf({
          findings: [],
          destinationConfig: destination,
          sourceConfig: destination,
          changedPaths: ['security/bandit.yaml'],
        }).map((change) => `${change.kind} ${change.detail}`),
        ['config-file security/bandit.yaml'],
        written,
      );
    }
  });

  it('with scope new, findings the destination already had do not count; with scope all they do', () => {
    const preExisting = new Set([SHELL_TRUE.fingerprint]);
    const judged = (yaml: string) =>
      assessFindings({ findings: [SHELL_TRUE, EVAL], notScanned: [], destinationConfig: config(yaml), preExisting })
        .gate;
    assert.deepStrictEqual(judged('version: 1\n'), {
      failOn: 'high',
      passed: true,
      status: 'passed',
      failingCount: 0,
      notScanned: [],
      scope: 'new',
      preExistingCount: 1,
    });
    const all = judged('version: 1\ngate: { scope: all }\n');
    assert.deepStrictEqual([all.status, all.failingCount, all.preExistingCount], ['failed', 1, undefined]);
    const summary = summaryOf(judged('version: 1\n'), [SHELL_TRUE, EVAL], 0);
    assert.ok(
      summary.includes(
        '✅ **Security gate passed** (1 finding at or above high the destination already had does not count)',
      ),
      summary,
    );
  });
});

describe('a tool without a baseline: its findings all count, and the summary says why', () => {
  it('counts a finding of a tool the destination has no report of, and names the tool (escaped) in the summary', () => {
    const withoutBaseline = [
      { tool: 'bandit', reason: 'the baseline has no report of bandit' },
      { tool: 'evil | **tool**', reason: '[x](http://evil) failed in the baseline: <b>x</b>' },
      { tool: 'bandit', reason: 'the baseline has no report of bandit' },
    ];
    // The destination had EVAL's fingerprint nowhere (no baseline for Bandit): SHELL_TRUE counts and fails the gate.
    const gate = assessFindings({
      findings: [SHELL_TRUE, EVAL],
      notScanned: [],
      destinationConfig: config('version: 1\n'),
      preExisting: new Set(),
      withoutBaseline,
    }).gate;
    assert.deepStrictEqual(
      [gate.status, gate.failingCount, gate.withoutBaseline?.map((entry) => entry.tool)],
      ['failed', 1, ['bandit', 'evil | **tool**']],
    );
    const summary = summaryOf(gate, [SHELL_TRUE, EVAL], 0);
    assert.ok(summary.includes('No baseline for `bandit`, '), summary);
    assert.ok(summary.includes('- `bandit`: the baseline has no report of bandit'), summary);
    // SARIF text is inert: the tool name stays in a code span, the reason's link and HTML are escaped.
    assert.ok(summary.includes('- `evil \\| **tool**`: \\[x\\](http://evil) failed'), summary);
    assert.ok(!summary.includes('<b>'), summary);
    // With scope all everything counts anyway: nothing to say.
    const all = assessFindings({
      findings: [SHELL_TRUE],
      notScanned: [],
      destinationConfig: config('version: 1\ngate: { scope: all }\n'),
      withoutBaseline,
    }).gate;
    assert.strictEqual(all.withoutBaseline, undefined);
  });
});

describe('the run manifest: every scan the run lists must have its report', () => {
  it('an action that failed without a verdict, or a listed SARIF not uploaded, is not scanned', () => {
    const text = runManifestText([
      { name: 'sca', status: 'succeeded', gate: 'passed', reportFiles: ['sca.sarif', 'logs/sca.log'] },
      { name: 'sast', status: 'failed', reason: 'exit status 2 (log: logs/sast.log)', reportFiles: ['sast.sarif'] },
      { name: 'hadolint', status: 'failed', gate: 'failed', reportFiles: ['hadolint.sarif'] },
    ]);
    assert.deepStrictEqual(
      notScannedByManifest(text, 'repo/c/pipeline-run.json', ['repo/c/sca.sarif', 'repo/c/hadolint.sarif']),
      [
        { report: 'repo/c/pipeline-run.json', reason: 'the sast action failed: exit status 2 (log: logs/sast.log)' },
        {
          report: 'repo/c/pipeline-run.json',
          reason: 'sast.sarif of the sast action is listed in the run but was not uploaded',
        },
      ],
    );
  });

  it('a complete run says nothing; a manifest that is not one is itself not scanned', () => {
    const complete = runManifestText([
      { name: 'sca', status: 'succeeded', gate: 'passed', reportFiles: ['sca.sarif'] },
    ]);
    assert.deepStrictEqual(notScannedByManifest(complete, 'm', ['sca.sarif']), []);
    for (const text of ['', '{}', '{"stages": 3}']) {
      assert.equal(notScannedByManifest(text, 'm', []).length, 1, text);
    }
  });
});
