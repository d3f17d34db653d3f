import { deepStrictEqual, ok } from 'node:assert/strict';
import { analyzeDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import { ALL_RULES } from '../../../src/scanners/builtin-dockerfile/rule-catalog';
import type { HadolintCase } from './hadolint-cases';
import { configFromHaskell, loadHadolintCases } from './hadolint-cases';

/**
 * Agreement with hadolint's own spec cases: for every rule we implement, each
 * case must agree (catches → a finding with that code; passes → none; and
 * where the spec gives a count, exactly that many findings).
 * Cases for rules we do not implement are counted and printed, not hidden.
 */
describe('built-in Dockerfile rules agree with hadolint’s spec cases', () => {
  const cases = loadHadolintCases();
  const implemented = new Set(ALL_RULES.map((rule) => rule.code));
  const isImplemented = (testCase: HadolintCase): boolean => implemented.has(testCase.rule);

  // Each case's outcome, recorded by its own test so the summary reuses it: the 500-odd cases are analyzed
  // once per run, not once in the tests and again for the summary.
  const outcomes = new Map<HadolintCase, boolean>();
  const timesAnalyzed = new Map<HadolintCase, number>();

  const agrees = (testCase: HadolintCase): boolean => {
    timesAnalyzed.set(testCase, (timesAnalyzed.get(testCase) ?? 0) + 1);
    const results = analyzeDockerfile(testCase.dockerfile, configFromHaskell(testCase.config));
    const fired = results.filter((result) => result.code === testCase.rule).length;
    if (testCase.count !== undefined && fired !== testCase.count) return false;
    return testCase.expect === 'catches' ? fired > 0 : fired === 0;
  };

  // A run starts from nothing: Stryker runs these tests again and again in one process, and counts left from the
  // run before would fail the check below for every mutant, as if a test had caught it.
  before(() => {
    outcomes.clear();
    timesAnalyzed.clear();
  });

  after(() => {
    const covered = cases.filter(isImplemented);
    const agreed = [...outcomes.values()].filter(Boolean).length;
    const analyzedTwice = [...timesAnalyzed].filter(([, times]) => times > 1).map(([testCase]) => testCase.description);
    deepStrictEqual(analyzedTwice, [], 'each hadolint case is analyzed once per run');
    const skipped = cases.filter((testCase) => !isImplemented(testCase));
    const skippedRules = [...new Set(skipped.map((testCase) => testCase.rule))].sort();
    const hadolintRules = [...implemented].filter((code) => code.startsWith('DL')).length;
    console.log(
      `      hadolint agreement: ${hadolintRules} DL rules implemented (+${implemented.size - hadolintRules} DS rules); ` +
        `cases agreed ${agreed}/${covered.length} (${outcomes.size} run); ` +
        `${skipped.length} of ${cases.length} cases are for rules not implemented as DL rules (${skippedRules.join(', ')}; ` +
        'the SC* ShellCheck cases run in shellcheck.test.ts)',
    );
  });

  const byRule = new Map<string, HadolintCase[]>();
  for (const testCase of cases.filter(isImplemented)) {
    byRule.set(testCase.rule, [...(byRule.get(testCase.rule) ?? []), testCase]);
  }
  for (const [rule, ruleCases] of [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    describe(rule, () => {
      for (const testCase of ruleCases) {
        it(`${testCase.expect}: ${testCase.description} (${testCase.source})`, () => {
          const agreed = agrees(testCase);
          outcomes.set(testCase, agreed);
          ok(
            agreed,
            `expected ${testCase.rule} to ${testCase.expect === 'catches' ? 'fire' : 'stay silent'} on:\n${testCase.dockerfile}`,
          );
        });
      }
    });
  }
});
