import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { loadPolicyFile, loadScanPolicy, policyFileFrom } from '../../src/config/policy-file';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { errorWithCode } from '../error-with-code';
import type { PipelineRunReport } from '../../src/reporters/pipeline-run-report';
import type { JsonReport } from '../../src/reporters/json';
import { removeCliBundle, runCli } from '../cli/cli-bundle';
import { createProject } from '../scan/fake-tools';
import { useTemporaryDirectory } from '../temporary-directory';

/**
 * A policy file replaces the scanned folder's `.devsecops.yml`: the pull-request build scans with the
 * destination branch's policy, so the pull request's own file cannot suppress, downgrade or ignore what it adds.
 */
describe('policy file (--policy / DEVSECOPS_POLICY_FILE)', () => {
  const scratch = useTemporaryDirectory('devsecops-policy-');

  it('the flag wins over the variable; an empty value is unset; a relative path is made absolute', () => {
    deepStrictEqual(
      [
        policyFileFrom('/a/flag.yml', { DEVSECOPS_POLICY_FILE: '/b/env.yml' }),
        policyFileFrom(undefined, { DEVSECOPS_POLICY_FILE: '/b/env.yml' }),
        policyFileFrom(undefined, { DEVSECOPS_POLICY_FILE: '' }),
        policyFileFrom(undefined, {}),
      ],
      ['/a/flag.yml', '/b/env.yml', undefined, undefined],
    );
    strictEqual(policyFileFrom('rel.yml', {}), join(process.cwd(), 'rel.yml'));
  });

  it('an empty file is the defaults; a file is parsed strictly, its execution keys only recorded', async () => {
    const empty = join(scratch(), 'empty.yml');
    writeFileSync(empty, '');
    deepStrictEqual(await loadPolicyFile(empty), DEFAULT_CONFIG);
    const named = join(scratch(), 'destination.yml');
    writeFileSync(named, 'version: 1\ngate:\n  failOn: medium\ntools:\n  bandit:\n    path: /tmp/evil\n');
    const config = await loadPolicyFile(named);
    strictEqual(config.gate.failOn, 'medium');
    deepStrictEqual(config.executionRequests, [{ key: 'tools.bandit.path', where: `${named}:6` }]);
    writeFileSync(named, 'version: 1\ngate:\n  failOn: severe\n');
    await rejects(loadPolicyFile(named), errorWithCode('CONFIG_INVALID'));
  });

  it('a missing file is an error that says what to do, never a silent fallback to the folder policy', async () => {
    const project = createProject({ '.devsecops.yml': 'version: 1\ngate:\n  failOn: none\n' });
    try {
      const missing = join(scratch(), 'missing.yml');
      await rejects(
        loadScanPolicy(project.root, missing),
        (error) =>
          isDevsecopsError(error) &&
          error.code === 'USAGE' &&
          error.message.startsWith(`The policy file ${missing} (--policy or DEVSECOPS_POLICY_FILE) does not exist`),
      );
      strictEqual((await loadScanPolicy(project.root, undefined)).config.gate.failOn, 'none');
    } finally {
      project.remove();
    }
  });

  it('a FIFO or a link to a device is refused without waiting on it', async () => {
    const fifo = join(scratch(), 'fifo.yml');
    execFileSync('mkfifo', [fifo]);
    await rejects(loadPolicyFile(fifo), errorWithCode('USAGE'));
    const device = join(scratch(), 'zero.yml');
    symlinkSync('/dev/zero', device);
    await rejects(loadPolicyFile(device), errorWithCode('USAGE'));
  });
});

describe('devsecops scan --policy (bundled CLI, real Bandit)', function () {
  this.timeout(120_000);
  after(removeCliBundle);

  /** A pull request that adds a high finding and, in its own `.devsecops.yml`, every way of hiding it. */
  const GAMING_CONFIG = [
    'version: 1',
    'gate:',
    '  failOn: critical',
    'severity:',
    '  B602: info',
    'ignore:',
    '  - app.py',
    'suppressions:',
    '  - rule: "*"',
    '    reason: trust me',
    'tools:',
    '  bandit:',
    '    enabled: off',
    '',
  ].join('\n');
  const APP = 'import subprocess\n\n\ndef run(command):\n    return subprocess.call(command, shell=True)\n';
  const ENV = { PATH: '/usr/bin:/bin' };

  let project: { root: string; remove(): void };
  before(() => {
    project = createProject({ '.devsecops.yml': GAMING_CONFIG, 'app.py': APP });
  });
  after(() => project.remove());

  const b602 = (report: JsonReport): unknown =>
    report.findings.filter((finding) => finding.ruleId === 'B602').map((f) => [f.path, f.severity]);

  it("with the folder's own policy the finding is hidden (what a pull request could do to itself)", async () => {
    const result = await runCli(['scan', project.root, '--only', 'sast', '--format', 'json'], { env: ENV });
    strictEqual(result.exitCode, 2, result.stderr); // Bandit disabled: no tool ran, nothing was checked.
    deepStrictEqual(b602(JSON.parse(result.stdout) as JsonReport), []);
  });

  it('with the destination policy (an empty file: the defaults) the finding counts and the gate fails', async () => {
    const policy = join(project.root, '..', `${project.root.split('/').pop() ?? 'x'}-destination.yml`);
    writeFileSync(policy, '');
    try {
      for (const how of [
        { args: ['--policy', policy], env: ENV },
        { args: [], env: { ...ENV, DEVSECOPS_POLICY_FILE: policy } },
      ]) {
        const result = await runCli(['scan', project.root, '--only', 'sast', '--format', 'json', ...how.args], {
          env: how.env,
        });
        strictEqual(result.exitCode, 1, result.stderr);
        deepStrictEqual(b602(JSON.parse(result.stdout) as JsonReport), [['app.py', 'high']]);
        ok(result.stderr.includes(`devsecops: policy from ${policy}; the folder's .devsecops.yml is not used.`));
      }
    } finally {
      rmSync(policy, { force: true });
    }
  });

  it('pipeline run --policy hands the policy to every scan: the SAST action fails its gate on the finding', async () => {
    const policy = join(project.root, '..', `${project.root.split('/').pop() ?? 'x'}-pipeline-policy.yml`);
    writeFileSync(policy, 'version: 1\ngate:\n  failOn: high\n');
    const reports = join(project.root, '..', `${project.root.split('/').pop() ?? 'x'}-reports`);
    try {
      // The test's CLI bundle lies outside the checkout: it is given the checkout's definition and advisories.
      const definition = join(__dirname, '..', '..', '..', 'pipeline', 'pipeline.yml');
      const database = join(__dirname, '..', '..', 'data', 'osv', 'PyPI-pypa-advisory-database-2024-10-10.zip');
      const result = await runCli(
        [
          ...['pipeline', 'run', project.root, '--policy', policy, '--reports-dir', reports],
          ...['--definition', definition, '--sca-database', database],
        ],
        { env: ENV },
      );
      strictEqual(result.exitCode, 1, result.stderr);
      const run = JSON.parse(readFileSync(join(reports, 'pipeline-run.json'), 'utf8')) as PipelineRunReport;
      const sast = run.stages.flatMap((stage) => stage.actions).find((action) => action.name === 'sast');
      const sca = run.stages.flatMap((stage) => stage.actions).find((action) => action.name === 'sca');
      deepStrictEqual(
        [sca?.status, sast?.status, sast?.gate, sast?.findings],
        ['succeeded', 'failed', 'failed', 2], // B404 (low) and B602 (high).
      );
      ok(result.stderr.includes(`devsecops: policy from ${policy}; the folder's .devsecops.yml is not used.`));
    } finally {
      rmSync(policy, { force: true });
      rmSync(reports, { recursive: true, force: true });
    }
  });

  it('a missing policy file stops the scan with exit 2 and says so', async () => {
    const result = await runCli(['scan', project.root, '--only', 'sast', '--policy', '/nonexistent/policy.yml'], {
      env: ENV,
    });
    strictEqual(result.exitCode, 2);
    ok(result.stderr.includes('The policy file /nonexistent/policy.yml'), result.stderr);
  });
});
