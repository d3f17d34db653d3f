// Writes the V8 code cache of the CLI's bundle: `node write-code-cache.mjs DIST` (build.mjs runs it after the
// bundles). It loads DIST/cli-main.js the way the executable does (DIST/cli.js, src/cli/bin.ts), runs
// `devsecops --version` so that the functions every command's start runs are compiled too, not only the bundle's
// top level (that doubles what the cache saves), and writes what V8 compiled, after the source's SHA-256.
//
// The cache is for the Node that runs this: with another one V8 refuses it and the CLI compiles from source, as
// it would without it. The CodeBuild bundle and the .vsix leave it out for that reason (their Node is not the
// build machine's).
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const dist = resolve(process.argv[2] ?? '');
const require = createRequire(import.meta.url);
const { compileCli, CODE_CACHE_FILE } = require(join(dist, 'cli.js'));
const { cli, script, sourceDigest } = compileCli(dist, false);
const code = await cli.main(['--version']);
if (code !== 0) throw new Error(`devsecops --version exited with ${String(code)} while the code cache was made`);
writeFileSync(join(dist, CODE_CACHE_FILE), Buffer.concat([sourceDigest, script.createCachedData()]));
