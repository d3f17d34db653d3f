// @devsecops/shared/aws: AWS access: SDK clients from one factory, the pipeline in the cloud (`--remote`) and the findings it stores in S3.
export {
  baseClientConfig,
  createCodeBuildClient,
  createCodeCommitClient,
  createCodePipelineClient,
  createS3Client,
} from './aws/client-factory';
export type { AwsClientSettings } from './aws/client-factory';
export { filterSdkNodeVersionWarning } from './aws/sdk-warning-filter';
export { AwsPipelineClient } from './aws/pipeline-client';
export type { PipelineSnapshot } from './aws/pipeline-client';
export { executionVerdict } from './aws/execution-verdict';
export type { ExecutionVerdict } from './aws/execution-verdict';
export { s3ReportStore } from './aws/s3-report-store';
export { runRemotePipeline } from './aws/remote-pipeline';
export type { RemotePipelineSettings } from './aws/remote-settings';
