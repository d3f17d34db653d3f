import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DevsecopsError } from '../../errors/devsecops-error';
import { readRepositoryFile } from '../../files/repository-file';
import { isJsonObject } from '../../json/json-object';

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

/**
 * `.bandit` and `tools.bandit.configFile` larger than this are refused (Bandit does not run); real ones are a
 * few kilobytes.
 */
export const MAX_BANDIT_CONFIG_BYTES = 1024 * 1024;

export interface BanditConfigFile {
  /** `include` globs; Bandit's default with a config file is `*.py` only. */
  readonly include: readonly string[];
  readonly excludeDirs: readonly string[];
  /** What Bandit is given as its `-c` file (in a private folder): the settings as YAML, minus `exclude_dirs`. */
  readonly copyForBandit: { readonly text: string; readonly extension: '.yaml' };
}

function invalid(configFile: string, what: string): DevsecopsError {
  return new DevsecopsError(
    'CONFIG_INVALID',
    `tools.bandit.configFile in .devsecops.yml names ${configFile}, which ${what}: fix the file or the setting.`,
  );
}

function stringList(value: unknown, key: string, configFile: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalid(configFile, `has a "${key}" that is not a list of strings`);
  }
  return value;
}

/** Checks and reads the repository's Bandit config file. */
export async function readBanditConfigFile(root: string, configFile: string): Promise<BanditConfigFile> {
  // A setting that names a path outside the repository is a wrong setting, refused before anything is touched;
  // a file inside that cannot be read safely (a link out, a FIFO, too large) is the safe reader's refusal.
  const fromRoot = relative(resolve(root), resolve(root, configFile));
  if (fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    throw invalid(configFile, 'is outside the repository (a repository may only name its own files)');
  }
  const read = await readRepositoryFile({
    root,
    path: configFile,
    maxBytes: MAX_BANDIT_CONFIG_BYTES,
    displayName: `tools.bandit.configFile (${configFile})`,
  });
  if (!read.ok) {
    if (read.reason === 'missing') throw invalid(configFile, `does not exist under ${root}`);
    throw read.error;
  }
  const isToml = extname(configFile) === '.toml';
  let settings: unknown;
  try {
    // Bandit ≥ 1.7.6 reads `[tool.bandit]` with `.get("tool", {}).get("bandit", {})`: a pyproject.toml without
    // the table means Bandit's defaults (1.7.5 crashed on it with a KeyError; 1.6.2 cannot read TOML at all).
    settings = isToml
      ? ((parseToml(read.text) as { tool?: { bandit?: unknown } }).tool?.bandit ?? {})
      : parseYaml(read.text, { version: '1.1' });
  } catch (error) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `tools.bandit.configFile in .devsecops.yml names ${configFile}, which is not valid ${isToml ? 'TOML' : 'YAML'}: fix its syntax.`,
      { cause: error },
    );
  }
  // Bandit: a config that is not a mapping (an empty file included) is an error.
  if (!isJsonObject(settings)) throw invalid(configFile, 'does not hold a mapping of Bandit settings');
  const include = stringList(settings['include'], 'include', configFile) ?? ['*.py'];
  const excludeDirs = stringList(settings['exclude_dirs'], 'exclude_dirs', configFile) ?? [];
  // A TOML file's settings go to Bandit as YAML, which every version reads: Bandit 1.6.2 has no TOML support
  // (it would parse pyproject.toml as YAML and stop), 1.7.0–1.7.4 need the `toml` extra installed.
  if (excludeDirs.length === 0 && !isToml) {
    return { include, excludeDirs, copyForBandit: { text: read.text, extension: '.yaml' } };
  }
  const withoutExcludeDirs: Record<string, unknown> = { ...settings };
  delete withoutExcludeDirs['exclude_dirs'];
  return {
    include,
    excludeDirs,
    copyForBandit: { text: stringifyYaml(withoutExcludeDirs, { version: '1.1' }), extension: '.yaml' },
  };
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
  let table: unknown;
  try {
    table = (parseToml(read.text) as { tool?: { bandit?: unknown } }).tool?.bandit;
  } catch {
    // Not valid TOML: Bandit would not read it either; the SCA engine reports the file.
    return undefined;
  }
  if (!isJsonObject(table)) return undefined;
  return 'pyproject.toml has a [tool.bandit] table, which Bandit reads only when run as `bandit -c pyproject.toml` (no Bandit version looks for it by itself), so it was not applied; set `tools.bandit.configFile: pyproject.toml` in .devsecops.yml to apply it.';
}
