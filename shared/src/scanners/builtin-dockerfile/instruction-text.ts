/*
 * Reading an instruction's argument text. dockerfile-ast finds where each
 * instruction starts and ends (continuations, heredocs, the escape directive);
 * its per-argument API re-tokenises the instruction on every call and was
 * most of the lint time in bench/dockerfile.bench.ts, so the text work is done
 * here, once, the way Docker's own parser does it.
 */

/** A `--name=value` option before an instruction's arguments. */
export interface InstructionFlag {
  /** Flag name without dashes (`from`, `platform`, `mount`). */
  readonly name: string;
  /** The value after `=`, or null for a bare `--flag`. */
  readonly value: string | null;
}

/** A `key=value` pair of ENV, LABEL or ARG (value unquoted; null when absent, as in `ARG NAME`). */
export interface KeyValue {
  readonly key: string;
  readonly value: string | null;
}

/**
 * Joins an instruction's physical lines into one logical line: an escape at
 * the end of a line (spaces after it allowed) continues it; empty lines and
 * comment lines inside a continuation are dropped, as Docker does.
 */
export function joinContinuations(physicalLines: readonly string[], escape: string): string {
  let joined = '';
  let continuing = false;
  for (const raw of physicalLines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (continuing && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    const trimmedEnd = line.trimEnd();
    if (trimmedEnd.endsWith(escape) && !trimmedEnd.endsWith(escape + escape)) {
      joined += trimmedEnd.slice(0, -escape.length);
      continuing = true;
    } else {
      joined += line;
      continuing = false;
    }
  }
  return joined.trim();
}

/**
 * Splits leading `--name[=value]` options from the arguments (FROM, COPY, ADD,
 * RUN, HEALTHCHECK). A lone escape character between options is skipped, as
 * hadolint's parser tolerates it.
 */
export function splitFlags(args: string, escape: string): { flags: InstructionFlag[]; rest: string } {
  const flags: InstructionFlag[] = [];
  let rest = args;
  for (;;) {
    rest = rest.replace(/^\s+/, '');
    if (rest.startsWith(escape) && /^\s/.test(rest.slice(escape.length))) {
      rest = rest.slice(escape.length);
      continue;
    }
    const match = /^--([A-Za-z][A-Za-z0-9-]*)(?:=("[^"]*"|'[^']*'|\S*))?(?=\s|$)/.exec(rest);
    if (match === null) break;
    const value = match[2];
    flags.push({ name: match[1] ?? '', value: value === undefined ? null : unquote(value) });
    rest = rest.slice(match[0].length);
  }
  return { flags, rest: rest.trim() };
}

/** Words split on whitespace, quotes kept together and removed (`"a b" c` → `a b`, `c`). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (inWord) words.push(current);
  return words;
}

/** Words split on whitespace with their quotes kept (`"a b" c` → `"a b"`, `c`). */
export function splitRawWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      current += ch;
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (/\s/.test(ch) && quote === undefined) {
      if (current !== '') words.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current !== '') words.push(current);
  return words;
}

/** Removes surrounding quotes and the backslash escapes inside double quotes. */
export function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

/**
 * The pairs of ENV, LABEL and ARG, as hadolint's parser (language-docker) reads them: `KEY=value …`, where a
 * key without `=` takes the rest of the line as its value (the legacy `ENV KEY value with spaces` and
 * `LABEL key value with spaces` forms, also after other pairs). ARG has no such form: `ARG NAME` has a null
 * value. `escape` is the Dockerfile's escape character (`# escape=`), which escapes the next one outside
 * single quotes: with a backtick, a backslash is plain text (`ENV DIR=C:\app`).
 */
export function parsePairs(keyword: string, args: string, escape: string): KeyValue[] {
  const pairs: KeyValue[] = [];
  let end = 0;
  for (const word of splitRawWords(args)) {
    end = args.indexOf(word, end) + word.length;
    const eq = word.indexOf('=');
    if (eq !== -1) {
      pairs.push({ key: unquoteWord(word.slice(0, eq), escape), value: unquoteWord(word.slice(eq + 1), escape) });
    } else if (keyword === 'ARG') {
      pairs.push({ key: unquoteWord(word, escape), value: null });
    } else {
      pairs.push({ key: unquoteWord(word, escape), value: unquoteWord(args.slice(end).trim(), escape) });
      break;
    }
  }
  return pairs;
}

/** Removes quoting from a word that may mix quoted and bare parts (`"a"b'c'`). */
function unquoteWord(word: string, escape: string): string {
  let out = '';
  let quote: string | undefined;
  for (let index = 0; index < word.length; index++) {
    const ch = word[index] ?? '';
    if (quote === undefined && (ch === '"' || ch === "'")) {
      quote = ch;
      continue;
    }
    if (ch === quote) {
      quote = undefined;
      continue;
    }
    if (ch === escape && quote !== "'" && index + 1 < word.length) {
      out += word[index + 1] ?? '';
      index++;
      continue;
    }
    out += ch;
  }
  return out;
}
