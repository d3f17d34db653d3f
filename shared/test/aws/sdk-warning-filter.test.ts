import assert from 'node:assert/strict';
import { filterSdkNodeVersionWarning } from '../../src/aws/sdk-warning-filter';

describe('SDK NodeVersionSupportWarning filter', () => {
  it('drops exactly the SDK node-version warning and passes every other warning through', async () => {
    filterSdkNodeVersionWarning();
    filterSdkNodeVersionWarning(); // idempotent
    const seen: string[] = [];
    const listener = (warning: Error): void => {
      seen.push(warning.message);
    };
    // Node's own listener prints warnings; set it aside so the test leaves no noise.
    const printers = process.listeners('warning');
    process.removeAllListeners('warning');
    process.on('warning', listener);
    try {
      process.emitWarning('NodeVersionSupportWarning: The AWS SDK for JavaScript (v3) will require node >=22.');
      process.emitWarning('Something else', 'DeprecationWarning');
      // 'warning' events are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
      for (const printer of printers) process.on('warning', printer);
    }
    assert.deepEqual(seen, ['Something else']);
  });
});
