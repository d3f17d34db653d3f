import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a small repository file could not be read (already worded for "…, which <reason>"). */
export class SmallFileError extends Error {
  override readonly name = 'SmallFileError';
}

/**
 * Reads a repository file Bandit's setup depends on (`.bandit`, a `-c` config): only a regular file (the
 * final component is not followed if it is a link, and a FIFO is opened without blocking and refused), and
 * at most `maxBytes`, so a hostile repository cannot hang the scan or exhaust memory through it.
 */
export async function readSmallRegularFile(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SmallFileError(
      code === 'ELOOP' ? 'is a symbolic link (not followed)' : `cannot be opened (${code ?? 'error'})`,
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new SmallFileError('is not a regular file');
    if (info.size > maxBytes) throw new SmallFileError(`is larger than ${String(maxBytes)} bytes`);
    const buffer = Buffer.alloc(info.size + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw new SmallFileError(`is larger than ${String(maxBytes)} bytes`);
    const bytes = buffer.subarray(0, bytesRead);
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) throw new SmallFileError('is not valid UTF-8 text');
    return text;
  } finally {
    await handle.close();
  }
}
