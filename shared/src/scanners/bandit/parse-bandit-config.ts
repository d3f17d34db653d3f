import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DevsecopsError } from '../../errors/devsecops-error';
import { isJsonObject } from '../../json/json-object';
import { invalidBanditConfig } from './bandit-config-error';

// The Bandit config files a repository may hold, parsed as Bandit parses them (`bandit-config-file.ts` finds and
// reads them): loaded only for a repository that has one.

export interface BanditConfigFile {
  /** `include` globs; Bandit's default with a config file is `*.py` only. */
  readonly include: readonly string[];
  readonly excludeDirs: readonly string[];
  /** What Bandit is given as its `-c` file (in a private folder): the settings as YAML, minus `exclude_dirs`. */
  readonly copyForBandit: { readonly text: string; readonly extension: '.yaml' };
}

/** Python's truth value of a parsed YAML or TOML value: what `get_option(key) or default` falls back on. */
function isFalsyInPython(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}

/**
 * A glob list as Bandit iterates it (`for glob in globs`): undefined when falsy (Bandit's default applies), a
 * list of strings as it is, a string as its characters, a mapping as its keys. Anything else makes Bandit
 * stop with a TypeError, as does an item that is not a string (fnmatch refuses it), so it is refused.
 */
function globList(value: unknown, key: string, configFile: string): string[] | undefined {
  if (isFalsyInPython(value)) return undefined;
  // Python iterates a string by code points, as Array.from does (not by UTF-16 units, nor by graphemes).
  if (typeof value === 'string') return Array.from(value);
  if (isJsonObject(value)) return Object.keys(value);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidBanditConfig(configFile, `has a "${key}" that is not a list of strings`);
  }
  return value;
}

/**
 * `exclude_dirs` as Bandit uses it: a list (it appends the `-x` entries to it), or nothing when falsy. A string
 * or mapping iterates, but Bandit 1.7 and later always append their default excludes to it and stop with an
 * AttributeError, so it is refused like any other value that is not a list of strings.
 */
function excludeDirsList(value: unknown, configFile: string): string[] | undefined {
  if (isFalsyInPython(value)) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidBanditConfig(configFile, 'has a "exclude_dirs" that is not a list of strings');
  }
  return value;
}

/** The settings of `tools.bandit.configFile` (`configFile`, a `.toml` file when `isToml`) from its text. */
export function banditConfigFromText(text: string, configFile: string, isToml: boolean): BanditConfigFile {
  let settings: unknown;
  try {
    // Bandit ≥ 1.7.6 reads `[tool.bandit]` with `.get("tool", {}).get("bandit", {})`: a pyproject.toml without
    // the table means Bandit's defaults (1.7.5 crashed on it with a KeyError; 1.6.2 cannot read TOML at all).
    settings = isToml
      ? ((parseToml(text) as { tool?: { bandit?: unknown } }).tool?.bandit ?? {})
      : // PyYAML's safe_load takes a repeated key's last value; the yaml package refuses it unless told.
        parseYaml(text, { version: '1.1', uniqueKeys: false });
  } catch (error) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `tools.bandit.configFile in .devsecops.yml names ${configFile}, which is not valid ${isToml ? 'TOML' : 'YAML'}: fix its syntax.`,
      { cause: error },
    );
  }
  // Bandit: a config that is not a mapping (an empty file included) is an error.
  if (!isJsonObject(settings)) throw invalidBanditConfig(configFile, 'does not hold a mapping of Bandit settings');
  const include = globList(settings['include'], 'include', configFile) ?? ['*.py'];
  const excludeDirs = excludeDirsList(settings['exclude_dirs'], configFile) ?? [];
  // A TOML file's settings go to Bandit as YAML, which every version reads: Bandit 1.6.2 has no TOML support
  // (it would parse pyproject.toml as YAML and stop), 1.7.0–1.7.4 need the `toml` extra installed.
  if (excludeDirs.length === 0 && !isToml) {
    return { include, excludeDirs, copyForBandit: { text, extension: '.yaml' } };
  }
  const withoutExcludeDirs: Record<string, unknown> = { ...settings };
  delete withoutExcludeDirs['exclude_dirs'];
  return {
    include,
    excludeDirs,
    copyForBandit: { text: stringifyYaml(withoutExcludeDirs, { version: '1.1' }), extension: '.yaml' },
  };
}

/** True when a pyproject.toml's text has a `[tool.bandit]` table (not valid TOML: false, as Bandit would not read it). */
export function hasBanditTable(text: string): boolean {
  let table: unknown;
  try {
    table = (parseToml(text) as { tool?: { bandit?: unknown } }).tool?.bandit;
  } catch {
    // Not valid TOML: Bandit would not read it either; the SCA engine reports the file.
    return false;
  }
  return isJsonObject(table);
}
