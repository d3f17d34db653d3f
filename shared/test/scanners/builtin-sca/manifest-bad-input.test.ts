// Hostile and broken manifests and lockfiles: each gives a clear note and makes the file unscanned,
// never a crash and never a silently empty result.
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import type { PythonManifestKind } from '../../../src/files/file-kinds';
import type { ProcessRunner } from '../../../src/process/process-runner';
import { createBuiltinScaScanner } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { clearLoadedDatabases } from '../../../src/scanners/builtin-sca/database-loader';
import type { ManifestReading } from '../../../src/scanners/builtin-sca/manifest-reading';
import { readPythonManifest } from '../../../src/scanners/builtin-sca/manifest-scan';
import { osvZip } from './osv-test-data';

const KINDS: readonly [PythonManifestKind, string][] = [
  ['pyproject', 'pyproject.toml'],
  ['poetry-lock', 'poetry.lock'],
  ['uv-lock', 'uv.lock'],
  ['pipfile-lock', 'Pipfile.lock'],
  ['pylock', 'pylock.toml'],
];

/** Kind and message of every note, and whether the file counts as unscanned. */
function summary(reading: ManifestReading): { notes: [string, string][]; unscanned: boolean; checked: string[] } {
  return {
    notes: reading.notes.map((note) => [note.kind, note.message]),
    unscanned: reading.problems.length > 0,
    checked: reading.requirements.map(({ requirement }) => `${requirement.name}${requirement.specifier}`),
  };
}

describe('Python manifests and lockfiles: bad input', function () {
  this.timeout(120_000);

  it('invalid syntax in each format: one note with where and why, the file unscanned, nothing checked', () => {
    const broken: Record<PythonManifestKind, string> = {
      pyproject: '[project]\ndependencies = ["flask==2.0"\nname = "x"\n',
      'poetry-lock': '[[package]]\nname = "flask"\nversion = 2.0.1\n',
      'uv-lock': '[[package]\nname = "flask"\n',
      'pipfile-lock': '{"default": {"flask": {"version": "==2.0.1",}}}',
      pylock: 'lock-version = "1.0"\n[[packages]]\nname = "a"\nname = "b"\n',
    };
    for (const [kind, file] of KINDS) {
      const reading = readPythonManifest(kind, broken[kind], file);
      strictEqual(reading.requirements.length, 0, kind);
      deepStrictEqual(
        reading.notes.map((note) => note.kind),
        ['invalid-file'],
        kind,
      );
      ok(
        reading.notes[0]?.message.startsWith(`${file} is not valid ${kind === 'pipfile-lock' ? 'JSON' : 'TOML'} (`),
        kind,
      );
      ok(
        reading.notes[0]?.message.endsWith(
          kind === 'pipfile-lock' ? 'Fix it, or lock again with pipenv lock.' : 'Fix its syntax.',
        ),
      );
      strictEqual(reading.problems.length, 1, kind);
    }
    // The note is where the parser stopped.
    const note = readPythonManifest('pyproject', broken.pyproject, 'pyproject.toml').notes[0];
    deepStrictEqual([note?.line, note?.column], [3, 1]);
  });

  it('wrong types: a note naming the key and the types, the rest of the file still checked', () => {
    deepStrictEqual(
      summary(
        readPythonManifest(
          'pyproject',
          [
            '[project]',
            'dependencies = "flask==2.0"',
            'optional-dependencies = { dev = ["pytest==8.0", 42] }',
            '[tool.poetry.dependencies]',
            'requests = 2',
            'httpx = { version = ["0.27"] }',
            'rich = "^13"',
          ].join('\n'),
          'pyproject.toml',
        ),
      ),
      {
        notes: [
          [
            'wrong-type',
            '[project] dependencies should be a list of requirement strings, not a string: not checked. Fix the file.',
          ],
          [
            'wrong-type',
            'An entry of [project.optional-dependencies] dev should be a requirement string, not a number: not checked. Fix the file.',
          ],
          [
            'wrong-type',
            'requests in [tool.poetry.dependencies] should be a constraint string or a table, not a number: not checked. Fix the file.',
          ],
          ['wrong-type', "httpx's version should be a constraint string, not a list: not checked. Fix the file."],
        ],
        unscanned: true,
        checked: ['pytest==8.0', 'rich>=13,<14'],
      },
    );
    deepStrictEqual(
      summary(
        readPythonManifest(
          'poetry-lock',
          '[[package]]\nname = 7\n[[package]]\nname = "ok"\nversion = "1.0"\n[[package]]\nname = "noversion"\n[[package]]\nname = "badver"\nversion = 1.5\n',
          'poetry.lock',
        ),
      ),
      {
        notes: [
          [
            'wrong-type',
            'The name of entry 1 of [[package]] should be a string, not a number: not checked. Fix the file.',
          ],
          [
            'wrong-type',
            'The version of noversion in [[package]] is missing: not checked. Fix the file or lock again.',
          ],
          [
            'wrong-type',
            'The version of badver in [[package]] should be a string, not a number: not checked. Fix the file.',
          ],
        ],
        unscanned: true,
        checked: ['ok==1.0'],
      },
    );
    deepStrictEqual(summary(readPythonManifest('uv-lock', 'version = 1\npackage = "flask"\n', 'uv.lock')), {
      notes: [['wrong-type', '[[package]] should be a list of tables, not a string: not checked. Fix the file.']],
      unscanned: true,
      checked: [],
    });
    deepStrictEqual(
      summary(
        readPythonManifest(
          'pipfile-lock',
          '{"_meta": {}, "default": {"flask": {"version": "2.0.1"}, "jinja2": "==3.1.3", "ok": {"version": "==1.0"}}, "develop": []}',
          'Pipfile.lock',
        ),
      ),
      {
        notes: [
          [
            'wrong-type',
            'The version of flask in "default" should be an exact pin like "==1.2.3", not "2.0.1": not checked. Lock again with pipenv lock.',
          ],
          [
            'wrong-type',
            'jinja2 in "default" should be an object, not a string: not checked. Lock again with pipenv lock.',
          ],
          [
            'wrong-type',
            '"develop" should be an object of packages, not a list: not checked. Lock again with pipenv lock.',
          ],
        ],
        unscanned: true,
        checked: ['ok==1.0'],
      },
    );
    deepStrictEqual(summary(readPythonManifest('pipfile-lock', '[1, 2]', 'Pipfile.lock')), {
      notes: [
        ['wrong-type', 'Pipfile.lock should hold a JSON object, not a list: not checked. Lock again with pipenv lock.'],
      ],
      unscanned: true,
      checked: [],
    });
    deepStrictEqual(
      summary(readPythonManifest('pylock', 'lock-version = "1.0"\n[[packages]]\nname = "a"\n', 'pylock.toml')),
      {
        notes: [
          ['wrong-type', 'The version of a in [[packages]] is missing: not checked. Fix the file or lock again.'],
        ],
        unscanned: true,
        checked: [],
      },
    );
  });

  it('hostile strings: huge names and versions, control characters, prototype keys, deep nesting', () => {
    const huge = 'a'.repeat(1_000_000);
    const lock = readPythonManifest('poetry-lock', `[[package]]\nname = "${huge}"\nversion = "1.0"\n`, 'poetry.lock');
    deepStrictEqual(
      lock.notes.map((note) => note.kind),
      ['unparseable'],
    );
    ok((lock.notes[0]?.message.length ?? 0) < 300, 'the note quotes an excerpt, not the megabyte');
    const control = readPythonManifest('uv-lock', '[[package]]\nname = "evil\\n[PASS]"\nversion = "1"\n', 'uv.lock');
    deepStrictEqual(
      control.notes.map((note) => note.message),
      ['The name of entry 1 of [[package]], "evil [PASS]", is not a valid package name: not checked. Fix the file.'],
    );
    const proto = readPythonManifest(
      'pipfile-lock',
      '{"default": {"__proto__": {"version": "==1.0"}, "constructor": {"version": "==1.0"}}}',
      'Pipfile.lock',
    );
    deepStrictEqual(summary(proto).checked, ['constructor==1.0']);
    deepStrictEqual(
      proto.notes.map((note) => note.kind),
      ['unparseable'],
    );
    const deepToml = readPythonManifest(
      'pyproject',
      `[project]\ndependencies = ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      'pyproject.toml',
    );
    deepStrictEqual(
      deepToml.notes.map((note) => note.kind),
      ['invalid-file'],
    );
    const deepJson = readPythonManifest(
      'pipfile-lock',
      `{"default": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      'Pipfile.lock',
    );
    ok(deepJson.problems.length > 0, 'a deeply nested Pipfile.lock is unscanned');
    const longConstraint = readPythonManifest(
      'pyproject',
      `[tool.poetry.dependencies]\nflask = "${'>=1,'.repeat(5000)}"\n`,
      'pyproject.toml',
    );
    deepStrictEqual(
      longConstraint.notes.map((note) => note.kind),
      ['invalid-specifier'],
    );
  });

  describe('through the scanner', () => {
    let root: string;
    let cache: string;
    const neverRuns: ProcessRunner = () => Promise.reject(new Error('runs no process'));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'sca-bad-'));
      cache = mkdtempSync(join(tmpdir(), 'sca-bad-cache-'));
      writeFileSync(
        join(cache, 'db.zip'),
        osvZip([{ id: 'PYSEC-1', package: 'flask', events: [[{ introduced: '0' }, { fixed: '3.0' }]] }]),
      );
      clearLoadedDatabases();
    });
    afterEach(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    });

    it('lists a broken or oversized file as unscanned and still reports the other files', async () => {
      write('api/pyproject.toml', '[project\n');
      write('web/uv.lock', `# ${'x'.repeat(33 * 1024 * 1024)}\n`);
      write('ok/Pipfile.lock', '{"default": {"flask": {"version": "==2.0.1"}}}');
      const outcome = await createBuiltinScaScanner({ databasePath: join(cache, 'db.zip') }).scan({
        root,
        config: DEFAULT_CONFIG,
        runProcess: neverRuns,
        env: { DEVSECOPS_CACHE_DIR: cache },
      });
      const reasons = (outcome.tools[0]?.unscanned ?? []).map((entry) => entry.reason);
      deepStrictEqual(
        outcome.findings.map((finding) => [finding.location.path, finding.location.line, finding.ruleId]),
        [['ok/Pipfile.lock', 1, 'PYSEC-1']],
      );
      deepStrictEqual(
        outcome.tools[0]?.unscanned?.map((entry) => entry.path),
        ['api/pyproject.toml', 'web/uv.lock'],
      );
      ok(
        reasons[0]?.startsWith(
          'Part of it could not be read, so its packages are not all checked. api/pyproject.toml:1: api/pyproject.toml is not valid TOML (',
        ),
      );
      ok(
        reasons[0]?.endsWith(
          'Fix its syntax. To leave it out on purpose, add api/pyproject.toml to `ignore` in .devsecops.yml.',
        ),
      );
      ok(reasons[1]?.startsWith('web/uv.lock is larger than 32 MB'));
    });
  });

  describe('fuzzing (10,000 inputs per format)', () => {
    const fragments = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        '[[package]]\n',
        '[[packages]]\n',
        '[project]\n',
        '[tool.poetry.dependencies]\n',
        '[tool.uv.sources]\n',
        '[package.source]\n',
        'name = "flask"\n',
        'name = 1\n',
        'version = "2.0.1"\n',
        'version = ">=1"\n',
        'type = "git"\n',
        'source = { git = "x" }\n',
        'source = { editable = "." }\n',
        'dependencies = [',
        '"flask>=1.0"',
        '"x @ https://h/x-1.0-py3-none-any.whl"',
        'flask = "^2.0"\n',
        'flask = { version = "~1", git = "g" }\n',
        '{"default": {',
        '"flask": {"version": "==1.0"}',
        '}}',
        ']',
        ',',
        '\n',
        '"""',
        '#',
        '{',
        '}',
      ),
    );
    for (const [kind, file] of KINDS) {
      it(`${file}: never throws; invalid input is always unscanned; positions stay inside the file`, () => {
        fc.assert(
          fc.property(fc.array(fragments, { maxLength: 25 }), (pieces) => {
            const text = pieces.join('');
            const reading = readPythonManifest(kind, text, file);
            const lines = text.split('\n').length;
            for (const { requirement } of reading.requirements) {
              ok(requirement.location.line >= 1 && requirement.location.line <= lines);
            }
            for (const note of reading.notes) ok(note.line >= 1 && note.line <= lines);
            let valid = true;
            try {
              if (kind === 'pipfile-lock') JSON.parse(text);
              else parseToml(text);
            } catch {
              valid = false;
            }
            if (!valid) ok(reading.problems.length > 0 && reading.requirements.length === 0, text);
          }),
          { numRuns: 10_000, seed: 21 },
        );
      });
    }
  });
});
