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
