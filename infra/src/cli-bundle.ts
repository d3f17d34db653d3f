import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevsecopsError } from '@devsecops/shared/errors';
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';

/**
 * The `devsecops` CLI as CodeBuild gets it: the esbuild bundle of shared/ with the data it reads at run
 * time and the product's pipeline definition, in one zip that the stack uploads as an S3 asset. The
 * buildspecs download it, check its SHA-256 against DEVSECOPS_CLI_SHA256 and unpack it, so CodeBuild runs
 * exactly the CLI of the checkout that was deployed (the npm package is not published).
 *
 * Layout (paths the CLI finds from `dist/cli.js`):
 *   dist/cli.js, dist/*.js                   the bundle (shared/build.mjs): the CLI and the files it loads on
 *                                            first use (the AWS part, the built-in engines, the parsers…); not
 *                                            the code cache, which only the build machine's Node can use
 *   data/osv/…                               the bundled advisory snapshot and its prebuilt index
 *   data/README.md                           the data's licence credits
 *   pipeline/pipeline.yml, pipeline/buildspecs/…   the definition `pipeline run --definition` uses in the
 *                                            PR build, and the pip hashes file of the Bandit install
 */
export interface CliBundle {
  /** The zip on disk. */
  readonly zipPath: string;
  /** SHA-256 of the zip's bytes, lowercase hex: what the buildspecs verify. */
  readonly sha256: string;
  /** The paths inside the zip, sorted. */
  readonly entries: readonly string[];
}

/** One fixed timestamp for every entry, so the same inputs always give the same zip and the same hash. */
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');
const UNIX = 3;
const REGULAR_FILE = 0o100000;

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

/** What goes into the zip: its path inside → the file on disk. */
export function cliBundleSources(repoRoot: string): Map<string, string> {
  const sources = new Map<string, string>();
  const dist = join(repoRoot, 'shared', 'dist');
  const cli = join(dist, 'cli.js');
  if (!existsSync(cli)) {
    throw new DevsecopsError(
      'TOOL_NOT_FOUND',
      `The CLI bundle is not built (${cli} is missing), and the stack ships it to CodeBuild: run \`npm run build -w shared\` first.`,
    );
  }
  // Every file of the bundle, not only cli.js: it loads the others (beside it) on first use.
  for (const name of filesIn(dist).filter((file) => file.endsWith('.js')))
    sources.set(`dist/${name}`, join(dist, name));
  const osv = join(repoRoot, 'shared', 'data', 'osv');
  for (const name of filesIn(osv)) sources.set(`data/osv/${name}`, join(osv, name));
  sources.set('data/README.md', join(repoRoot, 'shared', 'data', 'README.md'));
  sources.set('pipeline/pipeline.yml', join(repoRoot, 'pipeline', 'pipeline.yml'));
  const buildspecs = join(repoRoot, 'pipeline', 'buildspecs');
  for (const name of filesIn(buildspecs)) sources.set(`pipeline/buildspecs/${name}`, join(buildspecs, name));
  return sources;
}

/** Zip bytes for the sources: sorted entries, fixed times and modes (the CLI entry point executable). */
export function zipCliBundle(sources: ReadonlyMap<string, string>): Uint8Array {
  const tree: Zippable = {};
  for (const entry of [...sources.keys()].sort()) {
    const path = sources.get(entry);
    if (path === undefined) continue;
    const mode = entry === 'dist/cli.js' ? 0o755 : 0o644;
    // Already-compressed archives are stored as they are: deflating them again costs time and saves nothing.
    const level = entry.endsWith('.zip') ? 0 : 6;
    tree[entry] = [readFileSync(path), { level, mtime: ENTRY_TIME, os: UNIX, attrs: (REGULAR_FILE | mode) << 16 }];
  }
  return zipSync(tree);
}

/** Builds the zip into `outDir` (written atomically) and returns where it is and its hash. */
export function buildCliBundle(repoRoot: string, outDir: string): CliBundle {
  const sources = cliBundleSources(repoRoot);
  const bytes = zipCliBundle(sources);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, 'devsecops-cli.zip');
  const partial = `${zipPath}.${String(process.pid)}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, zipPath);
  return { zipPath, sha256, entries: [...sources.keys()].sort() };
}
