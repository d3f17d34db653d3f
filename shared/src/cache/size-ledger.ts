import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { readWholeFile } from '../files/read-whole-file';
import { replaceFilePrivately } from './replace-file';

/**
 * The bytes a result folder holds, kept in a small file beside its entries, so that a scan can tell whether
 * the folder is within its budget without listing it (a listing of a thousand entries costs a re-scan tens of
 * milliseconds). The first line is an exact count made by a full pass (`=BYTES TIME`); each entry written since
 * then appends its size (`+BYTES`). It only ever overcounts (an entry written again is counted
 * twice), except when a write races with the next full pass, and a count older than an hour, malformed,
 * oversized or not a regular file is no count: the caller then lists the folder, which writes a new one.
 */
const LEDGER = 'size-ledger';
const LEDGER_MAX_BYTES = 64 * 1024;
/** How long a count is trusted: a bound on what racing or tampering can hide. */
const LEDGER_MAX_AGE_MS = 60 * 60 * 1000;

/** The folder's bytes by its ledger; undefined when there is no count to trust. */
export async function readSizeLedger(directory: string, now = Date.now()): Promise<number | undefined> {
  const content = await readWholeFile(join(directory, LEDGER), { maxBytes: LEDGER_MAX_BYTES, followLinks: false });
  if (content === undefined) return undefined;
  const [first, ...rest] = content.toString('utf8').split('\n');
  const base = /^=(\d{1,15}) (\d{1,15})$/.exec(first ?? '');
  if (base === null) return undefined;
  const countedAt = Number(base[2]);
  if (countedAt > now || now - countedAt > LEDGER_MAX_AGE_MS) return undefined;
  let total = Number(base[1]);
  for (const line of rest) {
    if (line === '') continue;
    const added = /^\+(\d{1,15})$/.exec(line);
    if (added === null) return undefined;
    total += Number(added[1]);
  }
  return total;
}

/** Starts a new ledger with the exact count of a full pass (written whole, then renamed into place). */
export async function writeSizeLedger(directory: string, bytes: number, now = Date.now()): Promise<void> {
  await replaceFilePrivately(join(directory, LEDGER), `=${String(bytes)} ${String(now)}\n`);
}

/**
 * Adds an entry's bytes to the ledger; false when there is no ledger to add to (the next full pass starts one).
 * Never through a link, and only to a regular file: the folder may have been tampered with.
 */
export async function appendToSizeLedger(directory: string, bytes: number): Promise<boolean> {
  let handle;
  try {
    handle = await open(
      join(directory, LEDGER),
      constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch {
    return false;
  }
  try {
    if (!(await handle.stat()).isFile()) return false;
    await handle.write(`+${String(bytes)}\n`);
    return true;
  } catch {
    return false;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
