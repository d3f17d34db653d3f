import assert from 'node:assert/strict';
import { BOT_MAX_ATTEMPTS, createBotClients } from '../../src/codecommit/clients';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

describe('createBotClients', () => {
  it('retries adaptively, and gives each service only its own endpoint override', async () => {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env))
      if (key.startsWith('AWS_ENDPOINT_URL')) Reflect.deleteProperty(process.env, key);
    const clients = createBotClients({ region: 'eu-west-1', credentials }, { codeCommit: 'http://127.0.0.1:4566' });
    try {
      const codeCommit = await clients.codeCommit.config.endpoint?.();
      assert.deepStrictEqual([codeCommit?.hostname, codeCommit?.port], ['127.0.0.1', 4566]);
      // --endpoint-url is CodeCommit's: S3 and STS stay on AWS (or their own AWS_ENDPOINT_URL_* variables).
      assert.equal(clients.s3.config.endpoint, undefined);
      assert.equal(clients.sts.config.endpoint, undefined);
      assert.equal(clients.s3.config.forcePathStyle, false);
      for (const client of [clients.codeCommit, clients.s3, clients.sts]) {
        const mode = client.config.retryMode;
        assert.equal(typeof mode === 'function' ? await mode() : mode, 'adaptive');
        assert.equal(await client.config.maxAttempts(), BOT_MAX_ATTEMPTS);
      }
    } finally {
      clients.destroy();
      process.env = saved;
    }
  });
});
