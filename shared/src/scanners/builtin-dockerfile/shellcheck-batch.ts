import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withPrivateFolder } from '../../process/private-folder';
import type { ProcessResult, ProcessRunner } from '../../process/process-runner';
import { jsonRecordCheck } from '../../json/json-fields';
import { isJsonObject } from '../json-output';

/*
 * ShellCheck over many scripts with one process per batch instead of one per script: starting ShellCheck
 * costs far more than checking a RUN line, so a repository with a thousand RUNs spent minutes starting
 * processes. Each script is written to its own file and ShellCheck reads a batch of them, naming the file in
 * every `json1` comment.
 *
 * What a repository could do with files it does not do with stdin, and why it cannot here:
 * - ShellCheck follows `source`/`.` into any file given on its command line (no `-x` needed), and a script
 *   can point it there with `# shellcheck source-path=SCRIPTDIR`. A RUN that sourced another RUN's file
 *   would change both results. So every script has its own folder and name, each 96 random bits: there is
 *   no sibling in a script's folder and no name a RUN could write down.
 * - `.shellcheckrc` files are looked for from the script's folder up to `/` (a shared `/tmp` included) and
 *   in the home folder; one could enable `external-sources` and let a RUN read any file. `--norc` reads none,
 *   as hadolint, whose ShellCheck reads no rc file either. (A script's own `external-sources` directive is
 *   refused by ShellCheck: SC1144.)
 */

/** One ShellCheck comment of the `json1` format, as far as findings use it. */
export interface ShellcheckComment {
  readonly code: number;
  readonly level: string;
  readonly message: string;
}

/** What ShellCheck said about one script: its comments, or why it could not check it. */
export type ScriptCheck = { readonly comments: readonly ShellcheckComment[] } | { readonly error: string };

export interface ShellcheckBatchOptions {
  readonly runProcess: ProcessRunner;
  readonly executable: string;
  /** ShellCheck's minimal environment (`toolEnvironment`). */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

/** ShellCheck checks left out: "ash not supported" (SC2187) and following `source`d files (SC1090, SC1091), which live in the image. */
export const SHELLCHECK_EXCLUDED = ['SC2187', 'SC1090', 'SC1091'];

/** The arguments before the script files; the same for every run, so a batch and a single script agree. */
export const SHELLCHECK_ARGUMENTS = ['--format=json1', '--norc', `--exclude=${SHELLCHECK_EXCLUDED.join(',')}`];

/**
 * Limits of one ShellCheck run. The count and the path characters keep the command line far below the
 * system's argument limit (about 110 characters a path); the script characters bound ShellCheck's memory,
 * which holds its input as Haskell strings (tens of bytes a character).
 */
export const MAX_SCRIPTS_PER_RUN = 250;
const MAX_SCRIPT_CHARS_PER_RUN = 1_000_000;
const MAX_PATH_CHARS_PER_RUN = 64 * 1024;

/** Time for a run of one script (what one RUN always had); each further script in a run adds a little. */
export const SHELLCHECK_TIMEOUT_MS = 30_000;
const EXTRA_MS_PER_SCRIPT = 2_000;

/** A script nobody can write, to tell a ShellCheck that fails on everything from one script it fails on. */
const CANARY_SCRIPT = '#!/bin/sh\ntrue\n';

/**
 * Checks every script, one ShellCheck process per batch, and returns a verdict per script in the same order.
 * Never throws. When a batch fails (a crash, a timeout, output that is not ShellCheck's), its scripts are
 * checked one by one, so one script ShellCheck cannot handle costs only its own result.
 */
export async function shellcheckBatch(
  scripts: readonly string[],
  options: ShellcheckBatchOptions,
): Promise<ScriptCheck[]> {
  if (scripts.length === 0) return [];
  try {
    return await withPrivateFolder(async (folder) => {
      const files = await writeScripts(folder, scripts);
      const checks: ScriptCheck[] = [];
      for (const batch of batchesOf(files, scripts)) {
        for (const check of await checkBatch(batch, folder, options)) checks.push(check);
      }
      return checks;
    }, 'devsecops-shellcheck-');
  } catch (error) {
    // The scripts could not be written (a full disk, a temporary folder we may not write to).
    const message = `could not write the RUN scripts for shellcheck: ${error instanceof Error ? error.message : String(error)}`;
    return scripts.map(() => ({ error: message }));
  }
}

/** Writes each script to `<folder>/<random>/<random>` (folders 0700, files 0600) and returns the paths. */
async function writeScripts(folder: string, scripts: readonly string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const script of scripts) {
    const own = join(folder, randomName());
    await mkdir(own, { mode: 0o700 });
    const path = join(own, randomName());
    await writeFile(path, script, { mode: 0o600, flag: 'wx' });
    paths.push(path);
  }
  return paths;
}

function randomName(): string {
  return randomBytes(12).toString('hex');
}

interface ScriptFile {
  readonly path: string;
  readonly script: string;
}

function* batchesOf(paths: readonly string[], scripts: readonly string[]): Generator<ScriptFile[]> {
  let batch: ScriptFile[] = [];
  let scriptChars = 0;
  let pathChars = 0;
  for (const [index, path] of paths.entries()) {
    const script = scripts[index] ?? '';
    const full =
      batch.length >= MAX_SCRIPTS_PER_RUN ||
      scriptChars + script.length > MAX_SCRIPT_CHARS_PER_RUN ||
      pathChars + path.length > MAX_PATH_CHARS_PER_RUN;
    if (batch.length > 0 && full) {
      yield batch;
      batch = [];
      scriptChars = 0;
      pathChars = 0;
    }
    batch.push({ path, script });
    scriptChars += script.length;
    pathChars += path.length + 1;
  }
  if (batch.length > 0) yield batch;
}

async function checkBatch(
  batch: readonly ScriptFile[],
  folder: string,
  options: ShellcheckBatchOptions,
): Promise<ScriptCheck[]> {
  const paths = batch.map((file) => file.path);
  const outcome = await runShellcheck(paths, folder, options);
  if (!('error' in outcome)) return paths.map((path) => ({ comments: outcome.get(path) ?? [] }));
  const everyScript = (error: string): ScriptCheck[] => paths.map(() => ({ error }));
  if (batch.length === 1 || !outcome.retry) return everyScript(outcome.error);
  // A ShellCheck that fails on a script anyone could write fails on each of these too: say so once.
  const canaryPath = join(folder, randomName());
  await writeFile(canaryPath, CANARY_SCRIPT, { mode: 0o600, flag: 'wx' });
  if ('error' in (await runShellcheck([canaryPath], folder, options))) return everyScript(outcome.error);
  const checks: ScriptCheck[] = [];
  for (const path of paths) {
    const single = await runShellcheck([path], folder, options);
    checks.push('error' in single ? { error: single.error } : { comments: single.get(path) ?? [] });
  }
  return checks;
}

type RunOutcome = ReadonlyMap<string, ShellcheckComment[]> | { readonly error: string; readonly retry: boolean };

/** One ShellCheck process over `paths`: the comments of each file, or why there are none. */
async function runShellcheck(
  paths: readonly string[],
  folder: string,
  options: ShellcheckBatchOptions,
): Promise<RunOutcome> {
  const result = await options.runProcess({
    command: options.executable,
    args: [...SHELLCHECK_ARGUMENTS, ...paths],
    cwd: folder,
    timeoutMs: SHELLCHECK_TIMEOUT_MS + (paths.length - 1) * EXTRA_MS_PER_SCRIPT,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return commentsByFile(result, paths);
}

function commentsByFile(result: ProcessResult, paths: readonly string[]): RunOutcome {
  if (result.failure !== undefined) {
    // Missing or cancelled: running it again, script by script, changes nothing.
    const retry = result.failure.kind !== 'not-found' && result.failure.kind !== 'cancelled';
    return { error: `shellcheck did not run: ${result.failure.message}`, retry };
  }
  // 0: clean, 1: findings; anything else is ShellCheck failing (2: a file it could not read or parse).
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    return {
      error: `shellcheck exited with ${String(result.exitCode)}: ${result.stderr.trim().slice(0, 300)}`,
      retry: true,
    };
  }
  const byFile = new Map<string, ShellcheckComment[]>(paths.map((path) => [path, []]));
  const comments = json1Comments(result.stdout);
  // A comment about a file it was not given would be a sourced file: nothing to trust in that output.
  if (comments === undefined || comments.some((comment) => !byFile.has(comment.file))) {
    return { error: 'shellcheck printed output that is not its JSON format; is it older than 0.7?', retry: true };
  }
  for (const { file, code, level, message } of comments) byFile.get(file)?.push({ code, level, message });
  return byFile;
}

interface Json1Comment extends ShellcheckComment {
  readonly file: string;
}

const isJson1Comment = jsonRecordCheck({ file: 'string', code: 'integer', level: 'string', message: 'string' });

/** The comments of ShellCheck's `json1` output, or undefined when the output is not in that shape. */
function json1Comments(stdout: string): Json1Comment[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const comments = isJsonObject(document) ? document['comments'] : undefined;
  return Array.isArray(comments) && comments.every(isJson1Comment) ? comments : undefined;
}
