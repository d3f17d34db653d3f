import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';
import { listBuiltinRules } from '../../scan/builtin-rules';
import type { RuleDescriptor } from '../../scanners/rule-descriptor';

const RULES_FORMATS = ['console', 'json'] as const;

/**
 * `--format json`: the rules as a JSON array of `{id, tool, severity,
 * description, helpUri, differsFromHadolint}`; the last is null unless the
 * rule knowingly behaves differently from hadolint's rule of the same code.
 */
export function renderRulesJson(rules: readonly RuleDescriptor[]): string {
  const plain = rules.map(({ id, tool, severity, description, helpUri, differsFromHadolint }) => ({
    id,
    tool,
    severity,
    description,
    helpUri,
    differsFromHadolint: differsFromHadolint ?? null,
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}

/** `--format console`: one aligned line per rule, then where to read more. */
export function renderRulesConsole(rules: readonly RuleDescriptor[]): string {
  if (rules.length === 0) return 'No built-in rules in this build.\n';
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const toolWidth = Math.max(...rules.map((rule) => rule.tool.length));
  const lines = rules.map((rule) => {
    const line = `${rule.id.padEnd(idWidth)}  ${rule.tool.padEnd(toolWidth)}  ${rule.severity.padEnd('critical'.length)}  ${rule.description}`;
    if (rule.differsFromHadolint === undefined) return line;
    return `${line}\n${' '.repeat(idWidth + 2)}Differs from hadolint: ${rule.differsFromHadolint}`;
  });
  return `${lines.join('\n')}\n\n${rules.length} rules. Details: devsecops rules --format json (each rule has a helpUri).\n`;
}

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description("List the built-in engines' rules (id, tool, default severity, description, help link).")
    .option('--format <format>', `output format: ${RULES_FORMATS.join('|')}`, 'console')
    .action((options: { format: string }) => {
      const format = options.format.trim().toLowerCase();
      const rules = listBuiltinRules();
      if (format === 'json') process.stdout.write(renderRulesJson(rules));
      else if (format === 'console') process.stdout.write(renderRulesConsole(rules));
      else throw new DevsecopsError('USAGE', `--format ${options.format} is not supported here; use console or json.`);
    });
}
