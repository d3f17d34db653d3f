import assert from 'node:assert/strict';
import type { ProcessRequest, ProcessResult } from '@devsecops/shared/process';
import { trustedOnlyProcessRunner } from '../../src/core/trusted-process-runner';

describe('trustedOnlyProcessRunner', () => {
  const ok: ProcessResult = {
    stdout: 'ran',
    stderr: '',
    exitCode: 0,
    exitSignal: null,
    truncated: false,
    durationMs: 1,
  };

  it('never calls the real runner while untrusted, and does once trust is granted', async () => {
    const started: ProcessRequest[] = [];
    let trusted = false;
    const runner = trustedOnlyProcessRunner(
      (request) => {
        started.push(request);
        return Promise.resolve(ok);
      },
      () => trusted,
    );

    const refused = await runner({ command: 'bandit', args: ['-r', '.'] });
    assert.equal(started.length, 0);
    assert.equal(refused.exitCode, null);
    assert.ok(refused.failure);
    assert.equal(refused.failure.kind, 'spawn-error');
    assert.match(refused.failure.message, /not trusted/);

    trusted = true;
    assert.deepEqual(await runner({ command: 'bandit', args: [] }), ok);
    assert.equal(started.length, 1);
  });
});
