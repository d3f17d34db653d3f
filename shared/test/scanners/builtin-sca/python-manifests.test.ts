// Real-world-shaped Python projects (a Django service on Poetry, a FastAPI service on uv, a Flask app on
// Pipenv, a PEP 751 lock), scanned by the built-in engine against advisories these tests define. The
// expected findings were worked out by hand from those advisories' ranges and the versions the files
// install (each case says why), not taken from the engine's output.
import { deepStrictEqual, ok } from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import type { Finding, FindingDraft } from '../../../src/findings/finding';
import type { ProcessRunner } from '../../../src/process/process-runner';
import { createBuiltinScaScanner } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { clearLoadedDatabases, loadVulnerabilityDatabase } from '../../../src/scanners/builtin-sca/database-loader';
import { readPythonManifest, scanPythonManifests } from '../../../src/scanners/builtin-sca/manifest-scan';
import { scanRequirementsText } from '../../../src/scanners/builtin-sca/requirements-scan';
import type { ScannerOutcome } from '../../../src/scanners/scanner';

type ReadManifestKind = Parameters<typeof readPythonManifest>[0];
import { databaseOf, osvZip, type TestAdvisory } from './osv-test-data';

const FIXTURES = join(__dirname, 'fixtures', 'manifests');
const neverRuns: ProcessRunner = () => Promise.reject(new Error('the built-in SCA engine runs no process'));

const ADVISORIES: readonly TestAdvisory[] = [
  { id: 'ADV-DJANGO-1', package: 'Django', events: [[{ introduced: '4.0' }, { fixed: '4.2.16' }]] },
  { id: 'ADV-DJANGO-2', package: 'django', events: [[{ introduced: '0' }, { fixed: '3.2.25' }]] },
  { id: 'ADV-DRF', package: 'djangorestframework', events: [[{ introduced: '0' }, { fixed: '3.15.2' }]] },
  { id: 'ADV-REQUESTS', package: 'requests', events: [[{ introduced: '2.3.0' }, { fixed: '2.32.0' }]] },
  { id: 'ADV-URLLIB3', package: 'urllib3', events: [[{ introduced: '2.0.0' }, { fixed: '2.2.2' }]] },
  { id: 'ADV-FASTAPI', package: 'fastapi', events: [[{ introduced: '0' }, { fixed: '0.109.1' }]] },
  { id: 'ADV-STARLETTE', package: 'starlette', events: [[{ introduced: '0' }, { fixed: '0.40.0' }]] },
  { id: 'ADV-JINJA2', package: 'Jinja2', events: [[{ introduced: '0' }, { fixed: '3.1.4' }]] },
  { id: 'ADV-WERKZEUG', package: 'Werkzeug', events: [[{ introduced: '0' }, { fixed: '3.0.3' }]] },
  { id: 'ADV-FLASK', package: 'flask', events: [[{ introduced: '2.3.0' }, { fixed: '2.3.2' }]] },
  { id: 'ADV-PYDANTIC', package: 'pydantic', events: [[{ introduced: '2.0' }, { fixed: '2.4.0' }]] },
  // Packages installed from git, a folder or a VCS: never checked against an index's advisories.
  { id: 'ADV-PAYMENTS', package: 'payments-sdk', events: [[{ introduced: '0' }]] },
  { id: 'ADV-TOOLING', package: 'tooling', events: [[{ introduced: '0' }]] },
  { id: 'ADV-INTERNAL', package: 'internal-auth', events: [[{ introduced: '0' }]] },
  { id: 'ADV-SHARED', package: 'shared-models', events: [[{ introduced: '0' }]] },
];

/** [file, line, advisory, definite, declared in] for each finding. */
type Row = [string, number, string, boolean, unknown];

function rows(findings: readonly (Finding | FindingDraft)[]): Row[] {
  return findings
    .map((finding): Row => [
      finding.location.path,
      finding.location.line,
      finding.ruleId,
      finding.properties?.['definite'] === true,
      finding.properties?.['declaredIn'] ?? null,
    ])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || a[2].localeCompare(b[2]));
}

describe('Python manifests and lockfiles (built-in SCA)', function () {
  this.timeout(30_000);
  let cache: string;
  let databasePath: string;
  let outcome: ScannerOutcome;

  before(async () => {
    cache = mkdtempSync(join(tmpdir(), 'sca-manifests-'));
    databasePath = join(cache, 'test.zip');
    writeFileSync(databasePath, osvZip(ADVISORIES));
    clearLoadedDatabases();
    outcome = await createBuiltinScaScanner({ databasePath }).scan({
      root: FIXTURES,
      config: DEFAULT_CONFIG,
      runProcess: neverRuns,
      env: { DEVSECOPS_CACHE_DIR: cache },
    });
  });
  after(() => {
    rmSync(cache, { recursive: true, force: true });
    clearLoadedDatabases();
  });

  it('reports each advisory once, on the lockfile line of the installed package, naming the declaring line', () => {
    deepStrictEqual(rows(outcome.findings), [
      // django 4.2.11 is in [4.0, 4.2.16) (not in [0, 3.2.25)); declared as Django = "^4.2" → >=4.2,<5.0.
      ['django-poetry/poetry.lock', 18, 'ADV-DJANGO-1', true, ['django-poetry/pyproject.toml:10 (Django>=4.2,<5.0)']],
      // djangorestframework 3.14.0 < 3.15.2; declared as { version = "~3.14" } → >=3.14,<3.15.
      [
        'django-poetry/poetry.lock',
        36,
        'ADV-DRF',
        true,
        ['django-poetry/pyproject.toml:11 (djangorestframework>=3.14,<3.15)'],
      ],
      // requests 2.31.0 is in [2.3.0, 2.32.0); declared twice, once per Python version.
      [
        'django-poetry/poetry.lock',
        66,
        'ADV-REQUESTS',
        true,
        ['django-poetry/pyproject.toml:14 (requests<=2.28)', 'django-poetry/pyproject.toml:15 (requests>=2.31,<3.0)'],
      ],
      // urllib3 2.0.7 is in [2.0.0, 2.2.2): a transitive package, declared nowhere.
      ['django-poetry/poetry.lock', 90, 'ADV-URLLIB3', true, null],
      // fastapi 0.109.0 < 0.109.1 (the lock is older than the declared >=0.110; the lock is what is installed).
      ['fastapi-uv/uv.lock', 11, 'ADV-FASTAPI', true, ['fastapi-uv/pyproject.toml:7 (fastapi>=0.110)']],
      ['fastapi-uv/uv.lock', 30, 'ADV-JINJA2', true, ['fastapi-uv/pyproject.toml:10 (jinja2>=3.1.2)']],
      // starlette 0.36.3 < 0.40.0; pydantic 2.7.1 is past 2.4.0; payments-sdk comes from git.
      ['fastapi-uv/uv.lock', 72, 'ADV-STARLETTE', true, ['fastapi-uv/pyproject.toml:8 (starlette)']],
      // Pipfile.lock: flask 3.0.2 is outside [2.3.0, 2.3.2); jinja2 3.1.3 < 3.1.4; werkzeug 3.0.1 < 3.0.3 in
      // both categories (two entries, two findings); blog-theme is an editable path.
      ['flask-pipenv/Pipfile.lock', 27, 'ADV-JINJA2', true, null],
      ['flask-pipenv/Pipfile.lock', 32, 'ADV-WERKZEUG', true, null],
      ['flask-pipenv/Pipfile.lock', 46, 'ADV-WERKZEUG', true, null],
      // pylock.toml: requests 2.31.0; urllib3 2.2.1 (from its sdist's file name) < 2.2.2; werkzeug 3.0.3 is fixed.
      ['pylock-service/pylock.toml', 7, 'ADV-REQUESTS', true, null],
      ['pylock-service/pylock.toml', 15, 'ADV-URLLIB3', true, null],
    ]);
  });

  it('notes every package that does not come from an index, and leaves the project itself out silently', () => {
    deepStrictEqual(outcome.tools.length, 1);
    const [run] = outcome.tools;
    deepStrictEqual(run?.unscanned, undefined);
    deepStrictEqual(run?.notes, [
      'django-poetry/poetry.lock:44:1: internal-auth comes from git https://git.example.com/auth.git, not from a package index: not checked.',
      'django-poetry/poetry.lock:77:1: shared-models comes from directory ../shared-models, not from a package index: not checked.',
      'django-poetry/pyproject.toml:17:1: internal-auth comes from git https://git.example.com/auth.git, not from a package index: not checked.',
      'django-poetry/pyproject.toml:18:1: shared-models comes from path ../shared-models, not from a package index: not checked.',
      'fastapi-uv/pyproject.toml:11:5: payments-sdk comes from git https://git.example.com/payments-sdk ([tool.uv.sources]), not from a package index: not checked.',
      'fastapi-uv/uv.lock:52:1: payments-sdk comes from git https://git.example.com/payments-sdk?rev=a1b2c3d#a1b2c3d, not from a package index: not checked.',
      'flask-pipenv/Pipfile.lock:36:9: blog-theme comes from path ./theme, not from a package index: not checked.',
      'pylock-service/pylock.toml:30:1: tooling comes from a version control system, not from a package index: not checked.',
    ]);
  });

  it('without its lockfile, checks a pyproject.toml as declared: ranges are not definite, one level lower', () => {
    const db = databaseOf(ADVISORIES);
    const text = readFileSync(join(FIXTURES, 'fastapi-uv', 'pyproject.toml'), 'utf8');
    const path = 'pyproject.toml';
    const results = scanPythonManifests(
      [{ path, kind: 'pyproject', reading: readPythonManifest('pyproject', text, path) }],
      db,
    );
    const result = results.get(path);
    // fastapi>=0.110 and pydantic>=2.5 are past every affected version; jinja2>=3.1.2 allows 3.1.2 and 3.1.3;
    // starlette (no specifier): its newest known release, 0.40.0, is the fixed one.
    deepStrictEqual(rows(result?.findings ?? []), [['pyproject.toml', 10, 'ADV-JINJA2', false, null]]);
    deepStrictEqual(
      result?.findings.map((finding) => [finding.severity, finding.location.column, finding.location.endColumn]),
      [['low', 6, 19]],
    );
    deepStrictEqual(
      result.notes.map((note) => [note.line, note.kind]),
      [
        [11, 'not-a-release'],
        [8, 'unpinned'],
      ],
    );
  });

  it('keeps the marker a lockfile entry carries (PEP 751 `marker`, poetry.lock 2.1 `markers`) on the finding', () => {
    const db = databaseOf(ADVISORIES);
    const poetry =
      '[[package]]\nname = "werkzeug"\nversion = "3.0.1"\ngroups = ["main"]\nmarkers = "python_version >= \\"3.9\\""\n';
    const pylock =
      'lock-version = "1.0"\n[[packages]]\nname = "werkzeug"\nversion = "3.0.1"\nmarker = "sys_platform == \'linux\'"\n';
    const markers = (kind: ReadManifestKind, text: string): unknown[] =>
      (
        scanPythonManifests([{ path: 'f', kind, reading: readPythonManifest(kind, text, 'f') }], db).get('f')
          ?.findings ?? []
      ).map((finding) => finding.properties?.['marker']);
    deepStrictEqual(markers('poetry-lock', poetry), ['python_version >= "3.9"']);
    deepStrictEqual(markers('pylock', pylock), ["sys_platform == 'linux'"]);
  });

  it('checks a declared package its lockfile lacks as declared, and says the lockfile is out of date', () => {
    const db = databaseOf(ADVISORIES);
    const manifest = '[project]\nname = "x"\ndependencies = ["werkzeug>=2.0,<3", "requests==2.31.0"]\n';
    const lock =
      'version = 1\n[[package]]\nname = "requests"\nversion = "2.32.3"\nsource = { registry = "https://pypi.org/simple" }\n';
    const files = [
      {
        path: 'svc/pyproject.toml',
        kind: 'pyproject' as const,
        reading: readPythonManifest('pyproject', manifest, 'svc/pyproject.toml'),
      },
      { path: 'svc/uv.lock', kind: 'uv-lock' as const, reading: readPythonManifest('uv-lock', lock, 'svc/uv.lock') },
    ];
    const results = scanPythonManifests(files, db);
    // requests: the lock installs 2.32.3 (fixed), so the manifest's ==2.31.0 is not what runs: no finding.
    deepStrictEqual(rows(results.get('svc/pyproject.toml')?.findings ?? []), [
      ['svc/pyproject.toml', 3, 'ADV-WERKZEUG', false, null],
    ]);
    deepStrictEqual(results.get('svc/pyproject.toml')?.notes, [
      {
        path: 'svc/pyproject.toml',
        line: 3,
        column: 18,
        kind: 'not-locked',
        message:
          'werkzeug is declared here but uv.lock beside it does not list it: the lockfile is out of date (run uv lock). Checked as declared.',
      },
    ]);
    deepStrictEqual(results.get('svc/uv.lock')?.findings, []);
  });

  it('on the bundled database, each lockfile format finds what the requirements-file engine finds for the same pins', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sca-bundled-'));
    try {
      const db = await loadVulnerabilityDatabase({ cacheDir });
      const pins: readonly [string, string][] = [
        ['Django', '3.2.0'],
        ['flask', '2.2.4'],
        ['Jinja2', '2.11.2'],
        ['urllib3', '1.26.4'],
        ['requests', '2.25.0'],
        ['Pillow', '8.0.0'],
        ['Werkzeug', '2.0.0'],
      ];
      // The oracle: the requirements-file engine (its own parser and tests) on the same exact pins.
      const oracle = scanRequirementsText(pins.map(([name, version]) => `${name}==${version}\n`).join(''), 'r.txt', db);
      const byLine = (findings: readonly FindingDraft[], lineOf: (index: number) => number): string[][] =>
        pins.map((_, index) =>
          findings
            .filter((finding) => finding.location.line === lineOf(index))
            .map((finding) => finding.ruleId)
            .sort(),
        );
      const expected = byLine(oracle.findings, (index) => index + 1);
      ok(expected.flat().length > 20, 'the oracle finds the known advisories of these old releases');
      const poetry = pins
        .map(([name, version]) => `[[package]]\nname = "${name}"\nversion = "${version}"\n`)
        .join('\n');
      const uv = pins
        .map(
          ([name, version]) =>
            `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }\n`,
        )
        .join('\n');
      const pylock = `lock-version = "1.0"\n${pins.map(([name, version]) => `[[packages]]\nname = "${name}"\nversion = "${version}"\n`).join('\n')}`;
      const pipfile = JSON.stringify(
        { default: Object.fromEntries(pins.map(([name, version]) => [name, { version: `==${version}` }])) },
        null,
        4,
      );
      const cases: readonly [ReadManifestKind, string, (index: number) => number][] = [
        ['poetry-lock', poetry, (index) => index * 4 + 2],
        ['uv-lock', uv, (index) => index * 5 + 2],
        ['pylock', pylock, (index) => index * 4 + 3],
        ['pipfile-lock', pipfile, (index) => index * 3 + 3],
      ];
      for (const [kind, text, lineOf] of cases) {
        const results = scanPythonManifests(
          [{ path: 'lock', kind, reading: readPythonManifest(kind, text, 'lock') }],
          db,
        );
        deepStrictEqual(byLine(results.get('lock')?.findings ?? [], lineOf), expected, kind);
      }
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
