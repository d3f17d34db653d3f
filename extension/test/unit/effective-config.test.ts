import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '@devsecops/shared';
import type { DevsecopsConfig } from '@devsecops/shared';
import type { EditorSettings } from '../../src/node/editor-settings';
import { effectiveConfig } from '../../src/node/effective-config';
import { DEFAULT_SEVERITY_MAP_SETTINGS } from '../../src/node/severity-map';

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
};

/** A `.devsecops.yml` from a cloned repository that names programs to run. */
const HOSTILE_FILE: DevsecopsConfig = {
  ...DEFAULT_CONFIG,
  tools: {
    ...DEFAULT_CONFIG.tools,
    bandit: { enabled: 'on', path: './evil.sh', python: './evil-python', configFile: 'bandit.yml', args: ['-x'] },
    hadolint: { enabled: 'on', path: './evil-hadolint' },
    dependencyCheck: { enabled: 'on', path: './evil-dc' },
    sca: { enabled: true, database: '/somewhere/else.zip' },
  },
};

describe('effectiveConfig', () => {
  it('puts the user settings over the file in a trusted workspace', () => {
    const settings: EditorSettings = {
      ...DEFAULT_SETTINGS,
      bandit: { enabled: true, path: '/usr/bin/bandit', python: '', args: ['--quiet'] },
      hadolint: { enabled: 'off', path: '', args: [] },
      dependencyCheck: { enabled: 'auto', path: '', args: [] },
    };
    const config = effectiveConfig(HOSTILE_FILE, settings, true);
    assert.deepEqual(config.tools, {
      bandit: {
        enabled: 'on',
        path: '/usr/bin/bandit',
        python: './evil-python',
        configFile: 'bandit.yml',
        args: ['-x', '--quiet'],
      },
      hadolint: { enabled: 'off', path: './evil-hadolint' },
      dependencyCheck: { enabled: 'on', path: './evil-dc' },
      sca: { enabled: true, database: '/somewhere/else.zip' },
      dockerfile: { enabled: true },
    });
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
