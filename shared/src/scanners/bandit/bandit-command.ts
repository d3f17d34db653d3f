import type { CommandLine } from '../../process/process-runner';

/** How Bandit is started: its console script, or a Python interpreter running the module. */
export type BanditForm = 'script' | 'module';

export interface BanditCommandInput {
  /** The executable: the resolved `bandit` script, or the Python interpreter for the module form. */
  readonly executable: string;
  readonly form: BanditForm;
  /** Absolute paths of the files to scan (never a folder: we list the files ourselves). */
  readonly targets: readonly string[];
  /** Absolute path of the Bandit config (`-c`): our private copy of the repository's file. */
  readonly configFile?: string;
  /** `.bandit`'s `skips` and `tests`, passed as `-s` / `-t`. */
  readonly skips?: string;
  readonly tests?: string;
  /** The user's extra arguments (never the repository's). */
  readonly userArgs?: readonly string[];
}

/**
 * Bandit's command line, as an argument array:
 *
 *     [python -I -m] bandit -f json -x "" [-c CONFIG] [-s SKIPS] [-t TESTS] [USER ARGS] -- FILE…
 *
 * - `-I` (isolated mode) keeps the working folder, the user's site-packages and every `PYTHON*` variable
 *   off the module path, so no `bandit/` package anywhere else can stand in for Bandit;
 * - the files are listed (see `bandit-targets.ts`), so Bandit never walks the tree, never follows a link
 *   out of the repository and never discovers a `.bandit` file on its own (whose newer keys can make it
 *   write files);
 * - `-x ""` turns off Bandit's own default excludes, which it would otherwise match against our absolute
 *   paths (the folders above the repository included); they are already applied to the list.
 */
export function banditCommand(input: BanditCommandInput): CommandLine {
  const program = input.form === 'module' ? ['-I', '-m', 'bandit'] : [];
  return { command: input.executable, args: [...program, ...banditArguments(input)] };
}

/** Bandit's own arguments in `banditCommand`: what its `main()` reads, after the program that starts it. */
export function banditArguments(input: Omit<BanditCommandInput, 'executable' | 'form'>): string[] {
  const args = ['-f', 'json', '-x', ''];
  if (input.configFile !== undefined) args.push('-c', input.configFile);
  if (input.skips !== undefined) args.push('-s', input.skips);
  if (input.tests !== undefined) args.push('-t', input.tests);
  args.push(...(input.userArgs ?? []), '--', ...input.targets);
  return args;
}

/** The command that prints Bandit's version. */
export function banditVersionCommand(input: Pick<BanditCommandInput, 'form' | 'executable'>): CommandLine {
  return {
    command: input.executable,
    args: input.form === 'module' ? ['-I', '-m', 'bandit', '--version'] : ['--version'],
  };
}
