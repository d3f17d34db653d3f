/** A script's `#!` line: the program the kernel starts for it, and the one argument it passes before the script. */
export interface Shebang {
  readonly interpreter: string;
  /** The rest of the line, as one argument (Linux does not split it); absent when there is none. */
  readonly argument?: string;
}

/**
 * The `#!` line at the start of `text`, read as Linux reads it: blanks after `#!` skipped, the first word is the
 * program, the rest of the line (trailing blanks dropped) is a single argument. Undefined without one.
 */
export function parseShebang(text: string): Shebang | undefined {
  const line = /^#![ \t]*([^ \t\n]+)(?:[ \t]+([^\n]*?))?[ \t]*(?:\n|$)/.exec(text);
  const interpreter = line?.[1];
  if (interpreter === undefined) return undefined;
  const argument = line?.[2];
  return argument === undefined || argument === '' ? { interpreter } : { interpreter, argument };
}
