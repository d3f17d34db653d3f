// The warm scan of a DIFFERENT 300-line requirements file, timed and profiled on its own. The two SCA
// benchmarks spend nearly all their time on setup (building a 17,000-advisory database, loading it in child
// processes), so a CPU profile of either says little about the scan. Here the database is built once and kept
// in a folder of its own across runs, and the CPU profile covers the scans of the different files alone.
// Not a *.bench.ts: it prints no verdicts, only where the time goes.
//
// Run: npx --no -- tsx bench/sca-scan-profile.ts [--bundled] [--warm N] [--files N] [--profile FILE.cpuprofile]
//   --bundled  the bundled snapshot instead of the synthetic export (2,600 advisories instead of 17,000)
//   --warm N   different files scanned (untimed) before the timed ones, to let the JIT compile their paths
//   --files N  different files timed (default 30, as sca-scale.bench.ts times)
// Open the profile in Chrome DevTools or VS Code; the scans run under `scanOneDifferentFile`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scanRequirementsText, VulnerabilityDatabase } from '@devsecops/shared/engines';
import { loadVulnerabilityDatabase } from '../shared/src/scanners/builtin-sca/database-loader';
import { bundledSnapshotPath } from '../shared/src/scanners/builtin-sca/database-location';
import { realisticFile } from './sca-files';
import { FULL_EXPORT_ADVISORIES, syntheticExport } from './sca-synthetic-export';
import { median } from './stats';

const KEPT_FOLDER = join(tmpdir(), 'devsecops-sca-scan-profile');

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** One scan, named so that a profile shows it as one subtree. */
function scanOneDifferentFile(text: string, database: VulnerabilityDatabase): Timing {
  const started = performance.now();
  const cpu = process.cpuUsage();
  scanRequirementsText(text, 'requirements.txt', database);
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function loadDatabase(bundled: boolean): Promise<VulnerabilityDatabase> {
  mkdirSync(KEPT_FOLDER, { recursive: true });
  const cacheDir = join(KEPT_FOLDER, bundled ? 'cache-bundled' : 'cache-synthetic');
  if (bundled) return loadVulnerabilityDatabase({ cacheDir });
  const databasePath = join(KEPT_FOLDER, 'PyPI-synthetic.zip');
  if (!existsSync(databasePath)) {
    writeFileSync(databasePath, syntheticExport(readFileSync(bundledSnapshotPath() ?? ''), FULL_EXPORT_ADVISORIES));
  }
  return loadVulnerabilityDatabase({ databasePath, cacheDir });
}

function describe(label: string, timings: readonly Timing[]): string {
  const wall = median(timings.map((timing) => timing.wallMs));
  const cpu = median(timings.map((timing) => timing.cpuMs));
  return `${label}: wall median ${wall.toFixed(2)} ms, CPU median ${cpu.toFixed(2)} ms (${String(timings.length)} files)`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bundled: { type: 'boolean', default: false },
      warm: { type: 'string', default: '0' },
      files: { type: 'string', default: '30' },
      profile: { type: 'string' },
    },
  });
  const loaded = await loadDatabase(values.bundled);
  // As both benchmarks do: a database whose memos start empty, warmed on one file rescanned.
  const database = new VulnerabilityDatabase(loaded.advisoryIndex, loaded.info);
  const warmFile = realisticFile(database);
  for (let i = 0; i < 51; i += 1) scanRequirementsText(warmFile, 'requirements.txt', database);

  const warmCount = Number(values.warm);
  const fileCount = Number(values.files);
  // The JIT is warmed on a database instance of its own: the timed files' records and answers stay unread.
  const warmingDatabase = new VulnerabilityDatabase(loaded.advisoryIndex, loaded.info);
  for (let variant = 0; variant < warmCount; variant += 1) {
    if (variant % 20 === 0) scanRequirementsText(warmFile, 'requirements.txt', warmingDatabase);
    scanOneDifferentFile(realisticFile(database, 10_000 + variant), warmingDatabase);
  }
  const files = Array.from({ length: fileCount }, (_, variant) => realisticFile(database, variant + 1));

  const session = values.profile === undefined ? undefined : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const timings = files.map((text) => scanOneDifferentFile(text, database));
  if (session && values.profile !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(values.profile, JSON.stringify(profile));
    session.disconnect();
  }
  console.log(
    `${values.bundled ? 'bundled snapshot' : 'synthetic export'}, ${String(loaded.info.advisoryCount)} advisories`,
  );
  console.log(describe(`different file, after ${String(warmCount)} other different files`, timings));
  if (values.profile !== undefined) console.log(`CPU profile of the timed scans: ${values.profile}`);
}

void main();
