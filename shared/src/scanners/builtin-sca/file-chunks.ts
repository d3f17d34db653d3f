// Reading a large file through one reused buffer. The database zip and its index file are
// tens of megabytes: reading one whole into a fresh buffer costs a page fault per 4 KiB of
// new memory, which on a loaded or virtualised machine took several times longer than
// hashing the same bytes through a buffer that is already mapped.
import { createHash } from 'node:crypto';
import { close, open, read } from 'node:fs';
import { promisify } from 'node:util';

const CHUNK_BYTES = 1024 * 1024;

export const openFile = promisify(open);
export const closeFile = promisify(close);
/** `fs.read` at a position, as a promise of `{ bytesRead }`. */
export const readAt = promisify(read);

/**
 * Calls `visit` with each chunk of the open file from byte `from` to its end (the chunk is
 * only valid during the call), and returns the position after the last byte read.
 */
export async function forEachChunk(
  fd: number,
  from: number,
  visit: (chunk: Buffer, position: number) => void,
): Promise<number> {
  const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let position = from;
  for (;;) {
    const { bytesRead } = await readAt(fd, buffer, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) return position;
    visit(buffer.subarray(0, bytesRead), position);
    position += bytesRead;
  }
}

/** The SHA-256 of a file's content (hex), read in chunks. */
export async function sha256OfFile(path: string): Promise<string> {
  const fd = await openFile(path, 'r');
  try {
    const hash = createHash('sha256');
    await forEachChunk(fd, 0, (chunk) => hash.update(chunk));
    return hash.digest('hex');
  } finally {
    await closeFile(fd);
  }
}
