import { webLinkTarget } from '@devsecops/shared/reports';

/** CodeCommit rejects comments longer than 10,240 characters. */
export const MAX_COMMENT_CHARS = 10_240;

/**
 * Size of a comment as the limit is checked. Counted in UTF-8 bytes, which is never less than
 * characters or UTF-16 units, so a body within it is within the limit however CodeCommit counts.
 */
export function commentSize(content: string): number {
  return Buffer.byteLength(content, 'utf8');
}

/**
 * An `http(s)` link from a report as an autolink, or undefined when it may not be linked. webLinkTarget
 * percent-encodes spaces, `<` and `>`, so the target cannot end the autolink early.
 */
export function autolink(uri: string): string | undefined {
  const target = webLinkTarget(uri);
  return target === undefined ? undefined : `<${target}>`;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateToSize(text: string, maxBytes: number): string {
  if (commentSize(text) <= maxBytes) return text;
  let result = '';
  let size = 0;
  for (const character of text) {
    const characterSize = commentSize(character);
    if (size + characterSize > maxBytes) break;
    result += character;
    size += characterSize;
  }
  return result;
}
