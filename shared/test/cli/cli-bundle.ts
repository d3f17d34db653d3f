import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProcessResult } from '../../src/process/process-runner';
import { runProcess } from '../../src/process/process-runner';

let bundled: Promise<string> | undefined;
let bundleDir: string | undefined;

/**
 * Bundles the CLI from source with shared/build.mjs, once per test
 * process, into a temporary folder: tests exercise the real bundle without
 * depending on a stale shared/dist.
 */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'devsecops-cli-'));
    await buildCliInto(bundleDir);
    return join(bundleDir, 'cli.js');
  })();
  return bundled;
}

/** Runs shared/build.mjs into `outdir`: the very build that ships (cli.js + its lazily loaded AWS part). */
export async function buildCliInto(outdir: string): Promise<void> {
  const result = await runProcess({
    command: process.execPath,
    args: [join(__dirname, '..', '..', 'build.mjs'), '--outdir', outdir],
    timeoutMs: 120_000,
  });
  if (result.exitCode !== 0) throw new Error(`shared/build.mjs failed:\n${result.stdout}${result.stderr}`);
}

/** Removes the bundle's folder (call from a root-level after hook). */
export function removeCliBundle(): void {
  if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
  bundled = undefined;
  bundleDir = undefined;
}

/** Runs `devsecops <args>` from the bundle in a child Node process. */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessResult> {
  const cli = await cliBundle();
  return runProcess({
    command: process.execPath,
    args: [cli, ...args],
    timeoutMs: 120_000,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: { ...process.env, NO_COLOR: '1', ...testCache(cli, options.env), ...options.env },
  });
}

/**
 * A cache folder of this test process, so no test reads results (or tool versions) another run remembered
 * in the user's home; a test that names its own cache folder keeps it.
 */
function testCache(cli: string, env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  if (env?.['DEVSECOPS_CACHE_DIR'] !== undefined || env?.['XDG_CACHE_HOME'] !== undefined) return {};
  return { DEVSECOPS_CACHE_DIR: join(dirname(cli), 'cache') };
}
