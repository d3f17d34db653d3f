import { isScalar, isSeq, parseDocument } from 'yaml';
import { DevsecopsError } from '../errors/devsecops-error';
import type { Suppression } from './config';
import { globProblem } from '../files/glob';
import { isIsoDate, parseConfig } from './parse-config';
import { maskSecret, maskSecretsInText } from '../findings/secret-masking';

/** Longest snippet a note keeps: enough to recognise the line, short enough to read. */
const MAX_NOTE_LENGTH = 120;

/**
 * Where the suppressed finding was when it was suppressed, for the people who read the file: its line and
 * a snippet of the code. Written as a comment above the entry, since the fingerprint (which survives moved
 * lines) is what matches; a line number would go stale with the next edit above it.
 */
export interface SuppressionNote {
  /** Repository-relative path and 1-based line: `app.py:5`. */
  readonly where: string;
  /** The code on that line, as it was. */
  readonly snippet: string;
}

/** Words that make a line's quoted values likely credentials (a hard-coded password is itself a finding). */
const CREDENTIAL_WORDS = /pass|pwd|secret|token|key|cred|auth/i;

/** A code line with the values a person could mistake for harmless masked: the file is committed. */
function maskedSnippet(line: string): string {
  const masked = maskSecretsInText(line);
  if (!CREDENTIAL_WORDS.test(masked)) return masked;
  return masked.replace(
    /(["'])((?:(?!\1)[^\\]|\\.)+)\1/g,
    (_whole, quote: string, value: string) => `${quote}${maskSecret(value)}${quote}`,
  );
}

/** One comment line from untrusted text: no line break (it would end the comment), secrets masked, bounded. */
function noteComment(note: SuppressionNote): string {
  const oneLine = (text: string): string => text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').trim();
  let snippet = maskedSnippet(oneLine(note.snippet));
  if (snippet.length > MAX_NOTE_LENGTH) snippet = `${snippet.slice(0, MAX_NOTE_LENGTH - 1)}…`;
  return ` ${oneLine(note.where)}: ${snippet}`;
}

/**
 * Returns `.devsecops.yml` text with `suppression` appended to `suppressions:`,
 * keeping the user's comments, blank lines, key order and quoting (yaml's
 * Document API edits the parsed tree instead of re-serialising a plain object).
 * `text` may be empty (no file yet). `note` becomes a comment above the entry (see `SuppressionNote`). Throws CONFIG_INVALID when the existing
 * file is invalid or the suppression lacks a reason, so nothing broken is written.
 */
export function addSuppression(text: string, suppression: Suppression, note?: SuppressionNote): string {
  checkSuppression(suppression);
  parseConfig(text, '.devsecops.yml');
  // parseConfig has refused repeated keys; the library's own check of them is quadratic.
  const doc = parseDocument(text, { uniqueKeys: false });
  const entry = doc.createNode(suppressionEntry(suppression));
  if (note !== undefined) entry.commentBefore = noteComment(note);
  const existing = doc.get('suppressions', true);
  if (isSeq(existing)) {
    // `suppressions: []` is a flow list; a block list reads better once it has entries.
    if (existing.items.length === 0) existing.flow = false;
    existing.items.push(entry);
  } else if (existing === undefined || (isScalar(existing) && existing.value === null)) {
    doc.set('suppressions', doc.createNode([entry]));
  }
  // lineWidth 0: never fold the user's long strings onto new lines.
  return doc.toString({ lineWidth: 0 });
}

/** Key order as a person would write it: what, where, which, why, until when. */
function suppressionEntry(suppression: Suppression): Record<string, string> {
  return {
    rule: suppression.rule,
    ...(suppression.path === undefined ? {} : { path: suppression.path }),
    ...(suppression.fingerprint === undefined ? {} : { fingerprint: suppression.fingerprint }),
    reason: suppression.reason,
    ...(suppression.expires === undefined ? {} : { expires: suppression.expires }),
  };
}

function checkSuppression(suppression: Suppression): void {
  if (suppression.rule.trim() === '') {
    throw new DevsecopsError('CONFIG_INVALID', 'A suppression needs a rule id (or "*" for any rule).');
  }
  for (const [key, value] of [
    ['path', suppression.path],
    ['fingerprint', suppression.fingerprint],
  ] as const) {
    // The reader refuses a blank value, so writing one would leave the file invalid.
    if (value !== undefined && value.trim() === '') {
      throw new DevsecopsError('CONFIG_INVALID', `A suppression's ${key} cannot be blank: leave it out to match any.`);
    }
  }
  const globIssue = suppression.path === undefined ? undefined : globProblem(suppression.path);
  if (globIssue !== undefined) throw new DevsecopsError('CONFIG_INVALID', globIssue);
  if (suppression.reason.trim() === '') {
    throw new DevsecopsError('CONFIG_INVALID', 'A suppression needs a reason: say why the finding is acceptable.');
  }
  if (suppression.expires !== undefined && !isIsoDate(suppression.expires)) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `The suppression's expiry "${suppression.expires}" is not a date; write YYYY-MM-DD (e.g. 2026-12-31).`,
    );
  }
}
