import { deepStrictEqual } from 'node:assert/strict';
import type { Finding } from '../../src/findings/finding';
import { dedupeScaFindings } from '../../src/scan/dedupe-sca';

function scaFinding(
  tool: string,
  ruleId: string,
  extra: Partial<Finding> & { aliases?: string[]; version?: string } = {},
): Finding {
  const { aliases = [], version = '2.10', ...rest } = extra;
  return {
    tool,
    category: 'sca',
    ruleId,
    message: `${ruleId} in jinja2`,
    severity: 'high',
    location: { path: 'requirements.txt', line: 2 },
    fingerprint: `${tool}-${ruleId}`,
    properties: { package: tool === 'dependency-check' ? 'jinja2' : 'Jinja2', installedVersion: version, aliases },
    ...rest,
  };
}

describe('dedupeScaFindings', () => {
  it('shows an advisory reported by both SCA tools once, keeping the richer finding and both tool names', () => {
    const fromDependencyCheck = scaFinding('dependency-check', 'CVE-2019-10906', { aliases: ['GHSA-462w-v97r-4m45'] });
    const fromBuiltin = scaFinding('devsecops-sca', 'PYSEC-2019-217', {
      aliases: ['CVE-2019-10906', 'GHSA-462w-v97r-4m45'],
      fix: { description: 'Upgrade jinja2 to 2.10.1', fixedVersions: ['2.10.1'] },
    });
    deepStrictEqual(dedupeScaFindings([fromDependencyCheck, fromBuiltin]), [
      {
        ...fromBuiltin,
        properties: { ...fromBuiltin.properties, reportedBy: ['dependency-check', 'devsecops-sca'] },
      },
    ]);
  });

  it('keeps advisories that differ in version, id, file or that come from one tool', () => {
    const findings = [
      scaFinding('dependency-check', 'CVE-2019-10906'),
      scaFinding('devsecops-sca', 'PYSEC-2019-217', { aliases: ['CVE-2019-10906'], version: '2.9' }),
      scaFinding('devsecops-sca', 'PYSEC-2021-66', { aliases: ['CVE-2020-28493'] }),
      scaFinding('devsecops-sca', 'PYSEC-2019-217', {
        aliases: ['CVE-2019-10906'],
        location: { path: 'requirements-dev.txt', line: 1 },
      }),
      scaFinding('dependency-check', 'CVE-2019-10906', { fingerprint: 'second' }),
    ];
    deepStrictEqual(dedupeScaFindings(findings), findings);
  });

  it('passes findings of other categories through untouched', () => {
    const bandit: Finding = {
      tool: 'bandit',
      category: 'sast',
      ruleId: 'B101',
      message: 'assert',
      severity: 'low',
      location: { path: 'a.py', line: 1 },
      fingerprint: 'f',
    };
    deepStrictEqual(dedupeScaFindings([bandit]), [bandit]);
  });
});
