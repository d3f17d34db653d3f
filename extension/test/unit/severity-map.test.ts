import assert from 'node:assert/strict';
import { DEFAULT_SEVERITY_MAP_SETTINGS, diagnosticLevelOf } from '../../src/model/severity-map';

describe('diagnosticLevelOf', () => {
  const finding = { tool: 'bandit', ruleId: 'B101', severity: 'low' } as const;

  it('maps severities to diagnostic levels by default', () => {
    const levels = (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) =>
      diagnosticLevelOf({ ...finding, severity }, DEFAULT_SEVERITY_MAP_SETTINGS),
    );
    assert.deepEqual(levels, ['error', 'error', 'warning', 'information', 'hint']);
  });

  it('lets the global map, then the tool map, then the rule override win', () => {
    const global = { ...DEFAULT_SEVERITY_MAP_SETTINGS, severity: { low: 'warning' as const } };
    assert.equal(diagnosticLevelOf(finding, global), 'warning');
    const perTool = { ...global, toolSeverity: { bandit: { low: 'hint' as const } } };
    assert.equal(diagnosticLevelOf(finding, perTool), 'hint');
    assert.equal(diagnosticLevelOf({ ...finding, tool: 'hadolint' }, perTool), 'warning');
    const perRule = { ...perTool, ruleSeverity: { B101: 'off' as const } };
    assert.equal(diagnosticLevelOf(finding, perRule), 'off');
  });
});
