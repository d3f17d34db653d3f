import { chmod, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';

/** Unsaved buffers written to disk for a tool that only reads files. */
export interface MaterialisedBuffers {
  /** Absolute paths of the written files, in the order of the buffers given. */
  readonly files: readonly string[];
  /** Maps a written file's absolute path back to the buffer's repository-relative path. */
  readonly repoPathOf: ReadonlyMap<string, string>;
}

/**
 * Writes each buffer to a private temporary folder (mode 0700, files 0600),
 * keeping its base name (tools key rules on names like `Dockerfile`), runs
 * `use`, and always removes the folder afterwards. Each buffer gets its own
 * sub-folder so two buffers with one base name never collide.
 *
 * Why files and not stdin: Bandit 1.6.2 crashes reading `-` from a pipe, and
 * hadolint and Dependency-Check decide what a file is by its name.
 */
export async function withBufferFiles<T>(
  buffers: readonly (readonly [repoPath: string, text: string])[],
  use: (materialised: MaterialisedBuffers) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'devsecops-buffers-'));
  try {
    await chmod(dir, 0o700);
    const files: string[] = [];
    const repoPathOf = new Map<string, string>();
    let index = 0;
    for (const [repoPath, text] of buffers) {
      const subdir = join(dir, String(index++));
      await mkdir(subdir, { mode: 0o700 });
      const file = join(subdir, posix.basename(repoPath));
      await writeFile(file, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
      files.push(file);
      repoPathOf.set(file, repoPath);
    }
    return await use({ files, repoPathOf });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
