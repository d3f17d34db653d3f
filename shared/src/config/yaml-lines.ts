import { isMap, isNode, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node, Pair } from 'yaml';
import { FILE_START, spanOfOffsets } from './text-span';
import type { TextSpan } from './text-span';

/** A step into a parsed document: a mapping's key or a list's index. */
export type YamlPathSegment = string | number;

/**
 * The 1-based line (and the span on it) of a value or a key of a parsed YAML document, found by its path from the root.
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
    return this.valueSpan(path).line;
  }

  /** The line of the key that ends `path` (a mapping's key), else as valueLine. */
  keyLine(path: readonly YamlPathSegment[]): number {
    return this.keySpan(path).line;
  }

  /** Where the value at `path` is written (a block value: its first line), found as valueLine finds its line. */
  valueSpan(path: readonly YamlPathSegment[]): TextSpan {
    return this.spanOf(this.walk(path).value);
  }

  /** Where the key that ends `path` is written, found as keyLine finds its line. */
  keySpan(path: readonly YamlPathSegment[]): TextSpan {
    return this.spanOf(this.walk(path).key);
  }

  /** The nodes that stand for the value and the key at `path`: the nearest that exist and have a place. */
  private walk(path: readonly YamlPathSegment[]): { value: Node | undefined; key: Node | undefined } {
    let node: unknown = this.contents;
    let value = placed(node);
    let key = value;
    for (const segment of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(segment));
        if (pair === undefined) return { value, key: value };
        key = placed(pair.key) ?? value;
        value = key;
        next = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
        key = placed(next) ?? value;
      } else {
        return { value, key: value };
      }
      value = placed(next) ?? value;
      node = next;
    }
    return { value, key };
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

  private spanOf(node: Node | undefined): TextSpan {
    const range = node?.range;
    return range ? spanOfOffsets(this.lineCounter, range[0], range[1]) : FILE_START;
  }
}

/** The node, when it is one with a place in the text (a value the library made up has none). */
function placed(node: unknown): Node | undefined {
  return isNode(node) && node.range ? node : undefined;
}
