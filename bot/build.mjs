// Bundles the bot's Lambda handler and CLI. tsc typechecks separately (npm run typecheck).
// The AWS SDK is bundled, not left to the Lambda runtime: the runtime's SDK version floats and
// lags, and one self-contained file behaves the same in Lambda, in the CLI and in tests.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['src/lambda.ts'], outfile: 'dist/lambda.js' });
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
});
