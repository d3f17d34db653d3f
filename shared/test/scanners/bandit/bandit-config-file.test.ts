import { deepStrictEqual, rejects } from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { readBanditConfigFile, unusedPyprojectBanditNote } from '../../../src/scanners/bandit/bandit-config-file';
import { createProject } from '../../scan/fake-tools';

describe('Bandit settings in pyproject.toml', () => {
  it('reads [tool.bandit] for our file list and hands Bandit the rest as YAML, which every Bandit version reads', async () => {
    const project = createProject({
      'pyproject.toml':
        '[project]\nname = "svc"\n\n[tool.bandit]\nexclude_dirs = ["tests", "migrations"]\nskips = ["B101"]\ntests = ["B602", "B404"]\n\n[tool.bandit.assert_used]\nskips = ["*_test.py"]\n',
      'only-skips.toml': '[tool.bandit]\nskips = ["B404"]\n',
      'no-table.toml': '[project]\nname = "svc"\n',
    });
    try {
      const full = await readBanditConfigFile(project.root, 'pyproject.toml');
      deepStrictEqual(
        [full.include, full.excludeDirs, full.copyForBandit.extension],
        [['*.py'], ['tests', 'migrations'], '.yaml'],
      );
      deepStrictEqual(parseYaml(full.copyForBandit.text), {
        skips: ['B101'],
        tests: ['B602', 'B404'],
        assert_used: { skips: ['*_test.py'] },
      });
      // No exclude_dirs: still a YAML copy (Bandit 1.6.2 would fail on TOML; 1.7.0–1.7.4 need the toml extra).
      const skips = await readBanditConfigFile(project.root, 'only-skips.toml');
      deepStrictEqual(
        [skips.copyForBandit.extension, parseYaml(skips.copyForBandit.text)],
        ['.yaml', { skips: ['B404'] }],
      );
      // No [tool.bandit]: Bandit's defaults, as Bandit ≥ 1.7.6 (1.7.5 crashed with a KeyError).
      const none = await readBanditConfigFile(project.root, 'no-table.toml');
      deepStrictEqual([none.include, none.excludeDirs, parseYaml(none.copyForBandit.text)], [['*.py'], [], {}]);
    } finally {
      project.remove();
    }
  });

  it('refuses a [tool.bandit] whose exclude_dirs is not a list of strings, or a file that is not TOML', async () => {
    const project = createProject({
      'bad-type.toml': '[tool.bandit]\nexclude_dirs = "tests"\n',
      'bad-syntax.toml': '[tool.bandit\n',
    });
    try {
      await rejects(
        readBanditConfigFile(project.root, 'bad-type.toml'),
        /has a "exclude_dirs" that is not a list of strings/,
      );
      await rejects(readBanditConfigFile(project.root, 'bad-syntax.toml'), /is not valid TOML: fix its syntax/);
    } finally {
      project.remove();
    }
  });

  it('reads include and exclude_dirs as Bandit iterates them: falsy is the default, a string its characters, a mapping its keys', async () => {
    const files: Record<string, string> = {
      'empty-lists.yaml': 'include: []\nexclude_dirs: []\n',
      'empty-strings.yaml': 'include: ""\nexclude_dirs: ""\n',
      'false.yaml': 'include: false\nexclude_dirs: 0\n',
      'string.yaml': 'include: "*.pyw"\n',
      'mapping.yaml': 'include: {"*.pyw": 1, "*.cfg": null}\n',
      'falsy.toml': '[tool.bandit]\ninclude = []\nexclude_dirs = {}\n',
    };
    const project = createProject(files);
    try {
      const read = await Promise.all(
        Object.keys(files).map(async (file) => {
          const config = await readBanditConfigFile(project.root, file);
          return [file, config.include, config.excludeDirs];
        }),
      );
      deepStrictEqual(read, [
        ['empty-lists.yaml', ['*.py'], []],
        ['empty-strings.yaml', ['*.py'], []],
        ['false.yaml', ['*.py'], []],
        ['string.yaml', ['*', '.', 'p', 'y', 'w'], []],
        ['mapping.yaml', ['*.pyw', '*.cfg'], []],
        ['falsy.toml', ['*.py'], []],
      ]);
    } finally {
      project.remove();
    }
  });

  it('takes the last value of a repeated key, as PyYAML does (the yaml package would refuse the file)', async () => {
    const project = createProject({
      'bandit.yaml': 'exclude_dirs: [docs]\nexclude_dirs: [tests]\ninclude: ["*.pyw"]\n',
    });
    try {
      const config = await readBanditConfigFile(project.root, 'bandit.yaml');
      deepStrictEqual([config.include, config.excludeDirs], [['*.pyw'], ['tests']]);
      deepStrictEqual(parseYaml(config.copyForBandit.text), { include: ['*.pyw'] });
    } finally {
      project.remove();
    }
  });

  it('refuses include and exclude_dirs on which Bandit stops: a number, an item that is not a string, an exclude_dirs mapping', async () => {
    const project = createProject({
      'number.yaml': 'include: 5\n',
      'item.yaml': 'include: ["*.py", 1]\n',
      'mapping.yaml': 'exclude_dirs: {"tests": 1}\n',
    });
    try {
      await rejects(readBanditConfigFile(project.root, 'number.yaml'), /has a "include" that is not a list of strings/);
      await rejects(readBanditConfigFile(project.root, 'item.yaml'), /has a "include" that is not a list of strings/);
      await rejects(
        readBanditConfigFile(project.root, 'mapping.yaml'),
        /has a "exclude_dirs" that is not a list of strings/,
      );
    } finally {
      project.remove();
    }
  });

  it('notes a [tool.bandit] no -c names, and nothing for a pyproject.toml without one (or without a pyproject.toml)', async () => {
    const withTable = createProject({ 'pyproject.toml': '[tool.bandit]\nskips = ["B101"]\n' });
    const without = createProject({ 'pyproject.toml': '[tool.black]\nline-length = 100\n' });
    const broken = createProject({ 'pyproject.toml': '[tool.bandit\n' });
    const empty = createProject({});
    try {
      deepStrictEqual(
        await Promise.all(
          [withTable, without, broken, empty].map((project) => unusedPyprojectBanditNote(project.root)),
        ),
        [
          'pyproject.toml has a [tool.bandit] table, which Bandit reads only when run as `bandit -c pyproject.toml` (no Bandit version looks for it by itself), so it was not applied; set `tools.bandit.configFile: pyproject.toml` in .devsecops.yml to apply it.',
          undefined,
          undefined,
          undefined,
        ],
      );
    } finally {
      for (const project of [withTable, without, broken, empty]) project.remove();
    }
  });
});
