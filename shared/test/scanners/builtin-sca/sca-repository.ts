import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_CONFIG, type DevsecopsConfig } from '../../../src/config/config';
import type { ProcessRunner } from '../../../src/process/process-runner';
import { createBuiltinScaScanner } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { clearLoadedDatabases } from '../../../src/scanners/builtin-sca/database-loader';
import type { ScanContext, ScannerOutcome } from '../../../src/scanners/scanner';
import { createTemporaryRepository, type TemporaryRepository } from '../../files/temporary-repository';
import { perTest } from '../../per-test';
import { osvZip, type TestAdvisory } from './osv-test-data';

/** The built-in SCA engine starts no process: any call rejects. */
const NEVER_RUNS: ProcessRunner = () => Promise.reject(new Error('the built-in SCA engine runs no process'));

/** A temporary repository for the built-in SCA scanner, with its own cache folder and advisory database. */
export interface ScaRepository extends TemporaryRepository {
  /** The user's cache folder (`DEVSECOPS_CACHE_DIR`), beside the repository. */
  readonly cache: string;
  /** The test's advisory database (a zip in the cache folder). */
  readonly databasePath: string;
  /** Writes a file of the repository (POSIX relative path), making its folders. */
  readonly write: (path: string, text: string) => void;
  /** The scan context: this repository, `config`, the cache folder, no processes; `extra` adds or replaces. */
  readonly context: (extra?: Partial<ScanContext>) => ScanContext;
  /** Scans the repository with the scanner over the test's database. */
  readonly scan: (extra?: Partial<ScanContext>) => Promise<ScannerOutcome>;
}

/**
 * Per test (mocha hooks): a fresh `ScaRepository` (with the `besides` folders beside it) whose database holds
 * `advisories`, and no database kept loaded between tests (the loader keeps one per process).
 */
export function useScaRepository(options: {
  readonly prefix: string;
  readonly advisories: readonly TestAdvisory[];
  readonly config?: DevsecopsConfig;
  readonly besides?: readonly string[];
}): () => ScaRepository {
  return perTest(
    () => {
      const repository = createTemporaryRepository(options.prefix, ['cache', ...(options.besides ?? [])]);
      const cache = repository.beside('cache');
      const databasePath = join(cache, 'test.zip');
      writeFileSync(databasePath, osvZip(options.advisories));
      clearLoadedDatabases();
      const context = (extra: Partial<ScanContext> = {}): ScanContext => ({
        root: repository.root,
        config: options.config ?? DEFAULT_CONFIG,
        runProcess: NEVER_RUNS,
        env: { DEVSECOPS_CACHE_DIR: cache },
        ...extra,
      });
      return {
        ...repository,
        cache,
        databasePath,
        write: (path: string, text: string) => {
          mkdirSync(dirname(join(repository.root, path)), { recursive: true });
          writeFileSync(join(repository.root, path), text);
        },
        context,
        scan: (extra?: Partial<ScanContext>) => createBuiltinScaScanner({ databasePath }).scan(context(extra)),
      };
    },
    (repository) => {
      repository.remove();
      clearLoadedDatabases();
    },
  );
}
