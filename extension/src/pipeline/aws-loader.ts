import * as path from 'node:path';
import type * as AwsPipeline from './aws-pipeline';

/**
 * Loads the AWS half of the extension, bundled separately as `dist/aws-pipeline.js` with the AWS SDK, so
 * the SDK costs nothing (activation time, memory) until a person runs the pipeline in AWS mode.
 */
export function loadAwsPipeline(): typeof AwsPipeline {
  // A runtime path esbuild does not follow: the module stays out of the main bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'aws-pipeline.js')) as typeof AwsPipeline;
}
