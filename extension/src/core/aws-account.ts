// Which AWS account the editor's AWS mode is about to run in, shown in its confirmation. Part of the
// bundle with the AWS SDK (aws-sdk-bundle.ts).
import { BatchGetProjectsCommand } from '@aws-sdk/client-codebuild';
import { GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { createCodeBuildClient, createCodePipelineClient } from '@devsecops/shared/aws';
import type { AwsClientSettings } from '@devsecops/shared/aws';
import type { AwsSettings } from '../model/editor-settings';

/** The account that owns an ARN (`arn:aws:codepipeline:eu-west-1:123456789012:name` → `123456789012`). */
function accountOf(arn: string | undefined): string {
  return arn?.split(':')[4] ?? 'unknown account';
}

/** The account of the pipeline or project, from its ARN (a read-only call; no STS needed). */
export async function accountOfTarget(aws: AwsSettings, clientSettings: AwsClientSettings): Promise<string> {
  if (aws.pipelineName) {
    const lookup = createCodePipelineClient(clientSettings);
    try {
      const { metadata } = await lookup.send(new GetPipelineCommand({ name: aws.pipelineName }));
      return accountOf(metadata?.pipelineArn);
    } finally {
      lookup.destroy();
    }
  }
  const lookup = createCodeBuildClient(clientSettings);
  try {
    const { projects } = await lookup.send(new BatchGetProjectsCommand({ names: [aws.codeBuildProject] }));
    const arn = projects?.[0]?.arn;
    if (arn === undefined) throw new Error(`no project named ${aws.codeBuildProject}`);
    return accountOf(arn);
  } finally {
    lookup.destroy();
  }
}
