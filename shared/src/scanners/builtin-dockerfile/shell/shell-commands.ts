import type { ShellCommand, ShellFlag } from './parse-shell';

/*
 * Queries over parsed commands, with the meaning of hadolint's own helpers in
 * src/Hadolint/Shell.hs (cmdHasArgs, hasFlag, countFlag, getArgsNoFlags,
 * dropFlagArg, getFlagArg, isPipInstall), so that a rule reads like the
 * hadolint rule it mirrors. A flag is a letter of `-abc` or the name of
 * `--name[=value]`; it remembers which word (`argIndex`) it came from.
 */

/** `cmdHasArgs`: `command` is `name` and any of its words equals one of `args`. */
export function cmdHasArgs(command: ShellCommand, name: string, args: readonly string[]): boolean {
  return command.name === name && command.args.some((arg) => args.includes(arg));
}

/** `cmdsHaveArgs`: `command` is one of `names` and any of its words equals one of `args`. */
export function cmdsHaveArgs(command: ShellCommand, names: readonly string[], args: readonly string[]): boolean {
  return names.includes(command.name) && command.args.some((arg) => args.includes(arg));
}

/** `cmdHasPrefixArg`: `command` is `name` and any of its words starts with `prefix`. */
export function cmdHasPrefixArg(command: ShellCommand, name: string, prefix: string): boolean {
  return command.name === name && command.args.some((arg) => arg.startsWith(prefix));
}

/** `hasFlag`: a flag named `flag` appears (`-y` → `y`, `--yes` → `yes`). */
export function hasFlag(command: ShellCommand, flag: string): boolean {
  return command.flags.some((candidate) => candidate.name === flag);
}

/** `countFlag`: how often `flag` appears (`-qq` and `-q -q` both count 2). */
export function countFlag(command: ShellCommand, flag: string): number {
  let count = 0;
  for (const candidate of command.flags) if (candidate.name === flag) count++;
  return count;
}

/** `hasAnyFlag`: any of `flags` appears. */
export function hasAnyFlag(command: ShellCommand, flags: readonly string[]): boolean {
  return command.flags.some((candidate) => flags.includes(candidate.name));
}

/** `hasArg`: a word equals `arg` exactly. */
export function hasArg(command: ShellCommand, arg: string): boolean {
  return command.args.includes(arg);
}

/** `isInfixOf` on words: `sequence` appears as consecutive words of `command`. */
export function hasArgSequence(command: ShellCommand, sequence: readonly string[]): boolean {
  const { args } = command;
  for (let start = 0; start + sequence.length <= args.length; start++) {
    if (sequence.every((word, offset) => args[start + offset] === word)) return true;
  }
  return false;
}

/** `getArgsNoFlags`: the words that are not flags (a flag's value, as in `-t x`, stays). */
export function argsNoFlags(command: ShellCommand): string[] {
  const flagIndexes = new Set(command.flags.map((flag) => flag.argIndex));
  return command.args.filter((_, index) => !flagIndexes.has(index));
}

/**
 * `dropFlagArg`: a copy of `command` without the value word of each of
 * `flags`: the word right after the flag's own word (hadolint's `getValueId`).
 * A flag written with its value (`--index-url=https://…`) has no separate
 * value word, so nothing is dropped for it (`pip install --root-user-action=ignore
 * flask` still checks `flask`). hadolint 2.15's own spec pins this: `npm install
 * --registry=<url> <package>` is caught while `--registry <url> <package@1>` is
 * not; the Shell.hs versions before it dropped the next word after `=` too.
 */
export function dropFlagArg(command: ShellCommand, flags: readonly string[]): ShellCommand {
  const drop = new Set<number>();
  for (const flag of command.flags) {
    if (!flags.includes(flag.name) || (command.args[flag.argIndex] ?? '').includes('=')) continue;
    if (flag.argIndex + 1 < command.args.length) drop.add(flag.argIndex + 1);
  }
  return drop.size === 0 ? command : withoutWords(command, drop);
}

/**
 * `getFlagArg`: the values given to `flag`: the word after each word that
 * holds it (`useradd -u 12345` → `12345`).
 */
export function flagValues(command: ShellCommand, flag: string): string[] {
  const values: string[] = [];
  for (const candidate of command.flags) {
    const value = candidate.name === flag ? command.args[candidate.argIndex + 1] : undefined;
    if (value !== undefined) values.push(value);
  }
  return values;
}

/** `command` without the words at `drop` (flags re-pointed at the words that stay). */
function withoutWords(command: ShellCommand, drop: ReadonlySet<number>): ShellCommand {
  const newIndex = new Map<number, number>();
  const args: string[] = [];
  const rawArgs: string[] = [];
  command.args.forEach((arg, index) => {
    if (drop.has(index)) return;
    newIndex.set(index, args.length);
    args.push(arg);
    rawArgs.push(command.rawArgs[index] ?? arg);
  });
  const flags: ShellFlag[] = [];
  for (const flag of command.flags) {
    const argIndex = newIndex.get(flag.argIndex);
    if (argIndex !== undefined) flags.push({ name: flag.name, argIndex });
  }
  return { name: command.name, args, rawArgs, flags };
}

/** `dropWhile (/= word)` then `dropWhile (== word)`: the words after the first run of `word`. */
export function afterWord(words: readonly string[], word: string): string[] {
  const at = words.indexOf(word);
  if (at === -1) return [];
  let from = at;
  while (words[from] === word) from++;
  return words.slice(from);
}

/**
 * hadolint's `isPipInstall`: a program whose name starts with `pip` (`pip3.11`,
 * `pipx`; not `pipenv`) with an `install` word, or `python… -m pip install`
 * written as three words in a row.
 */
export function isPipInstall(command: ShellCommand): boolean {
  if (command.name.startsWith('pip') && !command.name.startsWith('pipenv')) return command.args.includes('install');
  return command.name.startsWith('python') && hasArgSequence(command, ['-m', 'pip', 'install']);
}
