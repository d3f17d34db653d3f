// A URL from a scanned repository or a SARIF file (a rule's helpUri, a report's file name) that may become the
// target of a link we write in Markdown (reports, summary.md, pull request comments, editor hovers) or HTML.
//
// A web target is written inside Markdown's `(…)`, percent-encoded so that it holds only characters that are
// neither markup nor able to end the link: no space or line break, no `(` `)` `<` `>`, no backslash (an escape),
// no `|` (a table cell border, even inside a link in GFM tables), no quote or backtick. CommonMark's `<…>` form
// would also allow `(` and `)`, but it still reads backslash escapes, still ends at `>` or a line break, and a
// pipe in it still splits a GFM table cell, so the target would need the same care; percent-encoding is one rule
// that every renderer we write for (GitHub, CodeCommit, VS Code's markdown-it) reads the same way, and a web
// server decodes it back to the same resource.
import { markdownPlainText } from './markdown-text';

/** Longer targets give no link: no documentation page needs one, and a huge link only bloats a comment. */
export const MAX_LINK_TARGET_CHARS = 2048;

/** The schemes a link may use; `javascript:`, `data:`, `vbscript:`, `file:` and the rest give no link. */
const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Characters left as they are in a target: RFC 3986's unreserved and reserved ones except `(` and `)`, and `%`. */
const UNSAFE_IN_TARGET = /[^A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]/g;

function percentEncoded(character: string): string {
  return [...new TextEncoder().encode(character)]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/**
 * An absolute http(s) URL as a link target safe in Markdown's `(…)` and in an HTML attribute (escape it there
 * too), or undefined when it must not be linked: another scheme in any letter case, a scheme hidden behind
 * leading spaces or control characters, a protocol-relative `//host`, a control character, space or backslash
 * anywhere (the WHATWG parser would quietly drop or rewrite them, so the link would not go where it reads), a
 * URL that does not parse, or one longer than MAX_LINK_TARGET_CHARS.
 */
export function webLinkTarget(uri: string | undefined): string | undefined {
  if (uri === undefined || uri.length > MAX_LINK_TARGET_CHARS) return undefined;
  // eslint-disable-next-line no-control-regex -- a control character, space or backslash is refused outright
  if (!/^https?:\/\//i.test(uri) || /[\u0000-\u0020\u007f-\u009f\u2028\u2029\\]/.test(uri)) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (!WEB_PROTOCOLS.has(url.protocol)) return undefined;
  const target = url.href.replace(UNSAFE_IN_TARGET, percentEncoded);
  return target.length > MAX_LINK_TARGET_CHARS ? undefined : target;
}

/**
 * A repository-relative path (or a report file's name beside the report) as a relative link target: each
 * segment percent-encoded, including the `(`, `)`, `!`, `*` and `'` that encodeURIComponent leaves, so it
 * cannot end the link; a colon is encoded too, so no segment reads as a scheme, and a leading slash gets `.`
 * before it, so the target is never protocol-relative (`//host`).
 */
export function relativeLinkTarget(path: string): string {
  const target = path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, percentEncoded))
    .join('/');
  return target.startsWith('/') ? `.${target}` : target;
}

/**
 * `[label](target)` for a web URL that may be linked, else the label alone. `label` is Markdown of our own
 * (for example a code span made safe by markdown-text); use markdownLinkFromText for text from a tool.
 */
export function markdownWebLink(label: string, uri: string | undefined): string {
  const target = webLinkTarget(uri);
  return target === undefined ? label : `[${label}](${target})`;
}

/** markdownWebLink with a label that is tool-supplied text, escaped onto one line first. */
export function markdownLinkFromText(text: string, uri: string | undefined): string {
  return markdownWebLink(markdownPlainText(text), uri);
}
