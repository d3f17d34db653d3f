// OSV records (https://ossf.github.io/osv-schema/) shaped like the export's, with hostile values in
// every field, and the real records of the bundled snapshot to mutate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { hostileNumber, hostileString, hostileWord, mutatedText, PROTOTYPE_WORDS } from './hostile-text';
import { packageName, versionText } from './requirements-text';
import { yamlValue } from './yaml-text';

const SNAPSHOT = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'osv',
  'PyPI-pypa-advisory-database-2024-10-10.zip',
);

let realRecords: string[] | undefined;

/** Texts of 300 real records of the bundled snapshot (read once). */
export function snapshotRecords(): readonly string[] {
  if (realRecords === undefined) {
    const files = unzipSync(readFileSync(SNAPSHOT));
    const decoder = new TextDecoder();
    realRecords = Object.keys(files)
      .sort()
      .filter((_, index) => index % 9 === 0)
      .slice(0, 300)
      .map((name) => decoder.decode(files[name]));
  }
  return realRecords;
}

/** A field's right type, or any JSON value. */
function orJunk<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: yamlValue });
}

const event = fc.oneof(
  fc.record({ introduced: orJunk(fc.oneof(fc.constant('0'), versionText)) }),
  fc.record({ fixed: orJunk(versionText) }),
  fc.record({ last_affected: orJunk(versionText) }),
  fc.record({ limit: orJunk(versionText) }),
  fc.record({ introduced: versionText, fixed: versionText }),
  fc.constant({}),
);

const range = fc.record(
  {
    type: orJunk(fc.constantFrom('ECOSYSTEM', 'ECOSYSTEM', 'GIT', 'SEMVER', 'ecosystem', ...PROTOTYPE_WORDS)),
    repo: fc.constant('https://example.invalid/repo'),
    events: orJunk(fc.array(event, { maxLength: 6 })),
  },
  { requiredKeys: ['type'] },
);

const affected = fc.record(
  {
    package: orJunk(
      fc.record(
        {
          ecosystem: orJunk(fc.constantFrom('PyPI', 'PyPI', 'npm', 'pypi', '')),
          name: orJunk(packageName),
          purl: fc.constant('pkg:pypi/x'),
        },
        { requiredKeys: ['ecosystem'] },
      ),
    ),
    ranges: orJunk(fc.array(range, { maxLength: 3 })),
    versions: orJunk(fc.array(versionText, { maxLength: 6 })),
    database_specific: orJunk(fc.dictionary(hostileWord, hostileString, { maxKeys: 2 })),
  },
  { requiredKeys: [] },
);

const severityEntry = fc.record({
  type: orJunk(fc.constantFrom('CVSS_V3', 'CVSS_V4', 'CVSS_V2', 'Ubuntu', ...PROTOTYPE_WORDS)),
  score: orJunk(
    fc.oneof(
      fc.constantFrom(
        'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        'CVSS:3.0/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:N',
        'AV:N/AC:L/Au:N/C:P/I:P/A:P',
        'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
        'CVSS:3.1/AV:N/AV:N/AV:N',
        'CVSS:3.1/',
        'CVSS:9.9/AV:N',
        `CVSS:3.1/${'AV:N/'.repeat(200)}`,
      ),
      hostileString,
    ),
  ),
});

/** One OSV record as a JSON value. */
export const osvRecordValue: fc.Arbitrary<unknown> = fc.record(
  {
    schema_version: fc.constant('1.6.0'),
    id: orJunk(fc.oneof(fc.constantFrom('PYSEC-2021-1', 'GHSA-xxxx-yyyy-zzzz', '', ...PROTOTYPE_WORDS), hostileString)),
    modified: orJunk(fc.oneof(fc.constant('2024-01-01T00:00:00Z'), hostileString)),
    withdrawn: orJunk(fc.constant('2024-02-01T00:00:00Z')),
    aliases: orJunk(fc.array(fc.oneof(fc.constant('CVE-2021-1'), hostileString), { maxLength: 3 })),
    summary: orJunk(hostileString),
    details: orJunk(fc.oneof(hostileString, fc.constant(`${'word '.repeat(100)}end.`))),
    severity: orJunk(fc.array(severityEntry, { maxLength: 3 })),
    affected: orJunk(fc.array(affected, { maxLength: 3 })),
    database_specific: orJunk(
      fc.record(
        {
          severity: orJunk(fc.constantFrom('HIGH', 'MODERATE', 'critical', ' low ', 'CONSTRUCTOR', '__PROTO__')),
          cwe_ids: orJunk(
            fc.array(fc.constantFrom('CWE-79', 'cwe-1', 'CWE-', 'CWE-99999999999999999999', 'NVD-CWE-Other'), {
              maxLength: 3,
            }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['id'] },
);

/** A record's JSON text: built, real and mutated, or not JSON at all. */
export function osvRecordText(): fc.Arbitrary<string> {
  const real = snapshotRecords();
  return fc.oneof(
    { weight: 5, arbitrary: osvRecordValue.map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: mutatedText(real, 3) },
    { weight: 1, arbitrary: fc.constantFrom(...real) },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: hostileNumber.map(String) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 50_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    },
  );
}
