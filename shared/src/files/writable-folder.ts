import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DevsecopsError, isDevsecopsError } from '../errors/devsecops-error';

/** The words of the error for a folder a command must write: what the folder holds and the flag that moves it. */
export interface WritableFolderUse {
  /** What is written, as the message's subject: "the baseline folder", "the pipeline's reports to". */
  readonly what: string;
  /** The command-line flag that chooses another folder: `--baseline-dir`. */
  readonly flag: string;
}

/**
 * Creates `folder` (with its parents) and its `subfolders`, and finds out that files can be created in each: a
 * folder needs write and search permission for that, so both are checked. Long work whose output would be lost
 * calls this first. Anything that goes wrong is a FILE_UNREADABLE error naming the folder, the errno code and
 * the flag; an error that already says what to do (a DevsecopsError) is passed on as it is.
 */
export async function ensureWritableFolder(
  folder: string,
  use: WritableFolderUse,
  subfolders: readonly string[] = [],
): Promise<void> {
  try {
    for (const path of [folder, ...subfolders.map((name) => join(folder, name))]) {
      await mkdir(path, { recursive: true });
      await access(path, constants.W_OK | constants.X_OK);
    }
  } catch (error) {
    throw unwritableFolderError(folder, use, error, subfolders);
  }
}

/** The error for a folder that cannot be created or written; a DevsecopsError already is one and is kept. */
export function unwritableFolderError(
  folder: string,
  use: WritableFolderUse,
  cause: unknown,
  subfolders: readonly string[] = [],
): DevsecopsError {
  if (isDevsecopsError(cause)) return cause;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const what = ['it', ...subfolders.map((name) => `its ${name}/`)].join(' and ');
  return new DevsecopsError(
    'FILE_UNREADABLE',
    `Cannot write ${use.what} ${folder}${code === undefined ? '' : ` (${code})`}: check that ${what} can be created and written, or pass ${use.flag} with a folder you can write.`,
    { cause },
  );
}
