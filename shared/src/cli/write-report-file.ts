// A scan often writes its reports into the tree it scanned (`reports/sast.sarif` in a build). A repository that
// ships `reports` as a link to ~/.ssh, or `reports/sast.sarif` as a link to ~/.bashrc, must not have the scan
// write through it: the folders on the way are checked as the pipeline checks its own reports folder, and the
// file itself is opened without following a link and written only when it is a regular file.
import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import { basename, dirname, relative, sep } from 'node:path';
import { DevsecopsError, isDevsecopsError } from '../errors/devsecops-error';
import { prepareReportsFolder } from '../pipeline/reports-folder';
import type { ReportsFolderWording } from '../pipeline/reports-folder';

const SCAN_WORDING: ReportsFolderWording = {
  writer: 'the scan writes a report',
  alternative: 'pass --output with a file of your own',
};

function isInsideOrAt(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside !== '..' && !inside.startsWith(`..${sep}`);
}

function planted(file: string, what: string): DevsecopsError {
  return new DevsecopsError(
    'USAGE',
    `${file} is ${what}: the report is not written through it. Remove it, or pass --output with a file of your own.`,
  );
}

/**
 * Checks, before the scan, the way to a report file: inside the scanned `root`, no folder on the way and not the
 * file may be a link or a special file (a USAGE error, before any work). Missing folders are created.
 */
export async function prepareReportFile(root: string, file: string): Promise<void> {
  const folder = dirname(file);
  try {
    if (!isInsideOrAt(root, folder)) {
      await mkdir(folder, { recursive: true });
    } else if (folder !== root) {
      await prepareReportsFolder(root, folder, [basename(file)], SCAN_WORDING);
    } else {
      // A report at the top of the tree: the folder is the one being scanned, only the file can be planted.
      const info = await lstat(file).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      });
      if (info?.isSymbolicLink()) throw planted(file, 'a symbolic link');
      if (info !== undefined && !info.isFile()) throw planted(file, 'not a regular file');
    }
  } catch (error) {
    if (isDevsecopsError(error)) throw error;
    throw cannotWrite(file, error);
  }
}

function cannotWrite(file: string, cause: unknown): DevsecopsError {
  return new DevsecopsError(
    'FILE_UNREADABLE',
    `Cannot write the report to ${file}: check the folder exists and is writable.`,
    { cause },
  );
}

/**
 * Writes `text` to `file`, never through a link at its last step (O_NOFOLLOW) and only into a regular file: the
 * folders were checked by `prepareReportFile`, and this closes the gap for a file planted since.
 */
export async function writeReportFile(file: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(
      file,
      constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      0o644,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOOP') throw cannotWrite(file, error);
    throw planted(file, 'a symbolic link');
  }
  try {
    if (!(await handle.stat()).isFile()) throw planted(file, 'not a regular file');
    await handle.truncate(0);
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}
