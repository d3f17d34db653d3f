import assert from 'node:assert/strict';
import { remoteSettingsFromEnvironment } from '../../src/aws/remote-settings';

describe('remote pipeline settings from the environment', () => {
  it('reads region, profile, endpoints, pipeline, bucket and repository', () => {
    const settings = remoteSettingsFromEnvironment(
      {
        AWS_REGION: 'eu-west-1',
        AWS_PROFILE: 'dev',
        DEVSECOPS_AWS_SSO: '1',
        DEVSECOPS_AWS_ENDPOINT: 'http://127.0.0.1:4566',
        DEVSECOPS_AWS_S3_ENDPOINT: 'http://127.0.0.1:4567',
        DEVSECOPS_AWS_PIPELINE: 'devsecops',
        DEVSECOPS_FINDINGS_BUCKET: 'findings',
        DEVSECOPS_AWS_REPOSITORY: 'todo',
      },
      '/src/anything',
    );
    assert.deepEqual(settings, {
      client: {
        region: 'eu-west-1',
        profile: 'dev',
        sso: true,
        endpoint: 'http://127.0.0.1:4566',
        userAgent: 'devsecops-cli/0.1.0',
      },
      s3Endpoint: 'http://127.0.0.1:4567',
      pipelineName: 'devsecops',
      findingsBucket: 'findings',
      repository: 'todo',
    });
  });

  it('falls back to AWS_DEFAULT_REGION, a CodeBuild project and the folder name', () => {
    const settings = remoteSettingsFromEnvironment(
      { AWS_DEFAULT_REGION: 'us-east-2', DEVSECOPS_AWS_CODEBUILD_PROJECT: 'scan', DEVSECOPS_FINDINGS_BUCKET: 'b' },
      '/src/todo-app',
    );
    assert.deepEqual(settings, {
      client: { region: 'us-east-2', userAgent: 'devsecops-cli/0.1.0' },
      codebuildProject: 'scan',
      findingsBucket: 'b',
      repository: 'todo-app',
    });
  });

  it('names every missing variable in one usage error', () => {
    assert.throws(() => remoteSettingsFromEnvironment({}, '/src/x'), {
      name: 'DevsecopsError',
      code: 'USAGE',
      message:
        '--remote needs these environment variables: AWS_REGION (e.g. eu-west-1); DEVSECOPS_AWS_PIPELINE (the CodePipeline name) or DEVSECOPS_AWS_CODEBUILD_PROJECT; DEVSECOPS_FINDINGS_BUCKET (the bucket with the SARIF reports).',
    });
  });
});
