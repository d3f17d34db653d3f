import type { ParsedShell, ShellCommand } from './parse-shell';

/*
 * Queries over parsed commands, with the same meaning as hadolint's shell
 * helpers so that rules can be written the way hadolint's are specified.
 */

/** True when `command` is `name` and any of its words equals one of `args`. */
export function cmdHasArgs(command: ShellCommand, name: string, args: readonly string[]): boolean {
  return command.name === name && command.args.some((arg) => args.includes(arg));
}

/** True when `command` is `name` and any of its words starts with `prefix`. */
export function cmdHasPrefixArg(command: ShellCommand, name: string, prefix: string): boolean {
  return command.name === name && command.args.some((arg) => arg.startsWith(prefix));
}

/** True when a flag named `flag` appears (`-y` → `y`, `--yes` → `yes`). */
export function hasFlag(command: ShellCommand, flag: string): boolean {
  return command.flags.some((candidate) => candidate.name === flag);
}

/** True when any of `flags` appears. */
export function hasAnyFlag(command: ShellCommand, flags: readonly string[]): boolean {
  return command.flags.some((candidate) => flags.includes(candidate.name));
}

/** True when a word equals `arg` exactly. */
export function hasArg(command: ShellCommand, arg: string): boolean {
  return command.args.includes(arg);
}

/** The words that are not flags (flag values such as the `x` of `-t x` stay). */
export function argsNoFlags(command: ShellCommand): string[] {
  const flagIndexes = new Set(command.flags.map((flag) => flag.argIndex));
  return command.args.filter((_, index) => !flagIndexes.has(index));
}

/** A copy of `command` without the word that follows each of `flags` (their values). */
export function dropFlagArg(command: ShellCommand, flags: readonly string[]): ShellCommand {
  const drop = new Set(command.flags.filter((flag) => flags.includes(flag.name)).map((flag) => flag.argIndex + 1));
  if (drop.size === 0) return command;
  const keptIndexes: number[] = [];
  const args = command.args.filter((_, index) => {
    if (drop.has(index)) return false;
    keptIndexes.push(index);
    return true;
  });
  const newIndex = new Map(keptIndexes.map((oldIndex, index) => [oldIndex, index]));
  const remapped = command.flags.flatMap((flag) => {
    const argIndex = newIndex.get(flag.argIndex);
    return argIndex === undefined ? [] : [{ name: flag.name, argIndex }];
  });
  return { name: command.name, args, flags: remapped };
}

/** Drops everything up to and including the first run of `word` (`install`). */
export function afterWord(words: readonly string[], word: string): string[] {
  const at = words.indexOf(word);
  if (at === -1) return [];
  let from = at;
  while (words[from] === word) from++;
  return words.slice(from);
}

/** Command names in a script, in order. */
export function commandNames(shell: ParsedShell): string[] {
  return shell.commands.map((command) => command.name);
}

/** True when `command` runs pip (`pip`, `pip3`, `pip3.11`, `python -m pip`) with `install`. */
export function isPipInstall(command: ShellCommand): boolean {
  return isPipCommand(command) && command.args.includes('install');
}

/** `pip`, `pip3.11`, or `python3 -m pip …`. */
export function isPipCommand(command: ShellCommand): boolean {
  if (/^pip[\d.]*$/.test(command.name)) return true;
  if (/^python[\d.]*$/.test(command.name)) {
    const m = command.args.indexOf('-m');
    return m !== -1 && command.args[m + 1] === 'pip';
  }
  return false;
}
