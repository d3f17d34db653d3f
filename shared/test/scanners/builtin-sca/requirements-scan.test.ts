import { deepStrictEqual } from 'node:assert/strict';
import { scanRequirementsText } from '../../../src/scanners/builtin-sca/requirements-scan';
import { databaseOf } from './osv-test-data';

const db = databaseOf([
  {
    id: 'GHSA-aaaa-bbbb-cccc',
    package: 'Web_Kit',
    aliases: ['CVE-2024-0001'],
    summary: 'Request smuggling in web-kit',
    events: [
      [{ introduced: '1.0' }, { fixed: '1.4.2' }],
      [{ introduced: '2.0' }, { fixed: '2.1' }],
    ],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    databaseSpecific: { cwe_ids: ['CWE-444'], severity: 'LOW' },
  },
  {
    id: 'PYSEC-2024-2',
    package: 'web-kit',
    events: [[{ introduced: '0' }, { last_affected: '1.1' }]],
    databaseSpecific: { severity: 'MODERATE' },
  },
  { id: 'PYSEC-2024-3', package: 'unfixed', events: [[{ introduced: '0.5' }]], aliases: ['CVE-2024-0003'] },
  { id: 'PYSEC-2024-4', package: 'unfixed', events: [[{ introduced: '0' }, { fixed: '0.2' }]] },
]);

const files: Record<string, string> = {
  'app/requirements.txt':
    'web-kit==1.3  # definite\n-r ../common/base.txt\n-c ../constraints.txt\n-r ../../outside.txt\n-r missing.txt\n',
  'common/base.txt': 'WEB.KIT>=1.4\nunfixed\n-r ../app/requirements.txt\n',
  'constraints.txt': 'web_kit==2.0.5\nnot-installed==1.0\n',
};
const readInclude = (path: string): string | undefined => files[path];

describe('scanRequirementsText', () => {
  it('reports an exact pin as a definite finding with the whole finding shape', () => {
    const result = scanRequirementsText('web-kit==1.3\n', 'requirements.txt', db);
    deepStrictEqual(result.notes, []);
    deepStrictEqual(result.findings, [
      {
        tool: 'devsecops-sca',
        category: 'sca',
        ruleId: 'GHSA-aaaa-bbbb-cccc',
        message: 'web-kit 1.3 is affected by GHSA-aaaa-bbbb-cccc (CVE-2024-0001): Request smuggling in web-kit',
        severity: 'critical',
        nativeSeverity: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (9.8)',
        location: { path: 'requirements.txt', line: 1, column: 1, endLine: 1, endColumn: 13 },
        cwe: [444],
        helpUri: 'https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc',
        fix: {
          description: 'Upgrade web-kit to 1.4.2, the lowest fixed version above 1.3.',
          fixedVersions: ['1.4.2', '2.1'],
        },
        properties: {
          package: 'web-kit',
          installedVersion: '1.3',
          specifier: '==1.3',
          aliases: ['CVE-2024-0001'],
          definite: true,
        },
      },
    ]);
  });

  it('follows -r relative to the including file, applies -c pins without adding packages, and notes cycles and bad paths', () => {
    const text = files['app/requirements.txt'] ?? '';
    const result = scanRequirementsText(text, 'app/requirements.txt', db, { readInclude });
    deepStrictEqual(
      result.findings.map((f) => [
        f.location.path,
        f.location.line,
        f.ruleId,
        f.severity,
        f.properties?.['installedVersion'],
        f.properties?.['definite'],
      ]),
      [
        ['app/requirements.txt', 1, 'GHSA-aaaa-bbbb-cccc', 'critical', '1.3', true],
        // WEB.KIT>=1.4 is pinned to 2.0.5 by ../constraints.txt: checked as that version, definite.
        ['common/base.txt', 1, 'GHSA-aaaa-bbbb-cccc', 'critical', '2.0.5', true],
        // Unpinned: only what affects the newest known release (open-ended PYSEC-2024-3), one level lower.
        ['common/base.txt', 2, 'PYSEC-2024-3', 'low', null, false],
      ],
    );
    deepStrictEqual(
      result.notes.map((note) => [note.path, note.line, note.kind]),
      [
        ['app/requirements.txt', 4, 'include-outside'],
        ['app/requirements.txt', 5, 'include-missing'],
        ['common/base.txt', 2, 'unpinned'],
        ['common/base.txt', 3, 'include-cycle'],
      ],
    );
    deepStrictEqual(result.constraintFiles, ['constraints.txt']);
  });

  it('marks what a range can reach as not definite, one severity level lower, naming the reachable versions', () => {
    const result = scanRequirementsText('web-kit>=1.1,<2.0.9\n', 'requirements.txt', db);
    deepStrictEqual(
      result.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        fix: f.fix,
        definite: f.properties?.['definite'],
      })),
      [
        {
          ruleId: 'GHSA-aaaa-bbbb-cccc',
          severity: 'high',
          message:
            'web-kit>=1.1,<2.0.9 allows vulnerable versions (1.1 to 2.0) affected by GHSA-aaaa-bbbb-cccc (CVE-2024-0001): Request smuggling in web-kit',
          fix: { description: 'Pin web-kit to a fixed version, e.g. ==1.4.2.', fixedVersions: ['1.4.2', '2.1'] },
          definite: false,
        },
        {
          ruleId: 'PYSEC-2024-2',
          severity: 'low',
          message:
            'web-kit>=1.1,<2.0.9 allows vulnerable versions (1.1) affected by PYSEC-2024-2: Details of PYSEC-2024-2. More.',
          fix: {
            description:
              'No fixed version of web-kit is known for this advisory: remove the package or mitigate, and watch the advisory.',
          },
          definite: false,
        },
      ],
    );
  });

  it('notes a constraint pin that contradicts the requirement, and checks the pinned version', () => {
    const result = scanRequirementsText('web-kit<2\n-c c.txt\n', 'r.txt', db, {
      readInclude: () => 'web-kit==2.0.1\n',
    });
    deepStrictEqual(
      result.notes.map((note) => [note.kind, note.line]),
      [['constraint-conflict', 1]],
    );
    deepStrictEqual(
      result.findings.map((f) => f.properties?.['installedVersion']),
      ['2.0.1'],
    );
  });

  it('constraint pins that differ by environment marker are each checked, not only the first', () => {
    const constraints = 'web-kit==2.1 ; python_version < "3.8"\nweb-kit==1.3 ; python_version >= "3.8"\n';
    const result = scanRequirementsText('web-kit\n-c c.txt\n', 'r.txt', db, { readInclude: () => constraints });
    deepStrictEqual(
      result.findings.map((f) => [
        f.location.line,
        f.ruleId,
        f.properties?.['installedVersion'],
        f.properties?.['definite'],
      ]),
      [[1, 'GHSA-aaaa-bbbb-cccc', '1.3', true]],
    );
    deepStrictEqual(result.notes, []);
  });

  it('a === pin that is not PEP 440 matches only listed text, with a note', () => {
    const result = scanRequirementsText('web-kit===1.3-custom\n', 'r.txt', db);
    deepStrictEqual(result.findings, []);
    deepStrictEqual(
      result.notes.map((note) => note.kind),
      ['version-not-pep440'],
    );
  });

  it('attack: an include written as pip also reads it (--requirem=, quoted, escaped) is followed, not a note that passes', () => {
    const included: Record<string, string> = { 'deps/vulnerable pins.txt': 'web-kit==1.3\n' };
    const text = '--requirem=deps/vulnerable\\ pins.txt\n-c "deps/none.txt"\n';
    const result = scanRequirementsText(text, 'requirements.txt', db, { readInclude: (path) => included[path] });
    deepStrictEqual(
      result.findings.map((f) => [f.location.path, f.location.line, f.ruleId]),
      [['deps/vulnerable pins.txt', 1, 'GHSA-aaaa-bbbb-cccc']],
    );
    deepStrictEqual(
      result.notes.map((note) => [note.line, note.kind]),
      [[2, 'include-missing']],
    );
  });

  it('attack: includes of the repository folder itself or with a NUL are refused with a reason, never read', () => {
    const asked: string[] = [];
    const text = '-r .\n-r sub/..\n-c ./\n-r a\u0000b.txt\n';
    const result = scanRequirementsText(text, 'requirements.txt', db, {
      readInclude: (path) => {
        asked.push(path);
        return undefined;
      },
    });
    deepStrictEqual(asked, []);
    deepStrictEqual(
      result.notes.map((note) => [note.line, note.kind, note.message]),
      [
        [1, 'include-missing', '. is the repository folder itself, not a file; not read.'],
        [2, 'include-missing', 'sub/.. is the repository folder itself, not a file; not read.'],
        [3, 'include-missing', './ is the repository folder itself, not a file; not read.'],
        [4, 'include-missing', 'a\u0000b.txt is a path with a NUL character, which no file can have; not read.'],
      ],
    );
  });

  it('packages the database does not know give no findings and no notes', () => {
    deepStrictEqual(scanRequirementsText('left-pad==1.0\n', 'r.txt', db), {
      findings: [],
      notes: [],
      constraintFiles: [],
    });
  });
});
