// The syntax of a PEP 508 environment marker (`python_version < "3.8" and os_name == "nt"`), as the packaging
// versions pip vendors read it: 21.3 up to pip 24.0 (a pyparsing grammar of literals), 24 and later since pip 24.1
// (a tokenizer whose words end at word boundaries).

/** The packaging whose marker grammar is read: 21.3 (pip up to 24.0), or 22 and later (pip 24.1 and later). */
export type MarkerGrammar = 'packaging-21' | 'packaging-22';

/** The variables packaging knows, longest first. */
const VARIABLES: readonly string[] = [
  'platform.python_implementation',
  'platform_python_implementation',
  'implementation_version',
  'python_implementation',
  'implementation_name',
  'python_full_version',
  'dependency_groups',
  'platform_version',
  'platform_release',
  'platform_machine',
  'platform.version',
  'platform.machine',
  'platform_system',
  'python_version',
  'sys_platform',
  'sys.platform',
  'os_name',
  'os.name',
  'extras',
  'extra',
];

/** Variables only packaging 25 and later know. */
const NEWER_VARIABLES: ReadonlySet<string> = new Set(['extras', 'dependency_groups']);

/** Comparison operators, longest first; `in` and `not in` are read apart. */
const OPERATORS: readonly string[] = ['===', '==', '~=', '!=', '<=', '>=', '<', '>'];

/** A marker's whitespace: blanks and tabs (packaging 21.3 also skips `\r` and `\n`, which a line never holds). */
function isBlank(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 0x20 || code === 0x09;
}

/** A reader over the marker's text; every method moves past what it reads and says whether it read it. */
class MarkerReader {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly grammar: MarkerGrammar,
  ) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  skipBlanks(): number {
    const start = this.at;
    while (this.at < this.text.length && isBlank(this.text, this.at)) this.at += 1;
    return this.at - start;
  }

  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }

  /** A word (a variable, `and`, `in`…): packaging 22 and later also need it to end at a word boundary. */
  word(word: string): boolean {
    const start = this.at;
    if (!this.literal(word)) return false;
    if (this.grammar === 'packaging-21' || !/\w/.test(this.text.charAt(this.at))) return true;
    this.at = start;
    return false;
  }

  /** A variable or a quoted string (no escapes: it ends at the next quote of its kind). */
  value(): boolean {
    const quote = this.text.charAt(this.at);
    if (quote === '"' || quote === "'") {
      const end = this.text.indexOf(quote, this.at + 1);
      if (end < 0) return false;
      this.at = end + 1;
      return true;
    }
    const known = this.grammar === 'packaging-22' ? VARIABLES : VARIABLES.filter((name) => !NEWER_VARIABLES.has(name));
    return known.some((name) => this.word(name));
  }

  operator(): boolean {
    if (OPERATORS.some((operator) => this.literal(operator)) || this.word('in')) return true;
    const start = this.at;
    // packaging 21.3 knows the literal "not in"; later versions, `not`, blanks, `in`.
    if (
      this.grammar === 'packaging-21'
        ? this.literal('not in')
        : this.word('not') && this.skipBlanks() > 0 && this.word('in')
    ) {
      return true;
    }
    this.at = start;
    return false;
  }

  /** `value operator value`, with blanks between. */
  item(): boolean {
    if (!this.value()) return false;
    this.skipBlanks();
    if (!this.operator()) return false;
    this.skipBlanks();
    return this.value();
  }
}

/**
 * True when `marker` is an environment marker that `grammar` reads. A loop with a count of open parentheses
 * rather than a recursive parser: a hostile line of a million "(" must not overflow the stack.
 */
export function isEnvironmentMarker(marker: string, grammar: MarkerGrammar): boolean {
  const reader = new MarkerReader(marker, grammar);
  let open = 0;
  for (;;) {
    // Expecting an atom: "(" opens a group, anything else is an item.
    reader.skipBlanks();
    if (reader.literal('(')) {
      open += 1;
      continue;
    }
    if (!reader.item()) return false;
    // After an atom: ")" closes a group, "and"/"or" expect the next atom, the end closes everything.
    for (;;) {
      reader.skipBlanks();
      if (open > 0 && reader.literal(')')) {
        open -= 1;
        continue;
      }
      break;
    }
    if (reader.done) return open === 0;
    if (!reader.word('and') && !reader.word('or')) return false;
  }
}
