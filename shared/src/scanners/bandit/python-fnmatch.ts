/**
 * Python's `fnmatch.fnmatch` on POSIX, as Bandit uses it to decide which files it scans: `*` matches any
 * run of characters including `/`, `?` one character, `[seq]` / `[!seq]` a set, and the whole name must
 * match. Case-sensitive (POSIX `normcase` is the identity). A translation of CPython's `fnmatch.translate`
 * (3.9+: empty ranges such as `[z-a]` removed, `[!]` matching any one character), so patterns behave exactly
 * as in the Bandit process they stand in for; picomatch and minimatch differ (`*` stops at `/`).
 */

/** Characters with a meaning in a JavaScript regular expression outside a set. */
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, '\\$&');
}

/** Inside a set (`u` flag): only the backslash, `]`, `[` and a leading `^` need escaping; `-` is handled by the caller. */
function escapeInSet(text: string): string {
  return text.replace(/[\\\][]/g, '\\$&');
}

/** The body of a `[...]` set, from the characters between the brackets (CPython's range handling). */
function translateSet(pattern: string, start: number, end: number): string {
  let i = start;
  const chunks: string[] = [];
  let k = pattern[i] === '!' ? i + 2 : i + 1;
  for (;;) {
    k = pattern.indexOf('-', k);
    if (k < 0 || k >= end) break;
    chunks.push(pattern.slice(i, k));
    i = k + 1;
    k = k + 3;
  }
  const last = pattern.slice(i, end);
  if (last !== '') chunks.push(last);
  else if (chunks.length > 0) chunks[chunks.length - 1] = `${chunks[chunks.length - 1] ?? ''}-`;
  // Remove empty ranges (`z-a`): invalid in a regular expression, matching nothing in Python.
  for (let index = chunks.length - 1; index > 0; index--) {
    const previous = chunks[index - 1] ?? '';
    const current = chunks[index] ?? '';
    if (previous !== '' && current !== '' && previous.slice(-1) > current.slice(0, 1)) {
      chunks[index - 1] = previous.slice(0, -1) + current.slice(1);
      chunks.splice(index, 1);
    }
  }
  // Hyphens inside a chunk are literal; the ones joining chunks make ranges.
  return chunks.map((chunk) => escapeInSet(chunk).replaceAll('-', '\\-')).join('-');
}

/** The regular expression Python's `fnmatch.translate` would build, as JavaScript source (use with flags `su`). */
export function translateFnmatch(pattern: string): string {
  let result = '';
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i] ?? '';
    i += 1;
    if (c === '*') {
      // Consecutive stars match what one does.
      if (!result.endsWith('.*')) result += '.*';
    } else if (c === '?') {
      result += '.';
    } else if (c === '[') {
      let j = i;
      if (j < n && pattern[j] === '!') j += 1;
      if (j < n && pattern[j] === ']') j += 1;
      while (j < n && pattern[j] !== ']') j += 1;
      if (j >= n) {
        result += '\\[';
      } else {
        const hasRange = pattern.slice(i, j).includes('-');
        let body = hasRange ? translateSet(pattern, i, j) : escapeInSet(pattern.slice(i, j));
        i = j + 1;
        if (body === '') {
          result += '(?!)'; // An empty set matches nothing.
        } else if (body === '!') {
          result += '.'; // `[!]` matches any one character.
        } else {
          if (body.startsWith('!')) body = `^${body.slice(1)}`;
          else if (body.startsWith('^')) body = `\\${body}`;
          result += `[${body}]`;
        }
      }
    } else {
      result += escapeRegex(c);
    }
  }
  return `^(?:${result})$`;
}

const compiled = new Map<string, RegExp>();

/** The regular expression `fnmatch.fnmatch(name, pattern)` tests, for a caller that matches many names. */
export function compileFnmatch(pattern: string): RegExp {
  return new RegExp(translateFnmatch(pattern), 'su');
}

/** `fnmatch.fnmatch(name, pattern)` on POSIX. */
export function fnmatch(name: string, pattern: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = compileFnmatch(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex.test(name);
}
