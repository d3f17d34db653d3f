import { isScalar, visit } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/**
 * Where a YAML document repeats a key within one mapping, by the yaml library's own rule (scalar
 * keys are the same when their values are ===; other keys never are), in one pass per mapping.
 * The library's `uniqueKeys` check compares each key with every earlier key of its mapping, so a
 * file of one mapping with n keys costs n²: 16,000 keys took 2 s and a 1 MB file would take minutes,
 * in the CLI, the editor and the bot alike. Parse with `uniqueKeys: false` and call this instead.
 * Returns the offsets of the repeated keys, in text order. The caller has already bounded the
 * nesting (yamlNestingProblem), so the library's recursive visit is safe.
 */
export function duplicateKeyOffsets(document: Document): number[] {
  const offsets: number[] = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        // A Set finds NaN equal to NaN; === (the library's rule) does not.
        if (typeof key.value === 'number' && Number.isNaN(key.value)) continue;
        if (seen.has(key.value)) offsets.push(key.range?.[0] ?? 0);
        else seen.add(key.value);
      }
    },
  });
  // visit reads a mapping before the mappings inside it: text order reads better.
  return offsets.sort((a, b) => a - b);
}

/**
 * A document's errors as the yaml library words them: its own, then the repeated keys (with line
 * and column from the parse's LineCounter), as its `uniqueKeys` check would have added them.
 */
export function yamlErrorMessages(document: Document, lineCounter: LineCounter): string[] {
  const repeated = duplicateKeyOffsets(document).map((offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return `Map keys must be unique at line ${String(line)}, column ${String(col)}`;
  });
  return [...document.errors.map((error) => error.message), ...repeated];
}
