// @devsecops/shared/config: `.devsecops.yml` and the user's execution settings: reading, defaults, suppressions and what a repository may not set.
export { DEFAULT_CONFIG, DEFAULT_MAX_DATABASE_AGE_DAYS, GATE_SCOPES, MAX_TOOL_TIMEOUT_SECONDS } from './config/config';
export type { GateScope, DevsecopsConfig, ExecutionKey, Suppression, ToolEnablement } from './config/config';
export { CONFIG_FILE_NAMES, loadConfig } from './config/load-config';
export { parseConfig } from './config/parse-config';
export { policyBufferProblems, policyFileProblems, policyProblems } from './config/policy-problems';
export type { PolicyFileProblems, PolicyProblem, PolicyProblemOptions } from './config/policy-problems';
export type { TextFix, TextSpan } from './config/text-span';
export { addSuppression } from './config/add-suppression';
export { EXECUTION_KEY_NAMES, NO_EXECUTION_SETTINGS } from './config/execution-settings';
export type { ExecutionSettings, ToolExecution } from './config/execution-settings';
export { executionToEnvironment } from './config/execution-from-env';
export { resolveExecution } from './config/trust';
export type { TrustWarning, WhereToSet } from './config/trust';
