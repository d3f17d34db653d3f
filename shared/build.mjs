// Bundles the devsecops CLI. tsc typechecks separately (npm run typecheck).
//
// The AWS part (`--remote`) is its own file, dist/remote-pipeline.js, loaded only when used: the AWS SDK
// is over half of the code, and compiling it on every start made each CLI run ~25 ms slower.
//
// `node shared/build.mjs [--outdir DIR] [--remote-entry FILE]`: tests bundle into a scratch folder with this same
// script, so they exercise exactly what ships. `--remote-entry` bundles FILE as remote-pipeline.js instead of
// src/aws/remote-pipeline.ts: a module that exports everything that one does, and more. The extension passes
// one that also holds its editor's AWS mode, so its package carries one copy of the AWS SDK.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE_OPTIONS } from '../scripts/node-bundle-options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? join(here, 'dist') : resolve(process.argv[outdirFlag + 1] ?? '');
const remoteEntryFlag = process.argv.indexOf('--remote-entry');
const remoteEntry =
  remoteEntryFlag === -1 ? 'src/aws/remote-pipeline.ts' : resolve(process.argv[remoteEntryFlag + 1] ?? '');

const common = { ...NODE_BUNDLE_OPTIONS, sourcemap: true, absWorkingDir: here };

/** Resolves the CLI's lazy `import('../../aws/remote-pipeline')` to the separate bundle beside it. */
const remotePipelineAsSeparateFile = {
  name: 'remote-pipeline-as-separate-file',
  setup(builder) {
    builder.onResolve({ filter: /\/aws\/remote-pipeline$/ }, () => ({ path: './remote-pipeline.js', external: true }));
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: join(outdir, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
    plugins: [remotePipelineAsSeparateFile],
  }),
  build({ ...common, entryPoints: [remoteEntry], outfile: join(outdir, 'remote-pipeline.js') }),
]);
