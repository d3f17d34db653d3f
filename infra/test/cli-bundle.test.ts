import { deepStrictEqual, notStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { unzipSync } from 'fflate';
import { buildCliBundle, cliBundleSources, zipCliBundle } from '../src/cli-bundle';
import { repositoryPaths } from '../src/repository-paths';

describe('the CLI bundle CodeBuild downloads', function () {
  this.timeout(60_000);
  const root = repositoryPaths().root;
  let out: string;

  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'devsecops-cli-bundle-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('holds the CLI bundle (every file it loads), its advisory data and licence credit, and the product pipeline', () => {
    const bundle = buildCliBundle(root, out);
    deepStrictEqual(bundle.entries, [
      'data/README.md',
      'data/osv/PyPI-pypa-advisory-database-2024-10-10.index.v3.jsonl',
      'data/osv/PyPI-pypa-advisory-database-2024-10-10.zip',
      'dist/ajv.js',
      'dist/bandit-config-parser.js',
      'dist/builtin-dockerfile.js',
      'dist/builtin-sca.js',
      'dist/cli-main.js',
      'dist/cli.js',
      'dist/config-parser.js',
      'dist/db-command.js',
      'dist/pipeline-command.js',
      'dist/remote-pipeline.js',
      'dist/smol-toml.js',
      'dist/user-config-parser.js',
      'dist/yaml.js',
      'pipeline/buildspecs/bandit-requirements.txt',
      'pipeline/buildspecs/hadolint.yml',
      'pipeline/buildspecs/image-build.yml',
      'pipeline/buildspecs/pull-request.yml',
      'pipeline/buildspecs/sast.yml',
      'pipeline/buildspecs/sca.yml',
      'pipeline/pipeline.yml',
    ]);
    const bytes = readFileSync(bundle.zipPath);
    strictEqual(bundle.sha256, createHash('sha256').update(bytes).digest('hex'));
    const files = unzipSync(bytes);
    deepStrictEqual(Object.keys(files).sort(), bundle.entries);
    deepStrictEqual(
      Buffer.from(files['pipeline/pipeline.yml'] ?? []),
      readFileSync(join(root, 'pipeline', 'pipeline.yml')),
    );
  });

  it('is byte-for-byte reproducible (fixed order, times and modes), so its hash only moves when its content does', () => {
    const first = buildCliBundle(root, join(out, 'a'));
    const second = buildCliBundle(root, join(out, 'b'));
    strictEqual(first.sha256, second.sha256);
    // One byte more in one file: another hash.
    const sources = cliBundleSources(root);
    const changed = join(out, 'pipeline.yml');
    writeFileSync(changed, `${readFileSync(join(root, 'pipeline', 'pipeline.yml'), 'utf8')}\n`);
    sources.set('pipeline/pipeline.yml', changed);
    notStrictEqual(createHash('sha256').update(zipCliBundle(sources)).digest('hex'), first.sha256);
  });

  it('refuses to build without the built CLI, and says how to build it', () => {
    const empty = join(out, 'checkout');
    mkdirSync(join(empty, 'shared', 'dist'), { recursive: true });
    throws(
      () => buildCliBundle(empty, join(out, 'build')),
      (error: unknown) =>
        isDevsecopsError(error) &&
        error.code === 'TOOL_NOT_FOUND' &&
        error.message ===
          `The CLI bundle is not built (${join(empty, 'shared', 'dist', 'cli.js')} is missing), and the stack ships it to CodeBuild: run \`npm run build -w shared\` first.`,
    );
  });
});
