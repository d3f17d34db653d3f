// Two builds of the CLI, side by side, on the re-scans of one tree: the way to see a change of 10–40 ms, which a
// single run of bandit-cache.bench.ts cannot tell from this kind of machine's drift.
// Run: npx --no -- tsx bench/compare-rescans.ts BEFORE/cli.js AFTER/cli.js [runs, default 20]
// (build each with `npm run build -w shared` at the revision you want, then copy shared/dist/ somewhere).
//
// Each build gets its own copy of Debian's pip and its own result cache, both filled by a first scan. Then, for
// each run and each build in turn: one file is edited and the tree is scanned ("changed"), then scanned again as
// it is ("unchanged"). Interleaving puts both builds under the same drift; the medians are printed with every run.
// Not a *.bench.ts: `npm run bench` runs benchmarks of the tree as it is, and this one needs two builds.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@devsecops/shared/process';
import { median } from './stats';

const TREE = '/usr/lib/python3/dist-packages/pip';
const CHANGED_FILE = join('_internal', 'cli', 'main.py');

const [before, after, runsText] = process.argv.slice(2);
if (before === undefined || after === undefined) {
  console.error('usage: npx --no -- tsx bench/compare-rescans.ts BEFORE/cli.js AFTER/cli.js [runs]');
  process.exit(2);
}
const RUNS = Number(runsText ?? 20);

interface Build {
  readonly name: string;
  readonly cli: string;
  readonly root: string;
  readonly cache: string;
  readonly changed: number[];
  readonly unchanged: number[];
}

async function scanMs(build: Build): Promise<number> {
  const started = process.hrtime.bigint();
  const result = await runProcess({
    command: process.execPath,
    args: [build.cli, 'scan', build.root, '--only', 'sast', '--format', 'json', '--fail-on', 'none'],
    env: { ...process.env, DEVSECOPS_CACHE_DIR: build.cache, NO_COLOR: '1' },
    timeoutMs: 600_000,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.exitCode !== 0 && result.exitCode !== 2) {
    throw new Error(`${build.cli} failed (exit ${String(result.exitCode)}): ${result.stderr.slice(-500)}`);
  }
  return ms;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'devsecops-compare-rescans-'));
  try {
    const builds: Build[] = [
      ['before', before],
      ['after', after],
    ].map(([name = '', cli = '']) => ({
      name,
      cli,
      root: join(work, name, 'pip'),
      cache: join(work, name, 'cache'),
      changed: [],
      unchanged: [],
    }));
    for (const build of builds) {
      cpSync(TREE, build.root, { recursive: true, filter: (path) => !path.includes('__pycache__') });
      await scanMs(build);
    }
    const loads: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      loads.push(loadavg()[0] ?? 0);
      for (const build of builds) {
        appendFileSync(join(build.root, CHANGED_FILE), `# edit ${String(run)}\n`);
        build.changed.push(await scanMs(build));
        build.unchanged.push(await scanMs(build));
      }
    }
    console.log(
      `${TREE}, ${String(RUNS)} interleaved runs per build, ${String(availableParallelism())} cores; load average (1 min): ${loads.map((load) => load.toFixed(1)).join(', ')}`,
    );
    for (const variant of ['changed', 'unchanged'] as const) {
      const [first, second] = builds.map((build) => median(build[variant]));
      for (const build of builds) {
        console.log(
          `${variant.padEnd(9)} ${build.name.padEnd(6)} median ${median(build[variant]).toFixed(1).padStart(7)} ms   runs: ${build[variant].map((ms) => ms.toFixed(0)).join(', ')}`,
        );
      }
      const difference = (second ?? 0) - (first ?? 0);
      console.log(
        `${variant.padEnd(9)} after − before: ${difference >= 0 ? '+' : ''}${difference.toFixed(1)} ms (${((difference / (first ?? 1)) * 100).toFixed(1)}%)`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
