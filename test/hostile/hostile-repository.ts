// Builds the repositories of the hostile-repository suite: a scratch folder holding the
// repository and, beside it, files of "the machine" that the repository points at. Every
// outside file holds a canary, so a test can prove nothing of it reached an output.
import { randomBytes } from 'node:crypto';
import {
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
import type { ProcessResult } from '../../shared/src/process/process-runner';
import { runProcess } from '../../shared/src/process/process-runner';
import { buildCliInto } from '../../shared/test/cli/cli-bundle';

/** What a path in the repository is: text, a symbolic link (to `symlink`, verbatim), or a FIFO. */
export type Entry = string | { readonly symlink: string } | { readonly fifo: true };

export interface HostileRepository {
  /** The repository root. */
  readonly root: string;
  /** A folder beside it standing for the rest of the machine (`<outside>/etc/passwd`, `<outside>/secret.txt`). */
  readonly outside: string;
  /** Text in every outside file (and in the environment of `runCli`): it must never appear in an output. */
  readonly canary: string;
  /** Runs the CLI bundle in `root` with the canary as a secret in its environment, under a deadline. */
  runCli(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; deadlineMs?: number }): Promise<ProcessResult>;
  /** Every byte the run left in the repository's files that are not its own inputs (reports, logs), as text. */
  writtenText(): string;
  dispose(): void;
}

const REPO_ROOT = join(__dirname, '..', '..');

let bundled: Promise<string> | undefined;
let bundleDir: string | undefined;

/**
 * The CLI bundled by shared/build.mjs into a git-ignored scratch folder beside shared/dist: from
 * there it finds the bundled OSV snapshot (shared/data) and the product's pipeline/pipeline.yml
 * exactly as shared/dist/cli.js does.
 */
export function hostileCliBundle(): Promise<string> {
  bundled ??= (async () => {
    bundleDir = mkdtempSync(join(REPO_ROOT, 'shared', '.scratch-hostile-cli-'));
    await buildCliInto(bundleDir);
    return join(bundleDir, 'cli.js');
  })();
  return bundled;
}

/** Removes the scratch bundle (a root-level `after` of each suite that used it). */
export function removeHostileCliBundle(): void {
  if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
  bundled = undefined;
  bundleDir = undefined;
}

/** The product's own pipeline definition. */
export const PRODUCT_PIPELINE = join(REPO_ROOT, 'pipeline', 'pipeline.yml');

/** Each case's deadline: a hang fails the test instead of the suite's timeout. */
export const DEADLINE_MS = 60_000;

async function mkfifo(path: string): Promise<void> {
  const made = await runProcess({ command: 'mkfifo', args: [path], timeoutMs: 10_000 });
  if (made.exitCode !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr}`);
}

/**
 * A repository with `entries` (paths with `/`), next to an outside folder of canary files.
 * `{OUTSIDE}` in a link target or in text stands for the outside folder's path.
 */
export async function hostileRepository(entries: Readonly<Record<string, Entry>>): Promise<HostileRepository> {
  const base = mkdtempSync(join(tmpdir(), 'devsecops-hostile-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  const canary = `CANARY${randomBytes(8).toString('hex')}`;
  mkdirSync(root);
  mkdirSync(join(outside, 'etc'), { recursive: true });
  // Shaped like what an attacker would aim at: every line would be a note if it were ever parsed.
  writeFileSync(join(outside, 'etc', 'passwd'), `root:x:0:0:${canary}:/root:/bin/bash\n${canary}-daemon:x:1:1\n`);
  writeFileSync(join(outside, 'etc', 'shadow'), `${canary}: x\nroot: ${canary}\n`);
  writeFileSync(join(outside, 'secret.txt'), `${canary}==1.0\n`);
  writeFileSync(join(outside, 'Dockerfile'), `FROM ${canary}:latest\nRUN echo ${canary}\n`);
  writeFileSync(join(outside, 'config.yml'), `ignore:\n  - "${canary}/**"\n`);
  const expand = (text: string): string => text.replaceAll('{OUTSIDE}', outside);
  const inputs = new Set<string>();
  for (const [path, entry] of Object.entries(entries)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    inputs.add(target);
    if (typeof entry === 'string') writeFileSync(target, expand(entry));
    else if ('symlink' in entry) symlinkSync(expand(entry.symlink), target);
    else await mkfifo(target);
  }
  const cli = await hostileCliBundle();
  return {
    root,
    outside,
    canary,
    runCli: (args, options = {}) =>
      runProcess({
        command: process.execPath,
        args: [cli, ...args],
        cwd: root,
        timeoutMs: options.deadlineMs ?? DEADLINE_MS,
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

/** The `--format json` report of a scan: each tool's status, unscanned files and notes. */
export interface JsonReport {
  readonly tools: readonly {
    readonly name: string;
    readonly status: string;
    readonly reason?: string;
    readonly notes?: readonly string[];
    readonly unscanned?: readonly { readonly path: string; readonly reason: string }[];
  }[];
}

export function parseJsonReport(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}
