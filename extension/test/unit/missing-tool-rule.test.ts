import assert from 'node:assert/strict';
import type { ToolRun } from '@devsecops/shared';

import { isMissingTool } from '../../src/node/missing-tool-rule';

describe('isMissingTool', () => {
  const run = (overrides: Partial<ToolRun>): ToolRun => ({
    name: 'bandit',
    category: 'sast',
    status: 'skipped',
    ...overrides,
  });

  it('reports Bandit missing on auto, and any tool set to on', () => {
    assert.equal(isMissingTool(run({ reason: 'Bandit (`bandit`) was not found. Install Bandit: …' })), true);
    assert.equal(
      isMissingTool(
        run({ name: 'hadolint', category: 'dockerfile', status: 'failed', errorCode: 'TOOL_NOT_FOUND', reason: 'x' }),
      ),
      true,
    );
  });

  it('stays quiet for hadolint and Dependency-Check on auto, tools turned off, and other failures', () => {
    assert.equal(
      isMissingTool(run({ name: 'hadolint', category: 'dockerfile', reason: 'hadolint was not found. Install…' })),
      false,
    );
    assert.equal(isMissingTool(run({ reason: 'turned off in .devsecops.yml' })), false);
    assert.equal(isMissingTool(run({ status: 'failed', errorCode: 'TOOL_FAILED', reason: 'crashed' })), false);
    assert.equal(isMissingTool(run({ status: 'ok' })), false);
  });
});
