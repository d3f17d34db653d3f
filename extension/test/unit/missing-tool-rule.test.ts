import assert from 'node:assert/strict';
import type { ToolRun } from '@devsecops/shared/engines';

import { isMissingTool, missingToolMessage, plainNotificationText } from '../../src/model/missing-tool-rule';

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

describe('missingToolMessage (the notification for a missing tool)', () => {
  const skipped = (reason: string): ToolRun => ({ name: 'bandit', category: 'sast', status: 'skipped', reason });

  it('names the editor setting, never the CLI flags or config file, for a tool missing from PATH', () => {
    const message = missingToolMessage(
      skipped(
        'Bandit (`bandit`) was not found. Install Bandit: `pipx install bandit` or `apt-get install bandit`, or point --bandit-path (or --bandit-python, DEVSECOPS_BANDIT_PATH, tools.bandit.path in ~/.config/devsecops/config.yml) at it.',
      ),
    );
    assert.equal(
      message,
      'Bandit (bandit) was not found on PATH. Install it, or choose its executable: that sets "devsecops.bandit.path" in your user settings.',
    );
  });

  it('keeps the setting the path came from, without raw backticks', () => {
    const message = missingToolMessage({
      name: 'bandit',
      category: 'sast',
      status: 'failed',
      errorCode: 'TOOL_NOT_FOUND',
      reason:
        'Bandit (`/opt/no/bandit`, set in devsecops.bandit.path) was not found: it is not an executable file. Fix the path, or remove the setting to use Bandit from PATH.',
    });
    assert.match(message, /^Bandit \("\/opt\/no\/bandit", set in devsecops\.bandit\.path\) was not found/);
    assert.ok(!message.includes('`'));
    assert.equal(plainNotificationText('run `a` then ` b'), 'run "a" then  b');
  });
});
