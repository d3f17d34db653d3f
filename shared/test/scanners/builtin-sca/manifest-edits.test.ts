import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import {
  lockfileUpdate,
  packageDeclarations,
  upgradeDeclarationEdit,
  upgradedPoetryConstraint,
  upgradedSpecifier,
} from '../../../src/scanners/builtin-sca/manifest-edits';
import { versionsAllowedBy } from '../../../src/scanners/builtin-sca/pep440';
import { poetryConstraintToPep440 } from '../../../src/scanners/builtin-sca/poetry-constraint';

const PYPROJECT = [
  '[project]', // 1
  'name = "shop"', // 2
  'dependencies = [', // 3
  '  "flask>=2.0",', // 4
  '  "Jinja2 [i18n] ; python_version >= \'3.8\'",', // 5
  '  \'requests==2.31.0 ; sys_platform == "linux"\',', // 6
  '  "urllib3 (>=1.26, <2)",', // 7
  '  "pkg @ https://example.com/pkg-1.0-py3-none-any.whl",', // 8
  '  "esc\\u0061ped>=1.0",', // 9
  ']', // 10
  '[tool.poetry.dependencies]', // 11
  'Django = "^4.2"  # web', // 12
  'celery = { extras = ["redis"], version = ">=5.3 <6" }', // 13
  'httpx = [', // 14
  '  { version = "~0.26", python = "<3.9" },', // 15
  '  { version = "0.27.0", python = ">=3.9" },', // 16
  ']', // 17
].join('\n');

/** The file after applying the edit at `at`, or undefined when there is none. */
function applied(at: { line: number; column?: number }, version: string): string | undefined {
  const edit = upgradeDeclarationEdit(PYPROJECT, 'pyproject.toml', at, version);
  if (!edit) return undefined;
  const lines = PYPROJECT.split('\n');
  const line = lines[edit.range.start.line - 1] ?? '';
  strictEqual(edit.range.start.line, edit.range.end.line);
  return `${line.slice(0, edit.range.start.column - 1)}${edit.newText}${line.slice(edit.range.end.column - 1)}`;
}

describe('manifest edits for the editor', () => {
  it('moves a PEP 508 specifier to the fixed version in its own style, leaving extras and markers alone', () => {
    deepStrictEqual(
      [4, 5, 6, 7].map((line) => applied({ line }, '2.3.3')),
      [
        '  "flask>=2.3.3",',
        '  "Jinja2 [i18n] >=2.3.3; python_version >= \'3.8\'",',
        '  \'requests==2.3.3 ; sys_platform == "linux"\',',
        '  "urllib3 (>=2.3.3)",',
      ],
    );
    // Not rewritten in place: a direct URL, an escaped string.
    deepStrictEqual([applied({ line: 8 }, '2.0'), applied({ line: 9 }, '2.0')], [undefined, undefined]);
  });

  it("moves a Poetry constraint in Poetry's style, in a table or a list of tables too", () => {
    deepStrictEqual(
      [12, 13, 15, 16].map((line) => applied({ line }, '4.2.16')),
      [
        'Django = "^4.2.16"  # web',
        'celery = { extras = ["redis"], version = ">=4.2.16,<6" }',
        '  { version = "~4.2.16", python = "<3.9" },',
        '  { version = "4.2.16", python = ">=3.9" },',
      ],
    );
    // Already there: no edit. No declaration at that place: none either.
    deepStrictEqual([applied({ line: 16 }, '0.27.0'), applied({ line: 1 }, '1.0')], [undefined, undefined]);
  });

  it('rewrites every specifier form so that it allows the fixed version and nothing lower', () => {
    const cases: readonly [string, string][] = [
      ['>=2.0', '>=2.3.3'],
      ['>=2.0,<3', '>=2.3.3,<3'],
      ['>=2.0, <3', '>=2.3.3, <3'],
      ['>=2.0,<2.3', '>=2.3.3'],
      ['<3', '>=2.3.3,<3'],
      ['>2.0', '>=2.3.3'],
      ['~=2.0', '~=2.3.3'],
      ['', '>=2.3.3'],
      ['==2.0.1', '==2.3.3'],
      ['===2.0.1', '===2.3.3'],
      ['!=2.3.3,>=2', '>=2.3.3'],
      ['!=2.1,>=2', '>=2.3.3,!=2.1'],
      ['==1.*', '>=2.3.3'],
      ['(>=2.0,<3)', '(>=2.3.3,<3)'],
    ];
    deepStrictEqual(
      cases.map(([specifier]) => upgradedSpecifier(specifier, '2.3.3')),
      cases.map(([, expected]) => expected),
    );
    for (const [, upgraded] of cases) {
      const bare = upgraded.replace(/^\((.*)\)$/, '$1');
      deepStrictEqual(versionsAllowedBy(['2.3.2', '2.3.3'], bare), ['2.3.3'], upgraded);
    }
  });

  it('rewrites every Poetry constraint form so that Poetry allows the fixed version and nothing lower', () => {
    const cases: readonly [string, string][] = [
      ['^2.0', '^2.3.3'],
      ['~2.0', '~2.3.3'],
      ['~=2.0', '~=2.3.3'],
      ['2.0.1', '2.3.3'],
      ['==2.0.1', '==2.3.3'],
      ['=2.0.1', '=2.3.3'],
      ['*', '>=2.3.3'],
      ['>=2.0,<3', '>=2.3.3,<3'],
      ['>=2.0 <3', '>=2.3.3,<3'],
      ['^1.0 || ^2.0', '>=2.3.3'],
      ['2.*', '>=2.3.3'],
    ];
    deepStrictEqual(
      cases.map(([constraint]) => upgradedPoetryConstraint(constraint, '2.3.3')),
      cases.map(([, expected]) => expected),
    );
    for (const [, upgraded] of cases) {
      const translated = poetryConstraintToPep440(upgraded);
      strictEqual(translated.ok, true, upgraded);
      const allowed = (version: string): boolean =>
        translated.alternatives.some((specifier) => versionsAllowedBy([version], specifier).length > 0);
      deepStrictEqual([allowed('2.3.2'), allowed('2.3.3')], [false, true], upgraded);
    }
  });

  it('finds each declaration of a package (by any spelling of its name), once per Poetry alternative group', () => {
    deepStrictEqual(
      packageDeclarations('pyproject', PYPROJECT, 'pyproject.toml', 'JINJA2').map(
        ({ requirement }) => requirement.location,
      ),
      [{ path: 'pyproject.toml', line: 5, column: 4, endLine: 5, endColumn: 17 }],
    );
    deepStrictEqual(
      packageDeclarations('pyproject', PYPROJECT, 'pyproject.toml', 'httpx').map(
        ({ requirement }) => requirement.location.line,
      ),
      [15, 16],
    );
    const lock = '[[package]]\nname = "Flask"\nversion = "2.0.1"\n';
    deepStrictEqual(
      packageDeclarations('poetry-lock', lock, 'poetry.lock', 'flask').map(({ requirement }) => requirement.location),
      [{ path: 'poetry.lock', line: 2, column: 1, endLine: 2, endColumn: 15 }],
    );
  });

  it('names the command that updates each lockfile (argument arrays, never a shell string)', () => {
    deepStrictEqual(
      [
        lockfileUpdate('poetry-lock', 'Flask'),
        lockfileUpdate('uv-lock', 'Flask'),
        lockfileUpdate('pipfile-lock', 'Flask'),
        lockfileUpdate('pylock', 'Flask', 'lock-version = "1.0"\ncreated-by = "uv"\n'),
        lockfileUpdate('pylock', 'Flask', 'lock-version = "1.0"\ncreated-by = "pdm"\n'),
        lockfileUpdate('pylock', 'Flask', 'lock-version = "1.0"\ncreated-by = "pip"\n'),
      ],
      [
        { commands: [['poetry', 'update', 'flask']], description: 'Run `poetry update flask` to update poetry.lock.' },
        {
          commands: [['uv', 'lock', '--upgrade-package', 'flask']],
          description: 'Run `uv lock --upgrade-package flask` to update uv.lock.',
        },
        { commands: [['pipenv', 'update', 'flask']], description: 'Run `pipenv update flask` to update Pipfile.lock.' },
        {
          commands: [
            ['uv', 'lock', '--upgrade-package', 'flask'],
            ['uv', 'export', '--format', 'pylock.toml', '-o', 'pylock.toml'],
          ],
          description:
            'Run `uv lock --upgrade-package flask`, then `uv export --format pylock.toml -o pylock.toml` to update pylock.toml.',
        },
        {
          commands: [
            ['pdm', 'update', 'flask'],
            ['pdm', 'export', '-f', 'pylock', '-o', 'pylock.toml'],
          ],
          description: 'Run `pdm update flask`, then `pdm export -f pylock -o pylock.toml` to update pylock.toml.',
        },
        {
          commands: [],
          description:
            'Lock again with the tool that wrote this pylock.toml (pip), allowing flask to move to a fixed version (`pip lock` resolves afresh each time).',
        },
      ],
    );
  });
});
