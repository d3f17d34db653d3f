/** C0 and C1 control characters and DEL, except tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Replaces control characters in tool-supplied text (messages, file names)
 * with U+FFFD. A finding's message or a file name could otherwise carry
 * terminal escape sequences into a developer's console or a CI log.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '\uFFFD');
}

/**
 * Text that stays on one line: line breaks and tabs become spaces and other
 * control characters U+FFFD, so a file name or a tool's reason can never
 * start a console line of its own ("\n[PASS] …").
 */
export function oneLine(text: string): string {
  return withoutControlCharacters(text.replace(/[\t\n\r\u0085\u2028\u2029]+/g, ' '));
}

/** Characters that make a path ambiguous on a console line: controls (line breaks too), and a quote that would look like ours. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const NEEDS_QUOTING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029"]|^\s|\s$/;

/**
 * A repository path for a console line: as it is when plain, JSON-quoted (with
 * `\n`, `\u001b`… escapes) when it holds a control character or a line break or
 * starts or ends with a space, so a hostile file name is shown exactly and
 * can neither fake a line nor hide its own tail.
 */
export function printablePath(path: string): string {
  if (!NEEDS_QUOTING.test(path)) return path;
  const escaped = path.replace(
    // eslint-disable-next-line no-control-regex -- escaping control characters is this pattern's purpose
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]/g,
    (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * Multi-line text (a tool's output excerpt) for a line-oriented log: every
 * line after the first starts with "  | ", so none can pass for a line of our
 * own; control characters become U+FFFD.
 */
export function withQuotedContinuation(text: string): string {
  return withoutControlCharacters(text.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((line, index) => (index === 0 ? line : `  | ${line}`))
    .join('\n');
}
