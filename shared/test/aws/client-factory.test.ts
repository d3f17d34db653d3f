import assert from 'node:assert/strict';
import {
  baseClientConfig,
  createCodeBuildClient,
  createCodeCommitClient,
  createCodePipelineClient,
  configuredEndpointFromEnvironment,
  createS3Client,
  credentialsFor,
} from '../../src/aws/client-factory';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

describe('AWS client factory', () => {
  it('builds every client from one configuration: region, endpoint, retries, user agent', async () => {
    const settings = {
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      credentials,
      maxAttempts: 5,
      retryMode: 'adaptive' as const,
      userAgent: 'devsecops-bot/1.2.3',
    };
    assert.deepEqual(baseClientConfig(settings), {
      region: 'eu-west-1',
      credentials,
      endpoint: 'http://127.0.0.1:4566',
      maxAttempts: 5,
      retryMode: 'adaptive',
      customUserAgent: [['devsecops-bot', '1.2.3']],
    });
    for (const client of [
      createCodeCommitClient(settings),
      createCodeBuildClient(settings),
      createCodePipelineClient(settings),
    ]) {
      assert.equal(await client.config.region(), 'eu-west-1');
      assert.equal(await client.config.maxAttempts(), 5);
      const endpoint = await client.config.endpoint?.();
      assert.deepEqual([endpoint?.protocol, endpoint?.hostname, endpoint?.port], ['http:', '127.0.0.1', 4566]);
      assert.deepEqual(await client.config.credentials(), credentials);
      client.destroy();
    }
  });

  it('uses path-style S3 addressing only when the endpoint is overridden', () => {
    const local = createS3Client({ region: 'us-east-1', credentials, endpoint: 'http://127.0.0.1:9000' });
    const aws = createS3Client({ region: 'us-east-1', credentials });
    assert.equal(local.config.forcePathStyle, true);
    assert.equal(aws.config.forcePathStyle, false);
    local.destroy();
    aws.destroy();
  });

  it('switches S3 to path-style addressing when the standard variables give it a custom endpoint', () => {
    const cases = [
      [{ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' }, true],
      [{ AWS_ENDPOINT_URL: 'http://localhost:4566' }, true],
      [{ AWS_ENDPOINT_URL_CODECOMMIT: 'http://127.0.0.1:4566' }, false],
      [{ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, false],
      [{ AWS_ENDPOINT_URL_S3: '' }, false],
      [{}, false],
    ] as const;
    assert.deepStrictEqual(
      cases.map(([env]) => {
        const client = createS3Client({ region: 'us-east-1', credentials }, env);
        const pathStyle = client.config.forcePathStyle;
        client.destroy();
        return [env, pathStyle];
      }),
      cases,
    );
  });

  it('reads a service’s endpoint from the standard variables the way the SDK does', () => {
    const env = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_CODECOMMIT: 'http://127.0.0.1:2',
    };
    assert.deepStrictEqual(
      ['CodeCommit', 'S3', 'CodePipeline'].map((service) => configuredEndpointFromEnvironment(service, env)),
      ['http://127.0.0.1:2', 'http://127.0.0.1:1', 'http://127.0.0.1:1'],
    );
    assert.equal(configuredEndpointFromEnvironment('S3', {}), undefined);
  });

  it('defaults to three attempts, standard retries and the product user agent', () => {
    assert.deepEqual(baseClientConfig({ region: 'us-east-1', credentials }), {
      region: 'us-east-1',
      credentials,
      maxAttempts: 3,
      retryMode: 'standard',
      customUserAgent: [['devsecops', '0.1.0']],
    });
  });

  it('takes explicit credentials as given, and a profile (or its SSO session) through a provider', () => {
    assert.equal(credentialsFor({ region: 'us-east-1', credentials }), credentials);
    assert.equal(typeof credentialsFor({ region: 'us-east-1', profile: 'dev' }), 'function');
    assert.equal(typeof credentialsFor({ region: 'us-east-1', profile: 'dev', sso: true }), 'function');
    assert.equal(typeof credentialsFor({ region: 'us-east-1' }), 'function');
  });

  it('reads a named profile from the shared files, not from the machine', async () => {
    const fs = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aws-profile-'));
    const saved = { config: process.env['AWS_CONFIG_FILE'], credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'] };
    try {
      await fs.writeFile(
        path.join(dir, 'credentials'),
        '[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n',
      );
      await fs.writeFile(path.join(dir, 'config'), '');
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(dir, 'credentials');
      process.env['AWS_CONFIG_FILE'] = path.join(dir, 'config');
      const provider = credentialsFor({ region: 'us-east-1', profile: 'dev' });
      assert.equal(typeof provider, 'function');
      const resolved = typeof provider === 'function' ? await provider() : provider;
      assert.equal(resolved.accessKeyId, 'AKIDPROFILE');
      assert.equal(resolved.secretAccessKey, 'profile-secret');
    } finally {
      for (const [key, value] of [
        ['AWS_CONFIG_FILE', saved.config],
        ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
      ] as const) {
        if (value === undefined) Reflect.deleteProperty(process.env, key);
        else process.env[key] = value;
      }
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
