import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { EXIT_USAGE_OR_TOOL_ERROR } from './exit-codes';

/**
 * The `devsecops` executable (dist/cli.js). The CLI itself is cli-main.js beside it; this file compiles that with
 * the V8 code cache the build left beside it (cli-main.js.cache). Compiling the whole bundle from source is about
 * a tenth of a re-scan of an unchanged tree, which is over in little more than Node's own start-up.
 *
 * A missing, stale or foreign cache only costs that compile. V8 refuses data made by another V8 or with other
 * flags, but of the source it checks only the length: data made from an earlier build of the same length would
 * run that build's code. So the cache opens with the SHA-256 of the source it was made from, and is used only
 * for exactly that source.
 */

/** The CLI's bundle, beside this file. */
export const CLI_MAIN_FILE = 'cli-main.js';
/** The code cache of CLI_MAIN_FILE: its source's SHA-256 (32 bytes), then V8's data. */
export const CODE_CACHE_FILE = 'cli-main.js.cache';

/** What cli-main.js (src/cli/main.ts) exports. */
export interface CliMain {
  /** Runs the CLI on this process's arguments and exits with its code. */
  runCli(): void;
  main(argv: readonly string[]): Promise<number>;
}

export interface CompiledCli {
  readonly cli: CliMain;
  /** The compiled script: `createCachedData()` gives the cache for it. */
  readonly script: Script;
  /** SHA-256 of the source it was compiled from. */
  readonly sourceDigest: Buffer;
  /** True when V8 took the code cache; false when there was none, or it was stale or refused. */
  readonly usedCache: boolean;
}

function readCodeCache(path: string, sourceDigest: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const madeFrom = bytes.subarray(0, sourceDigest.length);
  return madeFrom.equals(sourceDigest) ? bytes.subarray(sourceDigest.length) : undefined;
}

/** Compiles and loads cli-main.js from `dir` as Node would load a CommonJS file, with its code cache if `useCache`. */
export function compileCli(dir: string, useCache: boolean): CompiledCli {
  const file = join(dir, CLI_MAIN_FILE);
  const source = readFileSync(file, 'utf8');
  const sourceDigest = createHash('sha256').update(source).digest();
  const cachedData = useCache ? readCodeCache(join(dir, CODE_CACHE_FILE), sourceDigest) : undefined;
  const script = new Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  const load = script.runInThisContext() as (...args: unknown[]) => void;
  load.call(module.exports, module.exports, createRequire(file), module, file, dir);
  return {
    cli: module.exports as CliMain,
    script,
    sourceDigest,
    usedCache: cachedData !== undefined && !script.cachedDataRejected,
  };
}

if (require.main === module) {
  let cli: CliMain | undefined;
  try {
    cli = compileCli(__dirname, true).cli;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    process.stderr.write(
      `devsecops: ${join(__dirname, CLI_MAIN_FILE)} is missing: the CLI is that file, and this one only starts it. Copy the whole folder, or rebuild it (npm run build -w shared).\n`,
    );
    process.exitCode = EXIT_USAGE_OR_TOOL_ERROR;
  }
  cli?.runCli();
}
