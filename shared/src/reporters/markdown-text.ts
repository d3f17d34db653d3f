// Text from a scanned repository or a tool, made safe for the Markdown we write (reports, summary.md, pull
// request comments). Each target needs something different, so each has its own function here.
import { withoutControlCharacters } from './safe-text';

/**
 * Tool-supplied text as inert Markdown on one line (a table cell, a list item, a heading): line breaks
 * become spaces, pipes are escaped, and HTML / Markdown markup is neutralised so a finding's message can
 * never inject links, images or mentions into a report or a pull request comment.
 */
export function markdownPlainText(text: string): string {
  return withoutControlCharacters(text)
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]|<>!#@]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`));
}

/**
 * Tool-supplied text as inert Markdown that keeps its line breaks (an editor hover, where a message may run
 * over several lines): every character Markdown could read as markup is escaped with a backslash, so a
 * finding's message can never inject links or formatting.
 */
export function markdownEscaped(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * Text for inside a code span we open and close, on one line. A backtick would end the span and cannot be
 * escaped inside it, so it becomes a quote; a pipe would split a table cell, so it is escaped (GFM honours
 * `\|` inside code in tables). Nothing else is markup inside a code span.
 */
export function markdownCodeSpanText(text: string): string {
  return withoutControlCharacters(text.replace(/\s+/g, ' ')).replace(/`/g, "'").replace(/\|/g, '\\|');
}

/** Tool-supplied text as a whole code span, without the spaces around it (`` `B602` ``). */
export function markdownCodeSpan(text: string): string {
  return `\`${markdownCodeSpanText(text.trim())}\``;
}

/**
 * Markdown of our own (its code spans already made safe) on a line of a file that also holds tables: only
 * pipes are escaped, so none can be read as a cell border.
 */
export function markdownPipesEscaped(text: string): string {
  return text.replace(/\|/g, '\\|');
}
