import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessRequest, ProcessRunner } from '@devsecops/shared/process';

/** A git ref's tree, extracted into a private temporary folder. */
export interface RefSnapshot {
  readonly ok: true;
  /** The folder holding the ref's files. */
  readonly dir: string;
  /** The commit the ref named, full SHA. */
  readonly commit: string;
  /** Removes the folder. */
  dispose(): Promise<void>;
}

/** Why a ref could not be extracted, in words for the view. */
export interface RefSnapshotRefusal {
  readonly ok: false;
  readonly reason: string;
}

/** Time limit of each git or tar run. */
const TIMEOUT_MS = 120_000;

/**
 * A ref as a person types it in a setting (`origin/main`, `v1.2`, a SHA): no leading `-` (it would be read as an
 * option), no whitespace or control characters, no `..` range, bounded. git checks the rest.
 */
export function isPlausibleRef(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 200 &&
    !ref.startsWith('-') &&
    !ref.includes('..') &&
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    !/[\s\u0000-\u001f\u007f:?*[\\]/.test(ref)
  );
}

/**
 * Extracts the tree of `ref` in the repository at `root` into a new private folder (mode 0700): `git rev-parse` names
 * the commit, `git archive` writes it as a tar, `tar` unpacks it. Every program gets an argument array (never a
 * shell), and the ref can never be taken for an option. The caller disposes of the snapshot.
 */
export async function extractRef(
  runProcess: ProcessRunner,
  root: string,
  ref: string,
  signal?: AbortSignal,
): Promise<RefSnapshot | RefSnapshotRefusal> {
  if (!isPlausibleRef(ref)) return { ok: false, reason: `"${ref}" is not a git ref (e.g. origin/main).` };
  const run = (request: Omit<ProcessRequest, 'timeoutMs' | 'signal'>): ReturnType<ProcessRunner> =>
    runProcess({ ...request, timeoutMs: TIMEOUT_MS, ...(signal ? { signal } : {}) });
  const inside = await run({ command: 'git', args: ['rev-parse', '--is-inside-work-tree'], cwd: root });
  if (inside.failure?.kind === 'not-found') return { ok: false, reason: 'git is not installed.' };
  if (inside.exitCode !== 0 || inside.stdout.trim() !== 'true') {
    return { ok: false, reason: 'this folder is not a git repository.' };
  }
  const resolved = await run({
    command: 'git',
    args: ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
    cwd: root,
  });
  const commit = resolved.stdout.trim();
  if (resolved.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) {
    return { ok: false, reason: `git does not know the ref "${ref}" here (fetch it first?).` };
  }
  const dir = await mkdtemp(join(tmpdir(), 'devsecops-baseline-'));
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const tar = join(dir, 'tree.tar');
    const tree = join(dir, 'tree');
    await mkdir(tree, { mode: 0o700 });
    const archived = await run({
      command: 'git',
      args: ['archive', '--format=tar', `--output=${tar}`, commit],
      cwd: root,
    });
    if (archived.exitCode !== 0) {
      await dispose();
      return { ok: false, reason: `git archive of ${commit.slice(0, 12)} failed: ${archived.stderr.trim()}` };
    }
    // No owner or mode from the archive: the files are the user's, readable only by them.
    const unpacked = await run({
      command: 'tar',
      args: ['-x', '--no-same-owner', '--no-same-permissions', '-f', tar, '-C', tree],
      cwd: dir,
    });
    await rm(tar, { force: true });
    if (unpacked.exitCode !== 0) {
      await dispose();
      return { ok: false, reason: `unpacking ${commit.slice(0, 12)} failed: ${unpacked.stderr.trim()}` };
    }
    return { ok: true, dir: tree, commit, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
