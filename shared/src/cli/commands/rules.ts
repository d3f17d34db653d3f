import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';
import { listBuiltinRules } from '../../scan/builtin-rules';
import type { RuleDescriptor } from '../../scanners/rule-descriptor';

const RULES_FORMATS = ['console', 'json'] as const;

/** How severities are chosen and changed, said under the console list. */
const SEVERITY_NOTE =
  'Severities say what each rule guards against (the reason under it), not how sure the linter is. ' +
  "A rule moved to another level in .hadolint.yaml (override:) gets that level's severity " +
  '(error high, warning medium, info low, style info), as does a rule this list does not know. ' +
  'To change one: severity: { DL3007: high } in .devsecops.yml.';

/**
 * `--format json`: the rules as a JSON array of `{id, tool, severity,
 * severityReason, description, helpUri, differsFromHadolint}`; `severityReason`
 * (why the rule has that severity) is null for a rule without one, and
 * `differsFromHadolint` is null unless the rule knowingly behaves differently
 * from hadolint's rule of the same code.
 */
export function renderRulesJson(rules: readonly RuleDescriptor[]): string {
  const plain = rules.map(({ id, tool, severity, severityReason, description, helpUri, differsFromHadolint }) => ({
    id,
    tool,
    severity,
    severityReason: severityReason ?? null,
    description,
    helpUri,
    differsFromHadolint: differsFromHadolint ?? null,
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}

/** `--format console`: one aligned line per rule with its severity's reason below, then where to read more. */
export function renderRulesConsole(rules: readonly RuleDescriptor[]): string {
  if (rules.length === 0) return 'No built-in rules in this build.\n';
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const toolWidth = Math.max(...rules.map((rule) => rule.tool.length));
  const indent = ' '.repeat(idWidth + 2);
  const lines = rules.map((rule) => {
    const line = `${rule.id.padEnd(idWidth)}  ${rule.tool.padEnd(toolWidth)}  ${rule.severity.padEnd('critical'.length)}  ${rule.description}`;
    const reason = rule.severityReason === undefined ? '' : `\n${indent}Why ${rule.severity}: ${rule.severityReason}`;
    const differs =
      rule.differsFromHadolint === undefined ? '' : `\n${indent}Differs from hadolint: ${rule.differsFromHadolint}`;
    return `${line}${reason}${differs}`;
  });
  return `${lines.join('\n')}\n\n${rules.length} rules. ${SEVERITY_NOTE}\nDetails: devsecops rules --format json (each rule has a helpUri).\n`;
}

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description("List the built-in engines' rules (id, tool, default severity and why, description, help link).")
    .option('--format <format>', `output format: ${RULES_FORMATS.join('|')}`, 'console')
    .action((options: { format: string }) => {
      const format = options.format.trim().toLowerCase();
      const rules = listBuiltinRules();
      if (format === 'json') process.stdout.write(renderRulesJson(rules));
      else if (format === 'console') process.stdout.write(renderRulesConsole(rules));
      else throw new DevsecopsError('USAGE', `--format ${options.format} is not supported here; use console or json.`);
    });
}
