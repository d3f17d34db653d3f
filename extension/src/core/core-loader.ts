import * as path from 'node:path';
import type * as CoreApi from './core-api';

/** The core's functions as the extension uses them (see core-api.ts). */
export type Core = typeof CoreApi;

/**
 * Loads dist/core.js, the separately bundled core, the first time it is needed (the first scan, a
 * command): activation stays cheap, the cost moves to the first diagnostics.
 */
export function loadCore(): Core {
  // A runtime path esbuild does not follow: the core stays out of the main bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'core.js')) as Core;
}
