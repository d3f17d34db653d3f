import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perTest } from '../per-test';

/** A temporary folder holding a repository (`repo/`) and, beside it, folders outside the repository. */
export interface TemporaryRepository {
  /** The folder holding them all. */
  readonly base: string;
  /** The repository: `<base>/repo`. */
  readonly root: string;
  /** A folder beside the repository: `<base>/<name>`. */
  beside(name: string): string;
}

/** Makes a `TemporaryRepository` with the `besides` folders; `remove` deletes it all. */
export function createTemporaryRepository(
  prefix: string,
  besides: readonly string[],
): TemporaryRepository & { remove(): void } {
  const base = mkdtempSync(join(tmpdir(), prefix));
  const root = join(base, 'repo');
  for (const folder of [root, ...besides.map((name) => join(base, name))]) mkdirSync(folder);
  return {
    base,
    root,
    beside: (name: string) => join(base, name),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * Per test (mocha hooks): a fresh `TemporaryRepository` with the `besides` folders made, removed after the
 * test. For tests of what must not be read or written through a link out of the repository.
 */
export function useTemporaryRepository(prefix: string, besides: readonly string[]): () => TemporaryRepository {
  return perTest(
    () => createTemporaryRepository(prefix, besides),
    (repository) => repository.remove(),
  );
}
