/**
 * Hidden markers that let a re-run find its own comments (reviewdog's fingerprint-in-body trick).
 * A marker is an HTML comment on the last line of a comment body; CodeCommit's Markdown hides it.
 */

/** Where a finding's inline comment stands. */
export type FindingCommentState = 'open' | 'resolved' | 'moved';

export type CommentMarker =
  | {
      readonly kind: 'finding';
      /** The finding's fingerprint (`v1:…`). */
      readonly fingerprint: string;
      readonly state: FindingCommentState;
    }
  | { readonly kind: 'summary' };

const FINDING_MARKER = /<!-- devsecops:fingerprint=([\w:.-]+) state=(open|resolved|moved) -->\s*$/;
const SUMMARY_MARKER = /<!-- devsecops:summary -->\s*$/;

export function renderFindingMarker(fingerprint: string, state: FindingCommentState): string {
  return `<!-- devsecops:fingerprint=${fingerprint} state=${state} -->`;
}

export const SUMMARY_MARKER_TEXT = '<!-- devsecops:summary -->';

/**
 * The marker at the end of `content`, or undefined for a comment the bot did not write.
 * Only the end counts, and rendered text escapes `<`, so a scanner message cannot forge one.
 */
export function parseMarker(content: string): CommentMarker | undefined {
  const finding = FINDING_MARKER.exec(content);
  if (finding?.[1] !== undefined && finding[2] !== undefined) {
    return { kind: 'finding', fingerprint: finding[1], state: finding[2] as FindingCommentState };
  }
  return SUMMARY_MARKER.test(content) ? { kind: 'summary' } : undefined;
}

/** The comment's visible text, without its marker. */
export function stripMarker(content: string): string {
  return content.replace(FINDING_MARKER, '').replace(SUMMARY_MARKER, '').trimEnd();
}
