// Where the keys of a JSON document's top-level objects are. JSON.parse gives values, never
// positions; jsonc-parser would, but its package is a UMD build whose `require` calls bundlers such as
// esbuild cannot follow (the CLI and the extension are bundles). JSON's grammar is small enough to walk
// for keys alone, without recursion: a document JSON.parse accepted is walked once, string by string.

import { positionsIn, type TextRange } from './text-positions';

/** Positions of object keys, by their path of keys (`["default", "flask"]`), quotes included. */
export interface JsonKeyLocations {
  get(path: readonly string[]): TextRange | undefined;
}

interface Frame {
  readonly isObject: boolean;
  expectKey: boolean;
  key?: string;
}

/** Index just past the string that starts at `start` (a `"`). */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
  return Math.min(at + 1, text.length);
}

/**
 * Records the keys of objects nested in objects down to `maxDepth` (1: the top-level object's keys).
 * Meant for text JSON.parse accepted; on other text it still ends, recording a best effort.
 */
export function locateJsonKeys(text: string, maxDepth: number): JsonKeyLocations {
  const positionAt = positionsIn(text);
  const keys = new Map<string, TextRange>();
  const stack: Frame[] = [];
  let at = 0;
  while (at < text.length) {
    const c = text[at];
    if (c === '"') {
      const end = stringEnd(text, at);
      const top = stack[stack.length - 1];
      if (top?.isObject === true && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(at, end)) as string;
        } catch {
          key = text.slice(at + 1, end - 1);
        }
        top.key = key;
        top.expectKey = false;
        if (stack.length <= maxDepth && stack.every((frame) => frame.isObject)) {
          const path = stack.map((frame) => frame.key ?? '');
          keys.set(JSON.stringify(path), { start: positionAt(at), end: positionAt(end) });
        }
      }
      at = end;
      continue;
    }
    if (c === '{') stack.push({ isObject: true, expectKey: true });
    else if (c === '[') stack.push({ isObject: false, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.isObject === true) top.expectKey = true;
    }
    at += 1;
  }
  return { get: (path) => keys.get(JSON.stringify(path)) };
}
