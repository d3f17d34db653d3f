import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { readRepositoryFile } from '../../files/repository-file';
import { loadedOnFirstUse } from '../../modules/loaded-on-first-use';
import { invalidBanditConfig } from './bandit-config-error';
import type { BanditConfigFile } from './parse-bandit-config';
import type * as ParseBanditConfig from './parse-bandit-config';

export type { BanditConfigFile } from './parse-bandit-config';

/**
 * The Bandit config file a repository names with `tools.bandit.configFile` (policy: which tests, plugin
 * settings, which files). It must be a regular file inside the repository, read through the safe reader.
 * We read its `include` and `exclude_dirs` to build the file list ourselves; Bandit gets a private copy
 * for everything else, so it never opens a file of the repository's choosing itself.
 *
 * Bandit matches `exclude_dirs` against the paths it is given, and we give it absolute paths (it runs
 * outside the repository): an entry like `tests` would then also match a folder *above* the repository
 * and silently exclude everything. So when the file has `exclude_dirs`, Bandit's copy goes without them
 * (they are already applied). Bandit reads YAML (`yaml.safe_load`, YAML 1.1) and, from 1.7 (`-c
 * pyproject.toml` only: no version looks for pyproject.toml by itself), a `.toml` file's `[tool.bandit]`
 * table; a rewritten copy is YAML, which every version reads.
 */

/** The YAML and TOML readers (`parse-bandit-config.ts`), loaded only for a repository that has such a file. */
const banditConfigParser = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require: the CLI bundle makes it a file of its own
  (): typeof ParseBanditConfig => require('./parse-bandit-config') as typeof ParseBanditConfig,
);

/**
 * `.bandit` and `tools.bandit.configFile` larger than this are refused (Bandit does not run); real ones are a
 * few kilobytes.
 */
export const MAX_BANDIT_CONFIG_BYTES = 1024 * 1024;

/** Checks and reads the repository's Bandit config file. */
export async function readBanditConfigFile(root: string, configFile: string): Promise<BanditConfigFile> {
  // A setting that names a path outside the repository is a wrong setting, refused before anything is touched;
  // a file inside that cannot be read safely (a link out, a FIFO, too large) is the safe reader's refusal.
  const fromRoot = relative(resolve(root), resolve(root, configFile));
  if (fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    throw invalidBanditConfig(configFile, 'is outside the repository (a repository may only name its own files)');
  }
  const read = await readRepositoryFile({
    root,
    path: configFile,
    maxBytes: MAX_BANDIT_CONFIG_BYTES,
    displayName: `tools.bandit.configFile (${configFile})`,
  });
  if (!read.ok) {
    if (read.reason === 'missing') throw invalidBanditConfig(configFile, `does not exist under ${root}`);
    throw read.error;
  }
  return banditConfigParser().banditConfigFromText(read.text, configFile, extname(configFile) === '.toml');
}

/** pyproject.toml files larger than this are not read for the note below (real ones are a few kilobytes). */
const MAX_PYPROJECT_BYTES = 4 * 1024 * 1024;

/**
 * The note for a root pyproject.toml whose `[tool.bandit]` table no `-c` names. Bandit reads that table
 * only when run as `bandit -c pyproject.toml`, in every version (1.6 to 1.9); devsecops does the same,
 * and says so, since a Bandit user may expect it to apply. Undefined when there is no such table.
 */
export async function unusedPyprojectBanditNote(root: string): Promise<string | undefined> {
  const read = await readRepositoryFile({ root, path: 'pyproject.toml', maxBytes: MAX_PYPROJECT_BYTES });
  if (!read.ok) return undefined;
  if (!banditConfigParser().hasBanditTable(read.text)) return undefined;
  return 'pyproject.toml has a [tool.bandit] table, which Bandit reads only when run as `bandit -c pyproject.toml` (no Bandit version looks for it by itself), so it was not applied; set `tools.bandit.configFile: pyproject.toml` in .devsecops.yml to apply it.';
}
