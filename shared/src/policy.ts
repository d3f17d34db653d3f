// @devsecops/shared/policy: Policy over findings: suppressions and severity overrides, the gate, the baseline and completeness.
export { applyPolicy } from './policy/apply-policy';
export { evaluateGate } from './policy/gate';
export { compareWithBaseline } from './policy/baseline';
export type { ToolWithoutBaseline } from './policy/baseline';
export type { GateStatus } from './policy/completeness';
