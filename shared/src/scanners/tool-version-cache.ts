import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { cacheDirectory } from '../cache/cache-directory';

/**
 * Tool versions already asked for, so that `bandit --version` (a whole Python start-up, competing with the
 * scan for the CPU) runs once per installed tool rather than once per scan: in memory for long-lived
 * processes (the editor re-runs Bandit on every edit), and on disk for CLI runs.
 *
 * The key is the command's identity on disk (path, inode, size, modification time) plus its arguments, so
 * an upgrade that rewrites the executable asks again. `python -m bandit` is never cached: upgrading the
 * module leaves the interpreter untouched.
 */
const CACHE_FILE_NAME = 'tool-versions.json';
/** Bounded, so a machine that sees many fake or temporary tools (tests) never grows the file without end. */
const MAX_ENTRIES = 64;

const inMemory = new Map<string, string>();
let onDisk: Map<string, string> | undefined;

/** The cache key, or undefined when this command must not be cached. */
export function versionCacheKey(command: string, args: readonly string[]): string | undefined {
  if (!isAbsolute(command) || args.includes('-m')) return undefined;
  try {
    const info = statSync(command);
    return JSON.stringify([command, info.ino, info.size, info.mtimeMs, args]);
  } catch {
    return undefined;
  }
}

function cacheFile(env: NodeJS.ProcessEnv): string {
  return join(cacheDirectory(env), CACHE_FILE_NAME);
}

function loadDisk(env: NodeJS.ProcessEnv): Map<string, string> {
  if (onDisk) return onDisk;
  onDisk = new Map();
  try {
    const parsed: unknown = JSON.parse(readFileSync(cacheFile(env), 'utf8'));
    if (Array.isArray(parsed)) {
      for (const entry of parsed) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') {
          onDisk.set(entry[0], entry[1]);
        }
      }
    }
  } catch {
    // No cache yet, or an unreadable one: start afresh.
  }
  return onDisk;
}

export function cachedVersion(key: string, env: NodeJS.ProcessEnv): string | undefined {
  return inMemory.get(key) ?? loadDisk(env).get(key);
}

/** Remembers a version; failing to write the file only costs the next run a probe. */
export function rememberVersion(key: string, version: string, env: NodeJS.ProcessEnv): void {
  inMemory.set(key, version);
  const disk = loadDisk(env);
  disk.delete(key);
  disk.set(key, version);
  const entries = [...disk].slice(-MAX_ENTRIES);
  const file = cacheFile(env);
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${String(process.pid)}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries));
    renameSync(temporary, file);
  } catch {
    // Read-only home or full disk: the in-memory entry still serves this process.
  }
}

/** Forgets the in-memory copy (the disk file stays), as a new process would: for tests. */
export function forgetVersionsInMemory(): void {
  inMemory.clear();
  onDisk = undefined;
}
