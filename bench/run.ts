// Runs every benchmark under bench/ (or the ones named on the command line) one after another,
// each in its own process so one benchmark's warm caches never flatter the next.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = __dirname;
const requested = process.argv.slice(2);
const all = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();
const selected = requested.length ? all.filter((name) => requested.some((wanted) => name.startsWith(wanted))) : all;

if (selected.length === 0) {
  console.error(`No benchmark matches ${requested.join(', ')}. Available: ${all.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of selected) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, name)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
