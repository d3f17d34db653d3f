import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../../src/scanners/builtin-dockerfile/rule-catalog';
import { RULE_SEVERITIES } from '../../../src/scanners/dockerfile-severity/rule-severities';
import {
  dockerfileFindingSeverity,
  dockerfileSeverityReason,
} from '../../../src/scanners/dockerfile-severity/dockerfile-severity';

interface HadolintRuleFact {
  readonly code: string;
  readonly severity: string;
}

const hadolintRules = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'data', 'hadolint', 'rules.json'), 'utf8'),
) as HadolintRuleFact[];

describe('Dockerfile rule severities', () => {
  it('has one entry for every rule either engine reports, at the rule’s default level, and none besides', () => {
    const defaultLevels = new Map<string, string>([
      ...hadolintRules.map((fact): [string, string] => [fact.code, fact.severity]),
      ...ALL_RULES.map((rule): [string, string] => [rule.code, rule.severity]),
    ]);
    deepStrictEqual(Object.keys(RULE_SEVERITIES).sort(), [...defaultLevels.keys()].sort());
    deepStrictEqual(
      Object.entries(RULE_SEVERITIES).flatMap(([code, entry]) =>
        entry.level === defaultLevels.get(code) ? [] : [[code, entry.level, defaultLevels.get(code)]],
      ),
      [],
    );
  });

  it('pins what the rules guard against: secrets, unverified code, explicit root and untrusted registries high; MAINTAINER info', () => {
    const severityOf = (code: string): string | undefined => RULE_SEVERITIES[code]?.severity;
    deepStrictEqual(['DS001', 'DS002', 'DS003', 'DL3002', 'DL3026', 'DL1000'].map(severityOf), [
      'high',
      'high',
      'high',
      'high',
      'high',
      'high',
    ]);
    deepStrictEqual(['DL3006', 'DL3007', 'DL3004', 'DL3064', 'DS004', 'DL3013', 'DL3067'].map(severityOf), [
      'medium',
      'medium',
      'medium',
      'medium',
      'medium',
      'medium',
      'medium',
    ]);
    deepStrictEqual(['DL3008', 'DL3020', 'DL3066', 'DL4006'].map(severityOf), ['low', 'low', 'low', 'low']);
    // Errors to hadolint that carry no security weight.
    deepStrictEqual(['DL4000', 'DL3000', 'DL3061', 'DL4004'].map(severityOf), ['info', 'info', 'info', 'info']);
    deepStrictEqual(['DL3048', 'DL3059', 'DL3009'].map(severityOf), ['info', 'info', 'info']);
  });

  it('gives every rule one short sentence of reason', () => {
    const bad = Object.entries(RULE_SEVERITIES).filter(
      ([, entry]) => entry.reason.length > 160 || entry.reason.includes('\n') || !/^[A-Z].*\.$/u.test(entry.reason),
    );
    deepStrictEqual(
      bad.map(([code]) => code),
      [],
    );
    strictEqual(dockerfileSeverityReason('DL4000'), RULE_SEVERITIES['DL4000']?.reason);
    ok(dockerfileSeverityReason('SC2086')?.includes('ShellCheck'));
    strictEqual(dockerfileSeverityReason('DL9999'), undefined);
  });

  it('uses the table at a rule’s default level and hadolint’s level anywhere else', () => {
    strictEqual(dockerfileFindingSeverity('DL4000', 'error'), 'info');
    strictEqual(dockerfileFindingSeverity('DS001', 'error'), 'high');
    // Moved by `.hadolint.yaml` override: the project's level counts.
    strictEqual(dockerfileFindingSeverity('DL4000', 'warning'), 'medium');
    strictEqual(dockerfileFindingSeverity('DS001', 'style'), 'info');
    // Unknown to the table (a rule hadolint added later): its level, mapped as always.
    deepStrictEqual(
      (['error', 'warning', 'info', 'style', 'ignore'] as const).map((level) =>
        dockerfileFindingSeverity('DL4007', level),
      ),
      ['high', 'medium', 'low', 'info', 'info'],
    );
  });

  it('reads ShellCheck codes on ShellCheck’s own scale, whatever the code', () => {
    deepStrictEqual(
      (['error', 'warning', 'info', 'style'] as const).map((level) => dockerfileFindingSeverity('SC2086', level)),
      ['medium', 'low', 'info', 'info'],
    );
    strictEqual(dockerfileFindingSeverity('SC1000', 'error'), 'medium');
  });

  it('never takes a code named after an Object.prototype member for a table entry', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      strictEqual(dockerfileFindingSeverity(code, 'error'), 'high', code);
      strictEqual(dockerfileSeverityReason(code), undefined, code);
    }
  });
});

describe('README: How Dockerfile severities are chosen', () => {
  it('files every rule code its table names under the severity the rule has', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### How Dockerfile severities are chosen'));
    const misfiled: string[] = [];
    let named = 0;
    for (const row of section.matchAll(/^\| (critical|high|medium|low|info) +\|(.*)\|$/gmu)) {
      for (const [code] of (row[2] ?? '').matchAll(/\bD[LS]\d{3,4}\b/gu)) {
        named++;
        if (RULE_SEVERITIES[code]?.severity !== row[1]) misfiled.push(`${code} under ${String(row[1])}`);
      }
    }
    deepStrictEqual(misfiled, []);
    ok(named >= 25, `only ${String(named)} codes named`);
  });
});
