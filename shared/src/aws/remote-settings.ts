import path from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import type { AwsClientSettings } from './client-factory';

/** Where `devsecops pipeline run --remote` runs, and where it finds the results. */
export interface RemotePipelineSettings {
  /** Region, credentials and endpoint for CodePipeline and CodeBuild. */
  readonly client: AwsClientSettings;
  /** S3 endpoint override (an emulator's S3 runs on its own port); default `client.endpoint`. */
  readonly s3Endpoint?: string;
  /** CodePipeline pipeline to start. One of `pipelineName` and `codebuildProject` is set. */
  readonly pipelineName?: string;
  /** CodeBuild project to build directly when there is no pipeline. */
  readonly codebuildProject?: string;
  /** Bucket holding `<repository>/<commit>/<stage>.sarif`. */
  readonly findingsBucket: string;
  /** CodeCommit repository name (the first path segment in the findings bucket). */
  readonly repository: string;
}

/**
 * The environment variables `--remote` reads. AWS's own (`AWS_REGION`, `AWS_PROFILE`,
 * `AWS_ACCESS_KEY_ID`, …) keep their usual meaning through the default credential chain.
 */
export const REMOTE_ENVIRONMENT = {
  pipeline: 'DEVSECOPS_AWS_PIPELINE',
  codebuildProject: 'DEVSECOPS_AWS_CODEBUILD_PROJECT',
  findingsBucket: 'DEVSECOPS_FINDINGS_BUCKET',
  repository: 'DEVSECOPS_AWS_REPOSITORY',
  endpoint: 'DEVSECOPS_AWS_ENDPOINT',
  s3Endpoint: 'DEVSECOPS_AWS_S3_ENDPOINT',
  sso: 'DEVSECOPS_AWS_SSO',
} as const;

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = env[name]?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/**
 * Reads the remote settings from the environment. `root` names the repository when
 * `DEVSECOPS_AWS_REPOSITORY` is unset. Throws DevsecopsError('USAGE') naming every
 * missing variable at once.
 */
export function remoteSettingsFromEnvironment(env: NodeJS.ProcessEnv, root: string): RemotePipelineSettings {
  const region = value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION');
  const pipelineName = value(env, REMOTE_ENVIRONMENT.pipeline);
  const codebuildProject = value(env, REMOTE_ENVIRONMENT.codebuildProject);
  const findingsBucket = value(env, REMOTE_ENVIRONMENT.findingsBucket);
  const missing: string[] = [];
  if (region === undefined) missing.push('AWS_REGION (e.g. eu-west-1)');
  if (pipelineName === undefined && codebuildProject === undefined)
    missing.push(`${REMOTE_ENVIRONMENT.pipeline} (the CodePipeline name) or ${REMOTE_ENVIRONMENT.codebuildProject}`);
  if (findingsBucket === undefined)
    missing.push(`${REMOTE_ENVIRONMENT.findingsBucket} (the bucket with the SARIF reports)`);
  if (region === undefined || findingsBucket === undefined || missing.length > 0)
    throw new DevsecopsError('USAGE', `--remote needs these environment variables: ${missing.join('; ')}.`);
  const profile = value(env, 'AWS_PROFILE');
  const endpoint = value(env, REMOTE_ENVIRONMENT.endpoint);
  const s3Endpoint = value(env, REMOTE_ENVIRONMENT.s3Endpoint);
  const sso = value(env, REMOTE_ENVIRONMENT.sso);
  return {
    client: {
      region,
      ...(profile === undefined ? {} : { profile }),
      ...(sso === '1' || sso === 'true' ? { sso: true } : {}),
      ...(endpoint === undefined ? {} : { endpoint }),
      userAgent: 'devsecops-cli/0.1.0',
    },
    ...(s3Endpoint === undefined ? {} : { s3Endpoint }),
    ...(pipelineName === undefined ? {} : { pipelineName }),
    ...(pipelineName === undefined && codebuildProject !== undefined ? { codebuildProject } : {}),
    findingsBucket,
    repository: value(env, REMOTE_ENVIRONMENT.repository) ?? path.basename(path.resolve(root)),
  };
}
