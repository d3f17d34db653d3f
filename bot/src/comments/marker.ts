/**
 * Hidden markers that let a re-run find its own comments (reviewdog's fingerprint-in-body trick).
 *
 * A marker is the last line of a comment body, written as a Markdown reference-link definition
 * (`[//]: # (devsecops:…)`), which Markdown renders as nothing. CodeCommit renders Markdown but not
 * HTML, so the older `<!-- … -->` form could show; it is still read, so comments written before are
 * found and rewritten in the new form. A marker is trusted only on a comment the bot wrote (the
 * planner is given the bot's own comments only): anyone can post text that looks like one.
 */
import { truncateToSize } from './markdown';

/** Where a finding's inline comment stands. `duplicate`: a second comment for a fingerprint, retired. */
export type FindingCommentState = 'open' | 'resolved' | 'moved' | 'duplicate';

/** Where a summary comment stands. `duplicate`: a second summary, retired. */
export type SummaryCommentState = 'open' | 'duplicate';

export type CommentMarker =
  | {
      readonly kind: 'finding';
      /** The finding's fingerprint (`v1:` and 32 hex digits). */
      readonly fingerprint: string;
      readonly state: FindingCommentState;
    }
  | { readonly kind: 'summary'; readonly state: SummaryCommentState };

/**
 * What a fingerprint must look like to be written into a marker: `fingerprintOf`'s output. A value
 * read from SARIF is checked against it before it reaches a comment (`findings/safe-fingerprints.ts`),
 * so a `)`, `-->` or line break inside one can neither end a marker early nor forge another.
 */
export const FINGERPRINT_FORMAT = /^v1:[0-9a-f]{32}$/;

// Only fingerprints of the one format are read back, in either form: the older form wrote whatever the SARIF
// said, and a comment carrying anything else is left alone rather than answered with a marker it cannot hold.
const FINDING_MARKER =
  /\[\/\/\]: # \(devsecops:fingerprint=(v1:[0-9a-f]{32}) state=(open|resolved|moved|duplicate)\)\s*$/;
const LEGACY_FINDING_MARKER = /<!-- devsecops:fingerprint=(v1:[0-9a-f]{32}) state=(open|resolved|moved) -->\s*$/;
const SUMMARY_MARKER = /\[\/\/\]: # \(devsecops:summary(?: state=(duplicate))?\)\s*$/;
const LEGACY_SUMMARY_MARKER = /<!-- devsecops:summary -->\s*$/;

/** The marker line of a finding's comment; throws on a fingerprint that is not in `FINGERPRINT_FORMAT`. */
export function renderFindingMarker(fingerprint: string, state: FindingCommentState): string {
  if (!FINGERPRINT_FORMAT.test(fingerprint)) {
    throw new Error(`Refusing to write the fingerprint ${JSON.stringify(fingerprint)} into a comment marker.`);
  }
  return `[//]: # (devsecops:fingerprint=${fingerprint} state=${state})`;
}

/** The marker line of the summary comment. */
export function renderSummaryMarker(state: SummaryCommentState): string {
  return state === 'open' ? '[//]: # (devsecops:summary)' : '[//]: # (devsecops:summary state=duplicate)';
}

/**
 * The marker at the end of `content` (either form), or undefined for a comment with none. Only the end
 * counts, and rendered text can hold neither `[//]: #` at a line start nor `<!--`, so a scanner message
 * cannot forge one.
 */
export function parseMarker(content: string): CommentMarker | undefined {
  const finding = FINDING_MARKER.exec(content) ?? LEGACY_FINDING_MARKER.exec(content);
  if (finding?.[1] !== undefined && finding[2] !== undefined) {
    return { kind: 'finding', fingerprint: finding[1], state: finding[2] as FindingCommentState };
  }
  const summary = SUMMARY_MARKER.exec(content);
  if (summary !== null) return { kind: 'summary', state: summary[1] === 'duplicate' ? 'duplicate' : 'open' };
  return LEGACY_SUMMARY_MARKER.test(content) ? { kind: 'summary', state: 'open' } : undefined;
}

/** The comment's visible text, without its marker (either form). */
export function stripMarker(content: string): string {
  return content
    .replace(FINDING_MARKER, '')
    .replace(LEGACY_FINDING_MARKER, '')
    .replace(SUMMARY_MARKER, '')
    .replace(LEGACY_SUMMARY_MARKER, '')
    .trimEnd();
}

/**
 * A comment body with its marker as the last line, after a blank line (a reference definition cannot
 * interrupt a paragraph: without the blank line Markdown would show it as text). The body is cut to
 * leave room for the marker within `maxSize` bytes: the marker must survive any truncation, it is how
 * the next run finds this comment.
 */
export function withMarker(body: string, marker: string, maxSize: number): string {
  const budget = maxSize - Buffer.byteLength(marker, 'utf8') - 2;
  return `${truncateToSize(neutraliseHtmlComments(body), budget).trimEnd()}\n\n${marker}`;
}

/**
 * `<!--` cannot survive into a posted body: CodeCommit does not render HTML, so it would show, and an
 * old-form marker inside quoted text must never be read as the comment's own. Rendered text escapes
 * `<` already; this also covers text quoted from comments written before that escaping.
 */
export function neutraliseHtmlComments(text: string): string {
  return text.replaceAll('<!--', '&lt;!--');
}
