/**
 * Built-in SCA at the size of the full OSV PyPI export: a synthetic database of about 17,000 advisories, made
 * from the bundled snapshot's records (each advisory copied under new ids, most copies for renamed packages,
 * so packages and advisories grow as in the real export). Prints medians against the targets: database load
 * ≤ 300 ms (a new process; the index file built once and cached, as after `devsecops db update`) and a warm
 * 300-line scan ≤ 5 ms, of the same file again and of a file naming other packages (whose index records
 * are read on that scan), in a process whose JIT has compiled that path on other files (the first such scans of
 * a process are printed without a target, as sca.bench.ts does). Run: npx --no -- tsx bench/sca-scale.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAdvisoryIndexFile } from '../shared/src/scanners/builtin-sca/advisory-index-file';
import { indexOsvZip, loadVulnerabilityDatabase, sha256Of } from '../shared/src/scanners/builtin-sca/database-loader';
import { scanRequirementsText, VulnerabilityDatabase } from '@devsecops/shared/engines';
import { bundledSnapshotPath } from '../shared/src/scanners/builtin-sca/database-location';
import { realisticFile } from './sca-files';
import { FULL_EXPORT_ADVISORIES, syntheticExport } from './sca-synthetic-export';
import { median } from './stats';
import { atMost, verdict } from './targets';

const LOAD_TARGET_MS = 300;
const SCAN_TARGET_MS = 5;
const LOADER = join(__dirname, '..', 'shared', 'src', 'scanners', 'builtin-sca', 'database-loader.ts');

/** Wall and CPU time of one run, in milliseconds (CPU time shows what a loaded machine's waiting hides). */
interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

function timed(run: () => unknown): Timing {
  const started = performance.now();
  const cpu = process.cpuUsage();
  run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/** Loads the database in a new Node process and returns the load time measured inside it (modules already loaded). */
function loadInChild(databasePath: string, cacheDir: string): Timing & { advisories: number } {
  const code = `const { loadVulnerabilityDatabase } = require(${JSON.stringify(LOADER)});
const started = performance.now();
const cpu = process.cpuUsage();
loadVulnerabilityDatabase({ databasePath: ${JSON.stringify(databasePath)}, cacheDir: ${JSON.stringify(cacheDir)} })
  .then((db) => {
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.log(JSON.stringify({ ms: performance.now() - started, cpuMs, advisories: db.info.advisoryCount }));
  });`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (line === '') throw new Error(`the child printed nothing: ${child.stderr}`);
  return JSON.parse(line) as Timing & { advisories: number };
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'sca-scale-bench-'));
  console.log(`${String(availableParallelism())} cores, load average ${loadAverage()} (1, 5, 15 min) at the start`);
  try {
    const bundled = readFileSync(bundledSnapshotPath() ?? '');
    const zip = syntheticExport(bundled, FULL_EXPORT_ADVISORIES);
    const databasePath = join(work, 'PyPI-all.zip');
    writeFileSync(databasePath, zip);
    const cacheDir = join(work, 'cache');

    const buildStarted = performance.now();
    const indexFile = encodeAdvisoryIndexFile(indexOsvZip(zip, sha256Of(zip), databasePath));
    const buildMs = performance.now() - buildStarted;
    // The first load builds and caches the index, as the first scan after `db update` does.
    const first = loadInChild(databasePath, cacheDir);
    const loads = Array.from({ length: 7 }, () => loadInChild(databasePath, cacheDir));

    const database = await loadVulnerabilityDatabase({ databasePath, cacheDir });
    const text = realisticFile(database);
    // Scans run on a database whose memos are empty: making the files above read records through another.
    const fresh = new VulnerabilityDatabase(database.advisoryIndex, database.info);
    scanRequirementsText(text, 'requirements.txt', fresh);
    const warm = Array.from({ length: 50 }, () => timed(() => scanRequirementsText(text, 'requirements.txt', fresh)));
    // A different file on the warm database: its packages are not memoised yet and their records not
    // read (what an editor sees when another requirements file is opened). The first such files of a
    // process also pay for the JIT compiling those paths: shown, without a target.
    const firstDifferent = Array.from({ length: 30 }, (_, variant) => {
      const other = realisticFile(database, variant + 1);
      return timed(() => scanRequirementsText(other, 'requirements.txt', fresh));
    });
    // The target applies in a process whose JIT has compiled them (as in sca.bench.ts): other files, on a
    // database instance of their own whose memos start empty, warmed on the same file only, so that none of
    // these files' records has been read and none of their answers memoised.
    const warmedProcess = new VulnerabilityDatabase(database.advisoryIndex, database.info);
    scanRequirementsText(text, 'requirements.txt', warmedProcess);
    const different = Array.from({ length: 30 }, (_, variant) => {
      const other = realisticFile(database, variant + 101);
      return timed(() => scanRequirementsText(other, 'requirements.txt', warmedProcess));
    });

    /** Median wall time against the target, and the median CPU time beside it. */
    const row = (timings: readonly Timing[], target: number, digits: number): string => {
      const wall = median(timings.map((timing) => timing.ms));
      const cpu = median(timings.map((timing) => timing.cpuMs));
      return `${wall.toFixed(digits).padStart(6)} ms  ${verdict(wall, atMost(target, `${String(target)} ms`))}; CPU ${cpu.toFixed(digits)} ms`;
    };
    /** Median wall and CPU time, for context. */
    const noTarget = (timings: readonly Timing[]): string =>
      `${median(timings.map((timing) => timing.ms)).toFixed(2)} ms; CPU ${median(timings.map((timing) => timing.cpuMs)).toFixed(2)} ms`;
    console.log(
      `synthetic export: ${String(first.advisories)} advisories, ${String(database.advisoryIndex.packageNames().length)} packages, zip ${(zip.byteLength / 1e6).toFixed(1)} MB, index file ${(indexFile.byteLength / 1e6).toFixed(1)} MB`,
    );
    console.log(`index build (once per database, cached):          ${buildMs.toFixed(0).padStart(6)} ms`);
    console.log(`first load in a new process (builds the index):   ${first.ms.toFixed(0).padStart(6)} ms`);
    console.log(`load in a new process, index cached (median of 7): ${row(loads, LOAD_TARGET_MS, 0)}`);
    console.log(`300-line scan, warm, same file (median of 50):     ${row(warm, SCAN_TARGET_MS, 2)}`);
    console.log(
      `300-line scan, a different file, first 30 in this process (JIT warming; no target): ${noTarget(firstDifferent)}`,
    );
    console.log(`300-line scan, warm, a different file (median 30): ${row(different, SCAN_TARGET_MS, 2)}`);
    console.log(`load average ${loadAverage()} at the end`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
