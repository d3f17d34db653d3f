import type { Severity } from '../../findings/severity';
import type { HadolintSeverity } from './hadolint-names';
import { ownEntry } from '../json-output';
import { RULE_SEVERITIES, SHELLCHECK_SEVERITY_BY_LEVEL, SHELLCHECK_SEVERITY_REASON } from './rule-severities';

// Apart from the built-in engine: the SARIF import (in the PR bot too, which carries no engine) reads
// hadolint's results through the same table.

/**
 * hadolint's levels onto ours, for rules the severity table does not know and
 * findings a project moved to another level: `error` is what hadolint means
 * must be fixed (high), `warning` a real risk (medium), `info` advice (low),
 * `style` cosmetic (info). `ignore` never reaches a report, but maps to info if it does.
 */
const SEVERITY_BY_LEVEL: Readonly<Record<HadolintSeverity, Severity>> = {
  error: 'high',
  warning: 'medium',
  info: 'low',
  style: 'info',
  ignore: 'info',
};

const isShellcheckCode = (code: string): boolean => /^SC\d+$/.test(code);

/**
 * The severity of a Dockerfile finding of rule `code` reported at hadolint
 * level `level`, the same for the built-in engine and the real hadolint: the
 * rule's security severity (RULE_SEVERITIES) when the finding is at the rule's
 * default level, ShellCheck's scale for SC codes, else the level mapped as above.
 */
export function dockerfileFindingSeverity(code: string, level: HadolintSeverity): Severity {
  if (isShellcheckCode(code)) return SHELLCHECK_SEVERITY_BY_LEVEL[level];
  const rule = ownEntry(RULE_SEVERITIES, code);
  return rule !== undefined && rule.level === level ? rule.severity : SEVERITY_BY_LEVEL[level];
}

/** Why a rule's findings get the severity they get at its default level (for `devsecops rules`). */
export function dockerfileSeverityReason(code: string): string | undefined {
  if (isShellcheckCode(code)) return SHELLCHECK_SEVERITY_REASON;
  return ownEntry(RULE_SEVERITIES, code)?.reason;
}
