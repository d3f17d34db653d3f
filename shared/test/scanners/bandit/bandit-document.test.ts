import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { compareCodePoints, mergeBanditParts, splitBanditDocument } from '../../../src/scanners/bandit/bandit-document';
import type { JsonObject } from '../../../src/scanners/bandit/bandit-document';

const metrics = (loc: number, low: number, high: number): JsonObject => ({
  'CONFIDENCE.HIGH': low + high,
  'SEVERITY.HIGH': high,
  'SEVERITY.LOW': low,
  loc,
  nosec: 0,
});

const result = (filename: string, line: number, testId: string): JsonObject => ({
  filename,
  line_number: line,
  test_id: testId,
  issue_severity: testId === 'B602' ? 'HIGH' : 'LOW',
  issue_confidence: 'HIGH',
  issue_text: `${testId} text`,
});

/** What one Bandit run over /r/a.py, /r/b/c.py and /r/bad.py prints (1.6.2's shapes). */
const ONE_RUN = {
  errors: [{ filename: '/r/bad.py', reason: 'syntax error while parsing AST from file' }],
  generated_at: '2026-12-02T06:58:43Z',
  metrics: {
    '/r/a.py': metrics(10, 1, 1),
    '/r/b/c.py': metrics(5, 2, 0),
    '/r/bad.py': { loc: 1, nosec: 0 },
    _totals: { 'CONFIDENCE.HIGH': 4, 'SEVERITY.HIGH': 1, 'SEVERITY.LOW': 3, loc: 16, nosec: 0 },
  },
  results: [
    result('/r/a.py', 9, 'B602'),
    result('/r/a.py', 2, 'B404'),
    result('/r/b/c.py', 1, 'B403'),
    result('/r/b/c.py', 3, 'B101'),
  ],
};

/** The merge rebuilds everything but the date. */
const WITHOUT_DATE = { errors: ONE_RUN.errors, metrics: ONE_RUN.metrics, results: ONE_RUN.results };

describe('Bandit report parts', () => {
  it('splits a report by file and merges it back into the same report', () => {
    const parts = splitBanditDocument(ONE_RUN);
    deepStrictEqual([...parts.keys()], ['/r/a.py', '/r/b/c.py', '/r/bad.py']);
    deepStrictEqual(parts.get('/r/bad.py'), {
      results: [],
      errors: [{ filename: '/r/bad.py', reason: 'syntax error while parsing AST from file' }],
      metrics: { loc: 1, nosec: 0 },
    });
    deepStrictEqual(mergeBanditParts(parts), WITHOUT_DATE);
  });

  it('merges the parts of two runs (shards) in any order into what one run prints', () => {
    const shardA = {
      errors: [],
      metrics: { '/r/b/c.py': metrics(5, 2, 0), _totals: metrics(5, 2, 0) },
      results: [result('/r/b/c.py', 1, 'B403'), result('/r/b/c.py', 3, 'B101')],
    };
    const shardB = {
      errors: [{ filename: '/r/bad.py', reason: 'syntax error while parsing AST from file' }],
      metrics: { '/r/a.py': metrics(10, 1, 1), '/r/bad.py': { loc: 1, nosec: 0 }, _totals: {} },
      results: [result('/r/a.py', 9, 'B602'), result('/r/a.py', 2, 'B404')],
    };
    for (const order of [
      [shardA, shardB],
      [shardB, shardA],
    ]) {
      const parts = order.flatMap((shard) => [...splitBanditDocument(shard)]);
      const merged = mergeBanditParts(parts);
      deepStrictEqual(merged, WITHOUT_DATE);
      // Key order too, as Bandit prints it: the files in sorted order, then _totals.
      deepStrictEqual(Object.keys(merged.metrics), ['/r/a.py', '/r/b/c.py', '/r/bad.py', '_totals']);
    }
  });

  it('keeps an error without a file name (after the files) and skips what is not an object', () => {
    const parts = splitBanditDocument({
      results: [result('/r/a.py', 1, 'B101'), 'junk', null],
      errors: [{ reason: 'no file' }, 7],
      metrics: { '/r/a.py': metrics(1, 1, 0), '/r/x.py': 'junk' },
    });
    const merged = mergeBanditParts(parts);
    deepStrictEqual(merged.errors, [{ reason: 'no file' }]);
    strictEqual(merged.results.length, 1);
    deepStrictEqual(Object.keys(merged.metrics), ['/r/a.py', '_totals']);
  });

  it('merges nothing into an empty report without metrics', () => {
    deepStrictEqual(mergeBanditParts([]), { results: [], errors: [], metrics: {} });
  });

  describe('compareCodePoints (Python’s order of file names)', () => {
    /** Python's order of well-formed text is UTF-8 byte order. */
    const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

    it('orders characters beyond U+FFFF after U+E000–U+FFFF, where UTF-16 order says the opposite', () => {
      const names = ['a\u{1F600}.py', 'a\uFFFD.py', 'a\uE000.py', 'a.py', 'a\u00e9.py', 'a\u{10000}x.py', 'a\u{1F600}'];
      deepStrictEqual([...names].sort(compareCodePoints), [
        'a.py',
        'a\u00e9.py',
        'a\uE000.py',
        'a\uFFFD.py',
        'a\u{10000}x.py',
        'a\u{1F600}',
        'a\u{1F600}.py',
      ]);
    });

    it('agrees with UTF-8 byte order on every pair of a varied set of well-formed names', () => {
      const pieces = [
        '',
        'a',
        'z',
        '/',
        '.',
        '\u00e9',
        '\u07ff',
        '\u0800',
        '\ud7ff',
        '\ue000',
        '\uffff',
        '\u{10000}',
        '\u{1F600}',
        '\u{10FFFF}',
      ];
      const names = pieces.flatMap((first) => pieces.map((second) => `${first}${second}`));
      for (const a of names) {
        for (const b of names) strictEqual(Math.sign(compareCodePoints(a, b)), Math.sign(byUtf8(a, b)), `${a} ~ ${b}`);
      }
    });

    it('orders a lone surrogate (a name Python decoded with surrogateescape) by its code point', () => {
      ok(compareCodePoints('\udcff', '\ue000') < 0);
      ok(compareCodePoints('x\ud83d', 'x\u{1F600}') < 0, 'a prefix first');
      ok(compareCodePoints('x\ud83dA', 'x\u{1F600}') < 0, 'U+D83D before U+1F600');
    });
  });
});
