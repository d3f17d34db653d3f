import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { importSarifFindings, renderSarif } from '../../src/sarif';
import { SCAN_CATEGORIES, SEVERITIES } from '../../src/findings';
import type { Finding } from '../../src/findings';
import type { ReportInput } from '../../src/reports';
import { SAMPLE_INPUT, SAMPLE_ROOT, SAMPLE_SUPPRESSED } from '../reporters/sample-report';

function byFingerprint(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}

describe('SARIF round trip: SARIF out → SARIF import → the same findings', () => {
  it('gives back every reported finding of a rich multi-tool scan, field for field', () => {
    const imported = importSarifFindings(renderSarif(SAMPLE_INPUT), { root: SAMPLE_ROOT });
    assert.deepStrictEqual(byFingerprint(imported), byFingerprint(SAMPLE_INPUT.result.findings));
  });

  it('leaves suppressed results out by default and brings them back on request', () => {
    const sarif = renderSarif(SAMPLE_INPUT);
    const suppressed = (SAMPLE_SUPPRESSED ?? []).map((entry) => entry.finding);
    const all = importSarifFindings(sarif, { root: SAMPLE_ROOT, includeSuppressed: true });
    assert.deepStrictEqual(byFingerprint(all), byFingerprint([...SAMPLE_INPUT.result.findings, ...suppressed]));
  });

  it('does not depend on the importing machine having the same root', () => {
    const imported = importSarifFindings(renderSarif(SAMPLE_INPUT), { root: '/somewhere/else' });
    assert.deepStrictEqual(byFingerprint(imported), byFingerprint(SAMPLE_INPUT.result.findings));
  });

  it('holds for arbitrary findings (property-based)', () => {
    const pathSegment = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
      .filter((segment) => !/[/\\]/.test(segment) && segment !== '.' && segment !== '..');
    const positive = fc.integer({ min: 1, max: 100_000 });
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    const finding = fc.record(
      {
        tool: fc.constantFrom('bandit', 'hadolint', 'dependency-check', 'devsecops-sca', 'semgrep'),
        category: fc.constantFrom(...SCAN_CATEGORIES),
        ruleId: fc.constantFrom('B101', 'DL3007', 'CVE-2024-1', 'rule with space', 'règle/ü'),
        message: text,
        severity: fc.constantFrom(...SEVERITIES),
        nativeSeverity: text,
        confidence: fc.constantFrom('HIGH', 'LOW'),
        location: fc.record(
          {
            path: fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/')),
            line: positive,
            column: positive,
            endLine: positive,
            endColumn: positive,
          },
          { requiredKeys: ['path', 'line'], noNullPrototype: true },
        ),
        cwe: fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 3 }),
        helpUri: fc.webUrl(),
        fix: fc.record(
          { description: text, fixedVersions: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }) },
          { requiredKeys: ['description'], noNullPrototype: true },
        ),
        fingerprint: fc.uuid().map((id) => `v1:${id}`),
        properties: fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }),
          fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 })),
          { minKeys: 1, maxKeys: 3, noNullPrototype: true },
        ),
      },
      {
        requiredKeys: ['tool', 'category', 'ruleId', 'message', 'severity', 'location', 'fingerprint'],
        noNullPrototype: true,
      },
    );
    fc.assert(
      fc.property(fc.uniqueArray(finding, { selector: (f) => f.fingerprint, maxLength: 12 }), (findings) => {
        const input: ReportInput = {
          result: { findings, tools: [] },
          root: '/repo',
          gate: { failOn: 'high', passed: true },
        };
        const imported = importSarifFindings(renderSarif(input), { root: '/repo' });
        assert.deepStrictEqual(byFingerprint(imported), byFingerprint(findings));
      }),
      { numRuns: 200 },
    );
  });
});
