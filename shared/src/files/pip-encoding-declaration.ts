// pip reads a requirements file without a byte order mark in the encoding that a comment on one of its first two
// lines declares, as PEP 263 has it for Python source (`# -*- coding: latin-1 -*-`); only then in the locale's
// encoding. A file that declares an encoding must be read in it, or what pip installs and what is scanned part:
// `# coding: utf-7` followed by `+AGY-lask==0.12` installs flask 0.12 and reads as no package at all in UTF-8.

/** pip's pattern (`coding[:=]\s*([-\w.]+)` over bytes), with Python's ASCII-only `\s` and `\w` spelled out. */
const DECLARATION = /coding[:=][ \t\n\r\f\v]*([-A-Za-z0-9_.]+)/;

/** How a declared encoding is read here: as UTF-8, as ISO-8859-1 (one byte, one code point), or not at all. */
export type DeclaredEncodingReading = 'utf-8' | 'latin-1' | 'unsupported';

/**
 * Python's names for UTF-8 and for encodings that read like it for a requirements file: ASCII (a byte above 0x7F
 * stops pip; here it is U+FFFD, never part of a requirement) and UTF-8 with an optional signature (the readers
 * skip U+FEFF). Normalised as `normalizedEncodingName` does.
 */
const READ_AS_UTF8: ReadonlySet<string> = new Set([
  ...['utf_8', 'utf8', 'u8', 'utf', 'utf8_ucs2', 'utf8_ucs4', 'cp65001', 'utf_8_sig'],
  ...['ascii', 'us_ascii', '646', 'ansi_x3.4_1968', 'ansi_x3_4_1968', 'ansi_x3.4_1986', 'cp367', 'csascii'],
  ...['ibm367', 'iso646_us', 'iso_646.irv_1991', 'iso_ir_6', 'us'],
]);

/** Python's names for ISO-8859-1, normalised. */
const READ_AS_LATIN1: ReadonlySet<string> = new Set([
  ...['latin_1', 'latin1', 'latin', 'l1', 'iso_8859_1', 'iso8859_1', 'iso8859', '8859', 'cp819', 'ibm819'],
  ...['csisolatin1', 'iso_8859_1_1987', 'iso_ir_100'],
]);

/**
 * The encoding the first two lines declare, as pip finds it: a line (split at line feeds) that starts with `#`
 * and holds `coding:` or `coding=` then a name. Undefined when none does.
 */
export function pipEncodingDeclaration(bytes: Buffer): string | undefined {
  let start = 0;
  for (let line = 0; line < 2 && start <= bytes.length; line += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    // One byte, one character: the pattern is ASCII, so no byte above 0x7F can take part in a match.
    const text = bytes.toString('latin1', start, end);
    const match = text.startsWith('#') ? DECLARATION.exec(text) : null;
    if (match?.[1] !== undefined) return match[1];
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** Python's lookup form of an encoding name: lower case, each run of characters other than letters, digits and `.` one `_`. */
function normalizedEncodingName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** How a file that declares `name` is read: only encodings read exactly as Python reads them are read at all. */
export function declaredEncodingReading(name: string): DeclaredEncodingReading {
  const normalized = normalizedEncodingName(name);
  if (READ_AS_UTF8.has(normalized)) return 'utf-8';
  if (READ_AS_LATIN1.has(normalized)) return 'latin-1';
  return 'unsupported';
}
