// The one way our own code reads a file of the scanned tree. A repository is untrusted input: a
// symbolic link in it may lead to /etc/shadow or /dev/zero, a "file" may be a FIFO that blocks its
// reader for ever, and any file may be huge. So a path is followed component by component from the
// tree's root, never touching anything outside it; only a regular file is opened (without blocking,
// without following a link swapped in meanwhile); and the read stops at a byte limit and a deadline.
import { isUtf8 } from 'node:buffer';
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { fileText } from './file-text';

/** Why a file of the tree was not read. */
export type RefusalReason =
  /** Nothing is there (or a folder on the way is missing). */
  | 'missing'
  /** The path, or a symbolic link on the way, leads out of the tree. */
  | 'outside'
  /** The path leads into /proc, /dev or /sys, which are never read. */
  | 'system'
  /** Symbolic links that point at each other without end. */
  | 'link-loop'
  /** A FIFO, socket, device or folder. */
  | 'not-a-file'
  /** Larger than the reader's byte limit. */
  | 'too-large'
  /** The read did not finish before its deadline. */
  | 'timeout'
  /** Permissions, an I/O error, or the file changed while it was opened. */
  | 'unreadable'
  /** It declares an encoding that is not read here (`pipDecoding` readers only). */
  | 'undecodable';

export interface RepositoryFileRequest {
  /** The tree the file must stay inside: the repository root (for a pipeline definition, its folder). */
  readonly root: string;
  /** The file, relative to `root` (either separator) or absolute. */
  readonly path: string;
  /** Bytes read at most; a larger file is refused as `too-large` (its size is checked before reading). */
  readonly maxBytes: number;
  /** Milliseconds the read may take; default 30 s. */
  readonly timeoutMs?: number;
  /** How messages name the file; default its path relative to `root`, with `/`. */
  readonly displayName?: string;
  /** How messages name the tree; default "the repository". */
  readonly treeName?: string;
  /** True for a file the user may leave out with `ignore` in .devsecops.yml: messages say so. */
  readonly ignorable?: boolean;
  /** True to decode the file as pip decodes a requirements file (`fileText`); default UTF-8 only. */
  readonly pipDecoding?: boolean;
}

/** A file that was not read, and the error that says which, why and what to do. */
export interface RepositoryFileRefusal {
  readonly ok: false;
  readonly reason: RefusalReason;
  /** FILE_UNREADABLE; its message names the file, says why it was not read and what to do. */
  readonly error: DevsecopsError;
}

export type RepositoryFileResult =
  | {
      readonly ok: true;
      /**
       * The content as text (`fileText`): UTF-8, or UTF-16 or UTF-32 where the request accepts its byte order mark; a
       * byte sequence that is not valid becomes U+FFFD.
       */
      readonly text: string;
      /** False when the bytes are not valid UTF-8: a reader that would stop on them (Python's) can tell. */
      readonly validUtf8: boolean;
      /** The file's absolute path with every symbolic link resolved (inside the tree). */
      readonly realPath: string;
    }
  | RepositoryFileRefusal;

/** What `checkRepositoryFile` found: a regular file inside the tree that a tool may be pointed at. */
export type RepositoryFileCheck =
  { readonly ok: true; readonly realPath: string; readonly size: number } | RepositoryFileRefusal;

/** The default deadline of one read. */
export const REPOSITORY_FILE_TIMEOUT_MS = 30_000;

/** As Linux's MAXSYMLINKS: more links than this on one path is a loop. */
const MAX_LINKS = 40;
/** Bytes asked of the OS per read call, at most. */
const CHUNK_BYTES = 1024 * 1024;
/** The smallest read buffer: what is asked after the expected end, to see the end (or that the file grew). */
const MIN_CHUNK_BYTES = 8 * 1024;

/**
 * The next read's buffer: the rest of the file as its size said when opened, plus one byte (a file that grew
 * shows it), within the chunk and the limit. Sized by the file, so reading a few hundred small files for one
 * scan does not allocate (and collect) a megabyte for each of them.
 */
function nextChunkBytes(expectedBytes: number, readSoFar: number, maxBytes: number): number {
  return Math.min(CHUNK_BYTES, maxBytes + 1 - readSoFar, Math.max(expectedBytes + 1 - readSoFar, MIN_CHUNK_BYTES));
}
/** Kernel interfaces that look like files but are not data: never read, whatever the tree. */
const SYSTEM_FOLDERS: readonly string[] = process.platform === 'win32' ? [] : ['/proc', '/dev', '/sys'];
/**
 * Read-only; no link followed for the last component (a link swapped in after the check fails with ELOOP);
 * no blocking (a FIFO swapped in opens at once instead of waiting for a writer); never a controlling terminal.
 */
const OPEN_FLAGS = ['O_RDONLY', 'O_NOFOLLOW', 'O_NONBLOCK', 'O_NOCTTY'].reduce(
  // Windows lacks the last three: its typings say number, its constants object says undefined.
  (flags, name) => flags | ((constants as Partial<Record<string, number>>)[name] ?? 0),
  0,
);

interface Located {
  readonly realPath: string;
  readonly stats: Stats;
}

interface Refused {
  readonly reason: RefusalReason;
  /** Extra words for the message: the kind of special file, the errno, the size. */
  readonly detail?: string;
}

function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

function isInsideFolder(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

function systemFolderOf(path: string): string | undefined {
  return SYSTEM_FOLDERS.find((folder) => isInsideFolder(folder, path));
}

/** True when a path relative to a folder climbs out of it. */
function climbsOut(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath);
}

function linkParts(target: string): string[] {
  return target.split(/[\\/]/);
}

/**
 * Follows `parts` from `rootReal` one component at a time, as the kernel would, but stops at
 * the first step out of the tree: every lstat and readlink is of a path inside it, so a link
 * to outside is judged by its text and what it points at is never touched (not even whether
 * it exists, which would otherwise leak into reports).
 */
function locate(rootReal: string, parts: readonly string[]): Located | Refused {
  const pending = parts.filter((part) => part !== '' && part !== '.').reverse();
  let current = rootReal;
  let stats: Stats | undefined;
  let links = 0;
  for (let part = pending.pop(); part !== undefined; part = pending.pop()) {
    if (part === '..') {
      if (current === rootReal) return { reason: 'outside', detail: 'link' };
      current = dirname(current);
      stats = undefined;
      continue;
    }
    const next = join(current, part);
    const system = systemFolderOf(next);
    if (system !== undefined) return { reason: 'system', detail: system };
    let info: Stats;
    try {
      info = lstatSync(next);
    } catch (error) {
      const code = errnoOf(error);
      return code === 'ENOENT' || code === 'ENOTDIR' ? { reason: 'missing' } : { reason: 'unreadable', detail: code };
    }
    if (info.isSymbolicLink()) {
      links += 1;
      if (links > MAX_LINKS) return { reason: 'link-loop' };
      let target: string;
      try {
        target = readlinkSync(next);
      } catch (error) {
        return { reason: 'unreadable', detail: errnoOf(error) };
      }
      if (isAbsolute(target)) {
        const inside = relative(rootReal, target);
        if (climbsOut(inside)) return { reason: 'outside', detail: 'link' };
        current = rootReal;
        pending.push(...linkParts(inside).reverse());
      } else {
        pending.push(...linkParts(target).reverse());
      }
      stats = undefined;
      continue;
    }
    if (pending.length > 0 && !info.isDirectory()) return { reason: 'missing' };
    current = next;
    stats = info;
  }
  if (stats === undefined) return { reason: 'not-a-file', detail: 'a folder' };
  return { realPath: current, stats };
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en-US')} bytes`;
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? String(value) : value.toFixed(1)} MB`;
}

/** The sentence that says what was wrong, then what to do. */
function refusalMessage(request: RepositoryFileRequest, refused: Refused, name: string): string {
  const tree = request.treeName ?? 'the repository';
  const { detail } = refused;
  const what: Record<RefusalReason, string> = {
    missing: `${name} does not exist`,
    outside:
      detail === 'link'
        ? `${name} is a symbolic link (or lies behind one) to outside ${tree}`
        : `${name} is outside ${tree}`,
    system: `${name} leads into ${detail ?? 'a system folder'}, which is never read`,
    'link-loop': `${name} is a loop of symbolic links`,
    'not-a-file': `${name} is ${detail ?? 'not a regular file'}, not a regular file`,
    'too-large': `${name} is larger than ${sizeText(request.maxBytes)}${detail === undefined ? '' : ` (${detail})`}`,
    timeout: `reading ${name} took longer than ${String((request.timeoutMs ?? REPOSITORY_FILE_TIMEOUT_MS) / 1000)} s`,
    unreadable:
      detail === 'changed'
        ? `${name} changed while it was being opened`
        : `${name} cannot be read (${detail ?? 'EIO'})`,
    undecodable: `${name} declares the encoding ${JSON.stringify(detail ?? '')} on its first lines: pip reads it in that encoding, which this scanner does not`,
  };
  const fix: Record<RefusalReason, string> = {
    missing: 'Check the path',
    outside:
      detail === 'link' ? `Keep the file itself inside ${tree} rather than a link to it` : `Keep it inside ${tree}`,
    system: `Keep the file itself inside ${tree}`,
    'link-loop': 'Replace the links with the file itself',
    'not-a-file': 'Replace it with a regular file',
    'too-large': 'Make it smaller',
    timeout: 'Check the disk or network share it is on',
    unreadable: 'Check its permissions',
    undecodable: 'Save it as UTF-8 and remove the declaration',
  };
  const ignore =
    request.ignorable === true ? ', or add it to `ignore` in .devsecops.yml to leave it out on purpose' : '';
  return `${what[refused.reason]}: not read. ${fix[refused.reason]}${ignore}.`;
}

function displayNameOf(request: RepositoryFileRequest, rootAbsolute: string, absolute: string): string {
  return request.displayName ?? relative(rootAbsolute, absolute).split(sep).join('/');
}

function refusal(
  request: RepositoryFileRequest,
  refused: Refused,
  name: string,
  cause?: unknown,
): RepositoryFileRefusal {
  return {
    ok: false,
    reason: refused.reason,
    error: new DevsecopsError(
      'FILE_UNREADABLE',
      refusalMessage(request, refused, name),
      cause === undefined ? {} : { cause },
    ),
  };
}

/** The file's bytes, read in full, as the reader's result. */
function contentRead(
  request: RepositoryFileRequest,
  content: Buffer,
  realPath: string,
  name: string,
): RepositoryFileResult {
  const text = fileText(content, request.pipDecoding === true);
  if (typeof text !== 'string')
    return refusal(request, { reason: 'undecodable', detail: text.unsupportedEncoding }, name);
  return {
    ok: true,
    text,
    validUtf8: isUtf8(content),
    realPath,
  };
}

/** Where the file is, if it may be opened: inside the tree, a regular file, within the size limit. */
function checkPath(
  request: RepositoryFileRequest,
): { located: Located; name: string } | { refused: Refused; name: string; cause?: unknown } {
  const rootAbsolute = resolve(request.root);
  const absolute = resolve(rootAbsolute, request.path);
  const name = displayNameOf(request, rootAbsolute, absolute);
  const inside = relative(rootAbsolute, absolute);
  if (climbsOut(inside)) return { refused: { reason: 'outside' }, name };
  let rootReal: string;
  try {
    rootReal = realpathSync(rootAbsolute);
  } catch (cause) {
    const code = errnoOf(cause);
    const reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
    return { refused: { reason, detail: code }, name, cause };
  }
  const system = systemFolderOf(rootReal);
  if (system !== undefined) return { refused: { reason: 'system', detail: system }, name };
  const located = locate(rootReal, inside.split(sep));
  if ('reason' in located) return { refused: located, name };
  if (!located.stats.isFile()) return { refused: { reason: 'not-a-file', detail: specialKind(located.stats) }, name };
  if (located.stats.size > request.maxBytes) {
    return { refused: { reason: 'too-large', detail: `${located.stats.size.toLocaleString('en-US')} bytes` }, name };
  }
  return { located, name };
}

/** The refusal for what `fstat` says of the opened descriptor, when it is not the file that was checked. */
function openedMismatch(request: RepositoryFileRequest, checked: Stats, opened: Stats): Refused | undefined {
  if (!opened.isFile()) return { reason: 'not-a-file', detail: specialKind(opened) };
  if (opened.dev !== checked.dev || opened.ino !== checked.ino) return { reason: 'unreadable', detail: 'changed' };
  if (opened.size > request.maxBytes)
    return { reason: 'too-large', detail: `${opened.size.toLocaleString('en-US')} bytes` };
  return undefined;
}

function openFailure(error: unknown): Refused {
  const code = errnoOf(error);
  if (code === 'ELOOP') return { reason: 'unreadable', detail: 'changed' };
  if (code === 'ENOENT' || code === 'ENOTDIR') return { reason: 'missing' };
  if (code === 'ENXIO') return { reason: 'not-a-file', detail: 'a socket' };
  return { reason: 'unreadable', detail: code };
}

/**
 * Checks a file of the tree that a tool will read itself (a scanner's config file): inside
 * the tree, a regular file, within `maxBytes` when given. Nothing is read.
 */
export function checkRepositoryFile(
  request: Omit<RepositoryFileRequest, 'maxBytes' | 'timeoutMs'> & { readonly maxBytes?: number },
): RepositoryFileCheck {
  const full: RepositoryFileRequest = { ...request, maxBytes: request.maxBytes ?? Number.MAX_SAFE_INTEGER };
  const checked = checkPath(full);
  if ('refused' in checked) return refusal(full, checked.refused, checked.name, checked.cause);
  return { ok: true, realPath: checked.located.realPath, size: checked.located.stats.size };
}

/**
 * Reads a file of the tree synchronously, for callers that cannot wait (an include read in
 * the middle of parsing). Same rules as `readRepositoryFile`; the deadline is checked between
 * chunks, as a synchronous read cannot be interrupted.
 */
export function readRepositoryFileSync(request: RepositoryFileRequest): RepositoryFileResult {
  const checked = checkPath(request);
  if ('refused' in checked) return refusal(request, checked.refused, checked.name, checked.cause);
  const { located, name } = checked;
  const deadline = Date.now() + (request.timeoutMs ?? REPOSITORY_FILE_TIMEOUT_MS);
  let fd: number;
  try {
    fd = openSync(located.realPath, OPEN_FLAGS);
  } catch (error) {
    return refusal(request, openFailure(error), name, error);
  }
  try {
    const opened = fstatSync(fd);
    const mismatch = openedMismatch(request, located.stats, opened);
    if (mismatch !== undefined) return refusal(request, mismatch, name);
    const chunks: Buffer[] = [];
    let total = 0;
    // One byte past the limit tells a file that grew since fstat from one that fits exactly.
    while (total <= request.maxBytes) {
      if (Date.now() > deadline) return refusal(request, { reason: 'timeout' }, name);
      const chunk = Buffer.allocUnsafe(nextChunkBytes(opened.size, total, request.maxBytes));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > request.maxBytes) return refusal(request, { reason: 'too-large' }, name);
    return contentRead(request, Buffer.concat(chunks, total), located.realPath, name);
  } catch (error) {
    return refusal(request, { reason: 'unreadable', detail: errnoOf(error) }, name, error);
  } finally {
    closeSync(fd);
  }
}

const TIMED_OUT = Symbol('timed out');

/** The operation's value, or TIMED_OUT once the deadline passes (the operation is left to settle on its own). */
async function beforeDeadline<T>(operation: Promise<T>, deadline: number): Promise<T | typeof TIMED_OUT> {
  // An abandoned operation that fails later must not become an unhandled rejection.
  operation.catch(() => undefined);
  if (Date.now() >= deadline) return TIMED_OUT;
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((settle) => {
    timer = setTimeout(() => settle(TIMED_OUT), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([operation, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads a file of the tree: the path is followed only while it stays inside `root` (no symbolic
 * link that leaves it, never /proc, /dev or /sys), only a regular file is opened, at most
 * `maxBytes` are read, and the read gives up at the deadline. Never throws: a file that cannot
 * be read safely is a refusal whose error names the file, why, and what to do.
 */
export async function readRepositoryFile(request: RepositoryFileRequest): Promise<RepositoryFileResult> {
  // The path is followed with synchronous lstat/readlink calls: metadata of the tree's own entries,
  // which never wait on a file's contents. Opening and reading are asynchronous, under the deadline.
  const checked = checkPath(request);
  if ('refused' in checked) return refusal(request, checked.refused, checked.name, checked.cause);
  const { located, name } = checked;
  const deadline = Date.now() + (request.timeoutMs ?? REPOSITORY_FILE_TIMEOUT_MS);
  const timedOut = (): RepositoryFileRefusal => refusal(request, { reason: 'timeout' }, name);
  const opening = open(located.realPath, OPEN_FLAGS);
  let handle: FileHandle | typeof TIMED_OUT;
  try {
    handle = await beforeDeadline(opening, deadline);
  } catch (error) {
    return refusal(request, openFailure(error), name, error);
  }
  if (handle === TIMED_OUT) {
    void opening.then((late) => late.close()).catch(() => undefined);
    return timedOut();
  }
  const file = handle;
  // A timed-out operation may still be in the thread pool; closing under it would fail it with EBADF.
  let abandoned: Promise<unknown> | undefined;
  const within = async <T>(operation: Promise<T>): Promise<T | typeof TIMED_OUT> => {
    const result = await beforeDeadline(operation, deadline);
    if (result === TIMED_OUT) abandoned = operation;
    return result;
  };
  try {
    const opened = await within(file.stat());
    if (opened === TIMED_OUT) return timedOut();
    const mismatch = openedMismatch(request, located.stats, opened);
    if (mismatch !== undefined) return refusal(request, mismatch, name);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= request.maxBytes) {
      const chunk = Buffer.allocUnsafe(nextChunkBytes(opened.size, total, request.maxBytes));
      const read = await within(file.read(chunk, 0, chunk.length, null));
      if (read === TIMED_OUT) return timedOut();
      if (read.bytesRead === 0) break;
      chunks.push(chunk.subarray(0, read.bytesRead));
      total += read.bytesRead;
    }
    if (total > request.maxBytes) return refusal(request, { reason: 'too-large' }, name);
    return contentRead(request, Buffer.concat(chunks, total), located.realPath, name);
  } catch (error) {
    return refusal(request, { reason: 'unreadable', detail: errnoOf(error) }, name, error);
  } finally {
    if (abandoned === undefined) await file.close().catch(() => undefined);
    else void abandoned.catch(() => undefined).then(() => file.close().catch(() => undefined));
  }
}
