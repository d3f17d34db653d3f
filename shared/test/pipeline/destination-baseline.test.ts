import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  completeBaselineFromDestination,
  scanActionsOf,
  whyReportIsNoBaseline,
} from '../../src/pipeline/destination-baseline';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { loadPipelineDefinition } from '../../src/pipeline/pipeline-definition';
import type { PipelineDefinition } from '../../src/pipeline/pipeline-definition';
import { whileFolderRefuses } from '../refused-permission';
import { parseSarifLog } from '../../src/sarif/parse-sarif';
import { removeCliBundle, runCli } from '../cli/cli-bundle';
import { createProject } from '../scan/fake-tools';
import { failedRunSarif } from '../sarif/failed-run-sarif';
import { useTemporaryDirectory } from '../temporary-directory';

// The test's CLI bundle lies outside the checkout: it is given the checkout's definition and advisories.
const DEFINITION = join(__dirname, '..', '..', '..', 'pipeline', 'pipeline.yml');
const DATABASE = join(__dirname, '..', '..', 'data', 'osv', 'PyPI-pypa-advisory-database-2024-10-10.zip');

/** A SARIF report whose one tool run failed (Dependency-Check without its data, say). */
const FAILED_SCA = failedRunSarif('devsecops-sca', 'the advisory database cannot be read');

describe('the scan actions of a pipeline definition, and which reports can be a baseline', () => {
  const folder = useTemporaryDirectory('devsecops-baseline-reports-');

  it("devsecops' own pipeline: SCA, SAST and hadolint, each with its SARIF report; never the image build", async () => {
    const scans = scanActionsOf(await loadPipelineDefinition(DEFINITION));
    deepStrictEqual(
      scans.map((scan) => [scan.stage, scan.action.name, scan.report]),
      [
        ['application-validation', 'sca', 'sca.sarif'],
        ['application-validation', 'sast', 'sast.sarif'],
        ['dockerfile-validation', 'hadolint', 'hadolint.sarif'],
      ],
    );
  });

  it('a missing, unreadable, empty or failed-tool report is no baseline, and says why', async () => {
    strictEqual(await whyReportIsNoBaseline(folder(), 'sca.sarif'), 'there is no sca.sarif');
    writeFileSync(join(folder(), 'sca.sarif'), FAILED_SCA);
    strictEqual(
      await whyReportIsNoBaseline(folder(), 'sca.sarif'),
      'devsecops-sca failed in sca.sarif: the advisory database cannot be read',
    );
    writeFileSync(join(folder(), 'sca.sarif'), '{"version": "2.1.0", "runs": []}');
    strictEqual(await whyReportIsNoBaseline(folder(), 'sca.sarif'), 'sca.sarif has no tool run');
    writeFileSync(join(folder(), 'sca.sarif'), 'not json');
    ok((await whyReportIsNoBaseline(folder(), 'sca.sarif'))?.startsWith('sca.sarif cannot be read: '));
    writeFileSync(
      join(folder(), 'sca.sarif'),
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'devsecops-sca' } }, results: [] }] }),
    );
    strictEqual(await whyReportIsNoBaseline(folder(), 'sca.sarif'), undefined);
  });
});

describe('a baseline folder that cannot be written', () => {
  const scratch = useTemporaryDirectory('devsecops-baseline-unwritable-');

  /** Completes the baseline into `baselineDir`: what it threw, and how many scans it started. */
  async function attempt(baselineDir: string): Promise<{ failure: unknown; scans: number }> {
    let scans = 0;
    const failure = await completeBaselineFromDestination({
      tree: scratch(),
      baselineDir,
      runProcess: () => {
        scans += 1;
        return Promise.reject(new Error('no scan should run'));
      },
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    return { failure, scans };
  }

  const message = (baselineDir: string, code: string): string =>
    `Cannot write the baseline folder ${baselineDir} (${code}): check that it can be created and written, or pass --baseline-dir with a folder you can write.`;

  it('is an error that names --baseline-dir and says what to do, before any scan runs', async () => {
    const aFile = join(scratch(), 'a-file');
    writeFileSync(aFile, '');
    const baselineDir = join(aFile, 'baseline');
    const { failure, scans } = await attempt(baselineDir);
    ok(isDevsecopsError(failure), String(failure));
    strictEqual(failure.code, 'FILE_UNREADABLE');
    strictEqual(failure.message, message(baselineDir, 'ENOTDIR'));
    strictEqual(scans, 0);
  });

  it('read-only (chmod 0o555) is an error before any scan runs', async function () {
    const baselineDir = join(scratch(), 'read-only');
    const { failure, scans } = await whileFolderRefuses(this, baselineDir, 0o555, 'a read-only baseline folder', () =>
      attempt(baselineDir),
    );
    ok(isDevsecopsError(failure), String(failure));
    deepStrictEqual([failure.message, scans], [message(baselineDir, 'EACCES'), 0]);
  });

  it('is created with its missing parents, when it can be', async () => {
    const baselineDir = join(scratch(), 'not', 'yet', 'baseline');
    const sources = await completeBaselineFromDestination({
      tree: scratch(),
      baselineDir,
      definition: { sourceName: 'no stages', stages: [] } satisfies PipelineDefinition,
      runProcess: () => Promise.reject(new Error('no scan should run')),
    });
    deepStrictEqual(sources, []);
    ok(existsSync(baselineDir));
  });
});

describe('devsecops pipeline baseline (bundled CLI, real Bandit): the destination scanned for what its reports lack', function () {
  this.timeout(300_000);
  after(removeCliBundle);

  let tree: { root: string; remove(): void };
  let baselineDir: string;
  before(() => {
    tree = createProject({
      'app.py': 'import subprocess\n\n\ndef run(command):\n    return subprocess.call(command, shell=True)\n',
      'requirements.txt': 'PyJWT==1.5.0\n',
      Dockerfile: 'FROM python:latest\nCOPY . /app\n',
    });
    baselineDir = mkdtempSync(join(tmpdir(), 'devsecops-baseline-dir-'));
  });
  after(() => {
    tree.remove();
    rmSync(baselineDir, { recursive: true, force: true });
  });

  it('keeps a usable report, scans the actions whose report is missing or failed, and adds only their SARIF', async () => {
    const sast = await runCli([
      'scan',
      tree.root,
      '--only',
      'sast',
      '--output',
      `sarif=${join(baselineDir, 'sast.sarif')}`,
    ]);
    strictEqual(sast.exitCode, 1, sast.stderr);
    const sastBefore = readFileSync(join(baselineDir, 'sast.sarif'), 'utf8');
    writeFileSync(join(baselineDir, 'sca.sarif'), FAILED_SCA);
    const rules = (report: string): string[] =>
      parseSarifLog(readFileSync(join(baselineDir, report), 'utf8'))
        .results.map((entry) => entry.draft.ruleId)
        .sort();

    // A baseline variable of the caller never reaches the destination's own scans (it would stop them: exit 2).
    // The bundle here has no advisory database of its own: SCA fails at the destination too, so it has none.
    const baseline = (extra: readonly string[] = []) =>
      runCli(['pipeline', 'baseline', tree.root, '--baseline-dir', baselineDir, '--definition', DEFINITION, ...extra], {
        env: { DEVSECOPS_BASELINE: join(baselineDir, 'does-not-exist.sarif') },
      });
    const first = await baseline();
    strictEqual(first.exitCode, 0, first.stderr);
    const lines = first.stdout.trimEnd().split('\n');
    ok(
      lines[0]?.startsWith(
        'No baseline for sca: devsecops-sca failed in sca.sarif: the advisory database cannot be read, and at the destination: devsecops-sca failed in sca.sarif: No vulnerability database',
      ),
      lines[0],
    );
    ok(lines[0]?.endsWith('; all its findings count as new'), lines[0]);
    deepStrictEqual(lines.slice(1), [
      'Baseline for sast: the reports of the destination commit (sast.sarif)',
      'Baseline for hadolint: a scan of the destination commit in this build, not uploaded (there is no hadolint.sarif)',
    ]);
    // Only the missing actions ran: SAST's report is the one it had, and the image build never started.
    ok(!first.stderr.includes('sast'), first.stderr);
    ok(!first.stderr.includes('image-build'), first.stderr);
    strictEqual(readFileSync(join(baselineDir, 'sast.sarif'), 'utf8'), sastBefore);
    deepStrictEqual(readdirSync(baselineDir).sort(), ['hadolint.sarif', 'sast.sarif', 'sca.sarif']);
    ok(rules('hadolint.sarif').includes('DL3007'), rules('hadolint.sarif').join(', '));
    strictEqual(await whyReportIsNoBaseline(baselineDir, 'hadolint.sarif'), undefined);
    // The destination's own failure replaced the downloaded one: the scans name it as the reason.
    ok((await whyReportIsNoBaseline(baselineDir, 'sca.sarif'))?.includes('No vulnerability database'));

    // With the database given (execution flags reach the destination's scans), SCA alone runs again.
    const second = await baseline(['--sca-database', DATABASE]);
    strictEqual(second.exitCode, 0, second.stderr);
    ok(
      second.stdout.startsWith(
        'Baseline for sca: a scan of the destination commit in this build, not uploaded (devsecops-sca failed in sca.sarif: No vulnerability database',
      ),
      second.stdout,
    );
    ok(!second.stderr.includes('hadolint'), second.stderr);
    ok(rules('sca.sarif').length > 0, 'the pin has advisories');
    strictEqual(await whyReportIsNoBaseline(baselineDir, 'sca.sarif'), undefined);
    // Nothing was written into the destination's tree.
    ok(!existsSync(join(tree.root, 'reports')));

    // Complete now: a second run scans nothing.
    const again = await runCli([
      'pipeline',
      'baseline',
      tree.root,
      '--baseline-dir',
      baselineDir,
      '--definition',
      DEFINITION,
    ]);
    strictEqual(again.exitCode, 0, again.stderr);
    ok(
      again.stdout
        .split('\n')
        .every((line) => line === '' || (line.startsWith('Baseline for ') && line.includes('the reports of'))),
      again.stdout,
    );
    strictEqual(again.stderr.includes('stage '), false, again.stderr);
  });
});
