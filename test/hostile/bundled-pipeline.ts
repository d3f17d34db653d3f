import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../shared/src/process/process-runner';
import type { ProcessResult } from '../../shared/src/process/process-runner';
import { buildCliInto } from '../../shared/test/cli/cli-bundle';

const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Runs `devsecops pipeline run <root> --continue-on-failure` from a fresh bundle built beside
 * shared/dist (git-ignored `.scratch*`), where the CLI finds the product's pipeline definition and OSV
 * snapshot as shared/dist/cli.js does. `env` is added to this process's environment.
 */
export async function runBundledPipeline(root: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  const scratch = mkdtempSync(join(REPO_ROOT, 'shared', '.scratch-hostile-cli-'));
  try {
    await buildCliInto(scratch);
    return await runProcess({
      command: process.execPath,
      args: [join(scratch, 'cli.js'), 'pipeline', 'run', root, '--continue-on-failure'],
      env: { ...process.env, ...env, NO_COLOR: '1' },
      timeoutMs: 120_000,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
