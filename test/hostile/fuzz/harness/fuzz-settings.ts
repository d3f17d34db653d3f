// How a fuzz run is configured: fixed seeds by default so CI is reproducible; environment
// variables to replay a failure or explore new inputs.
//   FUZZ_SEED=<n>|random   base seed (default fixed); each target's seed is derived from it and its name
//   FUZZ_SEED_EXACT=<n>    the seed of one target as a failure report prints it (with FUZZ_TARGET)
//   FUZZ_TARGET=<name>     run only targets whose name contains this text
//   FUZZ_PATH=<path>       replay one fast-check path (with FUZZ_TARGET and FUZZ_SEED_EXACT)
//   FUZZ_RUNS=<n>          inputs per target instead of each target's own count
//   FUZZ_JOBS=<n>          targets run at once (default 2)
import { createHash } from 'node:crypto';

/** The default base seed: any fixed number; changing it explores other inputs. */
const DEFAULT_BASE_SEED = 20_261_202;

export interface FuzzSettings {
  readonly baseSeed: number;
  /** Used as every selected target's seed, instead of deriving one from the base seed. */
  readonly exactSeed: number | undefined;
  readonly targetFilter: string | undefined;
  readonly path: string | undefined;
  readonly runs: number | undefined;
  readonly jobs: number;
}

function integerAtLeast(minimum: number, text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer from ${String(minimum)}, not ${text}`);
  }
  return value;
}

export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const seedText = env['FUZZ_SEED'];
  const baseSeed =
    seedText === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : (integerAtLeast(0, seedText, 'FUZZ_SEED') ?? DEFAULT_BASE_SEED);
  return {
    baseSeed,
    exactSeed: integerAtLeast(0, env['FUZZ_SEED_EXACT'], 'FUZZ_SEED_EXACT'),
    targetFilter: env['FUZZ_TARGET'] === '' ? undefined : env['FUZZ_TARGET'],
    path: env['FUZZ_PATH'] === '' ? undefined : env['FUZZ_PATH'],
    runs: integerAtLeast(1, env['FUZZ_RUNS'], 'FUZZ_RUNS'),
    jobs: integerAtLeast(1, env['FUZZ_JOBS'], 'FUZZ_JOBS') ?? 2,
  };
}

/** A target's own seed: the base seed mixed with its name, so targets do not share input streams. */
export function targetSeed(baseSeed: number, targetName: string): number {
  const digest = createHash('sha256')
    .update(`${String(baseSeed)}\u0000${targetName}`)
    .digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}

/** The shell command that reruns one target exactly as it ran (or one failing input of it). */
export function replayCommand(targetName: string, seed: number, path: string | undefined): string {
  const variables = [`FUZZ_TARGET=${JSON.stringify(targetName)}`, `FUZZ_SEED_EXACT=${String(seed)}`];
  if (path !== undefined) variables.push(`FUZZ_PATH=${path}`);
  return `${variables.join(' ')} npx --no -- mocha --no-config -r tsx/cjs --extension ts --timeout 0 test/hostile/fuzz/fuzz.test.ts`;
}
