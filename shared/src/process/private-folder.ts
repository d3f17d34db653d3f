import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `use` with a fresh folder only this user can read (mode 0700) and removes it afterwards, whatever
 * happens. External tools run with such a folder as their working directory: the scanned repository must
 * not be one, since tools and interpreters look for modules, plugins and config files in the folder they
 * start in (`python -m` puts it first on `sys.path`).
 */
export async function withPrivateFolder<T>(use: (folder: string) => Promise<T>, prefix = 'devsecops-'): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  try {
    await chmod(folder, 0o700);
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
