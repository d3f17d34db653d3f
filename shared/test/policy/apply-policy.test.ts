import { strict as assert } from 'node:assert';
import { applyPolicy, evaluateGate } from '../../src/policy';
import { pathMatcher } from '../../src/files/glob';
import { DEFAULT_CONFIG } from '../../src/config';
import type { DevsecopsConfig, Suppression } from '../../src/config';
import type { Finding, GateThreshold, Severity } from '../../src/findings';

function finding(ruleId: string, path: string, severity: Severity, fingerprint = `fp-${ruleId}-${path}`): Finding {
  return {
    tool: 'bandit',
    category: 'sast',
    ruleId,
    message: `${ruleId} in ${path}`,
    severity,
    nativeSeverity: severity.toUpperCase(),
    location: { path, line: 1 },
    fingerprint,
  };
}

function config(overrides: Partial<DevsecopsConfig>): DevsecopsConfig {
  return { ...DEFAULT_CONFIG, ...overrides };
}

describe('applyPolicy', () => {
  describe('ignore globs', () => {
    const findings = [
      finding('B101', 'tests/test_app.py', 'low'),
      finding('B101', 'tests/unit/deep/test_x.py', 'low'),
      finding('B602', 'app/main.py', 'high'),
      finding('B602', 'vendor/lib/x.py', 'high'),
      finding('B105', 'static/app.min.js', 'low'),
      finding('B105', '.github/scripts/ci.py', 'low'),
    ];
    const keptPaths = (ignore: string[]): string[] =>
      applyPolicy(findings, config({ ignore })).reported.map((kept) => kept.location.path);

    it('drops findings under a `folder/**` glob at any depth', () => {
      assert.deepStrictEqual(keptPaths(['tests/**']), [
        'app/main.py',
        'vendor/lib/x.py',
        'static/app.min.js',
        '.github/scripts/ci.py',
      ]);
    });
    it('treats a bare folder name or `folder/` as the whole folder, as file discovery does', () => {
      assert.deepStrictEqual(keptPaths(['vendor', 'tests/']), [
        'app/main.py',
        'static/app.min.js',
        '.github/scripts/ci.py',
      ]);
    });
    it('matches extension globs and dot-folders', () => {
      assert.deepStrictEqual(keptPaths(['**/*.min.js', '.github/**']), [
        'tests/test_app.py',
        'tests/unit/deep/test_x.py',
        'app/main.py',
        'vendor/lib/x.py',
      ]);
    });
    it('with no globs, no path is ignored (false, the boolean its type promises)', () => {
      assert.deepStrictEqual(['app/main.py', 'tests', ''].map(pathMatcher([])), [false, false, false]);
    });
    it('ignored findings are neither reported nor suppressed', () => {
      const result = applyPolicy(findings, config({ ignore: ['**'] }));
      assert.deepStrictEqual(result, { reported: [], suppressed: [], expiredSuppressions: [] });
    });
  });

  describe('severity overrides', () => {
    it('replaces the severity by rule id and keeps the native severity', () => {
      const input = [finding('B101', 'a.py', 'low'), finding('B602', 'b.py', 'high')];
      const { reported } = applyPolicy(input, config({ severity: { B101: 'critical' } }));
      assert.deepStrictEqual(reported, [{ ...input[0], severity: 'critical', nativeSeverity: 'LOW' }, input[1]]);
    });
    it('is applied before the gate sees the findings', () => {
      const { reported } = applyPolicy([finding('B602', 'b.py', 'high')], config({ severity: { B602: 'low' } }));
      assert.equal(evaluateGate(reported, 'high').passed, true);
    });
    it('does not treat inherited object keys as rule ids', () => {
      const { reported } = applyPolicy([finding('constructor', 'a.py', 'low')], DEFAULT_CONFIG);
      assert.equal(reported[0]?.severity, 'low');
    });
  });

  describe('suppressions', () => {
    const target = finding('B101', 'tests/test_app.py', 'low', 'v1:target');
    const other = finding('B602', 'app/main.py', 'high', 'v1:other');
    const suppressedBy = (suppression: Suppression): string[] =>
      applyPolicy([target, other], config({ suppressions: [suppression] })).suppressed.map(
        (entry) => entry.finding.fingerprint,
      );

    it('matches by rule id', () => {
      assert.deepStrictEqual(suppressedBy({ rule: 'B101', reason: 'r' }), ['v1:target']);
    });
    it('`*` matches every rule', () => {
      assert.deepStrictEqual(suppressedBy({ rule: '*', reason: 'r' }), ['v1:target', 'v1:other']);
    });
    it('a path glob narrows it', () => {
      assert.deepStrictEqual(suppressedBy({ rule: '*', path: 'tests/**', reason: 'r' }), ['v1:target']);
      assert.deepStrictEqual(suppressedBy({ rule: 'B101', path: 'src/**', reason: 'r' }), []);
    });
    it('a fingerprint narrows it to one finding', () => {
      assert.deepStrictEqual(suppressedBy({ rule: '*', fingerprint: 'v1:other', reason: 'r' }), ['v1:other']);
      assert.deepStrictEqual(suppressedBy({ rule: 'B101', fingerprint: 'v1:other', reason: 'r' }), []);
    });
    it('reports which suppression silenced a finding (the first that matches)', () => {
      const first: Suppression = { rule: 'B101', reason: 'first' };
      const second: Suppression = { rule: '*', reason: 'second' };
      const result = applyPolicy([target], config({ suppressions: [first, second] }));
      assert.deepStrictEqual(result, {
        reported: [],
        suppressed: [{ finding: target, suppression: first }],
        expiredSuppressions: [],
      });
    });
  });

  describe('suppression expiry (UTC calendar days)', () => {
    const target = finding('B101', 'a.py', 'low');
    const suppression: Suppression = { rule: 'B101', reason: 'until the fix ships', expires: '2026-03-31' };
    const unrelatedExpired: Suppression = { rule: 'B999', reason: 'old', expires: '2020-01-01' };
    const at = (iso: string) =>
      applyPolicy([target], config({ suppressions: [suppression, unrelatedExpired] }), { now: new Date(iso) });

    it('still applies during the whole expiry day', () => {
      const result = at('2026-03-31T23:59:59.999Z');
      assert.deepStrictEqual(result.suppressed, [{ finding: target, suppression }]);
      assert.deepStrictEqual(result.expiredSuppressions, [unrelatedExpired]);
    });
    it('stops applying the day after, and is reported as expired', () => {
      const result = at('2026-04-01T00:00:00.000Z');
      assert.deepStrictEqual(result, {
        reported: [target],
        suppressed: [],
        expiredSuppressions: [suppression, unrelatedExpired],
      });
    });
    it('a suppression without expiry never expires', () => {
      const forever: Suppression = { rule: 'B101', reason: 'accepted risk' };
      const result = applyPolicy([target], config({ suppressions: [forever] }), {
        now: new Date('2999-12-31T00:00:00Z'),
      });
      assert.deepStrictEqual(result.suppressed, [{ finding: target, suppression: forever }]);
    });
  });
});

describe('evaluateGate', () => {
  const bySeverity: Finding[] = (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) =>
    finding(`R-${severity}`, 'a.py', severity),
  );
  const failingSeverities = (failOn: GateThreshold): string[] =>
    evaluateGate(bySeverity, failOn).failing.map((failing) => failing.severity);

  it('fails on findings at or above the threshold', () => {
    assert.deepStrictEqual(failingSeverities('critical'), ['critical']);
    assert.deepStrictEqual(failingSeverities('high'), ['critical', 'high']);
    assert.deepStrictEqual(failingSeverities('medium'), ['critical', 'high', 'medium']);
    assert.deepStrictEqual(failingSeverities('low'), ['critical', 'high', 'medium', 'low']);
    assert.deepStrictEqual(failingSeverities('info'), ['critical', 'high', 'medium', 'low', 'info']);
  });
  it('`none` never fails', () => {
    assert.deepStrictEqual(evaluateGate(bySeverity, 'none'), { passed: true, failing: [] });
  });
  it('passes with no findings, fails with one at the threshold', () => {
    assert.deepStrictEqual(evaluateGate([], 'info'), { passed: true, failing: [] });
    const high = bySeverity.slice(1, 2);
    assert.deepStrictEqual(evaluateGate(high, 'high'), { passed: false, failing: high });
  });
});
