import type { HadolintCase } from './hadolint-cases';

/**
 * Variations of hadolint's public spec cases that hadolint itself cannot tell
 * apart, so each variation keeps its case's expectation. Why each rewrite
 * changes nothing for hadolint (read from its source):
 *
 * - `keyword-case`: Dockerfile keywords are case-insensitive (language-docker).
 * - `and-to-semicolon`: `a && b` and `a ; b` hold the same simple commands in
 *   the same order, and neither is a pipe (Shell.hs presentCommands, hasPipes).
 * - `continuation`: a `\` line break between words is no word to ShellCheck.
 * - `quote-words`: ShellCheck's `oversimplify` drops quotes, and
 *   `getLiteralString` reads a quoted command name, so `"curl=1"` is `curl=1`.
 * - `split-clusters`: `-yq` and `-y -q` give the same flags (getAllFlags) when
 *   none of the letters takes a value (dropFlagArg) or is tested as a word.
 * - `equals-form` / `space-form`: for an option whose value hadolint drops
 *   (dropFlagArg lists), `--opt value` and `--opt=value` leave the same words.
 * - `quiet-forms`: apt-get's quiet level 2 written `-qq`, `-q -q`, `-q=2` or
 *   `--quiet --quiet` (DL3014.hs: countFlag "q" == 2, countFlag "quiet" == 2, "-q=2").
 * - `apk-operators`: `apk add pkg=1.2` and `"pkg>=1.2"`, `pkg~1.2` are all
 *   pinned (DL3018.hs versionFixed: any of `=`, `~`, `>`, `<`).
 * - `stage-index`: `COPY --from=name` and `--from=N` for the N-th earlier
 *   FROM are both known stages (DL3022.hs: alias set, or index below the FROM
 *   count). Only for DL3022: DL3023 and DL3049 compare `--from` with aliases.
 *
 * None of these cases or rewrites was used to tune the engine: the rewrites
 * only generate inputs, and the expectations come from hadolint's spec.
 */
export interface Variation {
  readonly transform: string;
  readonly testCase: HadolintCase;
}

/** Long options each command's rule drops the value of (DL3008, DL3013, DL3016, DL3018). */
const VALUE_OPTIONS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^apt-get$/, ['target-release']],
  [/^apk$/, ['virtual', 'repository']],
  [/^npm$/, ['loglevel', 'registry']],
  [
    /^pip/,
    [
      'abi',
      'build',
      'editable',
      'extra-index-url',
      'find-links',
      'index-url',
      'implementation',
      'no-binary',
      'only-binary',
      'platform',
      'prefix',
      'progress-bar',
      'proxy',
      'python',
      'python-version',
      'root',
      'root-user-action',
      'src',
      'target',
      'trusted-host',
      'upgrade-strategy',
    ],
  ],
];

/** Short flags that take a value or are tested as words, per command: clusters with them are left alone. */
const CLUSTER_COMMANDS: readonly (readonly [RegExp, string])[] = [
  [/^apt-get$/, 't'],
  [/^apk$/, 'tX'],
  [/^(dnf|microdnf|yum|zypper)$/, ''],
  [/^pip/, 'befirtc'],
  [/^npm$/, 'w'],
];

const KEYWORD_LINE =
  /^(\s*)(FROM|RUN|COPY|ADD|ENV|LABEL|ARG|CMD|ENTRYPOINT|SHELL|HEALTHCHECK|USER|WORKDIR|EXPOSE|VOLUME|ONBUILD|MAINTAINER|STOPSIGNAL)\b/i;
const RUN_LINE = /^(\s*(?:ONBUILD\s+)?RUN\s+(?:--\S+\s+)*)(.*)$/i;
/** Scripts whose grammar depends on word positions (loops, tests, heredocs): quoting is left out there. */
const COMPOUND = /\b(for|case|select|while|until|if|function)\b|\[\[|\(\(|<<|\$\(|`/;
const SAFE_WORD = /^[A-Za-z0-9_./:+@,%^-][A-Za-z0-9_./:+@,%^=~-]*$/;
const OPERATOR = /^(&&|\|\||;|\||\(|\)|&)$/;

/** Every variation of every case that a rewrite changes. */
export function variationsOf(cases: readonly HadolintCase[]): Variation[] {
  const variations: Variation[] = [];
  for (const testCase of cases) {
    for (const [transform, rewrite, onlyFor] of TRANSFORMS) {
      if (onlyFor !== undefined && onlyFor !== testCase.rule) continue;
      const dockerfile = rewrite(testCase.dockerfile);
      if (dockerfile !== testCase.dockerfile) variations.push({ transform, testCase: { ...testCase, dockerfile } });
    }
  }
  return variations;
}

/** Name, rewrite, and the one rule it is meant for when it is not for all. */
const TRANSFORMS: readonly (readonly [string, (text: string) => string, string?])[] = [
  [
    'keyword-case',
    (text) =>
      onInstructionLines(text, (line) =>
        line.replace(KEYWORD_LINE, (_, indent: string, kw: string) => indent + kw.toLowerCase()),
      ),
  ],
  ['and-to-semicolon', (text) => onRunScripts(text, (words) => words.map((word) => (word === '&&' ? ';' : word)))],
  ['continuation', (text) => onRunScripts(text, (words) => words.map((word) => (word === '&&' ? '&& \\\n   ' : word)))],
  ['quote-words', (text) => onRunScripts(text, quoteWords, true)],
  ['split-clusters', (text) => onRunScripts(text, splitClusters)],
  ['equals-form', (text) => onRunScripts(text, (words) => joinOptionValues(words))],
  ['space-form', (text) => onRunScripts(text, (words) => splitOptionValues(words))],
  ['quiet-forms', (text) => onRunScripts(text, (words) => rewriteQuiet(words))],
  ['apk-operators', (text) => onRunScripts(text, (words) => rewriteApkVersions(words))],
  ['stage-index', (text) => stageNamesToIndexes(text), 'DL3022'],
];

const QUIET_SPELLINGS = ['-qq', '-q -q', '-q=2', '--quiet --quiet'];

/** Rewrites apt-get's quiet level 2 to the next spelling in QUIET_SPELLINGS. */
function rewriteQuiet(words: string[]): string[] {
  const commands = commandOfEach(words);
  const out: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    const pair = `${word} ${words[index + 1] ?? ''}`;
    const spelling = QUIET_SPELLINGS.includes(word) ? word : QUIET_SPELLINGS.includes(pair) ? pair : undefined;
    if (commands[index] !== 'apt-get' || spelling === undefined) {
      out.push(word);
      continue;
    }
    const next = QUIET_SPELLINGS[(QUIET_SPELLINGS.indexOf(spelling) + 1) % QUIET_SPELLINGS.length] ?? word;
    out.push(next);
    if (spelling.includes(' ')) index++;
  }
  return out;
}

/** Rewrites `apk add` pins `pkg=ver` to `"pkg>=ver"` and `pkg~ver` alternately. */
function rewriteApkVersions(words: string[]): string[] {
  const commands = commandOfEach(words);
  let turn = 0;
  return words.map((word, index) => {
    const match = /^([a-z0-9][a-z0-9._+-]*)=([0-9][A-Za-z0-9._+-]*)$/.exec(word);
    if (commands[index] !== 'apk' || match === null) return word;
    turn++;
    return turn % 2 === 1 ? `"${match[1] ?? ''}>=${match[2] ?? ''}"` : `${match[1] ?? ''}~${match[2] ?? ''}`;
  });
}

/** Rewrites `COPY --from=<alias>` of an earlier stage to that stage's index. */
function stageNamesToIndexes(text: string): string {
  const stages: string[] = [];
  return text
    .split('\n')
    .map((line) => {
      const from = /^\s*FROM\s+(?:--\S+\s+)*\S+(?:\s+AS\s+(\S+))?/i.exec(line);
      if (from !== null) {
        stages.push(from[1] ?? '');
        return line;
      }
      const copy = /^(\s*COPY\s+(?:--\S+\s+)*--from=)(\S+)(.*)$/i.exec(line);
      const index = copy === null ? -1 : stages.indexOf(copy[2] ?? '');
      return copy === null || index === -1 || stages.lastIndexOf(copy[2] ?? '') !== index
        ? line
        : `${copy[1] ?? ''}${String(index)}${copy[3] ?? ''}`;
    })
    .join('\n');
}

/** Applies `rewrite` to lines that start an instruction (not continuation lines or heredoc bodies). */
function onInstructionLines(text: string, rewrite: (line: string) => string): string {
  let continued = false;
  return text
    .split('\n')
    .map((line) => {
      const out = continued || text.includes('<<') ? line : rewrite(line);
      continued = line.trimEnd().endsWith('\\');
      return out;
    })
    .join('\n');
}

/**
 * Applies `rewrite` to the words of each one-line RUN script (its flags kept).
 * Words are split on blanks outside quotes; operators are words of their own
 * only when written apart, which is how the public cases write them.
 */
function onRunScripts(text: string, rewrite: (words: string[]) => string[], simpleOnly = false): string {
  const lines = text.split('\n');
  return lines
    .map((line, index) => {
      const previous = index > 0 ? (lines[index - 1] ?? '') : '';
      if (line.trimEnd().endsWith('\\') || previous.trimEnd().endsWith('\\')) return line;
      const match = RUN_LINE.exec(line);
      const script = match?.[2];
      if (match === null || script === undefined || script.trimStart().startsWith('[')) return line;
      if (simpleOnly && COMPOUND.test(script)) return line;
      const words = splitOutsideQuotes(script);
      if (words === undefined) return line;
      return `${match[1] ?? ''}${rewrite(words).join(' ')}`;
    })
    .join('\n');
}

/** Blank-separated words with quotes kept, or undefined when a quote is left open. */
function splitOutsideQuotes(script: string): string[] | undefined {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of script) {
    if (quote !== undefined) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ' ' || ch === '\t') {
      if (current !== '') words.push(current);
      current = '';
    } else current += ch;
  }
  if (quote !== undefined) return undefined;
  if (current !== '') words.push(current);
  return words;
}

/** Quotes every safe word that is not a command's first word (those may be reserved words or assignments). */
function quoteWords(words: string[]): string[] {
  let first = true;
  return words.map((word, index) => {
    if (OPERATOR.test(word)) {
      first = true;
      return word;
    }
    const isFirst = first;
    first = false;
    if (isFirst || !SAFE_WORD.test(word) || word.startsWith('~')) return word;
    return index % 2 === 0 ? `"${word}"` : `'${word}'`;
  });
}

/** The command word of each word position (the first word after an operator). */
function commandOfEach(words: readonly string[]): string[] {
  let command = '';
  let first = true;
  return words.map((word) => {
    if (OPERATOR.test(word)) {
      first = true;
      return '';
    }
    if (first && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      command = word;
      first = false;
    }
    return command;
  });
}

function splitClusters(words: string[]): string[] {
  const commands = commandOfEach(words);
  return words.map((word, index) => {
    const command = commands[index] ?? '';
    const entry = CLUSTER_COMMANDS.find(([name]) => name.test(command));
    if (entry === undefined || command.startsWith('pipx') || command.startsWith('pipenv') || word === command)
      return word;
    // The word is ASCII letters only (checked first), so splitting it into characters is safe.
    const letters = /^-[A-Za-z]{2,}$/.test(word) ? word.slice(1).split('') : [];
    if (letters.length === 0 || letters.some((letter) => entry[1].includes(letter))) return word;
    return letters.map((letter) => `-${letter}`).join(' ');
  });
}

function valueOptionsOf(command: string): readonly string[] {
  return VALUE_OPTIONS.find(([name]) => name.test(command))?.[1] ?? [];
}

function joinOptionValues(words: string[]): string[] {
  const commands = commandOfEach(words);
  const out: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    const value = words[index + 1];
    const options = valueOptionsOf(commands[index] ?? '');
    if (
      value !== undefined &&
      options.includes(word.replace(/^--/, '')) &&
      word.startsWith('--') &&
      !value.startsWith('-') &&
      !OPERATOR.test(value)
    ) {
      out.push(`${word}=${value}`);
      index++;
    } else out.push(word);
  }
  return out;
}

function splitOptionValues(words: string[]): string[] {
  const commands = commandOfEach(words);
  return words.map((word, index) => {
    const match = /^--([a-z-]+)=(.+)$/.exec(word);
    const options = valueOptionsOf(commands[index] ?? '');
    if (match === null || !options.includes(match[1] ?? '') || (match[2] ?? '').startsWith('-')) return word;
    return `--${match[1] ?? ''} ${match[2] ?? ''}`;
  });
}
