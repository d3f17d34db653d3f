import assert from 'node:assert/strict';
import type { Finding } from '@devsecops/shared/findings';
import { findingHoverMarkdown } from '../../src/model/hover-text';
import { suppressionFor } from '../../src/model/suppression-entry';

const ADVISORY: Finding = {
  tool: 'devsecops-sca',
  category: 'sca',
  ruleId: 'PYSEC-2019-217',
  message: 'jinja2 2.10 is affected by a sandbox escape (str.format_map).',
  severity: 'high',
  nativeSeverity: 'CVSS 8.6',
  location: { path: 'requirements.txt', line: 3, column: 1 },
  cwe: [693],
  helpUri: 'https://osv.dev/vulnerability/PYSEC-2019-217',
  fix: { description: 'Upgrade jinja2 to 2.10.1', fixedVersions: ['2.10.1'] },
  fingerprint: 'v1:abc',
  properties: { aliases: ['CVE-2019-10906', 'GHSA-462w-v97r-4m45'], installedVersion: '2.10' },
};

describe('findingHoverMarkdown', () => {
  it('shows the rule, severity, message, CWE, aliases, versions and the link', () => {
    assert.equal(
      findingHoverMarkdown(ADVISORY),
      [
        '**PYSEC\\-2019\\-217** · devsecops\\-sca · high (CVSS 8\\.6)',
        '',
        'jinja2 2\\.10 is affected by a sandbox escape \\(str\\.format\\_map\\)\\.',
        '',
        '- CWE: [CWE-693](https://cwe.mitre.org/data/definitions/693.html)',
        '- Also known as: CVE\\-2019\\-10906, GHSA\\-462w\\-v97r\\-4m45',
        '- Installed: 2\\.10',
        '- Fixed in: 2\\.10\\.1',
        '',
        '[Read about PYSEC\\-2019\\-217](https://osv.dev/vulnerability/PYSEC-2019-217)',
      ].join('\n'),
    );
  });

  it('escapes tool text so a message cannot inject links', () => {
    const markdown = findingHoverMarkdown({
      ...ADVISORY,
      message: '[click](https://evil.example)',
      cwe: [],
      properties: {},
    });
    assert.ok(markdown.includes('\\[click\\]\\(https://evil\\.example\\)'));
  });
});

describe('suppressionFor', () => {
  it('names the rule, file and fingerprint, with the reason and an expiry', () => {
    assert.deepEqual(
      suppressionFor(ADVISORY, ' not reachable from user input ', 90, new Date('2026-11-26T15:00:00Z')),
      {
        rule: 'PYSEC-2019-217',
        path: 'requirements.txt',
        fingerprint: 'v1:abc',
        reason: 'not reachable from user input',
        expires: '2027-02-24',
      },
    );
    assert.equal(suppressionFor(ADVISORY, 'why', 0, new Date()).expires, undefined);
  });
});
