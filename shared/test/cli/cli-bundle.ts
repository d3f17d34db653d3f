import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { ProcessResult } from '../../src/process/process-runner';
import { runProcess } from '../../src/process/process-runner';

let bundled: Promise<string> | undefined;
let bundleDir: string | undefined;

/**
 * Bundles the CLI from source the way shared/build.mjs does, once per test
 * process, into a temporary folder: tests exercise the real bundle without
 * depending on a stale shared/dist.
 */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'devsecops-cli-'));
    const outfile = join(bundleDir, 'cli.js');
    await build({
      entryPoints: [join(__dirname, '..', '..', 'src', 'cli', 'main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
    });
    return outfile;
  })();
  return bundled;
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
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
}
