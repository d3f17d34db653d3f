import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorWithCode } from '../../error-with-code';
import {
  parseDependencyCheckReport,
  parsePackageUrl,
} from '../../../src/scanners/dependency-check/dependency-check-report';
import { findRequirementLine } from '../../../src/scanners/dependency-check/requirement-lines';
import { assertMatchesGolden } from '../../scan/golden';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'scanner-reports');
const GOLDEN = join(__dirname, 'golden');

const REQUIREMENTS = [
  '# web app',
  'Flask==2.0.1',
  '-r base.txt',
  'Jinja2==2.10  # templates',
  'PyYAML>=5.3',
  'requests[socks] == 2.19.0',
].join('\n');

describe('parseDependencyCheckReport', () => {
  it('reads a severity named after an Object.prototype member as unknown (medium), not as its object (fuzz)', () => {
    const text = JSON.stringify({
      dependencies: [
        {
          filePath: '/src/x.js',
          vulnerabilities: ['__proto__', 'constructor'].map((severity) => ({ name: 'CVE-2020-1', severity })),
        },
      ],
    });
    deepStrictEqual(
      parseDependencyCheckReport(text, { root: '/src' }).findings.map((finding) => [
        finding.severity,
        finding.nativeSeverity,
      ]),
      [
        ['medium', '__proto__'],
        ['medium', 'constructor'],
      ],
    );
  });

  const realReports: { fixture: string; root: string }[] = [
    // Reports written inside a container (/src) or on another machine: the root is what the tool saw.
    { fixture: 'real-dc-12.1.9-FFbryn-sca_analysis.json', root: '/src' },
    {
      fixture: 'real-dc-6.5.3-thanhngtdev-SAST_PROJECT.json',
      root: '/home/thuan/SASTool_worker/media/documents/2022/04/13/JavaSpringBootExample-master',
    },
  ];
  for (const { fixture, root } of realReports) {
    it(`matches the golden findings for ${fixture}`, () => {
      const report = parseDependencyCheckReport(readFileSync(join(FIXTURES, fixture), 'utf8'), { root });
      assertMatchesGolden(join(GOLDEN, fixture.replace(/\.json$/, '.findings.json')), report);
    });
  }

  it('matches the golden findings for PyPI requirements, each on its requirements line', () => {
    const report = parseDependencyCheckReport(readFileSync(join(__dirname, 'pypi-requirements-report.json'), 'utf8'), {
      root: '/work/project',
      readText: (path) => (path === 'requirements.txt' ? REQUIREMENTS : undefined),
    });
    assertMatchesGolden(join(GOLDEN, 'pypi-requirements-report.findings.json'), report);
    deepStrictEqual(
      report.findings.map((finding) => [finding.ruleId, finding.location.line, finding.severity]),
      [
        ['CVE-2019-10906', 4, 'high'],
        ['CVE-2020-14343', 5, 'critical'],
        ['CVE-2018-18074', 6, 'medium'],
      ],
    );
  });

  it('counts every vulnerability of every dependency in the real reports', () => {
    const count = (fixture: string): number =>
      parseDependencyCheckReport(readFileSync(join(FIXTURES, fixture), 'utf8'), { root: '/' }).findings.length;
    strictEqual(count('real-dc-12.1.9-FFbryn-sca_analysis.json'), 9);
    strictEqual(count('real-dc-6.5.3-thanhngtdev-SAST_PROJECT.json'), 20);
  });

  it('rejects documents that are not Dependency-Check reports', () => {
    for (const text of ['<html>', '[]', '{"dependencies": {}}', '{"dependencies": [{"vulnerabilities": [{}]}]}']) {
      throws(() => parseDependencyCheckReport(text, { root: '/' }), errorWithCode('TOOL_OUTPUT_INVALID'));
    }
  });
});

describe('findRequirementLine', () => {
  it('finds a package by its PEP 503 name, skipping comments and options', () => {
    strictEqual(findRequirementLine(REQUIREMENTS, 'flask'), 2);
    strictEqual(findRequirementLine(REQUIREMENTS, 'jinja2'), 4);
    strictEqual(findRequirementLine(REQUIREMENTS, 'pyyaml'), 5);
    strictEqual(findRequirementLine(REQUIREMENTS, 'Requests'), 6);
    strictEqual(findRequirementLine('zope.interface==5\n', 'zope-interface'), 1);
    strictEqual(findRequirementLine(REQUIREMENTS, 'base'), undefined);
  });
});

describe('parsePackageUrl', () => {
  it('splits type, percent-decoded name and version', () => {
    deepStrictEqual(parsePackageUrl('pkg:pypi/jinja2@2.10'), { type: 'pypi', name: 'jinja2', version: '2.10' });
    deepStrictEqual(parsePackageUrl('pkg:npm/%40babel/core@7.0.0'), {
      type: 'npm',
      name: '@babel/core',
      version: '7.0.0',
    });
    strictEqual(parsePackageUrl('cpe:2.3:a:x'), undefined);
  });
});
