// The built-in SCA engine's inputs: requirements files and what they include (repository),
// PEP 440 versions and specifiers (repository), OSV records and the OSV export zip (a download).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { SEVERITIES } from '@devsecops/shared/findings';
import { openAdvisoryIndexBytes } from '../../../../shared/src/scanners/builtin-sca/advisory-index-file';
import {
  advisoryIndexOfZip,
  sha256Of,
  shippedIndexPath,
} from '../../../../shared/src/scanners/builtin-sca/database-loader';
import { parseOsvAdvisory } from '../../../../shared/src/scanners/builtin-sca/osv-advisory';
import {
  isPep440Specifier,
  isPep440Version,
  parseSpecifierClauses,
  pep440Facts,
  specifierVersions,
  versionsAllowedBy,
} from '../../../../shared/src/scanners/builtin-sca/pep440';
import { scanRequirementsText, VulnerabilityDatabase } from '@devsecops/shared/engines';
import type { AdvisoryMatch } from '../../../../shared/src/scanners/builtin-sca/vulnerability-database';
import {
  assertPosition,
  assertRepoRelativePath,
  assertThat,
  assertWellFormedDraft,
  neverThrows,
  returnsOrThrows,
} from '../harness/expectations';
import { fuzzTarget, textGrowth } from '../harness/fuzz-target';
import type { FuzzTarget, GrowthCheck } from '../harness/fuzz-target';
import { hostileString } from '../generators/hostile-text';
import { osvRecordText, osvRecordValue } from '../generators/osv-records';
import { packageName, requirementsText, specifierText, versionText } from '../generators/requirements-text';

const REPOSITORY = join(__dirname, '..', '..', '..', '..');
const SNAPSHOT = join(REPOSITORY, 'shared', 'data', 'osv', 'PyPI-pypa-advisory-database-2024-10-10.zip');

let bundled: VulnerabilityDatabase | undefined;

/** The bundled snapshot's database, read synchronously from its shipped index (a property cannot await). */
function bundledDatabase(): VulnerabilityDatabase {
  if (bundled) return bundled;
  const index = openAdvisoryIndexBytes(readFileSync(shippedIndexPath(SNAPSHOT)), sha256Of(readFileSync(SNAPSHOT)));
  if (!index) throw new Error('the index shipped beside the bundled snapshot does not open');
  bundled = new VulnerabilityDatabase(index, {
    source: 'bundled snapshot',
    sourceKind: 'bundled',
    date: '2024-10-10',
    path: SNAPSHOT,
    attribution: '',
  });
  return bundled;
}

/** Lines of a requirements file as the parser counts them. */
function lineCountOf(text: string): number {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
}

const INCLUDED_PATHS = ['other.txt', 'sub/dev.txt', 'constraints.txt', 'sub/other.txt', 'requirements.txt'];

const requirementsScan = fuzzTarget({
  name: 'requirements files and their includes (scanRequirementsText)',
  arbitrary: () =>
    fc.tuple(requirementsText, fc.dictionary(fc.constantFrom(...INCLUDED_PATHS), requirementsText, { maxKeys: 3 })),
  check: ([text, included]) => {
    const files = new Map(Object.entries(included));
    files.set('requirements.txt', text);
    const result = neverThrows(() =>
      scanRequirementsText(text, 'requirements.txt', bundledDatabase(), { readInclude: (path) => files.get(path) }),
    );
    for (const finding of result.findings) {
      const fileText = files.get(finding.location.path);
      assertThat(fileText !== undefined, `a finding points at ${finding.location.path}, which was never read`);
      assertWellFormedDraft(finding, lineCountOf(fileText));
    }
    for (const note of result.notes) {
      const fileText = files.get(note.path);
      assertThat(fileText !== undefined, `a note points at ${note.path}, which was never read`);
      assertRepoRelativePath(note.path, 'note.path');
      assertPosition(note.line, `note line (${note.kind})`, lineCountOf(fileText));
      assertPosition(note.column, `note column (${note.kind})`);
      assertThat(note.message.trim() !== '', 'a note has no message');
    }
    for (const path of result.constraintFiles) assertThat(files.has(path), `constraint file ${path} was never read`);
  },
  growth: [
    textGrowth(
      'continuation lines of -r options',
      (size) => '-r a -r b -r c \\\n'.repeat(size),
      (text) => scanRequirementsText(text, 'r.txt', bundledDatabase()),
    ),
    textGrowth(
      'continuation lines of a requirement',
      (size) => `django \\\n${'  --hash=sha256:0 \\\n'.repeat(size)}`,
      (text) => scanRequirementsText(text, 'r.txt', bundledDatabase()),
    ),
    textGrowth(
      'a long line of spaces',
      (size) => `django==1.0${' '.repeat(size * 16)}x`,
      (text) => scanRequirementsText(text, 'r.txt', bundledDatabase()),
    ),
    textGrowth(
      'a long line of quotes after -r',
      (size) => `-r ${'"'.repeat(size * 16)}`,
      (text) => scanRequirementsText(text, 'r.txt', bundledDatabase()),
    ),
    textGrowth(
      'many distinct pins',
      (size) => Array.from({ length: size }, (_, i) => `p${String(i)}==1.${String(i)}`).join('\n'),
      (text) => scanRequirementsText(text, 'r.txt', bundledDatabase()),
    ),
    textGrowth(
      'many extras',
      (size) => `django[${'a,'.repeat(size * 4)}]==1.0`,
      (text) => scanRequirementsText(text, 'r.txt', bundledDatabase()),
    ),
  ],
});

/** Names the bundled database knows, so queries reach the specifier evaluation. */
const KNOWN_NAMES = ['django', 'jinja2', 'flask', 'requests', 'urllib3', 'pyyaml', 'pillow', 'werkzeug'];

function assertWellFormedMatches(matches: readonly AdvisoryMatch[]): void {
  for (const match of matches) {
    assertThat(typeof match.advisory.id === 'string' && match.advisory.id !== '', 'a match has no advisory id');
    assertThat(
      match.fixedVersions.every((version) => typeof version === 'string'),
      'a fixed version is not text',
    );
  }
}

let rangeCounter = 0;

/** A specifier the memo has not seen: a growth run must do the work every time. */
function freshSpecifier(text: string): string {
  rangeCounter += 1;
  return `${text},<${String(rangeCounter + 10_000)}`;
}

const pep440 = fuzzTarget({
  name: 'PEP 440 versions and specifiers',
  arbitrary: () =>
    fc.tuple(
      fc.oneof(versionText, hostileString),
      fc.oneof(specifierText, hostileString),
      fc.array(versionText, { maxLength: 6 }),
      fc.constantFrom(...KNOWN_NAMES),
    ),
  check: ([version, specifier, candidates, name]) => {
    const db = bundledDatabase();
    if (neverThrows(() => isPep440Version(version))) {
      assertThat(neverThrows(() => pep440Facts(version)) !== undefined, `${version} is valid but has no facts`);
      assertWellFormedMatches(neverThrows(() => db.advisoriesAffecting(name, version)));
    } else {
      // A version pip cannot order still reaches the database (=== pins): only exact text matches.
      assertWellFormedMatches(neverThrows(() => db.advisoriesAffecting(name, version)));
    }
    const valid = neverThrows(() => isPep440Specifier(specifier));
    const clauses = neverThrows(() => parseSpecifierClauses(specifier));
    for (const named of neverThrows(() => specifierVersions(specifier))) {
      assertThat(isPep440Version(named), `specifierVersions gave ${named}, not a version`);
    }
    if (!valid) return;
    if (!/^==(?!=)\s*[^\s,*]+$/.test(specifier.trim())) {
      assertThat(clauses !== undefined, `${specifier} is valid but has no clauses`);
    }
    const versions = candidates.filter((candidate) => isPep440Version(candidate));
    const allowed = neverThrows(() => versionsAllowedBy(versions, specifier));
    assertThat(
      allowed.every((candidate) => versions.includes(candidate)),
      'versionsAllowedBy invented a version',
    );
    assertWellFormedMatches(neverThrows(() => db.advisoriesReachable(name, specifier)));
    neverThrows(() => db.versionsAllowed(name, specifier));
  },
  growth: [
    textGrowth(
      'a version with many release parts',
      (size) => `1${'.0'.repeat(size * 4)}`,
      (text) => isPep440Version(text),
    ),
    textGrowth(
      'a version of many digits',
      (size) => '9'.repeat(size * 8),
      (text) => pep440Facts(text),
    ),
    textGrowth(
      'a specifier of many clauses',
      (size) => `>=1.0${',!=1.1'.repeat(size)}`,
      (text) => isPep440Specifier(freshSpecifier(text)),
    ),
    textGrowth(
      'a long range evaluated against django',
      (size) => `>=1.0${',!=1.1'.repeat(size)}`,
      (text) => bundledDatabase().advisoriesReachable('django', freshSpecifier(text)),
    ),
  ],
});

const CWE_OR_SEVERITY_OK = (advisory: { severity?: string; cwe: readonly number[] }): boolean =>
  (advisory.severity === undefined || (SEVERITIES as readonly string[]).includes(advisory.severity)) &&
  advisory.cwe.every((id) => Number.isInteger(id) && id >= 0);

const osvAdvisory = fuzzTarget({
  name: 'OSV advisory records (parseOsvAdvisory)',
  arbitrary: osvRecordText,
  check: (text) => {
    const result = neverThrows(() => parseOsvAdvisory(text));
    switch (result.kind) {
      case 'invalid':
        assertThat(typeof result.reason === 'string' && result.reason !== '', 'an invalid record has no reason');
        return;
      case 'withdrawn':
      case 'not-pypi':
        assertThat(typeof result.id === 'string' && result.id !== '', `a ${result.kind} record has no id`);
        return;
      case 'advisory': {
        const { advisory } = result;
        assertThat(typeof advisory.id === 'string' && advisory.id !== '', 'an advisory has no id');
        assertThat(
          advisory.aliases.every((alias) => typeof alias === 'string'),
          'an alias is not text',
        );
        assertThat(
          typeof advisory.summary === 'string' && advisory.summary.length <= 240,
          'the summary is not bounded',
        );
        assertThat(
          CWE_OR_SEVERITY_OK(advisory),
          `severity ${String(advisory.severity)} or CWEs ${JSON.stringify(advisory.cwe)}`,
        );
        for (const affected of advisory.affected) {
          assertThat(
            /^[^A-Z_.]*$/.test(affected.packageName),
            `package name ${affected.packageName} is not normalised`,
          );
          assertThat(
            affected.versions.every((version) => typeof version === 'string'),
            'a listed version is not text',
          );
          for (const range of affected.ranges) {
            for (const event of range) {
              assertThat(['introduced', 'fixed', 'last_affected'].includes(event.kind), `event kind ${event.kind}`);
              assertThat(typeof event.version === 'string', 'an event version is not text');
            }
          }
        }
      }
    }
  },
  growth: [
    textGrowth(
      'details of many spaces',
      (size) => JSON.stringify({ id: 'X', details: `a${' '.repeat(size * 16)}b`, affected: [] }),
      (text) => parseOsvAdvisory(text),
    ),
    textGrowth(
      'many ranges',
      (size) =>
        JSON.stringify({
          id: 'X',
          affected: [
            {
              package: { ecosystem: 'PyPI', name: 'x' },
              ranges: Array.from({ length: size }, () => ({
                type: 'ECOSYSTEM',
                events: [{ introduced: '0' }, { fixed: '1.0' }],
              })),
            },
          ],
        }),
      (text) => parseOsvAdvisory(text),
    ),
  ],
});

/** An export zip: records under file names (some hostile), optionally corrupted byte by byte. */
const osvZipBytes = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('PYSEC-1.json', 'a/b.json', '../x.json', 'x.JSON', 'readme.txt', '.json', '__proto__.json'),
          hostileString.map((name) => `${name}.json`),
        ),
        fc.oneof(
          osvRecordValue.map((value) => JSON.stringify(value)),
          osvRecordText(),
        ),
      ),
      { maxLength: 3 },
    ),
    // Stored and fast levels mostly: deflating at level 9 would cost more than the parsing under test.
    fc.constantFrom(0, 0, 1, 6),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'truncate', 'insert')), {
      maxLength: 3,
    }),
  )
  .map(([records, level, corruptions]) => {
    let bytes: Uint8Array = zipSync(
      Object.fromEntries(records.map(([name, text]) => [name, new TextEncoder().encode(text)])),
      { level },
    );
    for (const [position, value, kind] of corruptions) {
      const at = bytes.length === 0 ? 0 : position % bytes.length;
      if (kind === 'set') {
        bytes = Uint8Array.from(bytes);
        bytes[at] = value;
      } else if (kind === 'truncate') bytes = bytes.slice(0, at);
      else bytes = Uint8Array.from([...bytes.slice(0, at), value, ...bytes.slice(at)]);
    }
    return bytes;
  });

const osvZip = fuzzTarget({
  name: 'OSV export zip, its index and the queries over it (db update)',
  arbitrary: () => fc.tuple(osvZipBytes, fc.array(fc.tuple(packageName, versionText, specifierText), { maxLength: 2 })),
  check: ([zip, queries]) => {
    const index = returnsOrThrows(() => advisoryIndexOfZip(zip, 'sha', 'the download'), ['DATABASE_INVALID']);
    if (index === undefined) return;
    const db = new VulnerabilityDatabase(index, {
      source: 'x',
      sourceKind: 'file',
      date: '',
      path: 'x',
      attribution: '',
    });
    const names = [...index.packageNames(), ...queries.map(([name]) => name)];
    for (const [position, [, version, specifier]] of queries.entries()) {
      const name = names[position % names.length] ?? 'x';
      assertWellFormedMatches(neverThrows(() => db.advisoriesAffecting(name, version)));
      if (isPep440Specifier(specifier))
        assertWellFormedMatches(neverThrows(() => db.advisoriesReachable(name, specifier)));
      neverThrows(() => db.newestKnownVersion(name));
      if (isPep440Version(version)) neverThrows(() => db.explainVersion(name, version));
    }
  },
  growth: [manyClaimsOnOnePackage()],
});

/** One advisory with `size` affected entries for the same package, each with its own fixed version. */
function manyClaimsOnOnePackage(): GrowthCheck {
  return {
    name: 'one advisory with many claims on one package',
    knownIssue:
      'computeFixedVersions tests every fixed version against every claim, O(claims²) for one advisory; only a hostile OSV download has thousands',
    prepare: (size) => {
      const record = {
        id: 'GROWTH-1',
        affected: Array.from({ length: size }, (_, i) => ({
          package: { ecosystem: 'PyPI', name: 'demo' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: `${String(i)}.0` }, { fixed: `${String(i)}.1` }] }],
        })),
      };
      const zip = zipSync({ 'GROWTH-1.json': new TextEncoder().encode(JSON.stringify(record)) });
      return () => {
        const db = new VulnerabilityDatabase(advisoryIndexOfZip(zip, 'sha', 'growth'), {
          source: 'x',
          sourceKind: 'file',
          date: '',
          path: 'x',
          attribution: '',
        });
        return db.advisoriesAffecting('demo', '0.0.5');
      };
    },
  };
}

export const targets: readonly FuzzTarget[] = [requirementsScan, pep440, osvAdvisory, osvZip];
