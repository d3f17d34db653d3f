import { deepStrictEqual, rejects, strictEqual, throws } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { executionFromEnvironment, executionToEnvironment } from '../../src/config/execution-from-env';
import { mergeExecutionSettings, NO_EXECUTION_SETTINGS } from '../../src/config/execution-settings';
import type { ExecutionSettings } from '../../src/config/execution-settings';
import { parseConfig } from '../../src/config/parse-config';
import { loadUserExecutionSettings, resolveExecution } from '../../src/config/trust';
import { loadUserConfig, userConfigLocation } from '../../src/config/user-config';
import { parseUserConfig } from '../../src/config/parse-user-config';
import { errorWithCode } from '../error-with-code';
import { useTemporaryDirectory } from '../temporary-directory';

/** A repository's `.devsecops.yml` that tries to decide what runs, and how long. */
const HOSTILE = `version: 1
tools:
  bandit:
    path: ./e.sh
    python: python3
    args: [-o, /home/user/.bashrc]
    timeoutSeconds: 86400
  hadolint:
    path: /tmp/evil
    timeoutSeconds: 30
  dependencyCheck:
    args: [--data, /etc]
  sca:
    database: ../../../etc/shadow
gate:
  failOn: low
`;

const configError = errorWithCode('CONFIG_INVALID');

describe('resolveExecution: the repository sets policy, never execution', () => {
  it('ignores every execution key of the repository with one warning each, and keeps its policy', () => {
    const repository = parseConfig(HOSTILE, '.devsecops.yml');
    strictEqual(repository.gate.failOn, 'low');
    const { execution, warnings } = resolveExecution(repository, NO_EXECUTION_SETTINGS);
    // Only the shorter time limit survives (30 s for hadolint, below its default 120 s).
    deepStrictEqual(execution, {
      ...NO_EXECUTION_SETTINGS,
      hadolint: {
        timeoutSeconds: 30,
        sources: { timeoutSeconds: 'tools.hadolint.timeoutSeconds in .devsecops.yml:10' },
      },
    });
    deepStrictEqual(
      warnings.map((warning) => warning.message),
      [
        '.devsecops.yml:4: tools.bandit.path is ignored: a repository cannot choose which program runs as Bandit. To set it for yourself, use --bandit-path, DEVSECOPS_BANDIT_PATH, or tools.bandit.path in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names).',
        '.devsecops.yml:5: tools.bandit.python is ignored: a repository cannot choose the Python interpreter that runs Bandit. To set it for yourself, use --bandit-python, DEVSECOPS_BANDIT_PYTHON, or tools.bandit.python in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names).',
        '.devsecops.yml:6: tools.bandit.args is ignored: a repository cannot add command-line arguments to Bandit. To set it for yourself, use --bandit-arg, DEVSECOPS_BANDIT_ARGS, or tools.bandit.args in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names).',
        ".devsecops.yml:7: tools.bandit.timeoutSeconds is ignored: it asks for 86400 s, and a repository may only shorten Bandit's time limit (600 s, the default). To set it for yourself, use --bandit-timeout, DEVSECOPS_BANDIT_TIMEOUT_SECONDS, or tools.bandit.timeoutSeconds in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names).",
        '.devsecops.yml:9: tools.hadolint.path is ignored: a repository cannot choose which program runs as hadolint. To set it for yourself, use --hadolint-path, DEVSECOPS_HADOLINT_PATH, or tools.hadolint.path in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names).',
        '.devsecops.yml:12: tools.dependencyCheck.args is ignored: a repository cannot add command-line arguments to Dependency-Check. To set it for yourself, use --dependency-check-arg, DEVSECOPS_DEPENDENCY_CHECK_ARGS, or tools.dependencyCheck.args in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names).',
        '.devsecops.yml:14: tools.sca.database is ignored: a repository cannot choose the vulnerability database file (it may name a file outside the repository). To set it for yourself, use --sca-database, DEVSECOPS_SCA_DATABASE, or tools.sca.database in your own configuration file (~/.config/devsecops/config.yml, or the file $DEVSECOPS_CONFIG names).',
      ],
    );
  });

  it("keeps the user's settings whatever the repository asks, and lets it only shorten the user's time limit", () => {
    const user: ExecutionSettings = {
      ...NO_EXECUTION_SETTINGS,
      bandit: { path: '/opt/bandit/bin/bandit', timeoutSeconds: 1200 },
    };
    const shorter = parseConfig('tools:\n  bandit:\n    timeoutSeconds: 900\n', '.devsecops.yml');
    deepStrictEqual(resolveExecution(shorter, user), {
      execution: {
        ...NO_EXECUTION_SETTINGS,
        bandit: {
          path: '/opt/bandit/bin/bandit',
          timeoutSeconds: 900,
          sources: { timeoutSeconds: 'tools.bandit.timeoutSeconds in .devsecops.yml:3' },
        },
      },
      warnings: [],
    });
    const longer = parseConfig('tools:\n  bandit:\n    path: ./x\n    timeoutSeconds: 1500\n', '.devsecops.yml');
    const resolved = resolveExecution(longer, user);
    deepStrictEqual(resolved.execution, user);
    deepStrictEqual(
      resolved.warnings.map((warning) => [warning.key, warning.where]),
      [
        ['tools.bandit.path', '.devsecops.yml:3'],
        ['tools.bandit.timeoutSeconds', '.devsecops.yml:4'],
      ],
    );
    strictEqual(resolved.warnings[1]?.message.includes('(1200 s, your setting)'), true);
  });

  it('says where to set a key in the words of the front end that asks', () => {
    const { warnings } = resolveExecution(
      parseConfig('tools:\n  bandit:\n    path: x\n', '.devsecops.yml'),
      NO_EXECUTION_SETTINGS,
      {
        whereToSet: (key) => `the machine setting for ${key}`,
      },
    );
    deepStrictEqual(
      warnings.map((warning) => warning.message),
      [
        '.devsecops.yml:3: tools.bandit.path is ignored: a repository cannot choose which program runs as Bandit. To set it for yourself, use the machine setting for tools.bandit.path.',
      ],
    );
  });
});

describe("the user's execution settings", () => {
  const home = useTemporaryDirectory('devsecops-home-');

  it('looks for $DEVSECOPS_CONFIG, else $XDG_CONFIG_HOME/devsecops/config.yml, else ~/.config/devsecops/config.yml', () => {
    deepStrictEqual(userConfigLocation({ DEVSECOPS_CONFIG: '/etc/devsecops.yml', XDG_CONFIG_HOME: '/x', HOME: '/h' }), {
      path: '/etc/devsecops.yml',
      explicit: true,
    });
    deepStrictEqual(userConfigLocation({ XDG_CONFIG_HOME: '/x', HOME: '/h' }), {
      path: '/x/devsecops/config.yml',
      explicit: false,
    });
    deepStrictEqual(userConfigLocation({ HOME: '/h' }), { path: '/h/.config/devsecops/config.yml', explicit: false });
  });

  it('reads the execution keys of the config file, paths relative to its folder, each with where it was set', () => {
    const settings = parseUserConfig(
      [
        'version: 1',
        'tools:',
        '  bandit:',
        '    path: venvs/bandit/bin/bandit',
        '    args: [--skip, B101]',
        '    timeoutSeconds: 1800',
        '  hadolint:',
        '    path: hadolint',
        '  sca:',
        '    database: osv.zip',
        '',
      ].join('\n'),
      '/home/me/.config/devsecops/config.yml',
      '/home/me/.config/devsecops',
    );
    deepStrictEqual(settings, {
      bandit: {
        path: '/home/me/.config/devsecops/venvs/bandit/bin/bandit',
        args: ['--skip', 'B101'],
        timeoutSeconds: 1800,
        sources: {
          path: 'tools.bandit.path in /home/me/.config/devsecops/config.yml:4',
          args: 'tools.bandit.args in /home/me/.config/devsecops/config.yml:5',
          timeoutSeconds: 'tools.bandit.timeoutSeconds in /home/me/.config/devsecops/config.yml:6',
        },
      },
      // A bare name stays a PATH lookup.
      hadolint: {
        path: 'hadolint',
        sources: { path: 'tools.hadolint.path in /home/me/.config/devsecops/config.yml:8' },
      },
      dependencyCheck: {},
      sca: {
        database: '/home/me/.config/devsecops/osv.zip',
        sources: { database: 'tools.sca.database in /home/me/.config/devsecops/config.yml:10' },
      },
    });
  });

  it('validates the file with line numbers, and names policy keys as belonging to the repository', () => {
    throws(
      () =>
        parseUserConfig(
          'tools:\n  bandit:\n    enabled: on\n    pth: /x\n    timeoutSeconds: 0\ngate:\n  failOn: low\n',
          'config.yml',
          '/',
        ),
      (error: unknown) =>
        configError(error) &&
        (error as Error).message ===
          [
            'config.yml is not valid:',
            "config.yml:3: tools.bandit.enabled is the repository's policy, not an execution setting: set it in the repository's .devsecops.yml. This file holds only tools.<tool>.path, args, timeoutSeconds, tools.bandit.python and tools.sca.database.",
            'config.yml:4: unknown key "pth" in tools.bandit; did you mean "path"?',
            'config.yml:5: tools.bandit.timeoutSeconds is 0; write a number of seconds greater than 0 and at most 86400, e.g. 900.',
            "config.yml:6: gate is the repository's policy, not an execution setting: set it in the repository's .devsecops.yml. This file holds only tools.<tool>.path, args, timeoutSeconds, tools.bandit.python and tools.sca.database.",
          ].join('\n'),
    );
  });

  it('reads environment variables (JSON lists for arguments) and rejects malformed ones', () => {
    deepStrictEqual(
      executionFromEnvironment(
        {
          DEVSECOPS_BANDIT_PYTHON: 'python3',
          DEVSECOPS_BANDIT_ARGS: '["--skip", "B101,B102"]',
          DEVSECOPS_HADOLINT_PATH: 'bin/hadolint',
          DEVSECOPS_DEPENDENCY_CHECK_TIMEOUT_SECONDS: '7200',
          DEVSECOPS_SCA_DATABASE: 'db/osv.zip',
        },
        '/work',
      ),
      {
        bandit: {
          args: ['--skip', 'B101,B102'],
          python: 'python3',
          sources: { args: 'DEVSECOPS_BANDIT_ARGS', python: 'DEVSECOPS_BANDIT_PYTHON' },
        },
        hadolint: { path: '/work/bin/hadolint', sources: { path: 'DEVSECOPS_HADOLINT_PATH' } },
        dependencyCheck: {
          timeoutSeconds: 7200,
          sources: { timeoutSeconds: 'DEVSECOPS_DEPENDENCY_CHECK_TIMEOUT_SECONDS' },
        },
        sca: { database: '/work/db/osv.zip', sources: { database: 'DEVSECOPS_SCA_DATABASE' } },
      },
    );
    throws(() => executionFromEnvironment({ DEVSECOPS_BANDIT_ARGS: '--skip B101' }), configError);
    throws(() => executionFromEnvironment({ DEVSECOPS_BANDIT_TIMEOUT_SECONDS: '10m' }), configError);
    throws(() => executionFromEnvironment({ DEVSECOPS_BANDIT_TIMEOUT_SECONDS: '90000' }), configError);
  });

  it('round-trips the settings through environment variables (how pipeline run hands them to its scans)', () => {
    const settings: ExecutionSettings = {
      bandit: { path: '/opt/bandit', python: '/usr/bin/python3', args: ['--skip', 'B101'], timeoutSeconds: 900 },
      hadolint: { args: ['--ignore', 'DL3008'] },
      dependencyCheck: { path: '/opt/dc/bin/dependency-check.sh' },
      sca: { database: '/data/osv.zip' },
    };
    const env = executionToEnvironment(settings);
    const back = executionFromEnvironment(env, '/');
    const withoutSources = (value: ExecutionSettings): unknown =>
      JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'sources' ? undefined : item)));
    deepStrictEqual(withoutSources(back), withoutSources(settings));
  });

  it('layers flags over environment variables over the file', async () => {
    const configDir = join(home(), '.config', 'devsecops');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, 'config.yml'),
      'tools:\n  bandit:\n    path: /from/file\n    timeoutSeconds: 900\n  hadolint:\n    path: /from/file/hadolint\n',
    );
    const loaded = await loadUserExecutionSettings({
      env: { HOME: home(), DEVSECOPS_BANDIT_PATH: '/from/env', DEVSECOPS_HADOLINT_PATH: '/from/env/hadolint' },
      flags: { ...NO_EXECUTION_SETTINGS, bandit: { path: '/from/flag', sources: { path: '--bandit-path' } } },
    });
    strictEqual(loaded.configFile, join(configDir, 'config.yml'));
    deepStrictEqual(
      [loaded.settings.bandit.path, loaded.settings.bandit.timeoutSeconds, loaded.settings.hadolint.path],
      ['/from/flag', 900, '/from/env/hadolint'],
    );
    deepStrictEqual(loaded.settings.bandit.sources, {
      path: '--bandit-path',
      timeoutSeconds: `tools.bandit.timeoutSeconds in ${join(configDir, 'config.yml')}:4`,
    });
    deepStrictEqual(mergeExecutionSettings(NO_EXECUTION_SETTINGS, NO_EXECUTION_SETTINGS), NO_EXECUTION_SETTINGS);
  });

  it('needs no file at the default place, but the one DEVSECOPS_CONFIG names; never reads a FIFO', async () => {
    strictEqual(await loadUserConfig({ HOME: home() }), undefined);
    await rejects(loadUserConfig({ HOME: home(), DEVSECOPS_CONFIG: join(home(), 'missing.yml') }), configError);
    const fifo = join(home(), 'fifo.yml');
    execFileSync('mkfifo', [fifo]);
    await rejects(loadUserConfig({ HOME: home(), DEVSECOPS_CONFIG: fifo }), configError);
  });
});
