import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../../src/scanners/builtin-dockerfile/rule-catalog';

interface HadolintRuleFact {
  readonly code: string;
  readonly severity: string;
  readonly wiki: string;
}

describe('rule catalog', () => {
  const facts = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', 'data', 'hadolint', 'rules.json'), 'utf8'),
  ) as HadolintRuleFact[];
  const byCode = new Map(facts.map((fact) => [fact.code, fact]));

  it('gives every DL rule hadolint’s default severity and wiki link (shared/data/hadolint/rules.json)', () => {
    const mismatches = ALL_RULES.filter((rule) => rule.code.startsWith('DL')).flatMap((rule) => {
      const fact = byCode.get(rule.code);
      return fact?.severity === rule.severity && fact.wiki === rule.helpUri
        ? []
        : [[rule.code, rule.severity, rule.helpUri, fact?.severity, fact?.wiki]];
    });
    deepStrictEqual(mismatches, []);
  });

  it('uses only DS codes for our own rules, none of which hadolint has', () => {
    const ours = ALL_RULES.filter((rule) => !rule.code.startsWith('DL')).map((rule) => rule.code);
    deepStrictEqual(
      ours.filter((code) => !/^DS\d{3}$/.test(code) || byCode.has(code)),
      [],
    );
  });
});
