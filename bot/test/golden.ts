import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const GOLDEN_DIR = join(__dirname, 'fixtures', 'goldens');

/**
 * Compares `actual` with the golden file `fixtures/goldens/<name>` (danger-js style snapshots).
 * Run with UPDATE_GOLDENS=1 to rewrite the files after an intended change, then review the diff.
 */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env['UPDATE_GOLDENS'] === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `Golden file ${name} is missing: run the test with UPDATE_GOLDENS=1 to create it.`);
  assert.equal(actual, readFileSync(path, 'utf8'), `Output differs from golden ${name} (UPDATE_GOLDENS=1 to accept).`);
}
