import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * The whole content of a regular file of at most `maxBytes`, or undefined: missing, unreadable, larger, or not a
 * regular file. Opening never blocks (a FIFO in its place cannot hang the caller); with `followLinks: false` a
 * link at the last step is refused too.
 */
export async function readWholeFile(
  path: string,
  options: { readonly maxBytes: number; readonly followLinks: boolean },
): Promise<Buffer | undefined> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followLinks ? 0 : constants.O_NOFOLLOW);
  let handle;
  try {
    handle = await open(path, flags);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > options.maxBytes) return undefined;
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
    return buffer.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
