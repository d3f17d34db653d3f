import type { LockfileAdvice } from './lockfile-command';

/** How far a requirement's backslash continuations are followed. */
const MAX_CONTINUED_LINES = 1000;

/**
 * True when the requirement that starts on `lineIndex` (0-based) of a requirements file carries `--hash`
 * options, on its own line or on the lines its trailing backslashes join to it (pip joins them before it
 * reads options). pip checks every download against those hashes, so a new version with the old hashes is
 * refused at install time.
 */
export function requirementHasHashes(lines: readonly string[], lineIndex: number): boolean {
  const last = Math.min(lines.length, lineIndex + MAX_CONTINUED_LINES);
  for (let index = lineIndex; index < last; index += 1) {
    const text = lines[index] ?? '';
    const code = text.replace(/(^|\s)#.*$/, '');
    if (/(^|\s)--hash[=\s]/.test(code)) return true;
    if (!/\\$/.test(code)) return false;
  }
  return false;
}

/** The notification for upgrading a hash-pinned requirement: the file is regenerated with its hashes, never edited. */
export function hashedRequirementAdvice(fileName: string, packageName: string, version: string): LockfileAdvice {
  return {
    message: `${fileName} pins ${packageName} with hashes, so changing its version alone makes pip refuse the install: generate the file again with the new version and its hashes (for pip-tools: pip-compile --generate-hashes --upgrade-package "${packageName}>=${version}") to move ${packageName} to ${version} or later.`,
    commandLine: undefined,
  };
}
