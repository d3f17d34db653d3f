import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Set UPDATE_GOLDENS=1 to rewrite golden files from the current output (then review the diff). */
export const UPDATING_GOLDENS = process.env['UPDATE_GOLDENS'] === '1';

/** Compares `actual` with the golden file's text, or rewrites the file when UPDATE_GOLDENS=1. */
export function assertMatchesGoldenText(goldenPath: string, actual: string): void {
  if (UPDATING_GOLDENS) {
    mkdirSync(dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, actual);
    return;
  }
  assert.ok(existsSync(goldenPath), `missing golden file ${goldenPath}: run the test with UPDATE_GOLDENS=1`);
  assert.equal(actual, readFileSync(goldenPath, 'utf8'));
}

/** Compares a value with the golden JSON file as whole structures (deepStrictEqual). */
export function assertMatchesGoldenJson(goldenPath: string, actual: unknown): void {
  if (UPDATING_GOLDENS) {
    assertMatchesGoldenText(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  assert.ok(existsSync(goldenPath), `missing golden file ${goldenPath}: run the test with UPDATE_GOLDENS=1`);
  assert.deepStrictEqual(actual, JSON.parse(readFileSync(goldenPath, 'utf8')) as unknown);
}
