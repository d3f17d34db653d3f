import { deepStrictEqual } from 'node:assert/strict';
import { analyzeDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import type { HadolintConfig } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import { DEFAULT_HADOLINT_CONFIG } from '../../../src/scanners/builtin-dockerfile/hadolint-config';

/** One finding of one rule, as a reader of the report sees it. */
export interface RuleReport {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly helpUri: string;
  readonly cwe: readonly number[] | undefined;
  /** 1-based. */
  readonly line: number;
}

/** A Dockerfile, given as its lines, and the lines where `rule` must fire (`[]`: it stays silent). */
export interface RuleCase {
  readonly rule: string;
  readonly lines: readonly string[];
  readonly reported: readonly number[];
  readonly config?: Partial<HadolintConfig>;
}

/** Every finding of `rule` on the Dockerfile of `lines`, in report order. */
export function reportsOf(rule: string, lines: readonly string[], config: Partial<HadolintConfig> = {}): RuleReport[] {
  return analyzeDockerfile(`${lines.join('\n')}\n`, { ...DEFAULT_HADOLINT_CONFIG, ...config })
    .filter((result) => result.code === rule)
    .map(({ code, severity, message, helpUri, cwe, location }) => ({
      code,
      severity,
      message,
      helpUri,
      cwe,
      line: location.line,
    }));
}

/** One test per case: the lines where the rule fires. */
export function ruleTable(title: string, cases: readonly RuleCase[]): void {
  describe(title, () => {
    for (const { rule, lines, reported, config } of cases) {
      const expected = reported.length === 0 ? 'stays silent' : `fires at ${reported.join(', ')}`;
      it(`${rule} ${expected}: ${JSON.stringify(lines)}${config === undefined ? '' : ` ${JSON.stringify(config)}`}`, () => {
        deepStrictEqual(
          reportsOf(rule, lines, config).map((report) => report.line),
          reported,
        );
      });
    }
  });
}

/** Dockerfile lines, each a file of its own: those where the rule fires (at line 1) and those it passes. */
export interface LineCases {
  readonly fires: readonly string[];
  readonly passes: readonly string[];
}

/**
 * `ruleTable` over one-line Dockerfiles: `line` turns each entry into the line (by default the entry itself), and
 * `config` is the hadolint configuration of every case.
 */
export function lineTable(
  title: string,
  rule: string,
  cases: LineCases,
  options: { readonly line?: (entry: string) => string; readonly config?: Partial<HadolintConfig> } = {},
): void {
  const { line = (entry: string) => entry, config } = options;
  const of = (entry: string, reported: readonly number[]): RuleCase => ({
    rule,
    lines: [line(entry)],
    reported,
    ...(config === undefined ? {} : { config }),
  });
  ruleTable(title, [...cases.fires.map((entry) => of(entry, [1])), ...cases.passes.map((entry) => of(entry, []))]);
}

/** One test per case: the whole findings (code, severity, message, link, CWE, line) of a rule. */
export function reportTable(
  title: string,
  cases: readonly {
    readonly lines: readonly string[];
    readonly config?: Partial<HadolintConfig>;
    readonly reports: readonly RuleReport[];
  }[],
): void {
  describe(title, () => {
    for (const { lines, config, reports } of cases) {
      const rule = reports[0]?.code ?? '';
      it(`${rule}: ${JSON.stringify(lines)}`, () => {
        deepStrictEqual(reportsOf(rule, lines, config), reports);
      });
    }
  });
}
