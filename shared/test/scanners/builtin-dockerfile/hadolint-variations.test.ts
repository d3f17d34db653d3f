import { deepStrictEqual } from 'node:assert/strict';
import { analyzeDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import { ALL_RULES } from '../../../src/scanners/builtin-dockerfile/rule-catalog';
import type { HadolintCase } from './hadolint-cases';
import { configFromHaskell, loadHadolintCases } from './hadolint-cases';
import { variationsOf } from './hadolint-variations';

/**
 * A second agreement set the engine was not tuned on: rewrites of hadolint's
 * public cases that hadolint reads the same way (see hadolint-variations.ts),
 * each keeping its case's expectation. Prints the agreement rate per rewrite.
 */
describe('built-in Dockerfile rules agree with hadolint on variations of its cases', () => {
  const implemented = new Set(ALL_RULES.map((rule) => rule.code));
  const cases = loadHadolintCases().filter((testCase) => implemented.has(testCase.rule));
  const variations = variationsOf(cases);

  const agrees = (testCase: HadolintCase): boolean => {
    const fired = analyzeDockerfile(testCase.dockerfile, configFromHaskell(testCase.config)).filter(
      (result) => result.code === testCase.rule,
    ).length;
    if (testCase.count !== undefined && fired !== testCase.count) return false;
    return testCase.expect === 'catches' ? fired > 0 : fired === 0;
  };

  it('agrees on every variation', () => {
    const byTransform = new Map<string, { agreed: number; total: number }>();
    const disagreements: string[] = [];
    for (const { transform, testCase } of variations) {
      const tally = byTransform.get(transform) ?? { agreed: 0, total: 0 };
      tally.total++;
      if (agrees(testCase)) tally.agreed++;
      else
        disagreements.push(
          `${transform} ${testCase.rule} ${testCase.expect} ${testCase.source}: ${JSON.stringify(testCase.dockerfile)}`,
        );
      byTransform.set(transform, tally);
    }
    const agreed = variations.length - disagreements.length;
    const perTransform = [...byTransform].map(
      ([name, { agreed: a, total }]) => `${name} ${String(a)}/${String(total)}`,
    );
    console.log(
      `      hadolint variations: agreed ${String(agreed)}/${String(variations.length)} ` +
        `(${((100 * agreed) / Math.max(variations.length, 1)).toFixed(1)}%) from ${String(cases.length)} cases; ${perTransform.join(', ')}`,
    );
    deepStrictEqual(disagreements, []);
  });
});
