import assert from 'node:assert/strict';
import { notScannedIn, restrictedModeGap } from '../../src/model/not-scanned';
import { statusView } from '../../src/model/status-text';
import type { StatusInput } from '../../src/model/status-text';

const SCANNED: StatusInput = {
  scanning: 0,
  findings: 0,
  scannedFiles: 1,
  workspaceScanned: true,
  trusted: true,
  gaps: [],
};

describe('statusView', () => {
  it('before any scan says "not scanned yet" and offers a workspace scan, never "0 findings"', () => {
    const view = statusView({ ...SCANNED, scannedFiles: 0, workspaceScanned: false });
    assert.deepEqual(view, {
      text: '$(shield) DevSecOps: not scanned yet',
      tooltip: 'DevSecOps: nothing in this workspace has been scanned yet. Click to scan the workspace.',
      action: 'scanWorkspace',
    });
  });

  it('counts findings of open files as such until the workspace is scanned', () => {
    assert.equal(
      statusView({ ...SCANNED, findings: 3, workspaceScanned: false }).text,
      '$(shield) DevSecOps: 3 findings in open files',
    );
    assert.equal(statusView({ ...SCANNED, findings: 1 }).text, '$(shield) DevSecOps: 1 finding');
  });

  it('in Restricted Mode on a Python file says Bandit did not run', () => {
    const view = statusView({
      ...SCANNED,
      workspaceScanned: false,
      trusted: false,
      gaps: [{ file: 'app.py', tool: 'bandit', cause: 'restricted', reason: 'Restricted Mode: bandit is a program.' }],
    });
    assert.equal(view.text, '$(warning) DevSecOps: 0 findings in open files · bandit not run (Restricted Mode)');
    assert.match(view.tooltip, /• app\.py: Restricted Mode: bandit is a program\./);
    assert.equal(view.action, 'showView');
  });

  it('in Restricted Mode without a gap of its own still says Restricted Mode', () => {
    assert.equal(statusView({ ...SCANNED, trusted: false }).text, '$(warning) DevSecOps: 0 findings · Restricted Mode');
  });

  it('names a missing tool', () => {
    const view = statusView({
      ...SCANNED,
      findings: 2,
      gaps: [{ file: 'workspace', tool: 'bandit', cause: 'missing-tool', reason: 'Bandit was not found.' }],
    });
    assert.equal(view.text, '$(warning) DevSecOps: 2 findings · bandit missing');
  });

  it('names the file that does not parse first, and the tool that failed', () => {
    const view = statusView({
      ...SCANNED,
      findings: 4,
      gaps: [
        { file: 'workspace', tool: 'hadolint', cause: 'tool-failed', reason: 'exit 3' },
        { file: 'app.py', tool: 'bandit', cause: 'parse-error', reason: 'syntax error' },
      ],
    });
    assert.equal(view.text, '$(warning) DevSecOps: 4 findings · app.py not parsed · hadolint failed');
    assert.match(view.tooltip, /Not scanned:\n• workspace: exit 3\n• app\.py: syntax error/);
  });

  it('names two files and counts the rest', () => {
    const gaps = ['a.py', 'b.py', 'c.py', 'a.py'].map((file) => ({
      file,
      tool: 'bandit',
      cause: 'parse-error' as const,
      reason: 'syntax error',
    }));
    assert.equal(statusView({ ...SCANNED, gaps }).text, '$(warning) DevSecOps: 0 findings · a.py, b.py +1 not parsed');
  });

  it('while scanning says so', () => {
    assert.equal(statusView({ ...SCANNED, scanning: 1 }).text, '$(sync~spin) DevSecOps: scanning');
  });
});

describe('notScannedIn and restrictedModeGap', () => {
  it('reads a missing tool, a failed tool and the one file a tool could not parse', () => {
    const gaps = notScannedIn('app.py', [
      { name: 'bandit', category: 'sast', status: 'skipped', reason: 'Bandit was not found on PATH.' },
      { name: 'hadolint', category: 'dockerfile', status: 'failed', reason: 'hadolint exited with 3.' },
      {
        name: 'bandit',
        category: 'sast',
        status: 'ok',
        unscanned: [
          { path: 'other.py', reason: 'syntax error in other.py' },
          { path: 'app.py', reason: 'syntax error in app.py' },
        ],
      },
      { name: 'devsecops-sca', category: 'sca', status: 'ok' },
    ]);
    assert.deepEqual(gaps, [
      {
        tool: 'bandit',
        cause: 'missing-tool',
        reason:
          'Bandit (bandit) was not found on PATH. Install it, or choose its executable: that sets "devsecops.bandit.path" in your user settings.',
      },
      { tool: 'hadolint', cause: 'tool-failed', reason: 'hadolint exited with 3.' },
      { tool: 'bandit', cause: 'parse-error', reason: 'syntax error in app.py' },
    ]);
  });

  it("says what to do about a missing tool in the editor's terms, never the CLI's flags or config file", () => {
    const onPath = notScannedIn('app.py', [
      {
        name: 'bandit',
        category: 'sast',
        status: 'skipped',
        reason:
          'Bandit (`bandit`) was not found. Install Bandit: `pipx install bandit` or `apt-get install bandit`, or point --bandit-path (or --bandit-python, DEVSECOPS_BANDIT_PATH, tools.bandit.path in ~/.config/devsecops/config.yml) at it.',
      },
    ]);
    assert.deepEqual(
      onPath.map((gap) => gap.reason),
      [
        'Bandit (bandit) was not found on PATH. Install it, or choose its executable: that sets "devsecops.bandit.path" in your user settings.',
      ],
    );
    const badSetting = notScannedIn('app.py', [
      {
        name: 'bandit',
        category: 'sast',
        status: 'failed',
        errorCode: 'TOOL_NOT_FOUND',
        reason:
          'Bandit (`/opt/no/bandit`, set in devsecops.bandit.path) was not found: it is not an executable file. Fix the path, or remove the setting to use Bandit from PATH.',
      },
    ]);
    assert.deepEqual(
      badSetting.map((gap) => gap.reason),
      [
        'Bandit ("/opt/no/bandit", set in devsecops.bandit.path) was not found: it is not an executable file. Fix the path, or remove the setting to use Bandit from PATH.',
      ],
    );
  });

  it('in Restricted Mode, a Python file misses Bandit; Dockerfiles and requirements miss nothing', () => {
    assert.equal(restrictedModeGap('python', false, true)?.tool, 'bandit');
    assert.equal(restrictedModeGap('python', true, true), undefined);
    assert.equal(restrictedModeGap('python', false, false), undefined, 'Bandit turned off is not a gap');
    assert.equal(restrictedModeGap('dockerfile', false, true), undefined);
    assert.equal(restrictedModeGap('requirements', false, true), undefined);
  });
});
