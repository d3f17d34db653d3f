// The hostile-repository suite's one helper: it builds the repositories (a scratch folder holding the
// repository and, beside it, "the rest of the machine" the repository points at or must not reach) and
// runs the real CLI bundle on them. Every outside file holds a canary text, so a test can prove nothing
// of it reached an output; a canary program writes a marker outside when it runs, so a test can prove
// it never did.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProcessResult } from '@devsecops/shared/process';
import { runProcess } from '@devsecops/shared/process';
import { buildCliInto } from '../../shared/test/cli/cli-bundle';

/** What a path in the repository is: text, a symbolic link (to `symlink`, verbatim), or a FIFO. */
export type Entry = string | { readonly symlink: string } | { readonly fifo: true };

export interface HostileRepository {
  /** The repository root (what is scanned). */
  readonly root: string;
  /** A folder beside it standing for the rest of the machine (`<outside>/etc/passwd`, `<outside>/secret.txt`). */
  readonly outside: string;
  /** The user's home for runs as the user (`userEnvironment`): no real user configuration leaks in. */
  readonly home: string;
  /** Text in every outside file (and in the environment of `runCli`): it must never appear in an output. */
  readonly canary: string;
  /** Writes a file inside the repository; returns its path. */
  write(path: string, text: string): string;
  /** Writes an executable `#!/bin/sh` script inside the repository; returns its path. */
  executable(path: string, script: string): string;
  /** An executable in the repository that, if it ever runs, writes `marker(name)` outside it (and prints `{}`). */
  canaryProgram(path: string, name: string): string;
  /** Where the canary program `name` writes when it runs. */
  marker(name: string): string;
  /** True when the canary program `name` ran. */
  canaryProgramRan(name: string): boolean;
  /**
   * Runs the CLI bundle in `root` with this process's environment plus the canary as a secret in it (and
   * `env` on top), under a deadline.
   */
  runCli(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; deadlineMs?: number }): Promise<ProcessResult>;
  /** Every byte the run left in the repository's files that are not its own inputs (reports, logs), as text. */
  writtenText(): string;
  dispose(): void;
}

const REPO_ROOT = join(__dirname, '..', '..');

let bundled: Promise<string> | undefined;
let bundleDir: string | undefined;

/**
 * The CLI bundled by shared/build.mjs, once per test process, into a git-ignored scratch folder beside
 * shared/dist: from there it finds the bundled OSV snapshot (shared/data) and the product's
 * pipeline/pipeline.yml exactly as the shipped shared/dist/cli.js does.
 */
export function hostileCli(): Promise<string> {
  bundled ??= (async () => {
    bundleDir = mkdtempSync(join(REPO_ROOT, 'shared', '.scratch-hostile-cli-'));
    await buildCliInto(bundleDir);
    return join(bundleDir, 'cli.js');
  })();
  return bundled;
}

/** Removes the scratch bundle (a root-level `after` of each suite that used it). */
export function removeHostileCli(): void {
  if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
  bundled = undefined;
  bundleDir = undefined;
}

/** The product's own pipeline definition. */
export const PRODUCT_PIPELINE = join(REPO_ROOT, 'pipeline', 'pipeline.yml');

/** Each case's deadline: a hang fails the test instead of the suite's timeout. */
export const DEADLINE_MS = 60_000;

/** Runs `devsecops <args>` (the bundle) with exactly `env`, under a deadline. */
export async function runDevsecops(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; deadlineMs?: number },
): Promise<ProcessResult> {
  const cli = await hostileCli();
  return runProcess({
    command: process.execPath,
    args: [cli, ...args],
    env: options.env,
    timeoutMs: options.deadlineMs ?? DEADLINE_MS,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}

/**
 * `devsecops pipeline run <root> --continue-on-failure` (the product's pipeline), with this process's
 * environment and `env` on top.
 */
export function runBundledPipeline(root: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return runDevsecops(['pipeline', 'run', root, '--continue-on-failure'], {
    env: { ...process.env, ...env, NO_COLOR: '1' },
    deadlineMs: 120_000,
  });
}

/**
 * The environment of a user running the CLI on the repository: Debian's tools on PATH, a home of the
 * test's own, and secrets that must never reach a scanner or an action.
 */
export function userEnvironment(repository: HostileRepository, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
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

async function mkfifo(path: string): Promise<void> {
  const made = await runProcess({ command: 'mkfifo', args: [path], timeoutMs: 10_000 });
  if (made.exitCode !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr}`);
}

/**
 * A repository with `entries` (paths with `/`), next to an outside folder of canary files and a home.
 * `{OUTSIDE}` in a link target or in text stands for the outside folder's path.
 */
export async function hostileRepository(entries: Readonly<Record<string, Entry>> = {}): Promise<HostileRepository> {
  const base = mkdtempSync(join(tmpdir(), 'devsecops-hostile-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  const home = join(base, 'home');
  const canary = `CANARY${randomBytes(8).toString('hex')}`;
  mkdirSync(root);
  mkdirSync(home);
  mkdirSync(join(outside, 'etc'), { recursive: true });
  // Shaped like what an attacker would aim at: every line would be a note if it were ever parsed.
  writeFileSync(join(outside, 'etc', 'passwd'), `root:x:0:0:${canary}:/root:/bin/bash\n${canary}-daemon:x:1:1\n`);
  writeFileSync(join(outside, 'etc', 'shadow'), `${canary}: x\nroot: ${canary}\n`);
  writeFileSync(join(outside, 'secret.txt'), `${canary}==1.0\n`);
  writeFileSync(join(outside, 'Dockerfile'), `FROM ${canary}:latest\nRUN echo ${canary}\n`);
  writeFileSync(join(outside, 'config.yml'), `ignore:\n  - "${canary}/**"\n`);
  const expand = (text: string): string => text.replaceAll('{OUTSIDE}', outside);
  const inputs = new Set<string>();
  const place = (path: string): string => {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    inputs.add(target);
    return target;
  };
  const write = (path: string, text: string): string => {
    const target = place(path);
    writeFileSync(target, text);
    return target;
  };
  const executable = (path: string, script: string): string => {
    const target = write(path, `#!/bin/sh\n${script}\n`);
    chmodSync(target, 0o755);
    return target;
  };
  const marker = (name: string): string => join(outside, `${name}.ran`);
  for (const [path, entry] of Object.entries(entries)) {
    if (typeof entry === 'string') write(path, expand(entry));
    else if ('symlink' in entry) symlinkSync(expand(entry.symlink), place(path));
    else await mkfifo(place(path));
  }
  await hostileCli();
  return {
    root,
    outside,
    home,
    canary,
    write,
    executable,
    canaryProgram: (path, name) => executable(path, `env > ${JSON.stringify(marker(name))}\necho '{}'`),
    marker,
    canaryProgramRan: (name) => existsSync(marker(name)),
    runCli: (args, options = {}) =>
      runDevsecops(args, {
        cwd: root,
        ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
        env: {
          ...process.env,
          NO_COLOR: '1',
          AWS_SECRET_ACCESS_KEY: canary,
          DEVSECOPS_TEST_SECRET: canary,
          ...options.env,
        },
      }),
    writtenText: () => {
      const texts: string[] = [];
      const visit = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (inputs.has(path) || !existsSync(path)) continue;
          const info = statSync(path);
          if (info.isDirectory()) visit(path);
          else if (info.isFile()) texts.push(readFileSync(path, 'utf8'));
        }
      };
      visit(root);
      return texts.join('\n');
    },
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}
