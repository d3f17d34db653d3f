import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSarifFindings } from '@devsecops/shared/sarif';
import { runProcess } from '@devsecops/shared/process';
import { toJsonFinding } from '@devsecops/shared/reports';
import type { JsonReport } from '@devsecops/shared/reports';
import { errorsOf, multitoolPath, validateSarif } from './sarif-multitool';

const REPOSITORY = join(__dirname, '..', '..');
const CLI_MAIN = join(REPOSITORY, 'shared', 'src', 'cli', 'main.ts');
const EXAMPLE = join(REPOSITORY, 'examples', 'todo-app');

/** Runs the `devsecops` CLI from source (as `npx --no -- devsecops` would run the bundle) and returns its exit code. */
async function devsecops(
  args: readonly string[],
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const result = await runProcess({
    command: process.execPath,
    args: ['--require', 'tsx/cjs', CLI_MAIN, ...args],
    cwd: REPOSITORY,
    timeoutMs: 170_000,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/**
 * What SARIF output must hold, at the level a user sees: `devsecops scan --format
 * sarif` on the example project (real Bandit, the built-in SCA and Dockerfile
 * engines) passes the SARIF Multitool, and importing that SARIF gives exactly
 * the findings `--format json` printed for the same scan.
 */
describe('devsecops scan --format sarif on the example project', function () {
  this.timeout(400_000);
  let workDir: string;
  let json: JsonReport;
  let sarif: string;

  before(async () => {
    multitoolPath();
    workDir = await mkdtemp(join(tmpdir(), 'devsecops-sarif-cli-'));
    const sarifPath = join(workDir, 'scan.sarif');
    const [jsonRun, sarifRun] = [
      await devsecops(['scan', EXAMPLE, '--format', 'json', '--fail-on', 'none']),
      await devsecops(['scan', EXAMPLE, '--format', 'sarif', '--fail-on', 'none', '--output', sarifPath]),
    ];
    assert.equal(jsonRun.exitCode, 0, jsonRun.stderr);
    assert.equal(sarifRun.exitCode, 0, sarifRun.stderr);
    json = JSON.parse(jsonRun.stdout) as JsonReport;
    sarif = await readFile(sarifPath, 'utf8');
  });
  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('finds something to check (the example has deliberate findings)', () => {
    assert.ok(json.findings.length > 0);
  });

  it('passes Microsoft SARIF Multitool validate with no errors', async () => {
    assert.deepStrictEqual(errorsOf(await validateSarif(sarif, workDir, 'todo-app')), []);
  });

  it('imports back to exactly the findings of --format json', () => {
    const imported = importSarifFindings(sarif, { root: EXAMPLE }).map(toJsonFinding);
    const byFingerprint = (a: { fingerprint: string }, b: { fingerprint: string }): number =>
      a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
    assert.deepStrictEqual([...imported].sort(byFingerprint), [...json.findings].sort(byFingerprint));
  });
});
