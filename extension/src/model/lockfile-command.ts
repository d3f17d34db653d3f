import type { LockfileUpdate } from '@devsecops/shared/engines';

/** What a lockfile quick fix tells the person: a plain sentence (notifications show no Markdown) and the command to copy. */
export interface LockfileAdvice {
  readonly message: string;
  /** The command line to copy (several joined with `&&`), or undefined when no single command is known. */
  readonly commandLine: string | undefined;
}

/**
 * The notification for updating a package in a lockfile: which command writes it again (a lockfile is
 * never edited by hand), run in the lockfile's folder, and the version that fixes the line's advisories.
 */
export function lockfileAdvice(
  update: LockfileUpdate,
  lockfileName: string,
  folder: string,
  packageName: string,
  version: string,
): LockfileAdvice {
  const where = folder === '.' || folder === '' ? 'the repository root' : folder;
  const commandLine =
    update.commands.length > 0 ? update.commands.map((command) => command.join(' ')).join(' && ') : undefined;
  const target = `${packageName} ${version} or later`;
  if (commandLine === undefined) {
    return {
      message: `${update.description.replace(/`/g, '"')} Aim for ${target}.`,
      commandLine,
    };
  }
  return {
    message: `${lockfileName} is written by its tool, not by hand: run "${commandLine}" in ${where} to move ${packageName} to ${target} (if the manifest's constraint stops at a lower version, raise it first).`,
    commandLine,
  };
}
