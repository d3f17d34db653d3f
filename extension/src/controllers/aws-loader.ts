import * as path from 'node:path';
import type * as AwsPipeline from './aws-pipeline';

// A runtime path esbuild does not follow: the module stays out of the bundles that load it.
/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * Loads the editor's AWS mode, bundled separately as `dist/aws-pipeline.js`, so nothing of it costs
 * activation time or memory until a person runs the pipeline in AWS mode.
 */
export function loadAwsPipeline(): typeof AwsPipeline {
  return require(path.join(__dirname, 'aws-pipeline.js')) as typeof AwsPipeline;
}
