import { isMap, isNode, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node, Pair } from 'yaml';

/** A step into a parsed document: a mapping's key or a list's index. */
export type YamlPathSegment = string | number;

/**
 * The 1-based line of a value or a key of a parsed YAML document, found by its path from the root.
 * Each mapping's keys are indexed once, so looking up every key of a mapping with n keys costs n, not n²
 * (a hostile file can hold thousands of unknown keys, each of which is reported at its line).
 */
export class YamlLines {
  private readonly pairsByMap = new WeakMap<object, ReadonlyMap<string, Pair>>();

  constructor(
    private readonly contents: unknown,
    private readonly lineCounter: LineCounter,
  ) {}

  /** The line of the value at `path`, else of its key, else of the nearest enclosing value that exists. */
  valueLine(path: readonly YamlPathSegment[]): number {
    return this.walk(path).valueLine;
  }

  /** The line of the key that ends `path` (a mapping's key), else as valueLine. */
  keyLine(path: readonly YamlPathSegment[]): number {
    return this.walk(path).keyLine;
  }

  private walk(path: readonly YamlPathSegment[]): { valueLine: number; keyLine: number } {
    let node: unknown = this.contents;
    let line = this.lineOf(node) ?? 1;
    let keyLine = line;
    for (const segment of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(segment));
        if (pair === undefined) return { valueLine: line, keyLine: line };
        keyLine = this.lineOf(pair.key) ?? line;
        line = keyLine;
        next = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
        keyLine = this.lineOf(next) ?? line;
      } else {
        return { valueLine: line, keyLine: line };
      }
      line = this.lineOf(next) ?? line;
      node = next;
    }
    return { valueLine: line, keyLine };
  }

  private pairs(map: { items: Pair[] }): ReadonlyMap<string, Pair> {
    let index = this.pairsByMap.get(map);
    if (index === undefined) {
      const built = new Map<string, Pair>();
      for (const pair of map.items) {
        // The first of repeated keys: the repetition itself is reported before any schema runs.
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name !== undefined && !built.has(name)) built.set(name, pair);
      }
      index = built;
      this.pairsByMap.set(map, index);
    }
    return index;
  }

  private lineOf(node: unknown): number | undefined {
    const range = isNode(node) ? (node as Node).range : undefined;
    return range ? this.lineCounter.linePos(range[0]).line : undefined;
  }
}
