/**
 * The built-in, hadolint-compatible Dockerfile engine.
 *
 * Findings carry tool `devsecops-dockerfile` and hadolint's own rule codes as
 * `ruleId` (`DL3007`), so a team sees the same codes whether the real hadolint
 * or this engine ran, and `.hadolint.yaml` / `# hadolint ignore=` work for both.
 * Checks hadolint does not have use the `DS` prefix (DS001…), which hadolint
 * never uses.
 */
export { createBuiltinDockerfileScanner } from './scanner';
export { builtinDockerfileRules } from './rule-catalog';
export { lintDockerfile, type DockerfileLintOptions } from './engine';
export {
  applyHadolintEnvironment,
  DEFAULT_HADOLINT_CONFIG,
  loadHadolintConfig,
  parseHadolintConfig,
  type HadolintConfig,
  type HadolintSeverity,
  type LabelType,
} from './hadolint-config';
export { BUILTIN_DOCKERFILE_TOOL } from './severity-mapping';
