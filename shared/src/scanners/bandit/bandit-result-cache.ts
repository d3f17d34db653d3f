import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import type { ResultStore } from '../../cache/result-store';
import { splitLines } from '../../files/line-reader';
import { parseShebang } from '../../process/shebang';
import { jsonRecordCheck } from '../../json/json-fields';
import { isJsonObject } from '../json-output';
import type { BanditForm } from './bandit-command';
import type { BanditFilePart, JsonObject } from './bandit-document';
import { compareText } from '../../findings/finding-order';

/**
 * Bandit's results per file, remembered between scans: a file whose content, path and Bandit setup are the
 * same as in an earlier scan gets that scan's part of the report back instead of being scanned again.
 *
 * An entry is found under the SHA-256 of (the Bandit setup, the file's repository path, the SHA-256 of its
 * content). The setup is everything that changes Bandit's output for a file: the program (its path and what
 * is on disk there, and the interpreter its `#!` line names), its version, the whole command line but the
 * files (profile, tests, skips, severity and confidence levels, `--ignore-nosec`, the user's arguments), the
 * `-c` config's content and the locale. Only files Bandit analysed whole are remembered (never one in its
 * `errors`, one whose check crashed, or one that changed while it was read), and what is read back is
 * validated against the file it stands for: a malformed or foreign entry is a miss.
 */

/** Bumped whenever what an entry holds, or what the key covers, changes: older entries are then never read. */
const CACHE_FORMAT = 1;

const BANDIT_LEVELS = new Set(['HIGH', 'MEDIUM', 'LOW', 'UNDEFINED']);

/** Bandit options that name a file whose content changes the output: with them nothing is remembered. */
const FILE_NAMING_OPTIONS = ['-b', '--baseline', '-c', '--configfile', '--ini'];

/**
 * True for an argument that may give Bandit a file to read: `-b FILE`, `-bFILE`, `-lb FILE`, `--baseline FILE`,
 * `--baseline=FILE`, and the abbreviations Python's argparse accepts (`--base FILE`). Erring towards true
 * only costs remembering nothing.
 */
function namesAFile(arg: string): boolean {
  if (arg.startsWith('--')) {
    const name = arg.split('=')[0] ?? arg;
    return name.length > 2 && FILE_NAMING_OPTIONS.some((option) => option.startsWith('--') && option.startsWith(name));
  }
  // Short flags combine (`-lb FILE` is `-l -b FILE`): any cluster holding b or c counts.
  const cluster = /^-([A-Za-z]+)/.exec(arg)?.[1] ?? '';
  return FILE_NAMING_OPTIONS.some((option) => !option.startsWith('--') && cluster.includes(option.slice(1)));
}

/** The Bandit setup whose output is remembered. */
export interface BanditSetup {
  readonly executable: string;
  readonly form: BanditForm;
  /** Bandit's version; without one nothing is remembered. */
  readonly version: string | undefined;
  /** The command line without the files, with a placeholder for our copy of the `-c` config. */
  readonly args: readonly string[];
  /** The user's own arguments (also part of `args`). */
  readonly userArgs: readonly string[];
  /** The `-c` config as Bandit reads it. */
  readonly configText?: string;
  /** Bandit's environment: its locale is part of the setup. */
  readonly env: NodeJS.ProcessEnv;
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

async function identityOnDisk(path: string): Promise<readonly (string | number)[] | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined ? undefined : [path, info.ino, info.size, info.mtimeMs];
}

/** The interpreter a script's `#!` line names (an upgrade of Python can change Bandit's findings). */
async function shebangInterpreter(script: string): Promise<readonly (string | number)[]> {
  const handle = await open(script, 'r').catch(() => undefined);
  if (handle === undefined) return [];
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const shebang = parseShebang(buffer.subarray(0, bytesRead).toString('utf8'));
    if (shebang === undefined) return [];
    const { interpreter, argument } = shebang;
    return [...((await identityOnDisk(interpreter)) ?? [interpreter]), argument ?? ''];
  } finally {
    await handle.close();
  }
}

/**
 * The digest of a Bandit setup, or undefined when its results must not be remembered: an unknown version,
 * or a user argument that names a file (a baseline, another config) whose content the key cannot see.
 */
export async function banditSetupDigest(setup: BanditSetup): Promise<string | undefined> {
  if (setup.version === undefined) return undefined;
  if (setup.userArgs.some(namesAFile)) return undefined;
  const program = await identityOnDisk(setup.executable);
  if (program === undefined) return undefined;
  const interpreter = setup.form === 'script' ? await shebangInterpreter(setup.executable) : [];
  const locale = Object.entries(setup.env)
    .filter(([name]) => name === 'LANG' || name.startsWith('LC_'))
    .sort(([a], [b]) => compareText(a, b));
  return sha256(
    JSON.stringify([
      CACHE_FORMAT,
      setup.form,
      program,
      interpreter,
      setup.version,
      setup.args,
      setup.configText ?? null,
      locale,
    ]),
  );
}

/** One file as read before the scan: its content's digest, and what on disk says it has not changed since. */
export interface FileSnapshot {
  /** The path Bandit is given (absolute). */
  readonly target: string;
  /** Repository-relative path (findings carry it). */
  readonly path: string;
  /** SHA-256 of the content. */
  readonly digest: string;
  /** Device, inode, size and change time (nanoseconds): any write changes the change time. */
  readonly stamp: string;
  /** Lines in the content: no finding of the file can be below the last one. */
  readonly lineCount: number;
  /**
   * True when the file had last changed well before it was read: any later write gives it another change
   * time, so a file whose stamp is still this one still holds this content. A file written just before (or
   * while) it was read could be written again within the same clock tick, leaving the stamp as it was.
   */
  readonly settled: boolean;
}

/** How long before its reading a file must have last changed for its stamp alone to vouch for its content. */
const SETTLED_AFTER_MS = 2000;

/**
 * A regular file's stamp and last change time (milliseconds since the epoch); undefined for anything else.
 * Synchronous: one `stat` is cheaper than a trip through the thread pool, which dominated a re-scan's time.
 */
export function fileStamp(target: string): { stamp: string; changedAtMs: number; size: number } | undefined {
  let info;
  try {
    info = statSync(target, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (info === undefined || !info.isFile()) return undefined;
  return {
    stamp: [info.dev, info.ino, info.size, info.ctimeNs, info.mtimeNs].join(':'),
    changedAtMs: Number(info.ctimeNs / 1_000_000n),
    size: Number(info.size),
  };
}

function stampOf(target: string): string | undefined {
  return fileStamp(target)?.stamp;
}

/** Line feeds in a chunk: with one more, the lines Bandit counts for `line_number` (no finding lies below the last). */
function countLineFeeds(chunk: Buffer): number {
  let count = 0;
  for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) count += 1;
  return count;
}

/** Bytes read at a time to hash a file: a repository's file may be gigabytes (of zeros that git packs to nothing). */
const HASH_CHUNK_BYTES = 1024 * 1024;

/**
 * Files larger than this have no lines remembered for their findings (they are read whole for it): the file is
 * read again next time instead, which only costs time.
 */
const MAX_REMEMBERED_LINES_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads and hashes a file; undefined when it cannot be read or changed while being read. `now` is the clock
 * that tells whether the file had settled (tests move it).
 */
export async function snapshotFile(
  target: string,
  path: string,
  now: () => number = Date.now,
): Promise<FileSnapshot | undefined> {
  const readAtMs = now();
  const before = fileStamp(target);
  if (before === undefined) return undefined;
  // A large file is hashed a chunk at a time: the scan reads many files at once, and reading each whole could
  // hold gigabytes. The usual small one is read in one go, which is quicker.
  const hash = createHash('sha256');
  let lineCount = 1;
  try {
    const chunks =
      before.size <= HASH_CHUNK_BYTES
        ? [await readFile(target)]
        : (createReadStream(target, { highWaterMark: HASH_CHUNK_BYTES }) as AsyncIterable<Buffer>);
    for await (const chunk of chunks) {
      hash.update(chunk);
      lineCount += countLineFeeds(chunk);
    }
  } catch {
    return undefined;
  }
  if (stampOf(target) !== before.stamp) return undefined;
  return {
    target,
    path,
    digest: hash.digest('hex'),
    stamp: before.stamp,
    lineCount,
    settled: before.changedAtMs < readAtMs - SETTLED_AFTER_MS,
  };
}

/**
 * The text of the given lines (1-based) of the file as snapshotted, split as fingerprints split it; undefined
 * when the file no longer holds the snapshotted content, or is too large to be read whole for it.
 */
export async function linesOfSnapshot(
  snapshot: FileSnapshot,
  lines: readonly number[],
): Promise<ReadonlyMap<number, string> | undefined> {
  if (lines.length === 0) return new Map();
  const size = await stat(snapshot.target).then(
    (info) => info.size,
    () => undefined,
  );
  if (size === undefined || size > MAX_REMEMBERED_LINES_FILE_BYTES) return undefined;
  const content = await readFile(snapshot.target).catch(() => undefined);
  if (content === undefined || sha256(content) !== snapshot.digest) return undefined;
  const all = splitLines(content.toString('utf8'));
  return new Map(lines.flatMap((line) => (all[line - 1] === undefined ? [] : [[line, all[line - 1] ?? '']])));
}

/** The remembered results of one Bandit setup. */
export interface BanditResultCache {
  /** The file's part of the report from an earlier scan, its results naming `snapshot.target`; or undefined. */
  lookup(snapshot: FileSnapshot): Promise<BanditFilePart | undefined>;
  /**
   * Remembers a part Bandit produced for the file as snapshotted, unless the file changed since (then the
   * part may describe other content). Only whole analyses may be given: no errors, a metrics entry.
   */
  remember(snapshot: FileSnapshot, part: BanditFilePart): Promise<void>;
  /**
   * Brings the store within its budget before this scan writes (listing its folder only when its size ledger
   * cannot vouch for it): called while Bandit runs, so that `finish` need not list it unless this scan's own
   * writes could take it over.
   */
  makeRoom(): Promise<void>;
  /** Keeps the store within its budget once this scan is done writing. */
  finish(): Promise<void>;
}

export function createBanditResultCache(store: ResultStore, setupDigest: string): BanditResultCache {
  const entryDigest = (snapshot: FileSnapshot): string =>
    sha256(`${setupDigest}\0${snapshot.path}\0${snapshot.digest}`);
  let wrote = false;
  return {
    lookup: async (snapshot) => {
      const entry = await store.read(entryDigest(snapshot));
      return entry === undefined ? undefined : partFromEntry(entry, snapshot, setupDigest);
    },
    remember: async (snapshot, part) => {
      if (part.errors.length > 0 || part.metrics === undefined) return;
      if (stampOf(snapshot.target) !== snapshot.stamp) return;
      const entry = {
        format: CACHE_FORMAT,
        setup: setupDigest,
        path: snapshot.path,
        digest: snapshot.digest,
        results: part.results.map(withoutFileName),
        metrics: part.metrics,
      };
      if (await store.write(entryDigest(snapshot), entry)) wrote = true;
    },
    makeRoom: () => store.evictIfNeeded(),
    finish: async () => {
      if (wrote) await store.evictIfNeeded();
    },
  };
}

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isLine = (value: unknown, lineCount: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= lineCount;

/** The fields of a result in Bandit's JSON report, as far as their types go. */
const hasBanditResultFields = jsonRecordCheck({
  test_id: 'string',
  issue_text: 'string',
  issue_severity: 'string',
  issue_confidence: 'string',
  line_number: 'integer',
  line_range: 'array?',
  test_name: 'string?',
  more_info: 'string?',
  code: 'string?',
  col_offset: 'integer?',
  end_col_offset: 'integer?',
  issue_cwe: 'object?',
});

/** A remembered result, if it is one Bandit could have printed for this file. */
function validResult(result: unknown, lineCount: number): result is JsonObject {
  return (
    hasBanditResultFields(result) &&
    BANDIT_LEVELS.has(result.issue_severity) &&
    BANDIT_LEVELS.has(result.issue_confidence) &&
    isLine(result.line_number, lineCount) &&
    (result.line_range ?? []).every((line) => isLine(line, lineCount)) &&
    // Results are remembered without their file name, which is put back for the file asked about.
    !('filename' in result)
  );
}

/**
 * A remembered part (results without file names, metrics) given back for the file at `target`, if it is one
 * Bandit could have printed for a file of `lineCount` lines; undefined for anything else.
 */
export function rememberedPart(
  results: unknown,
  metrics: unknown,
  target: string,
  lineCount: number,
): BanditFilePart | undefined {
  if (!Array.isArray(results) || !results.every((result) => validResult(result, lineCount))) return undefined;
  if (!isJsonObject(metrics) || !isCount(metrics['loc']) || !Object.values(metrics).every(isCount)) return undefined;
  return {
    results: results.map((result: JsonObject) => ({ ...result, filename: target })),
    errors: [],
    metrics,
  };
}

/** A result as remembered: where Bandit read the file this time is not kept (a later scan reads it elsewhere). */
export function withoutFileName(result: JsonObject): JsonObject {
  const copy = { ...result };
  delete copy['filename'];
  return copy;
}

function partFromEntry(entry: unknown, snapshot: FileSnapshot, setupDigest: string): BanditFilePart | undefined {
  if (!isJsonObject(entry)) return undefined;
  // An entry copied from another file's name, another content or another setup says nothing about this one.
  if (
    entry['format'] !== CACHE_FORMAT ||
    entry['setup'] !== setupDigest ||
    entry['path'] !== snapshot.path ||
    entry['digest'] !== snapshot.digest
  ) {
    return undefined;
  }
  return rememberedPart(entry['results'], entry['metrics'], snapshot.target, snapshot.lineCount);
}
