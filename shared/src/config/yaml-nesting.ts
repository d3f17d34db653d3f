import { Parser } from 'yaml';
import type { CST } from 'yaml';

/**
 * Collections a YAML file of ours may nest. Real ones nest under ten levels. The yaml library
 * composes documents recursively: past about 900 levels it overflows the stack, and a second
 * such document in the same process crashes Node itself (a fatal "RegExpCompiler Allocation
 * failed", not an exception), so a repository could kill the CLI, the editor's extension host
 * or the bot with a file of brackets. Deeper files are refused before they are composed.
 */
export const MAX_YAML_NESTING = 64;

/** Where a YAML text nests collections deeper than MAX_YAML_NESTING. */
export interface YamlNestingProblem {
  /** Offset of the first collection past the limit. */
  readonly offset: number;
  /** 1-based line of that collection. */
  readonly line: number;
  /** What is wrong and what to do, as a sentence. */
  readonly message: string;
}

/**
 * Checks the nesting of a YAML text on the library's syntax tree, which its parser builds
 * without recursion, walking it with an explicit stack. Undefined when the text is within
 * the limit (or is not YAML at all: the caller's parse reports that).
 */
export function yamlNestingProblem(text: string): YamlNestingProblem | undefined {
  const pending: { token: CST.Token; depth: number }[] = [];
  for (const token of new Parser().parse(text)) pending.push({ token, depth: 0 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next;
    if (token.type === 'document') {
      if (token.value !== undefined) pending.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > MAX_YAML_NESTING) {
      const line = text.slice(0, token.offset).split(/\r\n|\r|\n/).length;
      return {
        offset: token.offset,
        line,
        message: `lists and mappings nest more than ${String(MAX_YAML_NESTING)} levels deep here; flatten the file.`,
      };
    }
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) pending.push({ token: item.key, depth: depth + 1 });
      if (item.value) pending.push({ token: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}
