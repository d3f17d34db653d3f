/**
 * A small POSIX/bash tokenizer that finds the simple commands in a RUN script.
 *
 * Why not a full shell parser: the rules only need command names, their words
 * and whether a pipe appears, and `lintDockerfile` must be synchronous and take
 * well under a millisecond per file. `mvdan-sh` (npm) is deprecated in favour of
 * `sh-syntax`, whose WASM build needs an asynchronous start; `bash-parser` has
 * not been maintained since 2017. So this file reads words the way hadolint's
 * ShellCheck-based extraction sees them (quotes removed, every expansion
 * replaced by the placeholder `${VAR}`), skips redirections, here-document
 * bodies and reserved words, and never throws: unbalanced quotes simply end at
 * the end of the script.
 */

import { appendAll } from '../append-all';

/** One simple command (`apt-get install -y curl`) found in a script. */
export interface ShellCommand {
  /**
   * The command word: `apt-get`; for `command x`/`builtin x`/`busybox x`/`run x` and `exec [-cl] [-a name] x`,
   * the wrapped `x`.
   */
  readonly name: string;
  /** Every word after the command word, unquoted, in order (redirections excluded). */
  readonly args: readonly string[];
  /** The same words as written in the script (quotes and `$NAME` kept), for rules that need variable names. */
  readonly rawArgs: readonly string[];
  /** Flags found in `args`: `--foo=bar` gives `foo`, `-abc` gives `a`, `b`, `c`. */
  readonly flags: readonly ShellFlag[];
}

/** One flag letter or long-flag name, and which argument it came from. */
export interface ShellFlag {
  /** Flag name without dashes (`y`, `no-install-recommends`). */
  readonly name: string;
  /** Index into `ShellCommand.args` of the word that holds the flag. */
  readonly argIndex: number;
}

/** The result of reading one RUN script. */
export interface ParsedShell {
  /** The script text as read. */
  readonly original: string;
  /** Simple commands, in source order (commands inside `$(…)` follow the command holding them). */
  readonly commands: readonly ShellCommand[];
  /** True when the script contains a pipe (`|` or `|&`, not `||`). */
  readonly hasPipes: boolean;
}

/** What an expansion (`$VAR`, `$(cmd)`, backticks) turns into, as in hadolint. */
export const EXPANSION_PLACEHOLDER = '${VAR}';

/**
 * A word is `literal` when nothing in it is expanded at run time: no `$…`, no backticks, no process
 * substitution and no unquoted glob character. Only a literal word names a command (ShellCheck's
 * getLiteralString), so `$PIP install x` is no command at all for hadolint.
 */
type Token =
  | {
      readonly kind: 'word';
      readonly value: string;
      readonly raw: string;
      readonly literal: boolean;
      readonly nested: readonly ShellCommand[];
    }
  | {
      readonly kind: 'op';
      readonly value: string;
      /** For a newline: the commands of the substitutions in the here-document bodies that follow it. */
      readonly nested?: readonly ShellCommand[];
    };

/** One word of a simple command, as `buildCommand` needs it. */
interface CommandWord {
  readonly value: string;
  readonly raw: string;
  readonly literal: boolean;
}

const RESERVED_AT_COMMAND_START = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  '!',
  '{',
  '}',
]);
/** What ends one `case` item's commands; the next pattern follows (`;&` and `;;&` are bash's fall-throughs). */
const CASE_ITEM_ENDS = new Set([';;', ';&', ';;&']);
const COMMAND_WRAPPERS = new Set(['command', 'builtin', 'busybox', 'run']);
/** `exec`'s own options (ShellCheck reads them as getBsdOpts "cla:"): `-a` takes a value. */
const EXEC_FLAGS_WITHOUT_VALUE = new Set(['c', 'l']);
/** An assignment before the command word: `A=1`, `A+=x`, `map[key]=v`. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/**
 * Command substitutions (`$( )`, `<( )`, backticks) inside each other that are read for their
 * commands; deeper ones are skipped to their end unread. Reading recurses once per level, and a
 * RUN line of thousands of `$(` overflowed the stack (every rule then failed on the file).
 */
export const MAX_SHELL_NESTING = 16;

/** Reads `script` and lists its simple commands. Never throws. */
export function parseShell(script: string): ParsedShell {
  return parseShellAt(script, 0);
}

/** `parseShell` for a script found `depth` substitutions deep. */
function parseShellAt(script: string, depth: number): ParsedShell {
  const tokens = new Tokenizer(script, depth).tokens();
  const commands: ShellCommand[] = [];
  let hasPipes = false;
  let words: CommandWord[] = [];
  let nested: ShellCommand[] = [];
  let skipUntil: string | undefined;
  /** Words still to pass over unread: a function's name after `function`, a coprocess's name after `coproc`. */
  let namesToSkip = 0;
  /** `case … in` statements open, whether the `case` being opened waits for its `in`, and whether a pattern is being read. */
  let openCases = 0;
  let caseWaitsForIn = false;
  let readingPattern = false;
  /** After `time`: its own flags (`-p`) are read until the timed command starts (ShellCheck's readTimeSuffix). */
  let timeFlags: string[] | undefined;

  const endTime = (): void => {
    if (timeFlags === undefined) return;
    commands.push({ name: 'time', args: timeFlags, rawArgs: timeFlags, flags: flagsOf(timeFlags) });
    timeFlags = undefined;
  };

  const flush = (): void => {
    const command = buildCommand(words);
    if (command) commands.push(command);
    appendAll(commands, nested);
    words = [];
    nested = [];
  };

  tokens.forEach((token, index) => {
    if (token.kind === 'op') {
      // In a pattern (`a|b)`), `|` separates alternatives and `(` may open it; `)` ends it.
      if (readingPattern) {
        if (token.value === ')') readingPattern = false;
        return;
      }
      endTime();
      if (token.value === '|' || token.value === '|&') hasPipes = true;
      // `name() { …; }` defines a function: its name is no command.
      const next = tokens[index + 1];
      if (token.value === '(' && words.length === 1 && next?.kind === 'op' && next.value === ')') words = [];
      flush();
      appendAll(commands, token.nested ?? []);
      if (openCases > 0 && CASE_ITEM_ENDS.has(token.value)) readingPattern = true;
      return;
    }
    appendAll(nested, token.nested);
    if (skipUntil !== undefined) {
      if (token.value === skipUntil) skipUntil = undefined;
      if (skipUntil === undefined && caseWaitsForIn) {
        caseWaitsForIn = false;
        openCases++;
        readingPattern = true;
      }
      return;
    }
    if (readingPattern) {
      if (token.value === 'esac') {
        openCases--;
        readingPattern = false;
      }
      return;
    }
    if (namesToSkip > 0) {
      namesToSkip--;
      return;
    }
    if (timeFlags !== undefined) {
      if (token.value.startsWith('-')) {
        timeFlags.push(token.value);
        return;
      }
      endTime();
    }
    if (words.length === 0) {
      if (RESERVED_AT_COMMAND_START.has(token.value)) return;
      if (token.value === 'esac' && openCases > 0) {
        openCases--;
        return;
      }
      if (token.value === 'time') {
        timeFlags = [];
        return;
      }
      if (token.value === 'function') {
        namesToSkip = 1;
        return;
      }
      if (token.value === 'coproc') {
        // `coproc NAME { …; }` names the coprocess; `coproc cmd args` runs cmd.
        const body = tokens[index + 2];
        if (body !== undefined && (body.value === '{' || (body.kind === 'op' && body.value === '('))) namesToSkip = 1;
        return;
      }
      if (token.value === 'for' || token.value === 'select') {
        skipUntil = 'do';
        return;
      }
      if (token.value === 'case') {
        skipUntil = 'in';
        caseWaitsForIn = true;
        return;
      }
      if (token.value === '[[') {
        skipUntil = ']]';
        return;
      }
      if (ASSIGNMENT.test(token.value)) return;
    }
    words.push({ value: token.value, raw: token.raw, literal: token.literal });
  });
  endTime();
  flush();
  return { original: script, commands, hasPipes };
}

/**
 * The command of one simple command's words, named as ShellCheck's getCommandName names it: by its
 * first word, or by the word a wrapper runs. A name that is not literal (`$PIP`, `pip*`), and a
 * `[ … ]` test, make no command; the words after the first are the arguments either way.
 */
function buildCommand(words: readonly CommandWord[]): ShellCommand | undefined {
  const [first, ...rest] = words;
  if (first === undefined || !first.literal || first.value === '[') return undefined;
  const named = wrappedWord(first.value, rest) ?? first;
  if (!named.literal) return undefined;
  const args = rest.map((word) => word.value);
  return { name: named.value, args, rawArgs: rest.map((word) => word.raw), flags: flagsOf(args) };
}

/**
 * The word a wrapper command runs (`command x`, `exec -a name x`), or undefined when `name` wraps
 * nothing: ShellCheck's getEffectiveCommandToken. `command -v x` names `command`; an `exec` option
 * ShellCheck does not know (`exec -x cmd`) leaves `exec` the name.
 */
function wrappedWord(name: string, args: readonly CommandWord[]): CommandWord | undefined {
  if (COMMAND_WRAPPERS.has(name)) {
    const wrapped = args[0];
    return wrapped !== undefined && !wrapped.value.startsWith('-') ? wrapped : undefined;
  }
  if (name !== 'exec') return undefined;
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    if (word === undefined) return undefined;
    if (word.value === '--') return args[index + 1];
    if (!word.value.startsWith('-')) return word;
    if (!word.literal || word.value.startsWith('--')) return undefined;
    const letters = word.value.slice(1);
    for (let at = 0; at < letters.length; at++) {
      const letter = letters[at] ?? '';
      if (letter === 'a') {
        // `-a name` takes the next word; `-aname` holds its value.
        if (at === letters.length - 1) index++;
        break;
      }
      if (!EXEC_FLAGS_WITHOUT_VALUE.has(letter)) return undefined;
    }
  }
  return undefined;
}

function flagsOf(args: readonly string[]): ShellFlag[] {
  const flags: ShellFlag[] = [];
  args.forEach((arg, argIndex) => {
    if (arg === '-' || arg === '--' || !arg.startsWith('-')) return;
    if (arg.startsWith('--')) {
      const end = arg.indexOf('=');
      flags.push({ name: arg.slice(2, end === -1 ? undefined : end), argIndex });
      return;
    }
    for (const letter of arg.slice(1)) flags.push({ name: letter, argIndex });
  });
  return flags;
}

const OPERATORS = [';;&', '&&', '||', ';;', ';&', '|&', '|', '&', ';', '(', ')', '\n'];
/** A word that assigns an array when `(` follows it: `pkgs=(`, `pkgs+=(`, `map[key]=(`. */
const ARRAY_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/;
const REDIRECTIONS = ['<<<', '<<-', '&>>', '<<', '>>', '<>', '>|', '>&', '<&', '&>', '<', '>'];

/** Splits a script into words and operators; expansions become placeholders, their commands are collected. */
class Tokenizer {
  private pos = 0;
  /** Commands found inside expansions of the word being read. */
  private nested: ShellCommand[] = [];
  /** False once the word being read holds an expansion or an unquoted glob character. */
  private literal = true;
  /** Here-documents opened on the current line, whose bodies start after it. */
  private pendingHereDocuments: {
    readonly delimiter: string;
    readonly stripsTabs: boolean;
    /** An unquoted delimiter (`<<EOF`, not `<<'EOF'`): the body's `$(…)` and backticks run. */
    readonly expands: boolean;
  }[] = [];

  /**
   * `depth`: how many substitutions deep this script is; `inArray`: the text is the inside of an
   * array assignment, where arrays cannot nest (so reading them never recurses).
   */
  constructor(
    private readonly text: string,
    private readonly depth: number,
    private readonly inArray = false,
  ) {}

  /** The commands of a substitution in this script, unless that is past MAX_SHELL_NESTING. */
  private commandsOf(script: string): readonly ShellCommand[] {
    return this.depth >= MAX_SHELL_NESTING ? [] : parseShellAt(script, this.depth + 1).commands;
  }

  private word(): Token {
    this.nested = [];
    this.literal = true;
    const start = this.pos;
    const value = this.readWord();
    return { kind: 'word', value, raw: this.text.slice(start, this.pos), literal: this.literal, nested: this.nested };
  }

  tokens(): Token[] {
    const out: Token[] = [];
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos] ?? '';
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        this.pos++;
        continue;
      }
      if (ch === '\\' && text[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (ch === '#') {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
        continue;
      }
      if ((ch === '<' || ch === '>') && text[this.pos + 1] === '(') {
        out.push(this.word());
        continue;
      }
      const redirection = this.redirectionAt(this.pos);
      if (redirection !== undefined) {
        this.pos += redirection.length;
        this.skipBlanks();
        const targetStart = this.pos;
        const target = this.readWord(); // the redirection's target is not an argument
        const operator = redirection.replace(/^\d+/, '');
        if (operator === '<<' || operator === '<<-') {
          const expands = !/['"\\]/.test(this.text.slice(targetStart, this.pos));
          this.pendingHereDocuments.push({ delimiter: target, stripsTabs: operator === '<<-', expands });
        }
        continue;
      }
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, this.pos));
      if (op !== undefined) {
        if (op === '(' && text[this.pos + 1] === '(') {
          this.skipBalanced('(', ')');
          continue;
        }
        this.pos += op.length;
        const bodyCommands = op === '\n' ? this.readHereDocumentBodies() : [];
        out.push(
          bodyCommands.length === 0 ? { kind: 'op', value: op } : { kind: 'op', value: op, nested: bodyCommands },
        );
        continue;
      }
      out.push(this.word());
    }
    return out;
  }

  /**
   * Moves past the bodies of the here-documents opened on the line that just ended (`cat <<EOF
   * > /entrypoint.sh`), each up to its delimiter line (`<<-` lets tabs stand before it): their
   * lines are data, not commands. The substitutions of an unquoted body do run, so their commands
   * are returned, as ShellCheck finds them.
   */
  private readHereDocumentBodies(): readonly ShellCommand[] {
    const text = this.text;
    const commands: ShellCommand[] = [];
    for (const { delimiter, stripsTabs, expands } of this.pendingHereDocuments) {
      const bodyStart = this.pos;
      let bodyEnd = text.length;
      while (this.pos < text.length) {
        const lineStart = this.pos;
        const end = text.indexOf('\n', this.pos);
        const line = text.slice(this.pos, end === -1 ? text.length : end).replace(/\r$/, '');
        this.pos = end === -1 ? text.length : end + 1;
        if ((stripsTabs ? line.replace(/^\t+/, '') : line) === delimiter) {
          bodyEnd = lineStart;
          break;
        }
      }
      if (expands)
        appendAll(commands, new Tokenizer(text.slice(bodyStart, bodyEnd), this.depth).substitutionCommands());
    }
    this.pendingHereDocuments = [];
    return commands;
  }

  /** The commands of the `$(…)` and backtick substitutions in this text, read as a here-document body. */
  private substitutionCommands(): readonly ShellCommand[] {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos] ?? '';
      if (ch === '\\') this.pos += 2;
      else if (ch === '$' || ch === '`') this.readExpansionOrCharacter(ch);
      else this.pos++;
    }
    return this.nested;
  }

  private skipBlanks(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  /** A redirection operator at `at`, with an optional fd number before it (`2>`), or undefined. */
  private redirectionAt(at: number): string | undefined {
    let start = at;
    while (/\d/.test(this.text[start] ?? '')) start++;
    if (start > at && !REDIRECTIONS.some((r) => this.text.startsWith(r, start))) return undefined;
    const op = REDIRECTIONS.find((r) => this.text.startsWith(r, start));
    if (op === undefined) return undefined;
    return this.text.slice(at, start + op.length);
  }

  /** Reads one word from `pos`, removing quotes and replacing expansions. */
  private readWord(): string {
    const text = this.text;
    let value = '';
    while (this.pos < text.length) {
      const ch = text[this.pos] ?? '';
      if (ch === '(' && !this.inArray && ARRAY_ASSIGNMENT.test(value)) {
        value += this.readArrayElements();
        continue;
      }
      if (' \t\r\n;&|()<>'.includes(ch)) {
        // `<(` and `>(` are process substitutions: part of a word.
        if ((ch === '<' || ch === '>') && text[this.pos + 1] === '(' && value === '') {
          this.pos++;
          appendAll(this.nested, this.commandsOf(this.takeBalanced('(', ')')));
          value += EXPANSION_PLACEHOLDER;
          this.literal = false;
          continue;
        }
        break;
      }
      if (ch === '\\') {
        const next = text[this.pos + 1];
        this.pos += 2;
        if (next !== undefined && next !== '\n') value += next;
        continue;
      }
      if (ch === "'") {
        const end = text.indexOf("'", this.pos + 1);
        const stop = end === -1 ? text.length : end;
        value += text.slice(this.pos + 1, stop);
        this.pos = stop + 1;
        continue;
      }
      if (ch === '"') {
        this.pos++;
        value += this.readDoubleQuoted();
        continue;
      }
      if (ch === '*' || ch === '?' || ch === '[') this.literal = false;
      value += this.readExpansionOrCharacter(ch);
    }
    return value;
  }

  /**
   * Reads the `( … )` of an array assignment (`pkgs=(curl "$(x)")`) as part of its word: its elements
   * are words, not a subshell's commands; only the substitutions inside them run commands.
   */
  private readArrayElements(): string {
    const start = this.pos;
    const inside = this.takeBalanced('(', ')');
    for (const token of new Tokenizer(inside, this.depth, true).tokens()) {
      if (token.kind === 'word') appendAll(this.nested, token.nested);
    }
    this.literal = false;
    return this.text.slice(start, this.pos);
  }

  private readDoubleQuoted(): string {
    const text = this.text;
    let value = '';
    while (this.pos < text.length) {
      const ch = text[this.pos] ?? '';
      if (ch === '"') {
        this.pos++;
        return value;
      }
      if (ch === '\\') {
        const next = text[this.pos + 1] ?? '';
        if ('"\\$`'.includes(next) && next !== '') value += next;
        else if (next !== '\n') value += ch + next;
        this.pos += 2;
        continue;
      }
      value += this.readExpansionOrCharacter(ch);
    }
    return value;
  }

  /** What stands at `pos`, read alike inside and outside double quotes: an expansion (`$…`, `` `…` ``) or one character. */
  private readExpansionOrCharacter(ch: string): string {
    if (ch === '$' || ch === '`') {
      const read = ch === '$' ? this.readDollar() : this.readBackticks();
      if (read === EXPANSION_PLACEHOLDER) this.literal = false;
      return read;
    }
    this.pos++;
    return ch;
  }

  /** Reads a `…` command substitution starting at its opening backtick; its commands count as nested ones. */
  private readBackticks(): string {
    const text = this.text;
    this.pos++;
    const start = this.pos;
    while (this.pos < text.length && text[this.pos] !== '`') this.pos += text[this.pos] === '\\' ? 2 : 1;
    appendAll(this.nested, this.commandsOf(text.slice(start, this.pos)));
    this.pos++;
    return EXPANSION_PLACEHOLDER;
  }

  /** Reads an expansion starting at `$`; returns the placeholder (or the literal `$`). */
  private readDollar(): string {
    const text = this.text;
    const next = text[this.pos + 1] ?? '';
    if (next === '(') {
      this.pos++;
      if (text[this.pos + 1] === '(') {
        this.skipBalanced('(', ')');
        return EXPANSION_PLACEHOLDER;
      }
      appendAll(this.nested, this.commandsOf(this.takeBalanced('(', ')')));
      return EXPANSION_PLACEHOLDER;
    }
    if (next === '{') {
      this.pos++;
      this.skipBalanced('{', '}');
      return EXPANSION_PLACEHOLDER;
    }
    if (next === "'") {
      const end = text.indexOf("'", this.pos + 2);
      const stop = end === -1 ? text.length : end;
      const literal = text.slice(this.pos + 2, stop);
      this.pos = stop + 1;
      return literal;
    }
    if (/[A-Za-z_]/.test(next)) {
      this.pos++;
      while (/[A-Za-z0-9_]/.test(text[this.pos] ?? '')) this.pos++;
      return EXPANSION_PLACEHOLDER;
    }
    if (/[0-9@*#?$!-]/.test(next)) {
      this.pos += 2;
      return EXPANSION_PLACEHOLDER;
    }
    this.pos++;
    return '$';
  }

  /** Returns the text inside a balanced pair starting at `pos` (which is at `open`) and moves past it. */
  private takeBalanced(open: string, close: string): string {
    const start = this.pos + 1;
    this.skipBalanced(open, close);
    const end = this.text[this.pos - 1] === close ? this.pos - 1 : this.pos;
    return this.text.slice(start, Math.max(start, end));
  }

  /**
   * Moves past a balanced pair starting at `pos` (which is at `open`), respecting quotes,
   * backticks and the substitutions inside them; stops at the end of the text. A scan with a
   * stack of the closers it waits for: skipping never reads commands, so it neither recurses nor
   * repeats the reading of what a caller then reads once (`"$("$(…` was exponential that way).
   */
  private skipBalanced(open: string, close: string): void {
    const text = this.text;
    const closers: string[] = [close];
    this.pos++;
    while (this.pos < text.length && closers.length > 0) {
      const ch = text[this.pos] ?? '';
      const expected = closers[closers.length - 1];
      if (ch === '\\') {
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (ch === expected) closers.pop();
      else if (expected === '`') continue;
      else if (ch === '$' && (text[this.pos] === '(' || text[this.pos] === '{')) {
        closers.push(text[this.pos] === '{' ? '}' : ')');
        this.pos++;
      } else if (ch === '`') closers.push('`');
      else if (expected === '"') continue;
      else if (ch === '"') closers.push('"');
      else if (ch === "'") {
        const end = text.indexOf("'", this.pos);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (ch === open && expected === close) closers.push(close);
    }
  }
}
