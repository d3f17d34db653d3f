import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { compareCodePoints } from '../../../src/scanners/bandit/bandit-document';
import { MIN_BYTES_PER_SHARD, planShards, shardCount } from '../../../src/scanners/bandit/bandit-shards';
import type { SizedFile } from '../../../src/scanners/bandit/bandit-shards';

const sized = (entries: Record<string, number>): SizedFile[] =>
  Object.entries(entries).map(([path, bytes]) => ({ path, bytes }));

const bytesOf = (shard: readonly string[], files: readonly SizedFile[]): number =>
  shard.reduce((sum, path) => sum + (files.find((file) => file.path === path)?.bytes ?? 0), 0);

describe('Bandit shards', () => {
  it('balances the bytes: the largest files first, each to the lightest shard', () => {
    const files = sized({ '/r/a.py': 50, '/r/b.py': 40, '/r/c.py': 30, '/r/d.py': 20, '/r/e.py': 10 });
    // 50 → 0; 40 → 1; 30 → 1 (40 < 50); 20 → 0 (50 < 70); 10 → 0 (70 = 70: a tie goes to the lower shard).
    deepStrictEqual(planShards(files, 2), [
      ['/r/a.py', '/r/d.py', '/r/e.py'],
      ['/r/b.py', '/r/c.py'],
    ]);
  });

  it('lists each shard in Bandit order (by code point) and drops empty shards', () => {
    const files = sized({ '/r/é.py': 5, '/r/z.py': 5, '/r/\u{1F600}.py': 5, '/r/\uFF5E.py': 5 });
    const shards = planShards(files, 8);
    strictEqual(shards.length, 4);
    const together = planShards(files, 1);
    // Python sorts by code point: U+FF5E before U+1F600, although JavaScript's < says the opposite.
    deepStrictEqual(together, [['/r/z.py', '/r/é.py', '/r/\uFF5E.py', '/r/\u{1F600}.py']]);
  });

  it('puts every file in exactly one shard, sorted, within one largest file of the ideal balance (any input)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path: fc.string({ minLength: 1, maxLength: 6 }), bytes: fc.nat(100_000) }), {
          selector: (file) => file.path,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 8 }),
        (files, count) => {
          const shards = planShards(files, count);
          deepStrictEqual(
            shards.flat().sort(compareCodePoints),
            files.map((file) => file.path).sort(compareCodePoints),
          );
          ok(shards.length <= count);
          for (const shard of shards) deepStrictEqual(shard, [...shard].sort(compareCodePoints));
          if (shards.length === count && files.length > 0) {
            const loads = shards.map((shard) => bytesOf(shard, files));
            const largest = Math.max(...files.map((file) => file.bytes));
            ok(Math.max(...loads) - Math.min(...loads) <= largest, `loads ${loads.join(', ')}`);
          }
          deepStrictEqual(planShards([...files].reverse(), count), shards, 'deterministic whatever the input order');
        },
      ),
    );
  });

  it('uses one shard per core, but never more than the files, or than their bytes keep busy', () => {
    const many = Array.from({ length: 10 }, (_, index) => ({ path: `/r/${String(index)}.py`, bytes: 64 * 1024 }));
    strictEqual(shardCount(many, 2), 2);
    strictEqual(shardCount(many, 4), 4);
    strictEqual(shardCount(many.slice(0, 3), 8), 3);
    strictEqual(shardCount(sized({ '/r/a.py': 100, '/r/b.py': 200 }), 2), 1);
    strictEqual(shardCount(sized({ '/r/a.py': MIN_BYTES_PER_SHARD, '/r/b.py': 1 }), 2), 2);
    strictEqual(shardCount([], 2), 1);
  });
});
