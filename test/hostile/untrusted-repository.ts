import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProcessResult } from '../../shared/src/process/process-runner';
import { runProcess } from '../../shared/src/process/process-runner';
import { buildCliInto } from '../../shared/test/cli/cli-bundle';

/**
 * A hostile repository built by a test: files the attacker controls, next to a folder of its own (`outside`)
 * that stands for the rest of the user's disk: canaries write their markers there, so "the marker does not
 * exist" proves the repository's program never ran.
 */
export interface UntrustedRepository {
  /** The repository (what is scanned). */
  readonly root: string;
  /** A folder outside the repository: markers, the user's home, files the repository must not reach. */
  readonly outside: string;
  /** The user's home for this test (no real user configuration leaks in). */
  readonly home: string;
  /** Writes a file inside the repository. */
  write(path: string, text: string): string;
  /** Writes an executable script inside the repository (a `#!/bin/sh` canary). */
  executable(path: string, script: string): string;
  /** A script that, if it ever runs, writes `marker(name)` (and exits 0 printing nothing useful). */
  canary(path: string, name: string): string;
  /** Where a canary named `name` writes when it runs. */
  marker(name: string): string;
  remove(): void;
}

export function createUntrustedRepository(files: Readonly<Record<string, string>> = {}): UntrustedRepository {
  const base = mkdtempSync(join(tmpdir(), 'devsecops-hostile-'));
  const root = join(base, 'repository');
  const outside = join(base, 'outside');
  const home = join(base, 'home');
  for (const dir of [root, outside, home]) mkdirSync(dir);
  const write = (path: string, text: string): string => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const marker = (name: string): string => join(outside, `${name}.ran`);
  const executable = (path: string, script: string): string => {
    const file = write(path, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return {
    root,
    outside,
    home,
    write,
    executable,
    marker,
    canary: (path, name) => executable(path, `env > ${JSON.stringify(marker(name))}\necho '{}'`),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** True when the canary `name` of `repository` ran. */
export function canaryRan(repository: UntrustedRepository, name: string): boolean {
  return existsSync(repository.marker(name));
}

const REPO_ROOT = join(__dirname, '..', '..');
let bundle: Promise<{ cli: string; dir: string }> | undefined;

/**
 * The real CLI, built by shared/build.mjs into a scratch folder beside shared/dist (git-ignored
 * `.scratch*`), so that, like the shipped shared/dist/cli.js, it finds the product's pipeline definition.
 */
export function hostileCli(): Promise<{ cli: string; dir: string }> {
  bundle ??= (async () => {
    const dir = mkdtempSync(join(REPO_ROOT, 'shared', '.scratch-hostile-cli-'));
    await buildCliInto(dir);
    return { cli: join(dir, 'cli.js'), dir };
  })();
  return bundle;
}

/** Removes the scratch bundle (a root-level `after` hook). */
export async function removeHostileCli(): Promise<void> {
  if (bundle === undefined) return;
  const { dir } = await bundle;
  rmSync(dir, { recursive: true, force: true });
  bundle = undefined;
}

/**
 * The environment of a user running the CLI on the repository: Debian's tools on PATH, a home of the
 * test's own, and secrets that must never reach a scanner or an action.
 */
export function userEnvironment(repository: UntrustedRepository, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: repository.home,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    GITHUB_TOKEN: 'ghp_exampleexampleexampleexample',
    ...extra,
  };
}

/** Runs `devsecops <args>` (the bundle) with `env` only, under a deadline. */
export async function runDevsecops(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const { cli } = await hostileCli();
  return runProcess({
    command: process.execPath,
    args: [cli, ...args],
    env,
    timeoutMs: options.timeoutMs ?? 90_000,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}
