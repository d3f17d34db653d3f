// The extension's one bundle with the AWS SDK: dist/remote-pipeline.js. The devsecops CLI the extension
// ships (dist/cli.js, shared's own CLI build) loads that file for `pipeline run --remote`, and the editor's
// AWS mode (aws-pipeline.ts) loads the same file, so the SDK is in the package, and in memory, once.
// Nothing here may import `vscode`: the CLI runs it in a plain Node process.
export * from '@devsecops/shared/src/aws/remote-pipeline';
export { AwsPipelineClient } from '@devsecops/shared/src/aws/pipeline-client';
export { accountOfTarget } from './aws-account';
