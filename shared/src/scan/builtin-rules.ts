import type { RuleDescriptor } from '../scanners/rule-descriptor';
import { builtinDockerfileEngine } from './builtin-engines';
import { compareText } from '../findings/finding-order';

/**
 * Every rule of the built-in engines, sorted by tool then id, for
 * `devsecops rules`. The real tools' rules (Bandit's, hadolint's) are theirs
 * to document and are not listed; nor are the built-in SCA engine's, whose
 * "rules" are the advisories of its database.
 */
export function listBuiltinRules(): RuleDescriptor[] {
  const rules: RuleDescriptor[] = [...builtinDockerfileEngine().builtinDockerfileRules()];
  return rules.sort((a, b) => compareText(a.tool, b.tool) || compareText(a.id, b.id));
}
