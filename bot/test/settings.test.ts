import assert from 'node:assert/strict';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { readLambdaSettings } from '../src/settings';

describe('readLambdaSettings', () => {
  it('applies the defaults: added mode, 20 inline comments, gate from config, no approval', () => {
    assert.deepStrictEqual(readLambdaSettings({ FINDINGS_BUCKET: 'findings', AWS_REGION: 'eu-west-1' }), {
      findingsBucket: 'findings',
      region: 'eu-west-1',
      mode: 'added',
      maxInline: 20,
      approve: false,
    });
  });

  it('reads every override', () => {
    assert.deepStrictEqual(
      readLambdaSettings({
        FINDINGS_BUCKET: 'findings',
        AWS_REGION: 'eu-west-1',
        DEVSECOPS_BOT_MODE: 'diff_context',
        DEVSECOPS_BOT_MAX_INLINE: '5',
        DEVSECOPS_BOT_FAIL_ON: 'None',
        DEVSECOPS_BOT_APPROVE: 'true',
        DEVSECOPS_AWS_ENDPOINT: 'http://127.0.0.1:4566',
        DEVSECOPS_S3_ENDPOINT: 'http://127.0.0.1:4567',
      }),
      {
        findingsBucket: 'findings',
        region: 'eu-west-1',
        mode: 'diff_context',
        maxInline: 5,
        failOn: 'none',
        approve: true,
        endpoint: 'http://127.0.0.1:4566',
        s3Endpoint: 'http://127.0.0.1:4567',
      },
    );
  });

  it('says what to fix when a value is missing or wrong', () => {
    const fails = (env: Record<string, string>, code: string, part: string): void => {
      assert.throws(
        () => readLambdaSettings(env),
        (error: unknown) => isDevsecopsError(error) && error.code === code && error.message.includes(part),
      );
    };
    fails({}, 'CONFIG_INVALID', 'FINDINGS_BUCKET is not set');
    fails({ FINDINGS_BUCKET: 'b', DEVSECOPS_BOT_MAX_INLINE: '-1' }, 'USAGE', 'DEVSECOPS_BOT_MAX_INLINE');
    fails(
      { FINDINGS_BUCKET: 'b', DEVSECOPS_BOT_FAIL_ON: 'severe' },
      'USAGE',
      'critical, high, medium, low, info or none',
    );
    fails({ FINDINGS_BUCKET: 'b', DEVSECOPS_BOT_MODE: 'changed' }, 'USAGE', 'Unknown filter mode');
  });
});
