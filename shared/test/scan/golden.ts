import { deepStrictEqual } from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Set UPDATE_GOLDENS=1 to rewrite golden files from the current output (then review the diff). */
export const UPDATE_GOLDENS = process.env['UPDATE_GOLDENS'] === '1';

/**
 * Compares `actual` (as JSON) with the checked-in golden file, whole-structure.
 * With UPDATE_GOLDENS=1 the golden file is written instead.
 */
export function assertMatchesGolden(goldenPath: string, actual: unknown): void {
  const normalised: unknown = JSON.parse(JSON.stringify(actual));
  if (UPDATE_GOLDENS) {
    mkdirSync(dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, `${JSON.stringify(normalised, null, 2)}\n`);
    return;
  }
  const expected: unknown = JSON.parse(readFileSync(goldenPath, 'utf8'));
  deepStrictEqual(normalised, expected);
}
