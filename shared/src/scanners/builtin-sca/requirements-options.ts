// The options part of a requirements-file line, read as pip reads it: split like Python's
// `shlex.split` (POSIX mode), then parsed like `optparse` with the options pip's requirements-file
// parser registers. optparse takes a long option by any unique prefix (`--requirem` is
// `--requirement`), a short option's value attached (`-rfile`) or as the next word, and stops at
// `--`; words that are not options are ignored. A value some options check (`--hash`, `-C`,
// `--use-feature`, `--no-binary`) is checked here as pip checks it: a bad one makes pip refuse the file.

/** A word of the options text and the offset of its first character (a quote, if quoted). */
export interface OptionWord {
  readonly word: string;
  readonly offset: number;
}

/** One option pip's requirements-file parser knows. */
interface PipOption {
  /** The long name, which the parsed option is known by. */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly short?: string;
  readonly takesValue: boolean;
  /** True for the options pip applies to the requirement on the same line (`--hash`). */
  readonly perRequirement: boolean;
  /** pip's complaint about a value it refuses (its option callback's `parser.error`), or undefined when it takes it. */
  readonly refuses?: (value: string, written: string) => string | undefined;
}

/** `_handle_merge_hash`'s STRONG_HASHES: the only algorithms a `--hash` may name. */
const STRONG_HASHES: readonly string[] = ['sha256', 'sha384', 'sha512'];

/** `_handle_merge_hash`: a value is `algorithm:digest`, the algorithm one of STRONG_HASHES. */
function refusedHash(value: string, written: string): string | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) {
    return `Arguments to ${written} must be a hash name followed by a value, like --hash=sha256:abcde...`;
  }
  if (!STRONG_HASHES.includes(value.slice(0, colon))) {
    return `Allowed hash algorithms for ${written} are ${STRONG_HASHES.join(', ')}.`;
  }
  return undefined;
}

/** `_handle_config_settings`: a value is `KEY=VAL`. */
function refusedConfigSetting(value: string, written: string): string | undefined {
  return value.includes('=') ? undefined : `Arguments to ${written} must be of the form KEY=VAL`;
}

/** `FormatControl.handle_mutual_excludes`: a value starting with `-` is taken for a forgotten argument. */
function refusedFormatControl(value: string): string | undefined {
  return value.startsWith('-') ? '--no-binary / --only-binary option requires 1 argument.' : undefined;
}

/**
 * The `--use-feature` choices of pip 23.1 and later, all versions together: a name outside them is refused by
 * every pip ("invalid choice"); one inside may still be unknown to an older or newer pip than the one that added it.
 */
const FEATURES: readonly string[] = [
  'fast-deps',
  'truststore',
  'no-binary-enable-wheel-cache',
  'build-constraint',
  'inprocess-build-deps',
];

function refusedFeature(value: string, written: string): string | undefined {
  return FEATURES.includes(value)
    ? undefined
    : `option ${written}: invalid choice: '${value}' (choose from ${FEATURES.map((name) => `'${name}'`).join(', ')})`;
}

/** pip's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ (pip 23.1 and later; `--install-option` is gone). */
const PIP_OPTIONS: readonly PipOption[] = [
  { name: '--index-url', aliases: ['--pypi-url'], short: '-i', takesValue: true, perRequirement: false },
  { name: '--extra-index-url', takesValue: true, perRequirement: false },
  { name: '--no-index', takesValue: false, perRequirement: false },
  { name: '--constraint', short: '-c', takesValue: true, perRequirement: false },
  { name: '--requirement', short: '-r', takesValue: true, perRequirement: false },
  { name: '--editable', short: '-e', takesValue: true, perRequirement: false },
  { name: '--find-links', short: '-f', takesValue: true, perRequirement: false },
  { name: '--no-binary', takesValue: true, perRequirement: false, refuses: refusedFormatControl },
  { name: '--only-binary', takesValue: true, perRequirement: false, refuses: refusedFormatControl },
  { name: '--prefer-binary', takesValue: false, perRequirement: false },
  { name: '--require-hashes', takesValue: false, perRequirement: false },
  { name: '--pre', takesValue: false, perRequirement: false },
  { name: '--trusted-host', takesValue: true, perRequirement: false },
  { name: '--use-feature', takesValue: true, perRequirement: false, refuses: refusedFeature },
  { name: '--global-option', takesValue: true, perRequirement: true },
  { name: '--hash', takesValue: true, perRequirement: true, refuses: refusedHash },
  {
    name: '--config-settings',
    short: '-C',
    takesValue: true,
    perRequirement: true,
    refuses: refusedConfigSetting,
  },
];

const BY_LONG_NAME: ReadonlyMap<string, PipOption> = new Map(
  PIP_OPTIONS.flatMap((option) => [option.name, ...(option.aliases ?? [])].map((name) => [name, option] as const)),
);
const BY_SHORT_NAME: ReadonlyMap<string, PipOption> = new Map(
  PIP_OPTIONS.flatMap((option) => (option.short ? [[option.short, option] as const] : [])),
);

/** An option as pip read it. */
export interface ParsedOption {
  /** Its long name (`--requirement` for `-r`, `--req=` abbreviations and all). */
  readonly name: string;
  /** As written (`-r`, `--requirem`). */
  readonly written: string;
  readonly value?: string;
  /** Offset of the word the option starts in. */
  readonly offset: number;
  readonly perRequirement: boolean;
}

/** The options of a line, or why pip refuses them (and with them the whole file). */
export type ParsedOptions =
  | { readonly options: readonly ParsedOption[] }
  | {
      /** optparse's, shlex's or an option callback's complaint (`no such option: --weird`). */
      readonly error: string;
      /** The word it is about. */
      readonly word: string;
      readonly offset: number;
      /** True when the word is no option pip knows. */
      readonly unknown: boolean;
    };

const SHELL_WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/**
 * `shlex.split(text)`: words split at whitespace, `'…'` taken literally, `"…"` with `\"` and `\\`
 * escaped, a backslash outside quotes escaping the next character, quoted and unquoted parts
 * of one word joined (`c" "d.txt` is `c d.txt`). An unclosed quote or a final lone backslash
 * is an error, as in Python.
 */
export function splitShellWords(text: string): { words: OptionWord[] } | { error: string; offset: number } {
  const words: OptionWord[] = [];
  let word = '';
  let inWord = false;
  let start = 0;
  let quote: '"' | "'" | undefined;
  for (let at = 0; at < text.length; at++) {
    const character = text.charAt(at);
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      else if (quote === '"' && character === '\\') {
        if (at + 1 >= text.length) return { error: 'No escaped character', offset: start };
        const next = text.charAt(at + 1);
        // In double quotes only `"` and `\` are escaped; before anything else the backslash stays.
        if (next === '"' || next === '\\') {
          word += next;
          at += 1;
        } else word += character;
      } else word += character;
      continue;
    }
    if (SHELL_WHITESPACE.has(character)) {
      if (inWord) words.push({ word, offset: start });
      word = '';
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      start = at;
    }
    if (character === '"' || character === "'") quote = character;
    else if (character === '\\') {
      if (at + 1 >= text.length) return { error: 'No escaped character', offset: start };
      at += 1;
      word += text.charAt(at);
    } else word += character;
  }
  if (quote !== undefined) return { error: 'No closing quotation', offset: start };
  if (inWord) words.push({ word, offset: start });
  return { words };
}

/** optparse's `_match_abbrev`: the exact long name, else the one name the prefix starts. */
function longOption(written: string): PipOption | { error: string } {
  const exact = BY_LONG_NAME.get(written);
  if (exact) return exact;
  const candidates = [...BY_LONG_NAME.keys()].filter((name) => name.startsWith(written)).sort();
  const [only] = candidates;
  if (candidates.length === 1 && only !== undefined) return BY_LONG_NAME.get(only) ?? { error: '' };
  if (candidates.length === 0) return { error: `no such option: ${written}` };
  return { error: `ambiguous option: ${written} (${candidates.join(', ')}?)` };
}

/** Parses an options text (everything from the first word that starts with `-`) as pip does. */
export function parsePipOptions(text: string): ParsedOptions {
  const split = splitShellWords(text);
  if ('error' in split) return { error: split.error, word: text, offset: split.offset, unknown: false };
  const { words } = split;
  const options: ParsedOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const { word, offset } = words[i] ?? { word: '', offset: 0 };
    const refuse = (error: string, unknown = false): ParsedOptions => ({ error, word, offset, unknown });
    if (word === '--') break;
    if (!word.startsWith('-') || word === '-') continue;
    let option: PipOption;
    let written: string;
    let attached: string | undefined;
    if (word.startsWith('--')) {
      const equals = word.indexOf('=');
      written = equals >= 0 ? word.slice(0, equals) : word;
      attached = equals >= 0 ? word.slice(equals + 1) : undefined;
      const found = longOption(written);
      if ('error' in found) return refuse(found.error, found.error.startsWith('no such'));
      option = found;
      if (!option.takesValue && attached !== undefined) return refuse(`${written} option does not take a value`);
    } else {
      // pip's short options all take a value: the rest of the word, or the next word.
      written = word.slice(0, 2);
      const found = BY_SHORT_NAME.get(written);
      if (!found) return refuse(`no such option: ${written}`, true);
      option = found;
      // `-r=file`: pip would open "=file"; uv reads it as `-r file`, and so does this.
      attached = word.length > 2 ? word.slice(2).replace(/^=/, '') : undefined;
    }
    let value: string | undefined;
    if (option.takesValue) {
      if (attached !== undefined) value = attached;
      else {
        i += 1;
        value = words[i]?.word;
        if (value === undefined) return refuse(`${written} option requires 1 argument`);
      }
      // pip checks the value it got: `-C=k` gives it "=k", not the "k" this reads for `-r=file`.
      const asPipGot = written.startsWith('--') || attached === undefined ? value : word.slice(2);
      // optparse names a long option by its full name in the complaint, whatever prefix was written.
      const refused = option.refuses?.(asPipGot, written.startsWith('--') ? option.name : written);
      if (refused !== undefined) return refuse(refused);
    }
    options.push({
      name: option.name,
      written,
      ...(value !== undefined ? { value } : {}),
      offset,
      perRequirement: option.perRequirement,
    });
  }
  return { options };
}
