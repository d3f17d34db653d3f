import { isScalar, isSeq, parseDocument } from 'yaml';
import { DevsecopsError } from '../errors/devsecops-error';
import type { Suppression } from './config';
import { globProblem } from '../policy/glob';
import { isIsoDate, parseConfig } from './load-config';

/**
 * Returns `.devsecops.yml` text with `suppression` appended to `suppressions:`,
 * keeping the user's comments, blank lines, key order and quoting (yaml's
 * Document API edits the parsed tree instead of re-serialising a plain object).
 * `text` may be empty (no file yet). Throws CONFIG_INVALID when the existing
 * file is invalid or the suppression lacks a reason, so nothing broken is written.
 */
export function addSuppression(text: string, suppression: Suppression): string {
  checkSuppression(suppression);
  parseConfig(text, '.devsecops.yml');
  // parseConfig has refused repeated keys; the library's own check of them is quadratic.
  const doc = parseDocument(text, { uniqueKeys: false });
  const entry = doc.createNode(suppressionEntry(suppression));
  const existing = doc.get('suppressions', true);
  if (isSeq(existing)) {
    // `suppressions: []` is a flow list; a block list reads better once it has entries.
    if (existing.items.length === 0) existing.flow = false;
    existing.items.push(entry);
  } else if (existing === undefined || (isScalar(existing) && existing.value === null)) {
    doc.set('suppressions', doc.createNode([suppressionEntry(suppression)]));
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
