import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevsecopsError, isDevsecopsError } from '../../src/errors/devsecops-error';
import { ensureWritableFolder, unwritableFolderError } from '../../src/files/writable-folder';
import { whileFolderRefuses } from '../refused-permission';
import { useTemporaryDirectory } from '../temporary-directory';

const USE = { what: 'the baseline folder', flag: '--baseline-dir' };

/** What ensureWritableFolder threw, or undefined. */
async function failureOf(folder: string, subfolders: readonly string[] = []): Promise<unknown> {
  return ensureWritableFolder(folder, USE, subfolders).then(
    () => undefined,
    (error: unknown) => error,
  );
}

function message(folder: string, code: string, subject = 'it'): string {
  return `Cannot write the baseline folder ${folder} (${code}): check that ${subject} can be created and written, or pass --baseline-dir with a folder you can write.`;
}

describe('a folder that must be written', () => {
  const scratch = useTemporaryDirectory('devsecops-writable-folder-');

  it('is created with its missing parents and subfolders', async () => {
    const folder = join(scratch(), 'missing', 'parent', 'reports');
    strictEqual(await failureOf(folder, ['logs']), undefined);
    ok(statSync(join(folder, 'logs')).isDirectory());
  });

  it('under a regular file is an error naming the folder, ENOTDIR and the flag', async () => {
    const aFile = join(scratch(), 'a-file');
    writeFileSync(aFile, '');
    const failure = await failureOf(join(aFile, 'baseline'));
    ok(isDevsecopsError(failure), String(failure));
    deepStrictEqual([failure.code, failure.message], ['FILE_UNREADABLE', message(join(aFile, 'baseline'), 'ENOTDIR')]);
  });

  it('whose subfolder is a regular file names the subfolder too', async () => {
    const folder = join(scratch(), 'reports');
    mkdirSync(folder);
    writeFileSync(join(folder, 'logs'), '');
    const failure = await failureOf(folder, ['logs']);
    ok(isDevsecopsError(failure), String(failure));
    strictEqual(failure.message, message(folder, 'EEXIST', 'it and its logs/'));
  });

  it('read-only (chmod 0o555) is refused with EACCES before anything is written', async function () {
    const folder = join(scratch(), 'read-only');
    const failure = await whileFolderRefuses(this, folder, 0o555, 'a read-only folder', () =>
      failureOf(folder, ['logs']),
    );
    ok(isDevsecopsError(failure), String(failure));
    strictEqual(failure.message, message(folder, 'EACCES', 'it and its logs/'));
  });

  it('writable but not searchable (chmod 0o666) is refused: no file can be created in it', async function () {
    const folder = join(scratch(), 'no-search');
    const failure = await whileFolderRefuses(this, folder, 0o666, 'a folder without search permission', () =>
      failureOf(folder),
    );
    ok(isDevsecopsError(failure), String(failure));
    strictEqual(failure.message, message(folder, 'EACCES'));
  });

  it('keeps an error that already says what to do, and says less only when there is no errno code', () => {
    const usage = new DevsecopsError('USAGE', 'reports is a symbolic link');
    strictEqual(unwritableFolderError('/r', USE, usage), usage);
    strictEqual(
      unwritableFolderError('/r', USE, new Error('odd')).message,
      'Cannot write the baseline folder /r: check that it can be created and written, or pass --baseline-dir with a folder you can write.',
    );
  });
});
