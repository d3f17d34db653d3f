/**
 * Python manifests and lockfiles: read (TOML parse + positions) and check against the bundled database.
 * A 300-package pyproject.toml / poetry.lock / uv.lock / Pipfile.lock / pylock.toml, as an editor rescans
 * one on a keystroke (target: ≤ 20 ms warm, wall clock), and a 5,000-package uv.lock, as a monorepo's
 * lock (no target; printed to watch). Run: npx --no -- tsx bench/manifests.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PythonManifestKind } from '@devsecops/shared/files';
import { loadVulnerabilityDatabase, readPythonManifest, scanPythonManifests } from '@devsecops/shared/engines';
import { median } from './stats';
import { atMost, verdict } from './targets';

/** Package names and their oldest known versions from the database itself (so the files make findings), then made-up ones. */
function packagesOf(db: Awaited<ReturnType<typeof loadVulnerabilityDatabase>>, count: number): [string, string][] {
  const known = db.advisoryIndex
    .packageNames()
    .map((name): [string, string] => [
      name,
      db.advisoryIndex.packageRecord(name)?.versions.find((version) => /^\d+(\.\d+)*$/.test(version)) ?? '1.0',
    ]);
  const packages = known.slice(0, count);
  for (let index = packages.length; index < count; index += 1)
    packages.push([`made-up-package-${String(index)}`, '1.0.0']);
  return packages;
}

function files(packages: readonly [string, string][]): Record<PythonManifestKind, string> {
  const entry = (name: string, version: string, extra = ''): string =>
    `[[package]]\nname = "${name}"\nversion = "${version}"\n${extra}`;
  return {
    pyproject: `[project]\nname = "bench"\ndependencies = [\n${packages.map(([name, version]) => `  "${name}>=${version}",`).join('\n')}\n]\n`,
    'poetry-lock': packages.map(([name, version]) => entry(name, version, 'optional = false\nfiles = []\n')).join('\n'),
    'uv-lock': `version = 1\n${packages.map(([name, version]) => entry(name, version, 'source = { registry = "https://pypi.org/simple" }\n')).join('\n')}`,
    'pipfile-lock': JSON.stringify(
      {
        default: Object.fromEntries(packages.map(([name, version]) => [name, { version: `==${version}`, hashes: [] }])),
      },
      null,
      4,
    ),
    pylock: `lock-version = "1.0"\n${packages.map(([name, version]) => `[[packages]]\nname = "${name}"\nversion = "${version}"\n`).join('\n')}`,
  };
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'bench-manifests-'));
  try {
    const db = await loadVulnerabilityDatabase({ cacheDir });
    const time = (
      kind: PythonManifestKind,
      text: string,
      runs: number,
    ): { medianMs: number; cpuMs: number; findings: number } => {
      const samples: number[] = [];
      const cpu: number[] = [];
      let findings = 0;
      for (let run = 0; run < runs; run += 1) {
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        const reading = readPythonManifest(kind, text, 'file');
        findings = scanPythonManifests([{ path: 'file', kind, reading }], db).get('file')?.findings.length ?? 0;
        const used = process.cpuUsage(cpuBefore);
        samples.push(performance.now() - started);
        cpu.push((used.user + used.system) / 1000);
      }
      // The first fifth warms the JIT and the database's memos.
      const warm = Math.floor(runs / 5);
      return { medianMs: median(samples.slice(warm)), cpuMs: median(cpu.slice(warm)), findings };
    };
    // Wall-clock medians decide the verdicts; CPU time is printed for context (a loaded machine waits for a core).
    console.log('file                      packages  findings  median (ms, warm)  CPU (ms)  target');
    for (const [kind, text] of Object.entries(files(packagesOf(db, 300))) as [PythonManifestKind, string][]) {
      const { medianMs, cpuMs, findings } = time(kind, text, 30);
      console.log(
        `${kind.padEnd(26)}${'300'.padStart(8)}${String(findings).padStart(10)}${medianMs.toFixed(1).padStart(19)}${cpuMs.toFixed(1).padStart(10)}  ${verdict(medianMs, atMost(20, '20 ms'))}`,
      );
    }
    const big = files(packagesOf(db, 5000))['uv-lock'];
    const { medianMs, cpuMs, findings } = time('uv-lock', big, 5);
    console.log(
      `${'uv-lock (monorepo)'.padEnd(26)}${'5000'.padStart(8)}${String(findings).padStart(10)}${medianMs.toFixed(1).padStart(19)}${cpuMs.toFixed(1).padStart(10)}  (none)`,
    );
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

void main();
