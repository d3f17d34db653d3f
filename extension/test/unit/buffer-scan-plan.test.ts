import assert from 'node:assert/strict';
import { bufferScanPlan } from '../../src/model/buffer-scan-plan';
import type { BufferTrigger } from '../../src/model/buffer-scan-plan';
import type { RunTrigger } from '../../src/model/editor-settings';

const settings = (run: RunTrigger, enable = true, banditEnabled = true) => ({
  enable,
  run,
  bandit: { enabled: banditEnabled },
});

describe('bufferScanPlan', () => {
  it('shows the Restricted Mode gap for a Python file while untrusted, whatever the run setting', () => {
    for (const run of ['onType', 'onSave', 'manual'] as const) {
      const plan = bufferScanPlan('python', 'open', settings(run), false);
      assert.equal(plan.action, 'restricted', run);
    }
  });

  it('drops the Restricted Mode gap once trusted in manual mode, where no scan would replace it', () => {
    // Untrusted, the document got the gap; trusting the workspace checks every open document again ('open').
    assert.equal(bufferScanPlan('python', 'open', settings('manual'), false).action, 'restricted');
    assert.deepEqual(bufferScanPlan('python', 'open', settings('manual'), true), { action: 'forget' });
  });

  it('scans once trusted on type and on save, and waits for the save on an edit in onSave mode', () => {
    const cases: [RunTrigger, BufferTrigger, string][] = [
      ['onType', 'open', 'scan'],
      ['onType', 'change', 'scan'],
      ['onType', 'save', 'scan'],
      ['onSave', 'open', 'scan'],
      ['onSave', 'change', 'wait'],
      ['onSave', 'save', 'scan'],
    ];
    for (const [run, trigger, action] of cases) {
      assert.equal(bufferScanPlan('python', trigger, settings(run), true).action, action, `${run} ${trigger}`);
    }
  });

  it('never holds a Restricted Mode gap for the built-in engines or a Bandit turned off', () => {
    assert.equal(bufferScanPlan('dockerfile', 'open', settings('onType'), false).action, 'scan');
    assert.equal(bufferScanPlan('requirements', 'open', settings('onType'), false).action, 'scan');
    assert.equal(bufferScanPlan('python', 'open', settings('onType', true, false), false).action, 'scan');
  });

  it('forgets every document when the extension is turned off, trusted or not', () => {
    assert.deepEqual(bufferScanPlan('python', 'open', settings('onType', false), false), { action: 'forget' });
    assert.deepEqual(bufferScanPlan('dockerfile', 'change', settings('onType', false), true), { action: 'forget' });
  });
});
