import { deepStrictEqual, rejects, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discoverFiles, walkFiles } from '../../src/files/discover-files';
import { runProcess } from '../../src/process/process-runner';
import { isDockerfilePath, isPythonPath, isRequirementsPath } from '../../src/files/file-kinds';

describe('discoverFiles', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'devsecops-discover-'));
    const files = [
      'Dockerfile',
      'app/main.py',
      'app/worker.Dockerfile',
      'deploy/Dockerfile.prod',
      'node_modules/pkg/Dockerfile',
      '.venv/lib/x.py',
      'build/generated.py',
      'requirements.txt',
      'requirements/dev.txt',
      'docs/readme.txt',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), '');
    }
    symlinkSync('/etc', join(root, 'escape'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds Dockerfiles, skipping dependency folders, ignore globs and symlinks', async () => {
    const found = await discoverFiles(root, { match: isDockerfilePath, ignore: ['deploy/**'] });
    deepStrictEqual(found, ['Dockerfile', 'app/worker.Dockerfile']);
  });

  it('finds Python and requirements files in sorted order', async () => {
    deepStrictEqual(await discoverFiles(root, { match: isPythonPath, ignore: ['build'] }), ['app/main.py']);
    deepStrictEqual(await discoverFiles(root, { match: isRequirementsPath }), [
      'requirements.txt',
      'requirements/dev.txt',
    ]);
  });

  it('reports a missing root clearly', async () => {
    await discoverFiles(join(root, 'nope'), { match: () => true }).then(
      () => {
        throw new Error('expected a rejection');
      },
      (error: unknown) => {
        strictEqual((error as { code?: string }).code, 'FILE_UNREADABLE');
      },
    );
  });
  it('names the fullest folders and the ignore globs when more files match than one scan reads', async () => {
    for (const index of [1, 2, 3]) writeFileSync(join(root, 'build', `more${String(index)}.py`), '');
    await rejects(discoverFiles(root, { match: isPythonPath, ignore: ['app/**'], maxFiles: 3 }), {
      code: 'INPUT_INVALID',
      message: `More than 3 matching files under ${root}, the most one scan reads. Most of the first 3 are in: build/ (3). Add ignore globs to .devsecops.yml (e.g. "- vendor/**") for generated or vendored folders.`,
    });
    // A caller that does not apply the configuration's globs is not told to add one.
    await rejects(discoverFiles(root, { match: (path) => path.startsWith('build/'), maxFiles: 3 }), {
      message: `More than 3 matching files under ${root}, the most one scan reads. Most of the first 3 are in: build/ (3). Narrow the file patterns.`,
    });
    deepStrictEqual((await discoverFiles(root, { match: isPythonPath, ignore: ['build/**'], maxFiles: 3 })).length, 1);
  });

  it('reports matching links and special files it leaves out, without following or opening them', async () => {
    symlinkSync('/dev/zero', join(root, 'app', 'Dockerfile'));
    const fifo = await runProcess({
      command: 'mkfifo',
      args: [join(root, 'requirements-fifo.txt')],
      timeoutMs: 10_000,
    });
    strictEqual(fifo.exitCode, 0, fifo.stderr);
    const skipped: string[] = [];
    const found = await discoverFiles(root, {
      match: (path) => isDockerfilePath(path) || isRequirementsPath(path),
      onSkipped: (path, kind) => skipped.push(`${path} ${kind}`),
    });
    deepStrictEqual(found, [
      'Dockerfile',
      'app/worker.Dockerfile',
      'deploy/Dockerfile.prod',
      'requirements.txt',
      'requirements/dev.txt',
    ]);
    deepStrictEqual(skipped.sort(), ['app/Dockerfile symlink', 'requirements-fifo.txt special']);
  });

  it('walks every regular file without collecting them, honouring ignore globs', async () => {
    const files: string[] = [];
    const skipped: string[] = [];
    await walkFiles(root, {
      ignore: ['docs/**'],
      onFile: (path) => files.push(path),
      onSkipped: (path, kind) => skipped.push(`${path} ${kind}`),
    });
    deepStrictEqual(files.sort(), [
      'Dockerfile',
      'app/main.py',
      'app/worker.Dockerfile',
      'build/generated.py',
      'deploy/Dockerfile.prod',
      'requirements.txt',
      'requirements/dev.txt',
    ]);
    deepStrictEqual(skipped, ['escape symlink']);
  });
});
