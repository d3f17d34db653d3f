import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perTest } from './per-test';

/**
 * Per test (mocha hooks): a fresh empty folder under the system's temporary folder, its name starting with
 * `prefix`, removed with all it holds after the test. The returned function gives the running test's folder.
 */
export function useTemporaryDirectory(prefix: string): () => string {
  return perTest(
    () => mkdtempSync(join(tmpdir(), prefix)),
    (directory) => rmSync(directory, { recursive: true, force: true }),
  );
}
