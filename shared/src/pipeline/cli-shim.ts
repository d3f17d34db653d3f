import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';

/**
 * The buildspecs call `devsecops …` as in CodeBuild (where the CLI is
 * installed globally). Locally we put a one-line `devsecops` launcher in a
 * temporary bin folder at the front of PATH, pointing at this build's CLI.
 */

/** Finds the built CLI (`shared/dist/cli.js`) from this module's folder, in the sources or the bundle. */
export function findBuiltCli(startDir: string = __dirname): string | undefined {
  let dir = startDir;
  for (;;) {
    for (const candidate of [join(dir, 'cli.js'), join(dir, 'dist', 'cli.js'), join(dir, 'shared', 'dist', 'cli.js')]) {
      if (candidate.endsWith(join('dist', 'cli.js')) && existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A temporary bin folder holding a `devsecops` launcher; `dispose` removes it. */
export interface CliShim {
  readonly binDir: string;
  dispose(): Promise<void>;
}

/** Creates the launcher for `cliPath` run by `nodePath` (default: this Node). */
export async function createCliShim(cliPath?: string, nodePath: string = process.execPath): Promise<CliShim> {
  const cli = cliPath ?? findBuiltCli();
  if (cli === undefined || !existsSync(cli)) {
    throw new DevsecopsError(
      'TOOL_NOT_FOUND',
      "The devsecops CLI is not built, and the pipeline's buildspecs call it: run `npm run build -w shared` first.",
    );
  }
  const binDir = await mkdtemp(join(tmpdir(), 'devsecops-bin-'));
  const launcher = join(binDir, 'devsecops');
  // Our own fixed text with two quoted absolute paths; `exec` so a kill reaches Node directly.
  // Inside desktop VS Code `process.execPath` is Electron: ELECTRON_RUN_AS_NODE makes it behave as
  // Node (plain Node ignores the variable), whatever the extension host's environment holds.
  await writeFile(launcher, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shellQuote(nodePath)} ${shellQuote(cli)} "$@"\n`);
  await chmod(launcher, 0o755);
  return {
    binDir,
    dispose: () => rm(binDir, { recursive: true, force: true }),
  };
}
