import type { LockfileAdvice } from './lockfile-command';

/** The notification for upgrading a hash-pinned requirement: the file is regenerated with its hashes, never edited. */
export function hashedRequirementAdvice(fileName: string, packageName: string, version: string): LockfileAdvice {
  return {
    message: `${fileName} pins ${packageName} with hashes, so changing its version alone makes pip refuse the install: generate the file again with the new version and its hashes (for pip-tools: pip-compile --generate-hashes --upgrade-package "${packageName}>=${version}") to move ${packageName} to ${version} or later.`,
    commandLine: undefined,
  };
}
