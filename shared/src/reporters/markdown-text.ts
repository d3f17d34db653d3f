import { withoutControlCharacters } from './safe-text';

/**
 * Makes tool-supplied text safe inside a table cell: no line breaks, pipes
 * escaped, and HTML / Markdown markup neutralised so a finding's message can
 * never inject links, images or mentions into a PR comment.
 */
export function escapeCell(text: string): string {
  return withoutControlCharacters(text)
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]|<>!#@]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`));
}
