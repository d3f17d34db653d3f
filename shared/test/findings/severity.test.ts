import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { isSeverity, meetsThreshold, parseSeverity, SEVERITIES, severityRank } from '../../src/findings/severity';

describe('severities', () => {
  it('rank critical 4 down to info 0', () => {
    deepStrictEqual(SEVERITIES.map(severityRank), [4, 3, 2, 1, 0]);
  });

  it('meet a threshold at or below them, and never the threshold none', () => {
    deepStrictEqual(
      SEVERITIES.map((severity) => meetsThreshold(severity, 'medium')),
      [true, true, true, false, false],
    );
    deepStrictEqual(
      SEVERITIES.map((severity) => meetsThreshold(severity, 'none')),
      [false, false, false, false, false],
    );
    strictEqual(meetsThreshold('info', 'info'), true);
  });

  it('are recognised only as the five lower-case names', () => {
    deepStrictEqual(['critical', 'info', 'High', '', 'none', 'severe', 3, undefined, null, ['high']].map(isSeverity), [
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('parse from user text ignoring case and surrounding spacing', () => {
    deepStrictEqual([' High ', 'CRITICAL', 'low\n', 'none', 'medium-ish', ''].map(parseSeverity), [
      'high',
      'critical',
      'low',
      undefined,
      undefined,
      undefined,
    ]);
  });
});
