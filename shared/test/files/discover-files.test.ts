import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discoverFiles } from '../../src/files/discover-files';
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
});
