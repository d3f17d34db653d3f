// Scale: a generated monorepo of 5,000 Python files, 200 requirements files and 500 Dockerfiles.
// A whole `devsecops scan` (every engine) against its Bandit part alone (`--only sast`), run side by side:
// target ≤ 1.2× the time; and the scan's peak memory: target < 500 MB.
// Run: npm run bench -- monorepo   or   npx --no -- tsx bench/monorepo-scale.bench.ts [repetitions, default 3]
// (needs Bandit on PATH: apt-get install bandit; with 1 repetition it takes a few minutes on 2 cores).
//
// Both scans run with --no-cache, so each one runs Bandit over every file (what a CI build without a
// restored cache does). Each repetition runs the pair in alternating order, so a machine slowed by other
// work slows both alike. Memory: the devsecops process's own peak (process.resourceUsage().maxRSS, written
// by a preloaded script at exit) and, with GNU time, the largest process of the scan (Node or a Bandit).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadVulnerabilityDatabase } from '@devsecops/shared/engines';
import { compareText } from '@devsecops/shared/findings';
import type { VulnerabilityDatabase } from '@devsecops/shared/engines';
import { runProcess } from '@devsecops/shared/process';
import { buildCliInto } from '../shared/test/cli/cli-bundle';
import { median } from './stats';
import { atMost, below, verdict } from './targets';

const PYTHON_FILES = 5_000;
const REQUIREMENTS_FILES = 200;
const DOCKERFILES = 500;
const RATIO_TARGET = atMost(1.2);
const MEMORY_TARGET = below(500, '500 MB');
const GNU_TIME = '/usr/bin/time';
const REPETITIONS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 3);

/** A service module: mostly ordinary code; every fifth one with the calls Bandit reports. */
function pythonModule(service: number, module: number): string {
  const name = `s${String(service)}_m${String(module)}`;
  const risky =
    module % 5 === 0
      ? `

def checksum_${name}(data):
    return hashlib.md5(data).hexdigest()


def run_${name}(command):
    return subprocess.call(command, shell=True)


def parse_${name}(text):
    return eval(text)
`
      : '';
  return `"""Module ${String(module)} of service ${String(service)}."""
import hashlib
import json
import os
import subprocess


def load_config_${name}(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def environment_${name}():
    return {key: value for key, value in os.environ.items() if key.startswith("APP_")}


class Handler_${name}:
    def __init__(self, title):
        self.title = title

    def render(self, values):
        total = 0
        for value in values:
            total += value
        return "%s: %d" % (self.title, total)
${risky}`;
}

/** A service's requirements: 30 pins and ranges over packages the database knows, some at vulnerable versions. */
function requirementsFile(service: number, db: VulnerabilityDatabase): string {
  const names = db.advisoryIndex.packageNames();
  const lines = [`# service ${String(service)}`];
  for (let line = 0; line < 30; line += 1) {
    const name = names[(service * 13 + line * 7) % names.length] ?? 'django';
    const versions = db.advisoryIndex.packageRecord(name)?.versions ?? ['1.0'];
    const version = versions[(service + line) % versions.length] ?? '1.0';
    lines.push(line % 4 === 3 ? `${name}>=${version}` : line % 4 === 2 ? `${name}==999.0` : `${name}==${version}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A Dockerfile: ordinary, with a finding or two of the kinds hadolint reports in real repositories. */
function dockerfile(variant: number): string {
  const base = variant % 3 === 0 ? 'python:latest' : 'python:3.12-slim';
  const install =
    variant % 2 === 0
      ? 'RUN apt-get update && apt-get install -y curl'
      : 'RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*';
  return `FROM ${base}
${install}
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
${variant % 4 === 0 ? 'ADD . /app' : 'COPY . /app'}
USER app
CMD ["python", "-m", "service"]
`;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The monorepo: 200 services, each with 25 modules, a requirements file and 2 or 3 Dockerfiles. */
function generateMonorepo(root: string, db: VulnerabilityDatabase): void {
  const modulesPerService = PYTHON_FILES / REQUIREMENTS_FILES;
  for (let service = 0; service < REQUIREMENTS_FILES; service += 1) {
    const folder = join(root, 'services', `service_${String(service)}`);
    for (let module = 0; module < modulesPerService; module += 1)
      write(join(folder, 'src', `module_${String(module)}.py`), pythonModule(service, module));
    write(join(folder, 'requirements.txt'), requirementsFile(service, db));
  }
  const dockerfileNames = ['Dockerfile', 'Dockerfile.dev', 'worker.Dockerfile'];
  for (let index = 0; index < DOCKERFILES; index += 1) {
    const service = index % REQUIREMENTS_FILES;
    const name = dockerfileNames[Math.floor(index / REQUIREMENTS_FILES)] ?? 'Dockerfile';
    write(join(root, 'services', `service_${String(service)}`, name), dockerfile(index));
  }
}

/** Writes Node's own peak resident memory (KiB) to the file named in the environment, at exit. */
const PEAK_PRELOAD = `process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.DEVSECOPS_BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS));
});
`;

interface ScanRun {
  readonly ms: number;
  /** Peak resident memory of the devsecops (Node) process, MiB. */
  readonly nodePeakMb: number;
  /** Peak of the largest process of the scan (GNU time's %M), MiB; undefined without GNU time. */
  readonly largestPeakMb: number | undefined;
  readonly findingsByTool: Readonly<Record<string, number>>;
  readonly unscanned: number;
}

interface JsonReport {
  findings: { tool: string }[];
  tools: { name: string; status: string; unscanned?: unknown[]; error?: unknown }[];
}

async function scan(cli: string, root: string, work: string, onlySast: boolean): Promise<ScanRun> {
  const report = join(work, 'report.json');
  const peakFile = join(work, 'peak.txt');
  const preload = join(work, 'peak-preload.cjs');
  writeFileSync(preload, PEAK_PRELOAD);
  const node = [process.execPath, '--require', preload, cli, 'scan', root, '--no-cache', '--fail-on', 'none'];
  const args = [...node, '--output', `json=${report}`, ...(onlySast ? ['--only', 'sast'] : [])];
  const withTime = existsSync(GNU_TIME);
  const started = process.hrtime.bigint();
  const result = await runProcess({
    command: withTime ? GNU_TIME : process.execPath,
    args: withTime ? ['-f', 'largest-process-peak-kib %M', ...args] : args.slice(1),
    env: {
      ...process.env,
      PATH: '/usr/bin:/bin',
      NO_COLOR: '1',
      DEVSECOPS_CACHE_DIR: join(work, 'cache'),
      DEVSECOPS_BENCH_PEAK_FILE: peakFile,
    },
    timeoutMs: 3_600_000,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.exitCode !== 0 && result.exitCode !== 2)
    throw new Error(`devsecops scan failed (${String(result.exitCode)}): ${result.stderr.slice(-800)}`);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  const findingsByTool: Record<string, number> = {};
  for (const finding of parsed.findings) findingsByTool[finding.tool] = (findingsByTool[finding.tool] ?? 0) + 1;
  const failed = parsed.tools.filter((tool) => tool.status === 'failed');
  if (failed.length > 0) throw new Error(`tools failed: ${JSON.stringify(failed).slice(0, 2000)}`);
  const largest = /largest-process-peak-kib (\d+)/.exec(result.stderr)?.[1];
  return {
    ms,
    nodePeakMb: Number(readFileSync(peakFile, 'utf8')) / 1024,
    largestPeakMb: largest === undefined ? undefined : Number(largest) / 1024,
    findingsByTool,
    unscanned: parsed.tools.reduce((sum, tool) => sum + (tool.unscanned?.length ?? 0), 0),
  };
}

function summaryOf(run: ScanRun): string {
  const tools = Object.entries(run.findingsByTool)
    .sort(([a], [b]) => compareText(a, b))
    .map(([tool, count]) => `${tool} ${String(count)}`)
    .join(', ');
  return `findings: ${tools}; unscanned files: ${String(run.unscanned)}`;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'devsecops-bench-monorepo-'));
  try {
    // The CLI as it is installed: the build that ships (shared/build.mjs) in dist/, its data beside it.
    await buildCliInto(join(work, 'dist'));
    cpSync(join(__dirname, '..', 'shared', 'data'), join(work, 'data'), { recursive: true });
    const cli = join(work, 'dist', 'cli.js');
    const root = join(work, 'monorepo');
    const db = await loadVulnerabilityDatabase({ cacheDir: join(work, 'cache') });
    generateMonorepo(root, db);
    console.log(
      `monorepo: ${String(PYTHON_FILES)} Python files, ${String(REQUIREMENTS_FILES)} requirements files, ${String(DOCKERFILES)} Dockerfiles`,
    );
    console.log(
      `cores (os.availableParallelism()): ${String(availableParallelism())}; repetitions: ${String(REPETITIONS)} after 1 warm-up`,
    );
    // Warm-up, not counted: the file cache and Bandit's Python bytecode.
    await scan(cli, root, work, true);

    const sast: ScanRun[] = [];
    const all: ScanRun[] = [];
    const loads: number[] = [];
    for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
      loads.push(loadavg()[0] ?? 0);
      if (repetition % 2 === 0) {
        sast.push(await scan(cli, root, work, true));
        all.push(await scan(cli, root, work, false));
      } else {
        all.push(await scan(cli, root, work, false));
        sast.push(await scan(cli, root, work, true));
      }
    }
    const banditInAll = all.map((run) => run.findingsByTool['bandit'] ?? 0);
    const banditAlone = sast.map((run) => run.findingsByTool['bandit'] ?? 0);
    if (JSON.stringify(banditInAll) !== JSON.stringify(banditAlone))
      throw new Error(
        `Bandit's findings differ: ${banditInAll.join(',')} with every engine, ${banditAlone.join(',')} alone`,
      );

    const seconds = (runs: readonly ScanRun[]): string => runs.map((run) => (run.ms / 1000).toFixed(1)).join(', ');
    const sastMs = median(sast.map((run) => run.ms));
    const allMs = median(all.map((run) => run.ms));
    const ratio = allMs / sastMs;
    const peak = Math.max(...[...sast, ...all].map((run) => run.nodePeakMb));
    const largest = [...sast, ...all].map((run) => run.largestPeakMb).filter((mb) => mb !== undefined);
    console.log(`load average (1 min) at each repetition: ${loads.map((load) => load.toFixed(1)).join(', ')}`);
    console.log(`scan --only sast (Bandit alone): median ${(sastMs / 1000).toFixed(1)} s   runs: ${seconds(sast)}`);
    console.log(`  ${summaryOf(sast[0] as ScanRun)}`);
    console.log(`scan (every engine):             median ${(allMs / 1000).toFixed(1)} s   runs: ${seconds(all)}`);
    console.log(`  ${summaryOf(all[0] as ScanRun)}`);
    console.log(`every engine / Bandit alone: ${ratio.toFixed(3)}   ${verdict(ratio, RATIO_TARGET)}`);
    console.log(`peak memory of the devsecops process: ${peak.toFixed(0)} MB   ${verdict(peak, MEMORY_TARGET)}`);
    if (largest.length > 0)
      console.log(`peak memory of the largest process of a scan (GNU time): ${Math.max(...largest).toFixed(0)} MB`);
    console.log(`load average ${loadavg()[0]?.toFixed(2) ?? '?'} at the end`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
