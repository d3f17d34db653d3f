import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineRunReport } from '@devsecops/shared/pipeline';
import { runProcess } from '@devsecops/shared/process';
import { markdownPlainText } from '@devsecops/shared/reports';
import type { ProcessResult } from '@devsecops/shared/process';
import { buildCliInto } from '../../shared/test/cli/cli-bundle';
import { processesLeftIn } from '../../shared/test/pipeline/process-helpers';
import { actionIn, assertScaAndSastOverlapped } from '../../shared/test/pipeline/run-report-actions';

/**
 * Must hold, for real: the bundled CLI runs the repository's
 * pipeline definition and buildspecs, unchanged, on a copy of
 * examples/todo-app, with the real scanners (Bandit from /usr/bin, the
 * built-in SCA and Dockerfile engines). No docker engine is needed: without
 * one the image build is skipped with the reason.
 */
const REPO_ROOT = join(__dirname, '..', '..');
const TODO_APP = join(REPO_ROOT, 'examples', 'todo-app');

/**
 * Bundles the CLI from source with shared/build.mjs, into a scratch folder
 * beside shared/dist (git-ignored `.scratch*`): the bundle then finds the
 * bundled OSV snapshot (shared/data) and the pipeline definition
 * (pipeline/pipeline.yml) exactly as shared/dist/cli.js does for `npm start`.
 */
async function bundleCli(): Promise<{ cli: string; dir: string }> {
  const dir = mkdtempSync(join(REPO_ROOT, 'shared', '.scratch-pipeline-cli-'));
  await buildCliInto(dir);
  return { cli: join(dir, 'cli.js'), dir };
}

function copyTodoApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'devsecops-todo-app-'));
  cpSync(TODO_APP, dir, {
    recursive: true,
    filter: (source) => !/[/\\](reports|__pycache__)([/\\]|$)/.test(source.slice(TODO_APP.length)),
  });
  return dir;
}

function readReport(dir: string): PipelineRunReport {
  return JSON.parse(readFileSync(join(dir, 'reports', 'pipeline-run.json'), 'utf8')) as PipelineRunReport;
}

function stageStatuses(report: PipelineRunReport): [string, string][] {
  return report.stages.map((stage) => [stage.name, stage.status]);
}

describe('devsecops pipeline run on examples/todo-app', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  let cli = '';
  before(async () => {
    const bundle = await bundleCli();
    cli = bundle.cli;
    dirs.push(bundle.dir);
  });
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const runCli = (args: readonly string[]): Promise<ProcessResult> =>
    runProcess({ command: process.execPath, args: [cli, ...args], timeoutMs: 120_000 });

  it('runs SCA and SAST in parallel and stops at application validation by default (exit 1)', async () => {
    const dir = copyTodoApp();
    dirs.push(dir);
    const result = await runCli(['pipeline', 'run', dir]);
    strictEqual(result.exitCode, 1, result.stderr);
    const report = readReport(dir);
    deepStrictEqual(stageStatuses(report), [
      ['source', 'succeeded'],
      ['application-validation', 'failed'],
      ['dockerfile-validation', 'skipped'],
      ['image-build', 'skipped'],
    ]);
    const sca = actionIn(report, 'sca');
    const sast = actionIn(report, 'sast');
    assertScaAndSastOverlapped(report);
    deepStrictEqual([sca.status, sca.gate, sast.status, sast.gate], ['failed', 'failed', 'failed', 'failed']);
    ok(sca.findings > 0 && sast.findings > 0, `findings: sca ${sca.findings}, sast ${sast.findings}`);
    const files = readdirSync(join(dir, 'reports')).sort();
    deepStrictEqual(files, [
      'index.html',
      'logs',
      'pipeline-run.json',
      'sast-junit.xml',
      'sast.html',
      'sast.sarif',
      'sca-junit.xml',
      'sca.html',
      'sca.sarif',
      'summary.md',
    ]);
    ok(result.stdout.includes(`Reports: ${join(dir, 'reports')}`), result.stdout);
    // The terminal, summary.md and index.html name the findings that failed the gate, as pipeline-run.json counts them.
    const failing = [sca, sast].flatMap((entry) => entry.gateFailures?.listed ?? []);
    const failingCount = (sca.gateFailures?.count ?? 0) + (sast.gateFailures?.count ?? 0);
    ok(failingCount > 0 && failing.length === failingCount, JSON.stringify([sca.gateFailures, sast.gateFailures]));
    ok(failing.every((finding) => finding.severity === 'high' || finding.severity === 'critical'));
    ok(result.stdout.includes(`Failed the gate: ${String(failingCount)} findings at or above high`), result.stdout);
    const summary = readFileSync(join(dir, 'reports', 'summary.md'), 'utf8');
    const html = readFileSync(join(dir, 'reports', 'index.html'), 'utf8');
    for (const finding of failing) {
      const where = `${finding.location.path}:${String(finding.location.line)}`;
      ok(result.stdout.includes(`${where}  ${finding.ruleId}`), `${where} missing from the terminal`);
      ok(summary.includes(markdownPlainText(where)), `${where} missing from summary.md`);
      ok(html.includes(`>${where}</a>`), `${where} missing from index.html`);
    }
    ok(html.includes(`<h2 id="gate-failures">Failed the gate (${String(failingCount)})</h2>`));
    ok(html.includes('<a href="logs/sast.log">logs/sast.log</a>'));
  });

  it('runs every stage with --continue-on-failure', async () => {
    const dir = copyTodoApp();
    dirs.push(dir);
    const result = await runCli(['pipeline', 'run', dir, '--continue-on-failure']);
    strictEqual(result.exitCode, 1, result.stderr);
    const report = readReport(dir);
    const notRunBecauseOfGate = report.stages.filter((stage) => stage.reason?.startsWith('not run:'));
    deepStrictEqual(notRunBecauseOfGate, []);
    const hadolint = actionIn(report, 'hadolint');
    strictEqual(hadolint.status, 'failed');
    ok(hadolint.findings > 0);
    const imageBuild = actionIn(report, 'image-build');
    // Where a container engine answers the image is built; here (no daemon) it is skipped with the reason.
    ok(imageBuild.status !== 'skipped' || /container engine/.test(imageBuild.reason ?? ''), JSON.stringify(imageBuild));
  });

  it('rejects a bad --fail-on with exit 2 and a message that says what to use', async () => {
    const result = await runCli(['pipeline', 'run', TODO_APP, '--fail-on', 'severe']);
    strictEqual(result.exitCode, 2);
    strictEqual(
      result.stderr.trim(),
      'devsecops: --fail-on severe is not a severity; use critical, high, medium, low, info or none.',
    );
  });

  it('stops every child process on Ctrl-C and exits 2 with a cancelled report', async () => {
    const dir = copyTodoApp();
    dirs.push(dir);
    // The interrupt must land while the scans run. The todo-app alone is scanned in well under a second (less
    // with Bandit's results remembered), so the copy gets enough Python to keep Bandit busy for seconds, and no
    // remembered results: otherwise the run could end before the interrupt and the test would prove nothing.
    const busyWork = join(dir, 'todo_app', 'generated');
    mkdirSync(busyWork);
    for (let module = 0; module < 1000; module++) {
      const body = Array.from({ length: 40 }, (_, line) => `def f${line}(x):\n    return eval(x) + ${line}\n`);
      writeFileSync(join(busyWork, `module_${module}.py`), body.join(''));
    }
    const child = spawn(process.execPath, [cli, 'pipeline', 'run', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEVSECOPS_NO_CACHE: '1' },
    });
    let stderr = '';
    let interrupts = 0;
    const exitCode = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        // A person pressing Ctrl-C twice: once while both actions run, and once more while it stops.
        if (stderr.includes('action sast: started') && interrupts === 0) {
          interrupts = 1;
          setTimeout(() => child.kill('SIGINT'), 300);
        }
        if (stderr.includes('Cancelling:') && interrupts === 1) {
          interrupts = 2;
          child.kill('SIGINT');
        }
      });
      child.on('close', (code) => resolve(code));
    });
    strictEqual(exitCode, 2, stderr);
    const report = readReport(dir);
    strictEqual(report.cancelled, true);
    deepStrictEqual(stageStatuses(report).slice(2), [
      ['dockerfile-validation', 'skipped'],
      ['image-build', 'skipped'],
    ]);
    deepStrictEqual(await processesLeftIn(dir), []);
  });
});
