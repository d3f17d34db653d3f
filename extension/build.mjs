// Bundles the extension with esbuild; tsc typechecks separately (npm run typecheck at the root).
//   dist/extension.js     what VS Code loads at activation: the wiring only (vscode is external)
//   dist/core.js          the core's engines, config and pipeline, required on first use
//   dist/aws-pipeline.js  the editor's AWS mode (confirmation, progress), required only when AWS mode is used
//   dist/cli.js           the devsecops CLI, which the local pipeline's buildspecs call (shared's own build), and
//                         beside it the files that CLI loads on first use (its other commands, engines, parsers)
//   dist/remote-pipeline.js  the one bundle with the AWS SDK, loaded only when used: the CLI's AWS part
//                         (`pipeline run --remote`) and the AWS calls of the editor's AWS mode
//   dist/data/            the built-in engines' data (vulnerability database snapshot)
//   dist/pipeline/        the default pipeline definition and its buildspecs
//   dist/schemas/         the JSON Schema of .devsecops.yml (completion and validation as you type)
// --production minifies and drops source maps (what the .vsix ships); --metafile writes dist/meta.json.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  absWorkingDir: here,
};

rmSync(join(here, 'dist'), { recursive: true, force: true });
const results = await Promise.all([
  build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    metafile: true,
  }),
  build({ ...common, entryPoints: ['src/core/core-api.ts'], outfile: 'dist/core.js', metafile: true }),
  build({
    ...common,
    entryPoints: ['src/controllers/aws-pipeline.ts'],
    outfile: 'dist/aws-pipeline.js',
    external: ['vscode'],
    metafile: true,
  }),
]);

// The devsecops CLI, which the local pipeline's buildspecs call, built by shared's own build so it is the same
// CLI: dist/cli.js starts without the AWS SDK, which only dist/remote-pipeline.js (`pipeline run --remote`) loads.
// That file is also where the editor's AWS mode finds the SDK (src/core/aws-sdk-bundle.ts): one copy for both.
execFileSync(
  process.execPath,
  [
    join(here, '..', 'shared', 'build.mjs'),
    '--outdir',
    join(here, 'dist'),
    '--remote-entry',
    join(here, 'src', 'core', 'aws-sdk-bundle.ts'),
  ],
  { stdio: 'inherit' },
);

// The activation bundle must stay small: the AWS SDK and the core's heavy dependencies load on first use.
const heavy = [
  '@aws-sdk/',
  'node_modules/yaml/',
  'node_modules/ajv/',
  'node_modules/smol-toml/',
  'dockerfile-ast',
  'ae-cvss-calculator',
  'fflate',
  '@renovatebot/pep440',
  // shared's engines, and what starts programs or reaches AWS: dist/core.js holds them, required on first use.
  'shared/src/scanners/builtin-sca/',
  'shared/src/scanners/builtin-dockerfile/rules/',
  'shared/src/scanners/bandit/',
  'shared/src/scanners/hadolint/',
  'shared/src/scanners/dependency-check/',
  'shared/src/process/',
  'shared/src/aws/',
  'shared/src/cache/',
];
/** What activation may cost to load, unminified (it is about 145 KB today; the engines are several MB). */
const MAX_ACTIVATION_BYTES = 300_000;
/** The files a bundle holds: esbuild also reads files it then shakes out entirely (0 bytes in the output). */
function bundledInputs(metafile) {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}
const heavyInMain = bundledInputs(results[0].metafile).filter((input) => heavy.some((name) => input.includes(name)));
if (heavyInMain.length) {
  console.error(`dist/extension.js must stay light, but it bundles: ${heavyInMain.slice(0, 5).join(', ')}`);
  process.exit(1);
}
const activationBytes = results[0].metafile.outputs['dist/extension.js']?.bytes ?? Infinity;
if (!production && activationBytes > MAX_ACTIVATION_BYTES) {
  console.error(
    `dist/extension.js must stay light (at most ${MAX_ACTIVATION_BYTES} bytes unminified), but it is ${activationBytes}: move what activation does not need behind core-loader.ts`,
  );
  process.exit(1);
}
// The AWS SDK is in dist/remote-pipeline.js only: a second copy would double the package's largest part.
for (const [result, name] of [
  [results[1], 'dist/core.js'],
  [results[2], 'dist/aws-pipeline.js'],
]) {
  const aws = bundledInputs(result.metafile).filter((input) => input.includes('@aws-sdk/'));
  if (aws.length) {
    console.error(
      `${name} must not include the AWS SDK (only dist/remote-pipeline.js does, loaded in AWS mode), but it bundles: ${aws.slice(0, 3).join(', ')}`,
    );
    process.exit(1);
  }
}

// The pipeline definition and buildspecs the local pipeline runs when a project has none of its own
// (found by walking up from the bundle: `dist/pipeline/pipeline.yml`).
cpSync(join(here, '..', 'pipeline'), join(here, 'dist', 'pipeline'), { recursive: true });

// The JSON Schema of .devsecops.yml, which package.json's `yamlValidation` gives the editor's YAML support.
cpSync(join(here, '..', 'shared/schemas'), join(here, 'dist', 'schemas'), { recursive: true });

// The bundled vulnerability database snapshot (found at `<bundle dir>/data/osv/`) and its credit.
const data = join(here, '..', 'shared', 'data');
mkdirSync(join(here, 'dist', 'data'), { recursive: true });
for (const part of ['osv', 'README.md']) {
  if (existsSync(join(data, part))) cpSync(join(data, part), join(here, 'dist', 'data', part), { recursive: true });
}
