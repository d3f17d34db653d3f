import { deepStrictEqual } from 'node:assert/strict';
import { analyzeDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import type { HadolintConfig } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import { DEFAULT_HADOLINT_CONFIG } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import type { DockerfileRule } from '../../../src/scanners/builtin-dockerfile/rule';

/**
 * Tables for testing one Dockerfile rule at a time. Each case runs the engine
 * with that rule alone (no other rule, no ShellCheck), so a table stays fast
 * however long it is. Expected answers are written by hand, from hadolint's
 * rule sources or Docker's documented syntax, never by running this engine.
 *
 * A table is text, a case a row: the lines where the rule fires (`2`, `4,5`,
 * or `-` when it stays silent), then the Dockerfile's lines, all separated by
 * ` | `. Blank rows, and rows starting with `#` (notes), are skipped.
 */

interface Row {
  readonly text: string;
  readonly fields: readonly string[];
}

function rowsOf(table: string): Row[] {
  return table
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text !== '' && !text.startsWith('#'))
    .map((text) => ({ text, fields: text.split(' | ') }));
}

function analyze(rule: DockerfileRule, lines: readonly string[], config: Partial<HadolintConfig>) {
  return analyzeDockerfile(`${lines.join('\n')}\n`, { ...DEFAULT_HADOLINT_CONFIG, ...config }, [rule]);
}

/** One test per row: the lines where `rule` fires on the row's Dockerfile. */
export function ruleTable(rule: DockerfileRule, table: string, config: Partial<HadolintConfig> = {}): void {
  const title = Object.keys(config).length === 0 ? rule.code : `${rule.code} with ${JSON.stringify(config)}`;
  describe(title, () => {
    for (const { text, fields } of rowsOf(table)) {
      const [expected = '', ...lines] = fields;
      it(text, () => {
        deepStrictEqual(
          analyze(rule, lines, config).map((result) => result.location.line),
          expected === '-' ? [] : expected.split(',').map(Number),
        );
      });
    }
  });
}

/**
 * One test per pair of rows: a Dockerfile (its lines separated by ` | `), then
 * the one report the rule named first on the next row gives on it, whole:
 * `CODE severity line N cwe A,B|- helpUri message`.
 */
export function wholeReports(
  rules: Readonly<Record<string, unknown>>,
  table: string,
  config: Partial<HadolintConfig> = {},
): void {
  const rows = rowsOf(table);
  describe('what each rule reports', () => {
    for (let at = 0; at + 1 < rows.length; at += 2) {
      const lines = rows[at]?.fields ?? [];
      const expected = rows[at + 1]?.text ?? '';
      const code = expected.split(' ', 1)[0] ?? '';
      it(`${code}: ${rows[at]?.text ?? ''}`, () => {
        const rule = rules[code] as DockerfileRule;
        const rendered = analyze(rule, lines, config).map(
          (result) =>
            `${result.code} ${result.severity} line ${result.location.line} cwe ${result.cwe?.join(',') ?? '-'} ` +
            `${result.helpUri} ${result.message}`,
        );
        deepStrictEqual(rendered, [expected]);
      });
    }
  });
}
