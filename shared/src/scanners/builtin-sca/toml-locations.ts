// Where each key and value of a TOML document is. TOML parsers from npm give values, never positions,
// and a substring search for `flask` would be fooled by a comment, a description or another key that
// mentions it. So this walks the document the way TOML's grammar does (tables, arrays of tables, dotted
// and quoted keys, the four kinds of strings, arrays, inline tables, comments) and records where every
// value sits, by the same path the parser's object has (`["package", 3, "name"]`).
//
// It is meant for a document a real parser has already accepted: on invalid TOML it still ends (every
// step advances), but what it records is then only a best effort.
import { positionsIn, type TextPosition, type TextRange } from './text-positions';

/** Where one value is, and for `key = value` entries where its key is. */
export interface TomlSpan {
  /** The whole key as written (`flask`, `"my-pkg"`, `tool.poetry`), for entries; absent for array elements. */
  readonly key?: TextRange;
  /** The value, quotes and brackets included. */
  readonly value: TextRange;
  /** For a single-line string: where its characters start and end, quotes excluded. */
  readonly content?: TextRange;
  /** For a single-line string written without escapes, so columns inside it are exact. */
  readonly literal?: boolean;
}

/** Start and end offsets. */
type OffsetRange = readonly [number, number];

/** A span as recorded during the walk, in offsets. */
interface RawSpan {
  readonly key?: OffsetRange;
  readonly value: OffsetRange;
  readonly content?: OffsetRange;
  readonly literal?: boolean;
}

/** A value's path in the parsed object: table keys and array indexes. */
export type TomlPath = readonly (string | number)[];

/** The positions of a document's values, looked up by path. */
export interface TomlLocations {
  get(path: TomlPath): TomlSpan | undefined;
  /** The position of an offset in the text. */
  positionAt(offset: number): TextPosition;
}

function pathKey(path: TomlPath): string {
  return JSON.stringify(path);
}

/** `A-Z a-z 0-9 _ -`, by character code (this runs once per character of every key). */
function isBareKeyChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code === 0x2d
  );
}

/** What ends a number, boolean or date: `,` `]` `}` CR LF `#`. */
function endsScalar(code: number): boolean {
  return code === 0x2c || code === 0x5d || code === 0x7d || code === 0x0d || code === 0x0a || code === 0x23;
}

/** Records the positions of every value of a TOML document (see the file comment). */
export function locateTomlValues(text: string): TomlLocations {
  const positionAt = positionsIn(text);
  const range = (start: number, end: number): TextRange => ({ start: positionAt(start), end: positionAt(end) });
  // Offsets only while walking: positions are worked out for the few spans asked for.
  const spans = new Map<string, RawSpan>();
  /** Last index of each array of tables, by its resolved path (so nested arrays count per parent element). */
  const arrayTables = new Map<string, number>();
  const n = text.length;
  let i = 0;

  const skipSpaces = (): void => {
    for (let code = text.charCodeAt(i); code === 0x20 || code === 0x09; code = text.charCodeAt(i)) i += 1;
  };
  const skipTrivia = (): void => {
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a) i += 1;
      else if (code === 0x23) {
        const newline = text.indexOf('\n', i);
        i = newline < 0 ? n : newline;
      } else break;
    }
  };

  /** A string starting at i; i ends past it. Returns its value when it is single-line (for keys and content). */
  const readString = (): { value: string; contentStart: number; contentEnd: number; literal: boolean } | undefined => {
    const quote = text[i];
    const triple = text.startsWith(quote === '"' ? '"""' : "'''", i);
    if (triple) {
      const delimiter = quote === '"' ? '"""' : "'''";
      i += 3;
      while (i < n) {
        if (quote === '"' && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text.startsWith(delimiter, i)) {
          i += 3;
          // Up to two quotes right before the closing delimiter belong to the string (`"""a""""`).
          for (let extra = 0; extra < 2 && text[i] === quote; extra += 1) i += 1;
          return undefined;
        }
        i += 1;
      }
      return undefined;
    }
    const contentStart = i + 1;
    i += 1;
    let escaped = false;
    while (i < n && text[i] !== quote && text[i] !== '\n') {
      if (quote === '"' && text[i] === '\\') {
        escaped = true;
        i += 2;
      } else i += 1;
    }
    const contentEnd = Math.min(i, n);
    if (text[i] === quote) i += 1;
    const raw = text.slice(contentStart, contentEnd);
    return { value: escaped ? unescapeBasic(raw) : raw, contentStart, contentEnd, literal: !escaped };
  };

  const readKey = (): { segments: string[]; start: number; end: number } => {
    const segments: string[] = [];
    const start = i;
    let end = i;
    for (;;) {
      skipSpaces();
      const c = text[i];
      if (c === '"' || c === "'") segments.push(readString()?.value ?? '');
      else {
        const from = i;
        while (i < n && isBareKeyChar(text.charCodeAt(i))) i += 1;
        segments.push(text.slice(from, i));
      }
      end = i;
      skipSpaces();
      if (text[i] !== '.') break;
      i += 1;
    }
    return { segments, start, end };
  };

  /** Resolves a header's key against the arrays of tables defined so far (`[package.source]` → the last package). */
  const resolve = (segments: readonly string[]): (string | number)[] => {
    const resolved: (string | number)[] = [];
    for (const segment of segments) {
      resolved.push(segment);
      const index = arrayTables.get(pathKey(resolved));
      if (index !== undefined) resolved.push(index);
    }
    return resolved;
  };

  const readValue = (path: TomlPath): RawSpan => {
    const start = i;
    const c = text[i];
    if (c === '"' || c === "'") {
      const string = readString();
      return string === undefined
        ? { value: [start, i] }
        : {
            value: [start, i],
            content: [string.contentStart, string.contentEnd],
            literal: string.literal,
          };
    }
    if (c === '[') {
      i += 1;
      for (let index = 0; i < n; index += 1) {
        skipTrivia();
        if (text[i] === ']' || i >= n) break;
        const before = i;
        record([...path, index], undefined);
        skipTrivia();
        if (text[i] === ',') i += 1;
        else if (i === before) i += 1;
      }
      if (text[i] === ']') i += 1;
      return { value: [start, i] };
    }
    if (c === '{') {
      i += 1;
      while (i < n) {
        skipTrivia();
        if (text[i] === '}') break;
        const before = i;
        entry(path);
        skipTrivia();
        if (text[i] === ',') i += 1;
        else if (text[i] !== '}' && i === before) i += 1;
        else if (text[i] !== '}') break;
      }
      if (text[i] === '}') i += 1;
      return { value: [start, i] };
    }
    // Numbers, booleans, dates (a date-time may hold one space): up to what ends a value.
    while (i < n && !endsScalar(text.charCodeAt(i))) i += 1;
    let end = i;
    while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end -= 1;
    return { value: [start, end] };
  };

  const record = (path: TomlPath, key: OffsetRange | undefined): void => {
    const span = readValue(path);
    spans.set(pathKey(path), key ? { ...span, key } : span);
  };

  /** A `key = value` line (or inline-table entry) under `table`. */
  const entry = (table: TomlPath): void => {
    const key = readKey();
    skipSpaces();
    if (text[i] !== '=') return;
    i += 1;
    skipSpaces();
    record([...table, ...key.segments], [key.start, key.end]);
  };

  let table: TomlPath = [];
  while (i < n) {
    skipTrivia();
    if (i >= n) break;
    const before = i;
    if (text[i] === '[') {
      const isArray = text[i + 1] === '[';
      i += isArray ? 2 : 1;
      const key = readKey();
      if (isArray) {
        const parent = resolve(key.segments.slice(0, -1));
        const own = [...parent, key.segments[key.segments.length - 1] ?? ''];
        const index = (arrayTables.get(pathKey(own)) ?? -1) + 1;
        arrayTables.set(pathKey(own), index);
        table = [...own, index];
      } else {
        table = resolve(key.segments);
      }
      while (i < n && text[i] !== '\n') i += 1;
    } else {
      entry(table);
      // Whatever else is on the line (a comment) is trivia.
      while (i < n && text[i] !== '\n' && text[i] !== '#') i += 1;
    }
    if (i === before) i += 1;
  }
  const spanOf = (raw: RawSpan): TomlSpan => ({
    value: range(...raw.value),
    ...(raw.key ? { key: range(...raw.key) } : {}),
    ...(raw.content ? { content: range(...raw.content) } : {}),
    ...(raw.literal !== undefined ? { literal: raw.literal } : {}),
  });
  return {
    get: (path) => {
      const raw = spans.get(pathKey(path));
      return raw === undefined ? undefined : spanOf(raw);
    },
    positionAt,
  };
}

/** The value of a basic string's body: TOML's escapes (`\"`, `\\`, `\n`, `\uXXXX`…). */
function unescapeBasic(raw: string): string {
  const simple: Readonly<Record<string, string>> = {
    b: '\b',
    t: '\t',
    n: '\n',
    f: '\f',
    r: '\r',
    e: '\u001b',
    '"': '"',
    '\\': '\\',
  };
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (whole, escape: string) => {
    const known = simple[escape];
    if (known !== undefined) return known;
    if (/^[uUx]/.test(escape)) {
      const code = Number.parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return whole;
  });
}
