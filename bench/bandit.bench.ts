// Our Bandit path vs raw Bandit on the same 200-file Python tree (target ratio ≤ 1.10: the wrapper may cost at most a tenth over raw Bandit).
// Run: npx --no -- tsx bench/bandit.bench.ts [repetitions]   (needs /usr/bin/bandit: apt-get install bandit)
//
// Three ways of getting the same findings, interleaved so machine noise hits all alike:
//   raw     /usr/bin/bandit -r . -f json           (what a user would type)
//   runScan runScan({ root, only: ['sast'] })      (the library path the extension and pipeline use)
//   cli     node shared/dist/cli.js scan --only sast --format json   (the CLI, bundled from source)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@devsecops/shared/process';
import { runScan } from '@devsecops/shared/engines';
import { buildCliInto } from '../shared/test/cli/cli-bundle';
import { seededRandom } from '../shared/test/seeded-random';
import { median } from './stats';

const FILE_COUNT = 200;
const REPETITIONS = Number(process.argv[2] ?? 5);
const BANDIT = '/usr/bin/bandit';

/** Snippets a service really contains; some are Bandit findings, most are not. */
const RISKY = [
  'def run_report(name):\n    return subprocess.call("report " + name, shell=True)\n',
  'def fingerprint(data):\n    return hashlib.md5(data).hexdigest()\n',
  'def restore(blob):\n    return pickle.loads(blob)\n',
  'def settings(text):\n    return yaml.load(text)\n',
  'def check(value):\n    assert value is not None\n    return value\n',
  'def calc(expression):\n    return eval(expression)\n',
];

function pythonModule(index: number, next: () => number): string {
  const lines = [
    `"""Module ${index}: order processing helpers."""`,
    'import hashlib',
    'import json',
    'import logging',
    // One module in five imports what Bandit flags on import alone (B403, B404).
    ...(index % 5 === 0 ? ['import pickle', 'import subprocess'] : []),
    'from dataclasses import dataclass, field',
    'from typing import Dict, List, Optional',
    '',
    'import yaml',
    '',
    'LOG = logging.getLogger(__name__)',
    '',
    '',
    '@dataclass',
    `class Order${index}:`,
    '    order_id: str',
    '    items: List[Dict[str, int]] = field(default_factory=list)',
    '    note: Optional[str] = None',
    '',
    '    def total(self) -> int:',
    '        return sum(item["price"] * item["quantity"] for item in self.items)',
    '',
    '    def to_json(self) -> str:',
    '        return json.dumps({"id": self.order_id, "items": self.items, "note": self.note})',
    '',
  ];
  const functions = 4 + Math.floor(next() * 6);
  for (let f = 0; f < functions; f += 1) {
    lines.push(
      '',
      `def transform_${index}_${f}(orders: List[Order${index}]) -> Dict[str, int]:`,
      '    totals: Dict[str, int] = {}',
      '    for order in orders:',
      '        if not order.items:',
      '            LOG.debug("empty order %s", order.order_id)',
      '            continue',
      '        totals[order.order_id] = order.total()',
      '    return totals',
      '',
    );
    if (next() < 0.25) lines.push('', RISKY[Math.floor(next() * RISKY.length)] ?? '');
  }
  return `${lines.join('\n')}\n`;
}

function generateTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'devsecops-bench-bandit-'));
  const next = seededRandom(20261126);
  for (let index = 0; index < FILE_COUNT; index += 1) {
    const dir = join(root, 'service', `package_${String(index % 20)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `module_${String(index)}.py`), pythonModule(index, next));
  }
  return root;
}

async function bundleCli(): Promise<{ file: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'devsecops-bench-cli-'));
  // The very build that ships (shared/build.mjs), into a scratch folder.
  await buildCliInto(dir);
  return { file: join(dir, 'cli.js'), dir };
}

async function time(work: () => Promise<number>): Promise<{ ms: number; findings: number }> {
  const started = process.hrtime.bigint();
  const findings = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, findings };
}

async function main(): Promise<void> {
  const root = generateTree();
  const cli = await bundleCli();
  const env = { ...process.env, PATH: `/usr/bin:/bin` };
  const variants: Record<string, () => Promise<number>> = {
    raw: async () => {
      const result = await runProcess({ command: BANDIT, args: ['-r', '.', '-f', 'json'], cwd: root });
      return (JSON.parse(result.stdout) as { results: unknown[] }).results.length;
    },
    runScan: async () => (await runScan({ root, only: ['sast'], env })).findings.length,
    cli: async () => {
      const result = await runProcess({
        command: process.execPath,
        args: [cli.file, 'scan', root, '--only', 'sast', '--format', 'json', '--fail-on', 'none'],
        env,
      });
      return (JSON.parse(result.stdout) as { findings: unknown[] }).findings.length;
    },
  };
  try {
    const timings: Record<string, number[]> = { raw: [], runScan: [], cli: [] };
    const counts = new Set<string>();
    // One warm-up round (file cache, Python bytecode cache), not counted.
    for (const work of Object.values(variants)) await work();
    for (let rep = 0; rep < REPETITIONS; rep += 1) {
      for (const [name, work] of Object.entries(variants)) {
        const { ms, findings } = await time(work);
        timings[name]?.push(ms);
        counts.add(`${name}=${String(findings)}`);
      }
    }
    const raw = median(timings['raw'] ?? []);
    console.log(`tree: ${String(FILE_COUNT)} Python files; repetitions: ${String(REPETITIONS)} (after 1 warm-up)`);
    console.log(`findings per run: ${[...counts].join(', ')}`);
    for (const [name, values] of Object.entries(timings)) {
      const ms = median(values);
      console.log(
        `${name.padEnd(8)} median ${ms.toFixed(0).padStart(6)} ms   ratio ${(ms / raw).toFixed(3)}   runs: ${values.map((v) => v.toFixed(0)).join(', ')}`,
      );
    }
    console.log('target: runScan and cli ratio ≤ 1.10');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(cli.dir, { recursive: true, force: true });
  }
}

void main();
