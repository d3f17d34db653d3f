import assert from 'node:assert/strict';
import { HADOLINT_CONFIG_FILES } from '@devsecops/shared/files';
import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import { policyChangesOf } from '../../src/approval/policy-changes';

describe('scanner config files a pull request changes', () => {
  it('lists a change to every config file name hadolint reads, at the root or in a folder', () => {
    const changedPaths = HADOLINT_CONFIG_FILES.flatMap((name) => [name, `services/api/${name}`]);
    const listed = policyChangesOf({
      findings: [],
      destinationConfig: DEFAULT_CONFIG,
      changedPaths: [...changedPaths, 'app/main.py', 'hadolint.yaml'],
    })
      .filter((change) => change.kind === 'config-file')
      .map((change) => change.detail);
    assert.deepEqual(listed, changedPaths);
  });
});
