import * as path from 'node:path';
import type * as AwsPipeline from './aws-pipeline';
import type * as AwsSdkBundle from './aws-sdk-bundle';

// Runtime paths esbuild does not follow: these modules stay out of the bundles that load them.
/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * Loads the editor's AWS mode, bundled separately as `dist/aws-pipeline.js`, so nothing of it costs
 * activation time or memory until a person runs the pipeline in AWS mode.
 */
export function loadAwsPipeline(): typeof AwsPipeline {
  return require(path.join(__dirname, 'aws-pipeline.js')) as typeof AwsPipeline;
}

/**
 * Loads the bundle with the AWS SDK, `dist/remote-pipeline.js` (see aws-sdk-bundle.ts), which the CLI's
 * `pipeline run --remote` loads too.
 */
export function loadAwsSdkBundle(): typeof AwsSdkBundle {
  return require(path.join(__dirname, 'remote-pipeline.js')) as typeof AwsSdkBundle;
}
