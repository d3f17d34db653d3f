// The pipeline writes its reports into the repository (`reports/` by default). A repository that
// ships `reports` as a link to ~/.ssh, or `reports/logs/sca.log` as a link to a dotfile, would have
// the run overwrite files outside itself with text it partly controls. So before anything is
// written, every path the run writes inside the repository is checked: no link, nothing special.
import type { Stats } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Who writes there, and how the user picks another place: the words of a refusal. */
export interface ReportsFolderWording {
  /** "the pipeline writes its reports" */
  readonly writer: string;
  /** "pass --reports-dir with a folder of your own" */
  readonly alternative: string;
}

const PIPELINE_WORDING: ReportsFolderWording = {
  writer: 'the pipeline writes its reports',
  alternative: 'pass --reports-dir with a folder of your own',
};

function refused(root: string, path: string, what: string, wording: ReportsFolderWording): DevsecopsError {
  const name = relative(root, path).split(sep).join('/');
  return new DevsecopsError(
    'USAGE',
    `${name} is ${what}, where ${wording.writer}: nothing is written through it, as it could send the reports outside the repository. Remove it, or ${wording.alternative}.`,
  );
}

/**
 * Creates `reportsDir` and checks the files the run will write in it (`files`, relative to it,
 * with `/`). When the folder lies inside `root`, every folder on the way and every file must be
 * a real folder or a regular file (or not exist yet): a symbolic link or a special file is refused
 * with a USAGE error before anything is written. A folder outside `root` is the user's own choice.
 */
export async function prepareReportsFolder(
  root: string,
  reportsDir: string,
  files: readonly string[],
  wording: ReportsFolderWording = PIPELINE_WORDING,
): Promise<void> {
  const inside = relative(root, reportsDir);
  const isInside = inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !inside.includes(':');
  if (!isInside) {
    await mkdir(reportsDir, { recursive: true });
    return;
  }
  let current = root;
  for (const part of inside.split(sep)) {
    current = join(current, part);
    const info = await lstatOrUndefined(current);
    if (info === undefined) await mkdir(current);
    else if (info.isSymbolicLink()) throw refused(root, current, 'a symbolic link', wording);
    else if (!info.isDirectory()) throw refused(root, current, 'not a folder', wording);
  }
  for (const file of files) {
    const parts = file.split('/').filter((part) => part !== '' && part !== '.');
    let path = reportsDir;
    for (const [index, part] of parts.entries()) {
      path = join(path, part);
      const info = await lstatOrUndefined(path);
      if (info === undefined) break;
      if (info.isSymbolicLink()) throw refused(root, path, 'a symbolic link', wording);
      const last = index === parts.length - 1;
      if (last ? !info.isFile() : !info.isDirectory())
        throw refused(root, path, last ? 'not a regular file' : 'not a folder', wording);
    }
  }
}
