import { isAbsolute } from 'node:path';
import { readWholeFile } from '../../files/read-whole-file';
import type { CommandLine, ProcessResult, ProcessRunner } from '../../process/process-runner';
import { parseShebang } from '../../process/shebang';
import type { BanditForm } from './bandit-command';

/**
 * A "warm" Bandit: the real Bandit, started before the scan knows which files it will hand it. Python's start,
 * Bandit's imports and stevedore's discovery of its plugins take about a quarter of a second, the whole cost of
 * re-scanning one changed file; a warm Bandit spends it while the scan walks the tree and checks what changed,
 * then runs Bandit's own `main()` with the command line the scan sends it on stdin.
 *
 * It runs exactly what the cold command would run, with the same interpreter, flags, module path, environment,
 * working folder and arguments:
 * - the module form (`python -I -m bandit …`) becomes `python -I -c PRELUDE`;
 * - the script form (the `bandit` console script) becomes the script's own `#!` interpreter with its flag, and
 *   only for a script that does nothing but call `bandit.cli.main.main()` (what pip, uv, pipx and Debian's
 *   PBR write). Any other script (a wrapper, a shim, `#!/usr/bin/env`, a binary) is run as it is, cold.
 * The interpreter is read from the script the user chose (their PATH or setting), the one the kernel would
 * start for it: the scanned repository has no say in it, as it has none in the script.
 */

/** What a warm Bandit says, and its exit code, when it cannot import Bandit: the cold command then runs. */
const WARM_UNAVAILABLE = 'devsecops: no warm Bandit here';
const WARM_UNAVAILABLE_EXIT = 97;
/** How a warm Bandit ends when the scan that started it died: nobody is left to read it, so any code would do. */
const ORPHANED_EXIT = 98;

/**
 * What the warm process runs: its `sys.path` as the cold command's would be, Bandit's logging and plugins set
 * up as `main()` begins (it does both again, idempotently), then one line of JSON (the arguments) from stdin.
 * Without that line (the scan found nothing to hand it) it exits at once. When Bandit cannot be imported, it
 * says so and exits: the cold command then fails in its own words (`No module named bandit`).
 *
 * It ends itself when the scan that started it dies, so no watchdog process is started for it: a thread checks
 * ten times a second whether its parent is still the one that started it (an orphan gets another). Bandit
 * starts no process of its own, so there is nothing else to stop.
 */
export const WARM_BANDIT_PRELUDE = [
  'import json, logging, os, sys, threading, time',
  'parent = os.getppid()',
  'def end_with_parent():',
  '    while os.getppid() == parent:',
  '        time.sleep(0.1)',
  `    os._exit(${String(ORPHANED_EXIT)})`,
  'threading.Thread(target=end_with_parent, daemon=True).start()',
  'script = sys.argv[1]',
  '# A script run as `python SCRIPT` has its folder first on sys.path; -c puts the working folder there instead.',
  "if script and sys.path and sys.path[0] == '':",
  '    sys.path[0] = os.path.dirname(os.path.realpath(script))',
  'try:',
  '    from bandit.cli import main as bandit_main',
  'except ImportError:',
  `    sys.stderr.write('${WARM_UNAVAILABLE}\\n')`,
  `    sys.exit(${String(WARM_UNAVAILABLE_EXIT)})`,
  "if hasattr(bandit_main, '_init_logger') and hasattr(bandit_main, '_init_extensions'):",
  '    bandit_main._init_logger(logging.INFO)',
  '    bandit_main._init_extensions()',
  'line = sys.stdin.readline()',
  "if not line.endswith('\\n'):",
  '    sys.exit(0)',
  "program = script or os.path.join(os.path.dirname(sys.modules['bandit'].__file__), '__main__.py')",
  'sys.argv = [program] + json.loads(line)',
  'sys.exit(bandit_main.main())',
].join('\n');

/** The lines a plain Bandit console script may hold besides comments: imports, the call, `sys.argv[0]` tidying. */
const CONSOLE_SCRIPT_LINES: readonly RegExp[] = [
  /^import (re|sys)$/,
  /^from bandit\.cli\.main import main$/,
  /^if __name__ == ['"]__main__['"]:$/,
  /^sys\.exit\(main\(\)\)$/,
  // pip and distlib: sys.argv[0] = re.sub(r'(-script\.pyw|\.exe)?$', '', sys.argv[0])
  /^sys\.argv\[0\] = re\.sub\(r?['"][^'"]*['"], ['"]['"], sys\.argv\[0\]\)$/,
  // uv: if sys.argv[0].endswith("-script.pyw"): sys.argv[0] = sys.argv[0][:-11] (and `.exe`)
  /^(if|elif) sys\.argv\[0\]\.endswith\(['"][^'"]*['"]\):$/,
  /^sys\.argv\[0\] = sys\.argv\[0\]\[:-\d+\]$/,
];

/** Bytes read of a console script: theirs are a few hundred. */
const MAX_SCRIPT_BYTES = 8 * 1024;

/** The interpreter (and its one optional flag) of a plain Bandit console script; undefined for anything else. */
export function consoleScriptInterpreter(text: string): CommandLine | undefined {
  const shebang = parseShebang(text);
  if (shebang === undefined) return undefined;
  const { interpreter, argument } = shebang;
  if (!isAbsolute(interpreter) || /(^|\/)env$/.test(interpreter)) return undefined;
  // A flag changes how Python runs (-I, -E, -s): passed on as it is. Anything else could be a program's argument.
  if (argument !== undefined && !/^-[A-Za-z]+$/.test(argument)) return undefined;
  let calls = false;
  for (const line of text.split('\n').slice(1)) {
    const code = line.trim();
    if (code === '' || code.startsWith('#')) continue;
    if (!CONSOLE_SCRIPT_LINES.some((pattern) => pattern.test(code))) return undefined;
    if (code === 'sys.exit(main())') calls = true;
  }
  if (!calls) return undefined;
  return { command: interpreter, args: argument === undefined ? [] : [argument] };
}

/**
 * The command that starts a warm Bandit equivalent to `executable` in `form`, or undefined when there is none
 * (not a plain console script; `-d`/`--debug` among the user's arguments, which Bandit reads before it loads
 * its plugins).
 */
export async function warmBanditCommand(input: {
  readonly executable: string;
  readonly form: BanditForm;
  readonly userArgs?: readonly string[];
}): Promise<CommandLine | undefined> {
  if (input.userArgs?.some((arg) => arg === '-d' || arg === '--debug')) return undefined;
  if (input.form === 'module') return { command: input.executable, args: ['-I', '-c', WARM_BANDIT_PRELUDE, ''] };
  // Links followed: a console script is often linked into a bin folder from its virtualenv.
  const content = await readWholeFile(input.executable, { maxBytes: MAX_SCRIPT_BYTES, followLinks: true });
  const interpreter =
    content === undefined || content.includes(0) ? undefined : consoleScriptInterpreter(content.toString('utf8'));
  if (interpreter === undefined) return undefined;
  return {
    command: interpreter.command,
    args: [...interpreter.args, '-c', WARM_BANDIT_PRELUDE, input.executable],
  };
}

/** A started warm Bandit: used once, for one run, or dismissed. */
export interface WarmBandit {
  /**
   * Runs Bandit with `args` (the cold command's arguments after the program, and after `-I -m bandit` for the
   * module form). Undefined when the warm process could not start: the caller then runs the cold command.
   */
  run(args: readonly string[]): Promise<ProcessResult | undefined>;
  /** Stops it unused. */
  dismiss(): void;
}

/** Starts a warm Bandit; it waits, imported, for `run` or `dismiss`. */
export function startWarmBandit(
  runProcess: ProcessRunner,
  command: CommandLine,
  how: {
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
  },
): WarmBandit {
  let tell: (line: string) => void = () => undefined;
  const input = new Promise<string>((resolve) => (tell = resolve));
  const stop = new AbortController();
  const signal = how.signal === undefined ? stop.signal : AbortSignal.any([stop.signal, how.signal]);
  const finished = runProcess({
    ...command,
    cwd: how.cwd,
    env: how.env,
    timeoutMs: how.timeoutMs,
    signal,
    input,
    // Until it is told what to scan, it ends with its stdin; after that, when its parent is gone (the prelude).
    endsWithParent: true,
  });
  let used = false;
  return {
    run: async (args) => {
      if (used) throw new Error('a warm Bandit runs once');
      used = true;
      tell(`${JSON.stringify(args)}\n`);
      const result = await finished;
      // It never ran Bandit: the cold command says why, in its own words (a missing interpreter or module).
      const neverRan =
        result.failure?.kind === 'not-found' ||
        result.failure?.kind === 'spawn-error' ||
        (result.exitCode === WARM_UNAVAILABLE_EXIT && result.stderr.includes(WARM_UNAVAILABLE));
      return neverRan ? undefined : result;
    },
    dismiss: () => {
      if (used) return;
      used = true;
      tell('');
      stop.abort();
    },
  };
}
