import type { Severity } from '../findings/severity';

/**
 * One rule a scanner can report, as listed by `devsecops rules --format json`
 * and written into SARIF `tool.driver.rules`.
 */
export interface RuleDescriptor {
  /** The rule id as it appears on findings (`DL3007`, `DS001`, `B602`). */
  readonly id: string;
  /** The tool name findings of this rule carry (`devsecops-dockerfile`, `bandit`…). */
  readonly tool: string;
  /** Default normalised severity, before `.devsecops.yml` overrides. */
  readonly severity: Severity;
  /** Why the rule has that severity: what it guards against, in one sentence. */
  readonly severityReason?: string;
  /** One sentence saying what the rule checks, in our own words. */
  readonly description: string;
  /** Where to read more about the rule. */
  readonly helpUri: string;
  /** For a rule that mirrors hadolint's: how and why it knowingly behaves differently, when it does. */
  readonly differsFromHadolint?: string;
}
