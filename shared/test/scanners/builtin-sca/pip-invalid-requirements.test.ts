import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { requirementsUnscannedReason } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { isEnvironmentMarker } from '../../../src/scanners/builtin-sca/environment-marker';
import { parseRequirementsFile } from '../../../src/scanners/builtin-sca/requirements-file';
import { pipParseResults, pipVendoredPackagingVersion } from '../../pip-reference';
import { seededRandom } from '../../seeded-random';

/**
 * What pip does with a requirements file holding one requirement line. pip reads every requirement of the file
 * (`install_req_from_parsed_requirement`) before it installs any, so a line it cannot read refuses the whole file.
 * Which lines it reads depends on the packaging it vendors: 21.3 up to pip 24.0, 24 and later since pip 24.1.
 * - `refused`: every pip refuses the file.
 * - `refused-since-24.1`: a legacy specifier, which packaging 21.3 reads and later packaging does not.
 * - `refused-before-24.1`: a trailing comma, which only packaging 22 and later allow. Read as newer pip reads it.
 * - `installed`: every pip installs from it.
 */
type PipVerdict = 'refused' | 'refused-since-24.1' | 'refused-before-24.1' | 'installed';

/** Requirement lines and what pip does with a file holding each, checked below against pip itself. */
const CASES: readonly (readonly [string, PipVerdict])[] = [
  // Not PEP 508: the name, the operator, the extras, the clauses.
  ['flask=2.0', 'refused'],
  ['$web-kit==1.0', 'refused'],
  ['flask[bad extra]==1', 'refused'],
  ['flask[x,]==1', 'refused'],
  ['flask>=1,,<2', 'refused'],
  ['flask ,', 'refused'],
  ['flask==2.0 frobnicate', 'refused'],
  ['flask (==1.0', 'refused'],
  ['flask=>1.0', 'refused'],
  ['flask~=1', 'refused'],
  // pip's own check: a legacy version ending in "]" is extras written after the version.
  ['flask>=1.0[security]', 'refused'],
  ['flask===1.0[security]', 'refused'],
  // The environment marker: packaging's grammar, of either version.
  ['flask==2.0; bogus', 'refused'],
  ['flask==2.0; os_name == "nt" and', 'refused'],
  ['flask==2.0; python_version < 3', 'refused'],
  ['flask==2.0; (os_name == "nt"', 'refused'],
  ['flask==2.0; platform.release == "x"', 'refused'],
  ['flask==not.a.version; bogus', 'refused'],
  // Legacy specifiers.
  ['flask==not.a.version', 'refused-since-24.1'],
  ['flask (<)', 'refused-since-24.1'],
  ['flask>=2.0+local', 'refused-since-24.1'],
  ['flask!=*; python_version < "3.8"', 'refused-since-24.1'],
  ['flask>=1.0, <=  2.x', 'refused-since-24.1'],
  // One comma after the last clause.
  ['flask>=1,', 'refused-before-24.1'],
  ['flask (==1.0 , )', 'refused-before-24.1'],
  // What pip installs. pip drops an empty marker before packaging reads the line.
  ['flask==2.0 ;', 'installed'],
  ['flask', 'installed'],
  ['Flask_2 [ a , b.c ] (>=1, <2)', 'installed'],
  ['flask===not.a.version', 'installed'],
  ['flask[x]>=1,<2; python_version < "3.8" and (os_name == "nt" or sys.platform == "linux")', 'installed'],
  ["flask;python_version<'3'and os.name=='posix'", 'installed'],
  ['flask; "cpython" in implementation_name', 'installed'],
  ['flask; extra not in "x,y"', 'installed'],
  ['flask; ((python_version >= "3"))', 'installed'],
  // packaging reads a `===` version up to the next blank: one clause here, and an empty version is allowed. This
  // parser does not read these specifiers and notes the line "not checked", without saying pip refuses it.
  ['flask===1.0,,>=2', 'installed'],
  ['flask===', 'installed'],
];

/** Our reading of a file: whether it says pip refuses it (every pip, or pip 24.1 and later), and lists it unscanned. */
function ourVerdict(text: string): 'refused' | 'refused-since-24.1' | 'installed' {
  const parsed = parseRequirementsFile(text, 'requirements.txt');
  const refused = parsed.notes.some(
    (note) => note.kind === 'invalid-requirement' && note.message.startsWith('pip refuses this file: '),
  );
  const legacy = parsed.notes.some(
    (note) => note.kind === 'legacy-specifier' && note.message.startsWith('pip 24.1 and later refuse this file: '),
  );
  strictEqual(requirementsUnscannedReason('requirements.txt', parsed.notes) !== undefined, refused || legacy, text);
  if (refused) return 'refused';
  return legacy ? 'refused-since-24.1' : 'installed';
}

/** Whether a pip whose packaging is `packagingMajor` refuses a file of the given verdict. */
function pipRefuses(verdict: PipVerdict, packagingMajor: number): boolean {
  if (verdict === 'refused') return true;
  if (verdict === 'refused-since-24.1') return packagingMajor >= 22;
  if (verdict === 'refused-before-24.1') return packagingMajor < 22;
  return false;
}

/** The major version of the packaging the machine's pip vendors (21 for pip 23.0.1 and 23.2.1, 24 for pip 24.1). */
function vendoredPackagingMajor(): number {
  const version = pipVendoredPackagingVersion();
  console.log(`      pip's vendored packaging: ${version}`);
  return Number.parseInt(version, 10);
}

/**
 * Prints, for each requirement line read from stdin (JSON), whether a standalone packaging 22 or later refuses it,
 * read as pip 24.1 and later read it (`parse_req_from_line`: the marker split off at the first ";" and dropped when
 * empty, then `Marker` and `Requirement`, then pip's check for extras after the version); or, without such a
 * packaging, the reason it cannot.
 */
const NEWER_PACKAGING_REFERENCE = String.raw`
import json, sys
try:
    import packaging
    from packaging.markers import Marker
    from packaging.requirements import Requirement
except ImportError:
    print(json.dumps('no standalone packaging module'))
    sys.exit(0)
if int(packaging.__version__.split('.')[0]) < 22:
    print(json.dumps('standalone packaging ' + packaging.__version__ + ' still reads legacy specifiers'))
    sys.exit(0)
out = []
for line in json.load(sys.stdin):
    name = line
    try:
        if ';' in name:
            name, marker = name.split(';', 1)
            if marker.strip():
                Marker(marker.strip())
        requirement = Requirement(name.strip())
        # pip's own check after packaging's: a version ending in "]" is extras written after it.
        if any(str(spec).endswith(']') for spec in requirement.specifier):
            raise ValueError('extras after version')
        out.append(False)
    except Exception:
        out.append(True)
print(json.dumps({'version': packaging.__version__, 'refused': out}))
`;

/** The newer packaging's verdicts on `lines`, or why there is none (printed, and the check skipped). */
function newerPackagingRefuses(lines: readonly string[]): boolean[] | undefined {
  const run = spawnSync('python3', ['-c', NEWER_PACKAGING_REFERENCE], {
    input: JSON.stringify(lines),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  strictEqual(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as string | { version: string; refused: boolean[] };
  if (typeof result === 'string') {
    console.log(`      not checked against packaging 22 or later: ${result}`);
    return undefined;
  }
  console.log(`      standalone packaging: ${result.version}`);
  return result.refused;
}

const NAMES = ['flask', 'Flask_2', 'a', 'a.b', 'a-', '_a', 'a..b', '$web', 'web$', 'a b', '1a', 'é', 'zope.interface'];
const EXTRAS = ['', '', '', '[]', '[x]', '[x,y]', '[x y]', '[x,]', '[,x]', '[ x ]', '[x-]', '[x.y]', '[', '[x]]'];
const OPERATORS = ['==', '==', '>=', '<=', '~=', '!=', '<', '>', '===', '=', '=>', '<>', '~', ''];
const VERSIONS = [
  ...['2.0', '2.0', '1', '1.*', '1.0.*', '2.0+local', '2.0+', 'not.a.version', 'v1', '1.0a1', '1.0.post1.dev2'],
  ...['*', '1.*.2', '', '1_0', '1-0', 'ü', '1!2', '2.0]', '1.0[x]', '(1)'],
];
const MARKERS = [
  ...['', '', '', ';', '; ', '; python_version < "3.8"', ";python_version<'3'", '; bogus', '; os_name == "nt" and'],
  ...['; extra == "x"', '; (python_version >= "3")', '; python_version ~= "3"', '; platform.machine == "x"'],
  ...['; python_version < 3', '; implementation_name in "cpython pypy"', '; python_version not in "2.7"'],
  ...['; "a" == "b"', '; (os_name == "nt"', '; os_name == "nt")', '; extra not  in "x"', '; extras == "x"'],
  ...['; os_name=="a"andos_name=="b"', '; platform.release == "x"', '; python_version < "3" or ((os_name == "a"))'],
];

/** `count` requirement lines built from names, extras, specifier clauses and markers, valid or not. */
function generatedRequirementLines(count: number): string[] {
  const random = seededRandom(2027);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const specifier = (): string => {
    const clauses = Array.from(
      { length: pick([0, 1, 1, 1, 2, 3]) },
      () => `${pick(OPERATORS)}${pick(['', ' '])}${pick(VERSIONS)}`,
    );
    if (clauses.length === 0) return '';
    const joined = `${clauses.join(pick([',', ', ', ' ,', ',', ',,']))}${random() < 0.1 ? ',' : ''}`;
    return random() < 0.15 ? `(${joined})` : joined;
  };
  return Array.from(
    { length: count },
    () => `${pick(NAMES)}${pick(['', ' '])}${pick(EXTRAS)}${pick(['', ' '])}${specifier()}${pick(MARKERS)}`,
  );
}

/**
 * Lines where packaging's arbitrary equality (`===`) reads on past a comma or a ")" (its version runs to the next
 * blank: `===1.0,,>=2` is one clause, and empty clauses are then dropped), or where its version is empty, and
 * lines whose specifier with `===` this parser does not read (it notes them "not checked", saying nothing of pip).
 * They are left out of the generated corpus: this parser reads the clauses apart.
 */
function hasArbitraryEqualityQuirk(line: string): boolean {
  const requirement = line.split(';')[0] ?? '';
  if (!requirement.includes('===')) return false;
  const notRead = parseRequirementsFile(`${line}\n`, 'requirements.txt').notes.some(
    (note) => note.kind === 'invalid-specifier',
  );
  return notRead || [...requirement.matchAll(/===\s*(\S*)/g)].some(([, version = '']) => /^$|^\)|[,)]/.test(version));
}

/** A specifier with a comma after its last clause: packaging 21.3 (pip up to 24.0) refuses it, later ones allow it. */
function hasTrailingComma(line: string): boolean {
  const requirement = (line.split(';')[0] ?? '').trimEnd();
  return requirement.endsWith(',') || /,\s*\)$/.test(requirement);
}

/**
 * A marker only packaging 21.3 refuses: the variables `extras` and `dependency_groups` (packaging 25 and later), or
 * `not` and `in` apart by more than one blank (21.3 knows only `not in` with one space).
 */
function hasMarkerOnlyOlderRefuses(line: string): boolean {
  const marker = line.split(';')[1] ?? '';
  return /\b(?:extras|dependency_groups)\b|not[ \t]{2,}in|not\tin/.test(marker);
}

/** A marker only packaging 22 and later refuse: `and`, `or` or `in` run into the next word (`"a"andos_name`). */
function hasMarkerOnlyNewerRefuses(line: string): boolean {
  const marker = (line.split(';')[1] ?? '').replace(/"[^"]*"|'[^']*'/g, '""');
  return /(?:^|[\s"')])(?:and|or|in)[A-Za-z_]/.test(marker);
}

/**
 * What pip does with a generated line, from our verdict. Where the two packaging versions differ, this parser says
 * nothing (it reads the line): a trailing comma and the newer marker forms only older pip refuses, and a keyword run
 * into the next word only newer pip refuses.
 */
function expectedVerdict(line: string): PipVerdict {
  const ours = ourVerdict(`${line}\n`);
  if (ours !== 'installed') return ours;
  if (hasTrailingComma(line) || hasMarkerOnlyOlderRefuses(line)) return 'refused-before-24.1';
  return hasMarkerOnlyNewerRefuses(line) ? 'refused-since-24.1' : 'installed';
}

describe('requirement lines pip cannot read refuse the whole file, as pip refuses it', function () {
  this.timeout(180_000);

  it('reads each case as written beside it', () => {
    deepStrictEqual(
      CASES.map(([line]) => [line, ourVerdict(`${line}\n`)]),
      CASES.map(([line, verdict]) => [line, verdict === 'refused-before-24.1' ? 'installed' : verdict]),
    );
  });

  it("agrees with the machine's pip (parse_requirements, then install_req_from_parsed_requirement) on every case", () => {
    const major = vendoredPackagingMajor();
    const pip = pipParseResults<null>(
      CASES.map(([line]) => `${line}\n`),
      '[install_req_from_parsed_requirement(requirement) for requirement in requirements] and None',
    );
    deepStrictEqual(
      CASES.map(([line], index) => [line, pip[index] !== null]),
      CASES.map(([line, verdict]) => [line, pipRefuses(verdict, major)]),
    );
  });

  it('agrees with packaging 22 or later, as pip 24.1 and later read a line, on every case', function () {
    const refused = newerPackagingRefuses(CASES.map(([line]) => line));
    if (refused === undefined) this.skip();
    deepStrictEqual(
      CASES.map(([line], index) => [line, refused[index]]),
      CASES.map(([line, verdict]) => [line, pipRefuses(verdict, 24)]),
    );
  });

  describe('on a generated corpus of 5,000 requirement lines', () => {
    const corpus = generatedRequirementLines(5_000).filter((line) => !hasArbitraryEqualityQuirk(line));

    it("agrees with the machine's pip", () => {
      const major = vendoredPackagingMajor();
      const pip = pipParseResults<null>(
        corpus.map((line) => `${line}\n`),
        '[install_req_from_parsed_requirement(requirement) for requirement in requirements] and None',
      );
      const differing = corpus.filter(
        (line, index) => pipRefuses(expectedVerdict(line), major) !== (pip[index] !== null),
      );
      deepStrictEqual(differing, []);
      // Every kind is represented (at least 40 lines each): a corpus pip always refuses (or never) would prove little.
      const verdicts = corpus.map(expectedVerdict);
      for (const verdict of ['refused', 'refused-since-24.1', 'refused-before-24.1', 'installed'] as const) {
        ok(verdicts.filter((each) => each === verdict).length >= 40, verdict);
      }
      ok(corpus.length > 4_500, String(corpus.length));
    });

    it('agrees with packaging 22 or later', function () {
      const refused = newerPackagingRefuses(corpus);
      if (refused === undefined) this.skip();
      const differing = corpus.filter((line, index) => pipRefuses(expectedVerdict(line), 24) !== refused[index]);
      deepStrictEqual(differing, []);
    });
  });

  it('says at the line what pip does and what to do, and keeps the pins of the lines pip reads', () => {
    const parsed = parseRequirementsFile(
      'requests==2.0\nflask=2.0\ndjango==not.a.version\nsix==1.0 ; bogus\nattrs==1.0 ;\n',
      'requirements.txt',
    );
    deepStrictEqual(
      parsed.requirements.map((requirement) => [requirement.name, requirement.exactVersion, requirement.marker]),
      [
        ['requests', '2.0', undefined],
        ['attrs', '1.0', undefined],
      ],
    );
    deepStrictEqual(
      parsed.notes.map((note) => [note.line, note.column, note.kind, note.message]),
      [
        [
          2,
          6,
          'invalid-requirement',
          'pip refuses this file: "=2.0" is not a valid PEP 440 version specifier for flask; fix the line. Until then pip installs nothing from it.',
        ],
        [
          3,
          7,
          'legacy-specifier',
          'pip 24.1 and later refuse this file: "==not.a.version" is not a valid PEP 440 version specifier for django; fix the line. Earlier pip reads it as a legacy version and installs from the file, a version not checked here.',
        ],
        [
          4,
          10,
          'invalid-requirement',
          'pip refuses this file: "bogus" is not a valid environment marker; fix the line. Until then pip installs nothing from it.',
        ],
      ],
    );
  });

  it('attack: a marker of a million parentheses is read without overflowing the stack, in linear time', () => {
    const depth = 1_000_000;
    const started = Date.now();
    for (const grammar of ['packaging-21', 'packaging-22'] as const) {
      strictEqual(isEnvironmentMarker(`${'('.repeat(depth)}os_name == "nt"${')'.repeat(depth)}`, grammar), true);
      strictEqual(isEnvironmentMarker(`${'('.repeat(depth)}os_name == "nt"${')'.repeat(depth - 1)}`, grammar), false);
    }
    const parsed = parseRequirementsFile(`flask==2.0; ${'('.repeat(depth)}\n`, 'requirements.txt');
    deepStrictEqual(
      parsed.notes.map((note) => [note.kind, note.message.length < 500]),
      [['invalid-requirement', true]],
    );
    ok(Date.now() - started < 5_000, `${String(Date.now() - started)} ms`);
  });
});
