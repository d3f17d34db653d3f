import { deepStrictEqual } from 'node:assert/strict';
import { analyzeDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import { DEFAULT_HADOLINT_CONFIG } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import type { HadolintConfig } from '../../../src/scanners/builtin-dockerfile/hadolint-config';

/**
 * Tables of Dockerfiles and the lines one rule reports in each, for the tests
 * of the built-in Dockerfile rules. The expectations are written by hand, from
 * hadolint's rule sources or Docker's documented syntax, never by running this
 * engine: `lines` are the lines the rule reports, `[]` when it stays silent.
 */
export interface FormCase {
  readonly rule: string;
  readonly dockerfile: string;
  readonly lines: readonly number[];
  readonly config?: Partial<HadolintConfig>;
}

function linesOf(testCase: FormCase): number[] {
  const config = { ...DEFAULT_HADOLINT_CONFIG, ...testCase.config };
  return analyzeDockerfile(testCase.dockerfile, config)
    .filter((result) => result.code === testCase.rule)
    .map((result) => result.location.line);
}

/** One `describe` with a test a case: the rule reports exactly `lines`. */
export function table(title: string, cases: readonly FormCase[]): void {
  describe(title, () => {
    for (const testCase of cases) {
      const expected = testCase.lines.length === 0 ? 'passes' : `catches line ${testCase.lines.join(', ')}`;
      it(`${testCase.rule} ${expected}: ${JSON.stringify(testCase.dockerfile)}`, () => {
        deepStrictEqual(linesOf(testCase), testCase.lines);
      });
    }
  });
}

/** A one-line Dockerfile, `RUN <script>`: the rule fires on line 1 or not at all. */
export const run = (rule: string, script: string, fires: boolean): FormCase => ({
  rule,
  dockerfile: `RUN ${script}`,
  lines: fires ? [1] : [],
});

/** A Dockerfile of `lines`, and the lines the rule reports in it. */
export const file = (rule: string, lines: readonly string[], reported: readonly number[]): FormCase => ({
  rule,
  dockerfile: `${lines.join('\n')}\n`,
  lines: reported,
});

/** What a rule reports, whole, as a reader sees it: code, severity, message, link, CWE and line. */
export interface WholeReport {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly helpUri: string;
  readonly cwe: readonly number[] | undefined;
  readonly line: number;
}

/** The whole reports of `rule` on the Dockerfile of `lines`, in report order, with hadolint's default config or `config`. */
export function reportsOf(rule: string, lines: readonly string[], config: Partial<HadolintConfig> = {}): WholeReport[] {
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

/** One test a report: on `lines`, the rule of `expected.code` reports `expected` and nothing else. */
export function wholeReports(title: string, cases: readonly (WholeReport & { readonly lines: readonly string[] })[]) {
  describe(title, () => {
    for (const { lines, ...expected } of cases) {
      it(`${expected.code} at line ${expected.line}: ${JSON.stringify(lines)}`, () => {
        deepStrictEqual(reportsOf(expected.code, lines), [expected]);
      });
    }
  });
}

/** A Dockerfile, given as its lines, and the lines where `rule` must fire (`[]`: it stays silent). */
export interface RuleCase {
  readonly rule: string;
  readonly lines: readonly string[];
  readonly reported: readonly number[];
  readonly config?: Partial<HadolintConfig>;
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
    readonly reports: readonly WholeReport[];
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
