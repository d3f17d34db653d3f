// Bundles the devsecops CLI. tsc typechecks separately (npm run typecheck).
//
// dist/cli-main.js holds what `devsecops scan` runs on a tree of Python files; everything else is a file of its
// own beside it, loaded the first time it is used (LOADED_ON_FIRST_USE below): a CLI run parses and compiles
// all of the file it starts from, and for a re-scan of an unchanged tree that start is most of the run.
// dist/cli.js, the executable, is src/cli/bin.ts: it compiles cli-main.js with the V8 code cache written here
// after the bundles (write-code-cache.mjs), so most of that compiling is done once, at build time.
//
// `node shared/build.mjs [--outdir DIR] [--remote-entry FILE]`: tests bundle into a scratch folder with this same
// script, so they exercise exactly what ships. `--remote-entry` bundles FILE as remote-pipeline.js instead of
// src/aws/remote-pipeline.ts: a module that exports everything that one does, and more. The extension passes
// one that also holds its editor's AWS mode, so its package carries one copy of the AWS SDK.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE_OPTIONS } from '../scripts/node-bundle-options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? join(here, 'dist') : resolve(process.argv[outdirFlag + 1] ?? '');
const remoteEntryFlag = process.argv.indexOf('--remote-entry');
const remoteEntry =
  remoteEntryFlag === -1 ? 'src/aws/remote-pipeline.ts' : resolve(process.argv[remoteEntryFlag + 1] ?? '');

/**
 * The files loaded on first use, by name (dist/<name>.js). A module of src/ is one when it is reached by a
 * literal `require()` (as `loadedOnFirstUse` takes it) or a dynamic `import()`; a package, by any import. Each
 * becomes a `require` of its file beside the bundle, so every bundle here loads the same file, once. A static
 * import of such a module still bundles it inline (the extension's AWS entry re-exports the CLI's AWS part).
 * `entry` is what the file holds, when not the module itself.
 */
const LOADED_ON_FIRST_USE = [
  // The AWS part (`--remote`): the AWS SDK is over half of the code.
  { name: 'remote-pipeline', module: 'src/aws/remote-pipeline.ts', entry: remoteEntry },
  // The commands other than `scan`: their options are in cli.js (for --help), what they do is here.
  { name: 'pipeline-command', module: 'src/cli/commands/pipeline-actions.ts' },
  { name: 'db-command', module: 'src/cli/commands/db-actions.ts' },
  // The built-in engines, which a scan of Python files alone never runs.
  { name: 'builtin-sca', module: 'src/scanners/builtin-sca/index.ts' },
  { name: 'builtin-dockerfile', module: 'src/scanners/builtin-dockerfile/index.ts' },
  // Reading YAML and TOML files and checking them against their schemas: only when there is such a file.
  { name: 'config-parser', module: 'src/config/parse-config.ts' },
  { name: 'user-config-parser', module: 'src/config/parse-user-config.ts' },
  { name: 'bandit-config-parser', module: 'src/scanners/bandit/parse-bandit-config.ts' },
  { name: 'yaml', package: 'yaml' },
  { name: 'ajv', package: 'ajv' },
  { name: 'smol-toml', package: 'smol-toml' },
];

const common = {
  ...NODE_BUNDLE_OPTIONS,
  sourcemap: true,
  absWorkingDir: here,
};

/** Resolves each import of a file loaded on first use to that file, beside the bundle that imports it. */
const loadedOnFirstUse = {
  name: 'loaded-on-first-use',
  setup(builder) {
    const byModule = new Map(
      LOADED_ON_FIRST_USE.filter((file) => file.module).map((file) => [join(here, file.module), file.name]),
    );
    const byPackage = new Map(
      LOADED_ON_FIRST_USE.filter((file) => file.package).map((file) => [file.package, file.name]),
    );
    builder.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
      const name = byPackage.get(args.path);
      if (name !== undefined) return { path: `./${name}.js`, external: true };
      if (args.kind !== 'require-call' && args.kind !== 'dynamic-import') return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      const file = byModule.get(resolved.path);
      return file === undefined ? undefined : { path: `./${file}.js`, external: true };
    });
  },
};

// A file that is no longer built must not linger in dist/: infra ships every bundle there.
if (outdirFlag === -1 && existsSync(outdir)) {
  for (const entry of readdirSync(outdir, { withFileTypes: true })) {
    if (entry.isFile() && /\.js(\.map|\.cache)?$/.test(entry.name)) rmSync(join(outdir, entry.name));
  }
}

const plugins = [loadedOnFirstUse];
await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir,
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: { 'cli-main': 'src/cli/main.ts' }, outdir, plugins }),
  build({
    ...common,
    entryPoints: Object.fromEntries(
      LOADED_ON_FIRST_USE.map((file) => [file.name, file.entry ?? file.module ?? file.package]),
    ),
    outdir,
    plugins,
  }),
]);
// The executable: npm sets the bit when it links the bin at install time, and esbuild writes a new file without it,
// so without this every rebuild would leave `npx --no -- devsecops` with "Permission denied".
chmodSync(join(outdir, 'cli.js'), 0o755);
// In its own process, which runs the CLI once to fill the cache: the build's own heap stays out of it.
execFileSync(process.execPath, [join(here, 'write-code-cache.mjs'), outdir], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
