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
 * Inline code. A backtick would end the span and a pipe would split a table cell, so backticks
 * become quotes and pipes are escaped (GFM honours `\|` inside code in tables).
 */
export function code(text: string): string {
  return `\`${text.replace(/\s+/g, ' ').trim().replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateToSize(text: string, maxBytes: number): string {
  if (commentSize(text) <= maxBytes) return text;
  let result = '';
  for (const character of text) {
    if (commentSize(result + character) > maxBytes) break;
    result += character;
  }
  return result;
}
