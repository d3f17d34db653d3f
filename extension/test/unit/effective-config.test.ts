import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, NO_EXECUTION_SETTINGS, parseConfig } from '@devsecops/shared/config';
import type { DevsecopsConfig } from '@devsecops/shared/config';
import type { EditorSettings } from '../../src/model/editor-settings';
import { editorExecution } from '../../src/core/editor-execution';
import { effectiveConfig } from '../../src/core/effective-config';
import { DEFAULT_SEVERITY_MAP_SETTINGS } from '../../src/model/severity-map';

export const DEFAULT_SETTINGS: EditorSettings = {
  enable: true,
  run: 'onType',
  debounceMs: 300,
  bandit: { enabled: true, path: '', python: '', args: [] },
  hadolint: { enabled: 'auto', path: '', args: [] },
  dependencyCheck: { enabled: 'off', path: '', args: [] },
  dockerfileEnabled: true,
  scaEnabled: true,
  scaDatabasePath: '',
  severityMap: DEFAULT_SEVERITY_MAP_SETTINGS,
  suppressionExpiryDays: 90,
  pipeline: { mode: 'local', failOn: 'high' },
  aws: {
    region: '',
    profile: '',
    endpoint: '',
    s3Endpoint: '',
    pipelineName: '',
    codeBuildProject: '',
    repository: '',
    branch: 'main',
    findingsBucket: '',
  },
  baselineRef: '',
};

/**
 * A `.devsecops.yml` from a cloned repository that names programs to run, read by the parser `loadConfig` uses:
 * its execution keys are only requests (the core ignores them with a warning).
 */
export const HOSTILE_FILE: DevsecopsConfig = parseConfig(
  `version: 1
tools:
  bandit:
    path: ./run-bandit.sh
    python: ./venv/bin/python
    args: [--quiet]
    enabled: on
    configFile: bandit.yml
  hadolint:
    path: ./hadolint
    enabled: on
  dependencyCheck:
    path: ./dependency-check.sh
    enabled: on
  sca:
    database: ../osv.zip
`,
  '.devsecops.yml',
);

describe('effectiveConfig', () => {
  it('puts the user settings over the file in a trusted workspace: enablement only, never what runs', () => {
    const settings: EditorSettings = {
      ...DEFAULT_SETTINGS,
      bandit: { enabled: true, path: '/usr/bin/bandit', python: '', args: ['--quiet'] },
      hadolint: { enabled: 'off', path: '', args: [] },
      dependencyCheck: { enabled: 'auto', path: '', args: [] },
    };
    const config = effectiveConfig(HOSTILE_FILE, settings, true);
    assert.deepEqual(config.tools, {
      bandit: { enabled: 'on', configFile: 'bandit.yml' },
      hadolint: { enabled: 'off' },
      dependencyCheck: { enabled: 'on' },
      sca: { enabled: true },
      dockerfile: { enabled: true },
    });
    // The requests stay, for the core's trust function to warn about (one for each of the file's six keys).
    assert.equal(config.executionRequests?.length, 6);
    assert.deepEqual(config.executionRequests, HOSTILE_FILE.executionRequests);
  });

  it('turns every external tool off and drops every path in an untrusted workspace', () => {
    const config = effectiveConfig(HOSTILE_FILE, DEFAULT_SETTINGS, false);
    assert.deepEqual(config.tools, {
      bandit: { enabled: 'off' },
      hadolint: { enabled: 'off' },
      dependencyCheck: { enabled: 'off' },
      sca: { enabled: true },
      dockerfile: { enabled: true },
    });
  });

  it('lets settings turn the built-in engines and Bandit off', () => {
    const config = effectiveConfig(
      DEFAULT_CONFIG,
      {
        ...DEFAULT_SETTINGS,
        scaEnabled: false,
        dockerfileEnabled: false,
        bandit: { ...DEFAULT_SETTINGS.bandit, enabled: false },
      },
      true,
    );
    assert.equal(config.tools.sca.enabled, false);
    assert.equal(config.tools.dockerfile.enabled, false);
    assert.equal(config.tools.bandit.enabled, 'off');
  });
});

describe('editorExecution', () => {
  it('takes what runs from the machine-scoped settings only, relative paths against the folder', () => {
    const settings: EditorSettings = {
      ...DEFAULT_SETTINGS,
      bandit: { enabled: true, path: '/usr/bin/bandit', python: '', args: ['--quiet'] },
      hadolint: { enabled: 'auto', path: 'tools/hadolint', args: [] },
      scaDatabasePath: '/data/osv.zip',
    };
    assert.deepEqual(editorExecution(settings, true, '/work/project'), {
      bandit: {
        path: '/usr/bin/bandit',
        args: ['--quiet'],
        sources: { path: 'devsecops.bandit.path', args: 'devsecops.bandit.args' },
      },
      hadolint: { path: '/work/project/tools/hadolint', sources: { path: 'devsecops.hadolint.path' } },
      dependencyCheck: {},
      sca: { database: '/data/osv.zip', sources: { database: 'devsecops.sca.databasePath' } },
    });
    assert.deepEqual(
      editorExecution({ ...settings, bandit: { ...settings.bandit, python: 'python3' } }, true, '/w').bandit,
      {
        path: '/usr/bin/bandit',
        args: ['--quiet'],
        python: 'python3',
        sources: { path: 'devsecops.bandit.path', args: 'devsecops.bandit.args', python: 'devsecops.bandit.python' },
      },
    );
  });

  it('runs nothing of anyone in an untrusted workspace', () => {
    const settings: EditorSettings = {
      ...DEFAULT_SETTINGS,
      bandit: { enabled: true, path: '/usr/bin/bandit', python: '/usr/bin/python3', args: ['--quiet'] },
    };
    assert.deepEqual(editorExecution(settings, false, '/work/project'), NO_EXECUTION_SETTINGS);
  });
});
