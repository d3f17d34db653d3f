import { deepStrictEqual, rejects } from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareReportsFolder } from '../../src/pipeline/reports-folder';
import { runProcess } from '../../src/process/process-runner';
import { useTemporaryRepository } from '../files/temporary-repository';

/*
 * A repository that ships `reports` (or a report file) as a link would have the pipeline write
 * outside it: ~/.ssh/authorized_keys through `reports/logs/sca.log`, for one. Refused up front.
 */
describe('prepareReportsFolder', () => {
  let root: string;
  let outside: string;
  const files = ['pipeline-run.json', 'summary.md', 'logs/sca.log', 'sca.sarif'];
  const advice =
    'where the pipeline writes its reports: nothing is written through it, as it could send the reports outside the repository. Remove it, or pass --reports-dir with a folder of your own.';

  const repository = useTemporaryRepository('reports-folder-', ['home']);
  beforeEach(() => {
    root = repository().root;
    outside = repository().beside('home');
    writeFileSync(join(outside, 'authorized_keys'), 'ssh-ed25519 AAAA mine\n');
  });

  it('creates the folder, and accepts earlier reports that are regular files', async () => {
    await prepareReportsFolder(root, join(root, 'reports'), files);
    mkdirSync(join(root, 'reports', 'logs'));
    writeFileSync(join(root, 'reports', 'logs', 'sca.log'), 'old log\n');
    await prepareReportsFolder(root, join(root, 'reports'), files);
    deepStrictEqual(readdirSync(join(root, 'reports')), ['logs']);
  });

  it('refuses a reports folder, a folder in it, or a report that is a link or a FIFO', async () => {
    symlinkSync(outside, join(root, 'reports'));
    await rejects(prepareReportsFolder(root, join(root, 'reports'), files), {
      code: 'USAGE',
      message: `reports is a symbolic link, ${advice}`,
    });
    rmSync(join(root, 'reports'));
    mkdirSync(join(root, 'reports'));
    symlinkSync(outside, join(root, 'reports', 'logs'));
    await rejects(prepareReportsFolder(root, join(root, 'reports'), files), {
      message: `reports/logs is a symbolic link, ${advice}`,
    });
    rmSync(join(root, 'reports', 'logs'));
    mkdirSync(join(root, 'reports', 'logs'));
    symlinkSync(join(outside, 'authorized_keys'), join(root, 'reports', 'logs', 'sca.log'));
    await rejects(prepareReportsFolder(root, join(root, 'reports'), files), {
      message: `reports/logs/sca.log is a symbolic link, ${advice}`,
    });
    const fifo = await runProcess({ command: 'mkfifo', args: [join(root, 'reports', 'sca.sarif')], timeoutMs: 10_000 });
    deepStrictEqual(fifo.exitCode, 0);
    rmSync(join(root, 'reports', 'logs', 'sca.log'));
    await rejects(prepareReportsFolder(root, join(root, 'reports'), files), {
      message: `reports/sca.sarif is not a regular file, ${advice}`,
    });
    deepStrictEqual(readdirSync(outside), ['authorized_keys']);
  });

  it('leaves a folder outside the repository (the user chose it) alone', async () => {
    await prepareReportsFolder(root, join(outside, 'reports'), files);
    deepStrictEqual(readdirSync(outside).sort(), ['authorized_keys', 'reports']);
  });
});
