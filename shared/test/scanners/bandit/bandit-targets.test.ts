import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { errorWithCode } from '../../error-with-code';
import { parseBanditIni } from '../../../src/scanners/bandit/bandit-ini';
import {
  banditExcludeStyle,
  chunkByArgumentBytes,
  excludedPathsFor,
  selectBanditTargets,
  walkTree,
} from '../../../src/scanners/bandit/bandit-targets';
import { fnmatch } from '../../../src/scanners/bandit/python-fnmatch';
import { createProject } from '../../scan/fake-tools';

/**
 * `fnmatch.fnmatch(name, pattern)` as CPython 3.11 answers it (generated with python3 on this machine): `*`
 * crosses `/`, sets, ranges, empty ranges, `[!]`, literal regex characters, astral characters.
 */
const PYTHON_FNMATCH: readonly [string, string, boolean][] = [
  ['./a/b.py', '*.py', true],
  ['./a/b.pyw', '*.py', false],
  ['./.git/x.py', '.git/*', false],
  ['./.git/x.py', './.git/*', true],
  ['./x.py', '[!a]*', true],
  ['./x.py', '?/x.py', true],
  ['./tests/t.py', '*/tests/*', true],
  ['./a]b.py', '*[]]*', true],
  ['./a-b.py', '*[a-c]-*', true],
  ['./z.py', '*[z-a]*', false],
  ['./b.py', './[a-c].py', true],
  ['./^.py', './[^].py', true],
  ['./!.py', './[!].py', false],
  ['./[!].py', './[!].py', true],
  ['./a\\b.py', './a\\b.py', true],
  ['./x.py', './[!x].py', false],
  ['./\u00e9.py', './?.py', true],
  ['./\ud83d\ude00.py', './?.py', true],
  ['./a\nb', './a*b', true],
  ['./a-.py', './a[-].py', true],
  ['./a-.py', './a[a-].py', true],
  ['./b.py', './[--b].py', true],
  ['./&.py', './[&&].py', true],
  ['./x.egg', '*.egg', true],
  ['./q.py', './[[].py', false],
  ['./[.py', './[[].py', true],
  ['./a.py', './[a-b-c].py', true],
  ['./-.py', './[a-b-c].py', true],
  ['./c.py', './[a-b-c].py', true],
  ['./a.py', './[!a-c].py', false],
  ['./d.py', './[!a-c].py', true],
  ['./$x.py', './$x.py', true],
  ['./(x).py', './(x).py', true],
  ['./x{1}.py', './x{1}.py', true],
  ['./x|y.py', './x|y.py', true],
  ['./a+.py', './a+.py', true],
  ['./]', './]', true],
  ['./a.py', './[a', false],
  ['./[a', './[a', true],
  ['./\\.py', './[\\].py', true],
];

describe('Python fnmatch, as Bandit matches its excludes', () => {
  it('answers exactly as CPython does', () => {
    const wrong = PYTHON_FNMATCH.filter(([name, pattern, expected]) => fnmatch(name, pattern) !== expected);
    deepStrictEqual(wrong, []);
  });
});

describe('.bandit, read as Python configparser reads it', () => {
  it('takes the [bandit] section with [DEFAULT] values, both delimiters, lower-cased keys and continuation lines', () => {
    const parsed = parseBanditIni(
      [
        '# a comment',
        '[DEFAULT]',
        'Skips = B101',
        '[other]',
        'exclude = ignored',
        '[bandit]',
        'exclude: ./tests,',
        '  ./build',
        '; another comment',
        'tests = %(skips)s,B602 ',
        'percent = 100%%',
        '',
      ].join('\n'),
    );
    deepStrictEqual(parsed, {
      ok: true,
      options: new Map([
        ['skips', 'B101'],
        ['exclude', './tests,\n./build'],
        ['tests', 'B101,B602'],
        ['percent', '100%'],
      ]),
    });
  });

  it('is ignored whole, as by Bandit, on any configparser error', () => {
    const reasons = [
      '[bandit]\nskips = B101\nskips = B102\n',
      '[bandit]\n[bandit]\n',
      'skips = B101\n',
      '[bandit]\nno delimiter here\n',
      '[bandit]\nskips = 100%\n',
      '[bandit]\nskips = %(missing)s\n',
      '[other]\nskips = B101\n',
    ].map((text) => {
      const parsed = parseBanditIni(text);
      return parsed.ok ? 'parsed' : parsed.reason;
    });
    deepStrictEqual(reasons, [
      'line 3: option skips appears twice',
      'line 2: section [bandit] appears twice',
      'line 1: an option before any [section] header',
      'line 2: "no delimiter here" is not a "key = value" line',
      'option skips: "%" must be followed by "%" or "(" in "100%"',
      'option skips: it refers to %(missing)s, which is not set',
      'it has no [bandit] section',
    ]);
  });

  it("strips and measures indents by Python's whitespace, not JavaScript's (a byte order mark is not whitespace)", () => {
    const skipsOf = (text: string): string => {
      const parsed = parseBanditIni(text);
      return parsed.ok ? `skips=${JSON.stringify(parsed.options.get('skips'))}` : parsed.reason;
    };
    deepStrictEqual(
      [
        // configparser keeps the mark: the first line is then no section header, and Bandit ignores the file.
        '\uFEFF[bandit]\nskips = B101\n',
        '[bandit]\nskips = B101\uFEFF\n',
        // U+001C–U+001F and U+0085 are whitespace to Python: an indent, and stripped around names and values.
        '[bandit]\nskips = B307,\n\u001cB102\n',
        '[bandit]\nskips\u001f= B102\u0085\n',
        '[bandit]\nskips =\u00a0B102\u3000\n',
      ].map(skipsOf),
      [
        'line 1: an option before any [section] header',
        'skips="B101\uFEFF"',
        'skips="B307,\\nB102"',
        'skips="B102"',
        'skips="B102"',
      ],
    );
  });
});

describe("Bandit's file selection", () => {
  it('knows which Bandit versions have default excludes and honour .bandit exclude', () => {
    deepStrictEqual(['1.6.2', '1.7.0', '1.7.1', '1.8.6', undefined].map(banditExcludeStyle), [
      'ini-only',
      'defaults-only',
      'ini-else-defaults',
      'ini-else-defaults',
      'ini-else-defaults',
    ]);
    const defaults = '.svn,CVS,.bzr,.hg,.git,__pycache__,.tox,.eggs,*.egg';
    deepStrictEqual(
      [
        excludedPathsFor({ style: 'ini-only', hasBanditFile: false, thirdPartyFolders: [] }),
        excludedPathsFor({ style: 'ini-only', iniExclude: './t', hasBanditFile: true, thirdPartyFolders: ['venv'] }),
        excludedPathsFor({ style: 'defaults-only', iniExclude: './t', hasBanditFile: true, thirdPartyFolders: [] }),
        excludedPathsFor({ style: 'ini-else-defaults', hasBanditFile: false, thirdPartyFolders: ['venv'] }),
        excludedPathsFor({ style: 'ini-else-defaults', hasBanditFile: true, thirdPartyFolders: ['venv'] }),
      ],
      ['', './t', defaults, `${defaults},./venv`, defaults],
    );
  });

  it('applies a hostile .bandit exclude list in bounded time: repeats looked at once, too many patterns refused', async function () {
    // A hang guard, not a speed goal: before the fix these lists took minutes.
    this.timeout(60_000);
    const files = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`pkg/m${String(index)}.py`, '']));
    const project = createProject({ ...files, 'tests/t.py': '' });
    try {
      const tree = await walkTree(project.root);
      const select = (excludedPaths: string): ReturnType<typeof selectBanditTargets> =>
        selectBanditTargets(project.root, tree, { include: ['*.py'], excludeDirs: [], excludedPaths, ignore: [] });
      // A megabyte of one entry repeated: one pattern, one look at the disk.
      const repeated = await select(Array.from({ length: 150_000 }, () => './tests').join(','));
      deepStrictEqual([repeated.files.length, repeated.excludedCount], [200, 1]);
      // 100,001 distinct patterns over 201 files: refused at once, before any of them is looked up on disk.
      const distinct = Array.from({ length: 100_001 }, (_, index) => `p${String(index)}[a-z]*`).join(',');
      await rejects(select(distinct), errorWithCode('CONFIG_INVALID'));
    } finally {
      project.remove();
    }
  });

  it("applies Bandit's quirks: substring excludes, `-x dir` becoming `dir/*` only when the folder exists", async () => {
    const project = createProject({
      'app.py': '',
      'app.pyw': '',
      'notes.txt': '',
      '.github/scripts/ci.py': '',
      'src/tests_helper.py': '',
      'tests/test_app.py': '',
      'lib/__pycache__/x.py': '',
    });
    try {
      const tree = await walkTree(project.root);
      const select = async (excludedPaths: string, include = ['*.py', '*.pyw']): Promise<string[]> =>
        (
          await selectBanditTargets(project.root, tree, { include, excludeDirs: [], excludedPaths, ignore: [] })
        ).files.map((file) => file.slice(project.root.length + 1));
      // No .git folder here: the default `.git` entry is a plain substring, and drops `.github/` too.
      deepStrictEqual(await select('.svn,CVS,.bzr,.hg,.git,__pycache__,.tox,.eggs,*.egg'), [
        'app.py',
        'app.pyw',
        'src/tests_helper.py',
        'tests/test_app.py',
      ]);
      // `tests` exists, so it becomes `tests/*`, which never matches `./tests/…`: nothing is excluded.
      deepStrictEqual((await select('tests')).length, 6);
      // `./tests` becomes `./tests/*`; `tests_` as a substring drops the helper.
      deepStrictEqual(await select('./tests,tests_'), [
        '.github/scripts/ci.py',
        'app.py',
        'app.pyw',
        'lib/__pycache__/x.py',
      ]);
      // An empty entry (a trailing comma) is a substring of every path: Bandit scans nothing.
      deepStrictEqual(await select('./tests,'), []);
      // With a -c config, the include default is `*.py` only.
      deepStrictEqual((await select('', ['*.py'])).includes('app.pyw'), false);
    } finally {
      project.remove();
    }
  });

  it('lists .bandit files wherever they are, and never enters a linked folder', async () => {
    const project = createProject({ '.bandit': '[bandit]\n', 'sub/.bandit': '[bandit]\n', 'a.py': '' });
    try {
      mkdirSync(join(project.root, 'real'));
      execFileSync('sh', ['-c', 'echo "x = 1" > real/inner.py'], { cwd: project.root });
      symlinkSync(join(project.root, 'real'), join(project.root, 'linked'));
      const tree = await walkTree(project.root);
      deepStrictEqual(
        tree.banditFiles.map((entry) => entry.path),
        ['.bandit', 'sub/.bandit'],
      );
      deepStrictEqual(
        tree.entries.map((entry) => `${entry.path}:${entry.kind}`),
        ['.bandit:file', 'a.py:file', 'real/inner.py:file', 'sub/.bandit:file'],
      );
    } finally {
      project.remove();
    }
  });

  it('leaves out what .devsecops.yml ignores, without listing it as unscanned', async () => {
    const project = createProject({ 'app.py': '', 'vendor/lib.py': '' });
    try {
      symlinkSync('/dev/zero', join(project.root, 'vendor', 'zero.py'));
      const tree = await walkTree(project.root);
      const targets = await selectBanditTargets(project.root, tree, {
        include: ['*.py'],
        excludeDirs: [],
        excludedPaths: '',
        ignore: ['vendor'],
      });
      deepStrictEqual(
        [targets.files.map((file) => file.slice(project.root.length + 1)), targets.unscanned],
        [['app.py'], []],
      );
    } finally {
      project.remove();
    }
  });

  it('splits a file list by the bytes its arguments take, in order', () => {
    const files = ['/a/one.py', '/a/two.py', '/a/three.py', '/a/four.py'];
    deepStrictEqual(chunkByArgumentBytes(files, 40), [
      ['/a/one.py', '/a/two.py'],
      ['/a/three.py', '/a/four.py'],
    ]);
    deepStrictEqual(
      chunkByArgumentBytes(files, 1),
      files.map((file) => [file]),
    );
    deepStrictEqual(chunkByArgumentBytes([], 100), []);
    ok(chunkByArgumentBytes(files, 10_000).length === 1);
    strictEqual(chunkByArgumentBytes(files, 10_000)[0]?.length, 4);
  });
});
