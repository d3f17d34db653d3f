// Every text in the HTML report that comes from a scanned repository or a SARIF file (messages, paths, rule ids,
// source lines, reasons) goes through these, in text and in attribute values alike: escape-html replaces the five
// characters that can end a text or a quoted attribute (& < > " '), so nothing a finding says becomes markup.
import escapeHtmlText from 'escape-html';
import { withoutControlCharacters } from '../safe-text';
import { webLinkTarget } from '../link-target';

/** Text or a double-quoted attribute value, with control characters shown as U+FFFD. */
export function escapeHtml(text: string): string {
  return escapeHtmlText(withoutControlCharacters(text));
}

/**
 * A link target the report may carry: an absolute http(s) URL, or a relative reference (a report file beside
 * it). Anything else (`javascript:`, `data:`, `vbscript:`, `file:`, protocol-relative `//host`, a scheme hidden
 * behind control characters or entities) gives undefined, and the caller shows the text without a link.
 */
export function safeHref(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  const trimmed = uri.trim();
  // eslint-disable-next-line no-control-regex -- a control character or space inside a URL is refused outright
  if (trimmed === '' || /[\u0000-\u0020\u007f-\u009f\\]/.test(trimmed)) return undefined;
  // Anything with a scheme is a web link or nothing, by the same rule as every Markdown link we write.
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(trimmed)) return webLinkTarget(trimmed);
  // A relative reference: never protocol-relative (`//evil.example`), never with a colon before its first
  // slash (a browser could read it as a scheme).
  if (trimmed.startsWith('//')) return undefined;
  const beforeSlash = trimmed.split('/')[0] ?? '';
  if (beforeSlash.includes(':')) return undefined;
  return trimmed;
}

/** `<a href="…">text</a>` for a safe target, else the escaped text alone. `text` is escaped here. */
export function linkOrText(uri: string | undefined, text: string, attributes = ''): string {
  const href = safeHref(uri);
  const body = escapeHtml(text);
  if (href === undefined) return body;
  // The page's `<meta name="referrer" content="no-referrer">` keeps the report's location from every link.
  return `<a href="${escapeHtml(href)}"${attributes}>${body}</a>`;
}
