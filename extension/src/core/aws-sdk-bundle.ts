// The extension's one bundle with the AWS SDK: dist/remote-pipeline.js. The devsecops CLI the extension
// ships (dist/cli.js, shared's own CLI build) loads that file for `pipeline run --remote`, and the editor's
// AWS mode (aws-pipeline.ts) loads the same file, so the SDK is in the package, and in memory, once.
// Nothing here may import `vscode`: the CLI runs it in a plain Node process.
// Everything shared's own dist/remote-pipeline.js exports (`runRemotePipeline`), and the editor's calls.
export { AwsPipelineClient, runRemotePipeline } from '@devsecops/shared/aws';
export { accountOfTarget } from './aws-account';
