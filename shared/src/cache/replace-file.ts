import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';

/** The end of a file's name while it is written, before it is renamed into place; a store's eviction removes stale ones. */
export const TEMPORARY_SUFFIX = '.tmp';

/**
 * Writes `text` to `target` through a private temporary file (mode 0600, created new) renamed into place, so a
 * reader sees the old whole file or the new one, and two writers each leave a whole one; the rename replaces a
 * link at `target` rather than writing through it. False when it could not be written (nothing is left behind).
 */
export async function replaceFilePrivately(target: string, text: string): Promise<boolean> {
  const temporary = `${target}.${String(process.pid)}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await rename(temporary, target);
    return true;
  } catch {
    await unlink(temporary).catch(() => undefined);
    return false;
  }
}
