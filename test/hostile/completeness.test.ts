import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '@devsecops/shared/reports';
import type { PipelineRunReport } from '@devsecops/shared/pipeline';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';
import type { ProcessResult } from '@devsecops/shared/process';
import { BANDIT_GIVES_UP_MS, DEEP_EXPRESSION } from '../../shared/test/scanners/bandit/deep-expression';
import { hostileRepository, removeHostileCli, runBundledPipeline, type HostileRepository } from './hostile-repository';
import { reviewReports } from './hostile-review';

/**
 * Incomplete is never a pass: hostile repositories built by each test, scanned by the real Bandit
 * through the real CLI bundle, and hostile reports read by the PR bot. Each attack once made a scan
 * pass (or could): a file Bandit gave up on hid a `shell=True`, and an empty report had no findings.
 */

/** Bandit from Debian and nothing else on PATH: hadolint and Dependency-Check absent, as on a fresh machine. */
const ENV = { PATH: '/usr/bin:/bin' };

const SHELL_TRUE = ['import subprocess', '', '', 'def run(cmd):', '    subprocess.call(cmd, shell=True)', ''].join(
  '\n',
);

const CLEAN = 'print("hello")\n';

/** `devsecops scan <root> --only sast <args>`, Bandit alone on PATH (`deadlineMs` for files Bandit gives up on). */
function scanSast(repo: HostileRepository, args: readonly string[], deadlineMs?: number): Promise<ProcessResult> {
  return repo.runCli(['scan', repo.root, '--only', 'sast', ...args], {
    env: ENV,
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
  });
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** Asserts that `line` is one whole line of `output` (shown in full when it is not). */
function assertHasLine(output: string, line: string): void {
  assert.ok(lines(output).includes(line), output);
}

describe('hostile repository: what Bandit could not scan is never a pass (real Bandit, CLI bundle)', function () {
  this.timeout(180_000);
  after(removeHostileCli);
  before(function () {
    skipUnlessInstalled(this, existsSync('/usr/bin/bandit'), 'Bandit is not installed (apt-get install bandit)');
  });

  it('a 1,500-term file beside a shell=True file: exit 2, the file listed, the other finding kept', async () => {
    const repo = await hostileRepository({ 'deep.py': DEEP_EXPRESSION, 'run.py': SHELL_TRUE });
    try {
      const result = await scanSast(repo, ['--format', 'json'], BANDIT_GIVES_UP_MS);
      assert.equal(result.exitCode, 2, result.stderr);
      const report = JSON.parse(result.stdout) as JsonReport;
      assert.deepStrictEqual(report.tools[0]?.unscanned, [
        { path: 'deep.py', reason: 'Bandit could not scan it: exception while scanning file' },
      ]);
      assert.deepStrictEqual(report.gate, {
        failOn: 'high',
        passed: false,
        status: 'incomplete',
        incomplete: 'bandit could not scan 1 file',
      });
      assert.deepStrictEqual(
        report.findings.map((finding) => `${finding.path}:${finding.line} ${finding.ruleId}`),
        ['run.py:1 B404', 'run.py:5 B602'],
      );
      assertHasLine(
        result.stderr,
        'devsecops: bandit could not scan deep.py: Bandit could not scan it: exception while scanning file',
      );
    } finally {
      repo.dispose();
    }
  });

  it('the 1,500-term file alone (its shell=True hidden from Bandit) no longer passes, even with --fail-on none', async () => {
    const repo = await hostileRepository({ 'deep.py': DEEP_EXPRESSION, 'clean.py': CLEAN });
    try {
      const result = await scanSast(repo, ['--fail-on', 'none'], BANDIT_GIVES_UP_MS);
      assert.equal(result.exitCode, 2, result.stderr);
      const verdict = lines(result.stdout).find((line) => line.startsWith('Gate: ')) ?? '';
      assert.ok(verdict.startsWith('Gate: INCOMPLETE (bandit could not scan 1 file)'), verdict);
      assertHasLine(result.stdout, '  deep.py  Bandit could not scan it: exception while scanning file  [bandit]');
      assert.ok(!result.stdout.includes('PASSED'));
    } finally {
      repo.dispose();
    }
  });

  it('a Python file with a syntax error: exit 2, unless an ignore glob leaves it out on purpose', async () => {
    const repo = await hostileRepository({ 'legacy/py2.py': 'print "python 2"\n', 'app.py': CLEAN });
    try {
      const incomplete = await scanSast(repo, ['--format', 'markdown']);
      assert.equal(incomplete.exitCode, 2, incomplete.stderr);
      assert.ok(
        incomplete.stdout.startsWith('### ⚠️ DevSecOps scan incomplete: no findings; bandit could not scan 1 file\n'),
      );
      assertHasLine(
        incomplete.stdout,
        '| bandit | legacy/py2.py | Bandit could not scan it: syntax error while parsing AST from file |',
      );

      // The same tree, with the user leaving the Python 2 folder out on purpose.
      const ignoring = await hostileRepository({
        'legacy/py2.py': 'print "python 2"\n',
        'app.py': CLEAN,
        '.devsecops.yml': 'version: 1\nignore:\n  - legacy/**\n',
      });
      try {
        const passed = await scanSast(ignoring, ['--format', 'json']);
        assert.equal(passed.exitCode, 0, passed.stderr);
        const report = JSON.parse(passed.stdout) as JsonReport;
        assert.deepStrictEqual(report.gate, { failOn: 'high', passed: true, status: 'passed' });
        assert.equal(report.tools[0]?.unscanned, undefined);
        assert.ok(!passed.stdout.includes('legacy/py2.py') && !passed.stderr.includes('legacy/py2.py'));
      } finally {
        ignoring.dispose();
      }
    } finally {
      repo.dispose();
    }
  });

  it('pipeline run: the SAST action fails as incomplete (never "gate failed"), its file listed in every report', async () => {
    const repo = await hostileRepository({ 'app.py': CLEAN, 'legacy/py2.py': 'print "python 2"\n' });
    try {
      const result = await runBundledPipeline(repo.root, ENV);
      assert.equal(result.exitCode, 2, result.stderr);
      const run = JSON.parse(
        readFileSync(join(repo.root, 'reports', 'pipeline-run.json'), 'utf8'),
      ) as PipelineRunReport;
      const sast = run.stages.flatMap((stage) => stage.actions).find((action) => action.name === 'sast');
      assert.deepStrictEqual(
        [sast?.status, sast?.gate, sast?.reason, sast?.unscanned],
        [
          'failed',
          'incomplete',
          'incomplete: bandit could not scan 1 file (log: logs/sast.log)',
          [
            {
              tool: 'bandit',
              path: 'legacy/py2.py',
              reason: 'Bandit could not scan it: syntax error while parsing AST from file',
            },
          ],
        ],
      );
      const summary = readFileSync(join(repo.root, 'reports', 'summary.md'), 'utf8');
      assert.ok(summary.includes('Result: **incomplete'), summary);
      assert.ok(summary.includes('| sast | bandit | legacy/py2.py |'), summary);
      const junit = readFileSync(join(repo.root, 'reports', 'sast-junit.xml'), 'utf8');
      assert.ok(junit.includes('<testcase name="not scanned: legacy/py2.py" classname="bandit.sast">'), junit);
      assertHasLine(
        result.stdout,
        'Result: incomplete: 1 file was not scanned, so the gate cannot pass (see summary.md):',
      );
    } finally {
      repo.dispose();
    }
  });

  it('a file named to fake a console line ("\\n[PASS] …") cannot: every output line is ours', async () => {
    const repo = await hostileRepository({
      'evil\n[PASS] all checks passed.py': 'def broken(:\n',
      'ok\nGate: PASSED (no finding at or above high).py': SHELL_TRUE,
    });
    try {
      for (const format of ['console', 'markdown']) {
        const result = await scanSast(repo, ['--format', format]);
        assert.equal(result.exitCode, 2, result.stderr);
        for (const line of [...lines(result.stdout), ...lines(result.stderr)]) {
          assert.ok(!line.startsWith('[PASS]') && !line.startsWith('Gate: PASSED'), `faked line: ${line}`);
        }
        if (format === 'console') {
          assertHasLine(result.stdout, '"ok\\nGate: PASSED (no finding at or above high).py"');
          assertHasLine(
            result.stdout,
            '  "evil\\n[PASS] all checks passed.py"  Bandit could not scan it: syntax error while parsing AST from file  [bandit]',
          );
          assertHasLine(
            result.stderr,
            'devsecops: bandit could not scan "evil\\n[PASS] all checks passed.py": Bandit could not scan it: syntax error while parsing AST from file',
          );
        }
      }
    } finally {
      repo.dispose();
    }
  });
});

describe('hostile reports: an empty or garbled SARIF cannot make the bot say "passed"', function () {
  this.timeout(30_000);

  /** A complete, clean report for another stage: alone, it would pass and approve. */
  const CLEAN_SCA = JSON.stringify({
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'devsecops-sca' } }, invocations: [{ executionSuccessful: true }], results: [] }],
  });

  const HOSTILE_REPORTS: Readonly<Record<string, string>> = {
    'an empty file': '',
    'not JSON': 'All checks passed!',
    'cut off JSON': '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"bandit"}},"results":[',
    'a JSON array': '[]',
    'an object without runs': '{"version":"2.1.0"}',
    'runs that are not a list': '{"version":"2.1.0","runs":"all good"}',
    'no runs at all': '{"version":"2.1.0","runs":[]}',
    'a run without a tool name': '{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[]}]}',
    'another SARIF version': '{"version":"2.0.0","runs":[{"tool":{"driver":{"name":"bandit"}},"results":[]}]}',
    'an unsuccessful run without a reason':
      '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"bandit"}},"invocations":[{"executionSuccessful":false}],"results":[]}]}',
    'a file Bandit skipped (its own SARIF convention)': JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Bandit' } },
          invocations: [
            {
              executionSuccessful: true,
              toolConfigurationNotifications: [
                {
                  level: 'error',
                  message: { text: 'exception while scanning file' },
                  locations: [{ physicalLocation: { artifactLocation: { uri: 'deep.py' } } }],
                },
              ],
            },
          ],
          results: [],
        },
      ],
    }),
  };

  for (const [what, sarif] of Object.entries(HOSTILE_REPORTS)) {
    it(`${what}: no verdict, the report named, never approved (the approval is left as it is)`, async () => {
      const review = await reviewReports({ 'sast.sarif': sarif, 'sca.sarif': CLEAN_SCA }, '', {
        approvedBefore: false,
      });
      assert.ok(review.result.status === 'posted');
      assert.equal(review.result.gate.status, 'incomplete');
      assert.equal(review.result.gate.passed, false);
      assert.ok(review.result.gate.notScanned.every((entry) => entry.report === 'sast.sarif'));
      // An incomplete review writes no approval state at all, so it can never approve.
      assert.deepStrictEqual(review.approvals, []);
      const [summary] = review.comments;
      assert.ok(summary?.includes('No verdict: the scan is incomplete'), summary);
      assert.ok(!/passed/i.test(summary ?? ''), summary);
    });
  }

  it('the clean report alone is the control: it passes and approves', async () => {
    const review = await reviewReports({ 'sca.sarif': CLEAN_SCA }, '', { approvedBefore: false });
    assert.ok(review.result.status === 'posted');
    assert.equal(review.result.gate.status, 'passed');
    assert.deepStrictEqual(review.approvals, ['APPROVE']);
  });
});
