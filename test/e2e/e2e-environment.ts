import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findCodeServer } from './code-server';
import { CHROMIUM_PATH } from './workbench';

/** The repository root (test/e2e/../..). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'fixtures', 'e2e-workspace');

/** What the e2e run needs, or why it cannot run. */
export type Prerequisites =
  { readonly ok: true; readonly codeServer: string } | { readonly ok: false; readonly reason: string };

export function checkPrerequisites(): Prerequisites {
  const codeServer = findCodeServer();
  if (!codeServer) {
    return {
      ok: false,
      reason: 'code-server is not installed: run `bash test/e2e/install-code-server.sh` (or set CODE_SERVER_PATH).',
    };
  }
  if (!existsSync(CHROMIUM_PATH)) {
    return {
      ok: false,
      reason: `Chromium is not at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    };
  }
  return { ok: true, codeServer };
}

/** Builds the .vsix exactly as `npm run package` does for a release, and returns its path. */
export async function packageExtension(): Promise<string> {
  const result = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  const extensionDir = join(REPO_ROOT, 'extension');
  const vsix = (await readdir(extensionDir)).filter((name) => name.endsWith('.vsix')).sort();
  const newest = vsix.at(-1);
  if (!newest) throw new Error(`npm run package produced no .vsix in ${extensionDir}`);
  return join(extensionDir, newest);
}

/** A scratch folder for one run: copies of the fixture, extension and user-data folders, screenshots. */
export interface E2eScratch {
  readonly dir: string;
  readonly screenshots: string;
  /** A fresh copy of the fixture workspace named `name`. */
  workspace(name: string): Promise<string>;
  /**
   * An executable that records each start in `marker` and then runs the real Bandit: set as
   * devsecops.bandit.path, it proves whether the extension spawned Bandit.
   */
  banditSpy(marker: string): Promise<string>;
}

export async function createScratch(): Promise<E2eScratch> {
  const dir = await mkdtemp(join(tmpdir(), 'devsecops-e2e-'));
  const screenshots = join(dir, 'screenshots');
  await mkdir(screenshots, { recursive: true });
  return {
    dir,
    screenshots,
    async workspace(name) {
      const target = join(dir, name);
      await cp(FIXTURE_WORKSPACE, target, { recursive: true });
      return target;
    },
    async banditSpy(marker) {
      const spy = join(dir, 'bin', `bandit-spy-${Math.random().toString(36).slice(2)}`);
      await mkdir(join(dir, 'bin'), { recursive: true });
      // A test double that must be an executable file, like the real bandit; the paths are ours, quoted.
      await writeFile(spy, `#!/bin/sh\necho "$$ $*" >> '${marker}'\nexec /usr/bin/bandit "$@"\n`);
      await chmod(spy, 0o755);
      return spy;
    },
  };
}
