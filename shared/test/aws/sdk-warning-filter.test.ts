import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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

describe('the AWS clients and the process-wide warning hook', () => {
  it('building a client leaves process.emitWarning alone (an extension host is shared by every extension)', () => {
    // In a fresh process: this one may have installed the filter already.
    const script = [
      'const before = process.emitWarning;',
      "const { createS3Client, createCodeCommitClient } = require('./src/aws/client-factory');",
      "createS3Client({ region: 'eu-west-1' });",
      "createCodeCommitClient({ region: 'eu-west-1' });",
      'process.stdout.write(String(process.emitWarning === before));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'true');
  });
});
