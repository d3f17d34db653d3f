import * as path from 'node:path';
import type * as AwsSdkBundle from './aws-sdk-bundle';

/**
 * Loads the bundle with the AWS SDK, `dist/remote-pipeline.js` (see aws-sdk-bundle.ts), which the CLI's
 * `pipeline run --remote` loads too. A runtime path esbuild does not follow: the SDK stays out of the
 * bundles that load it.
 */
export function loadAwsSdkBundle(): typeof AwsSdkBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'remote-pipeline.js')) as typeof AwsSdkBundle;
}
