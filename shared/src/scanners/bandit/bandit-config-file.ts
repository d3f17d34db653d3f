import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DevsecopsError } from '../../errors/devsecops-error';
import { readSmallRegularFile, SmallFileError } from './small-file';

/**
 * The Bandit config file a repository names with `tools.bandit.configFile` (policy: which tests, plugin
 * settings, which files). It must be a regular file inside the repository. We read its `include` and
 * `exclude_dirs` to build the file list ourselves; Bandit still reads the file for everything else.
 *
 * Bandit matches `exclude_dirs` against the paths it is given, and we give it absolute paths (it runs
 * outside the repository): an entry like `tests` would then also match a folder *above* the repository
 * and silently exclude everything. So when the file has `exclude_dirs`, Bandit gets a copy without them
 * (they are already applied). Bandit reads YAML (`yaml.safe_load`, YAML 1.1) and, from 1.7.5, a `.toml`
 * file's `[tool.bandit]` table; the copy is YAML, which every version reads.
 */

/** Far larger than any real Bandit config; a bigger "config" is a mistake or an attack. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface BanditConfigFile {
  /** Absolute path of the file in the repository. */
  readonly path: string;
  /** `include` globs; Bandit's default with a config file is `*.py` only. */
  readonly include: readonly string[];
  readonly excludeDirs: readonly string[];
  /** The settings with `exclude_dirs` removed, as YAML, when the file had any. */
  readonly withoutExcludeDirs?: string;
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves, checks and reads the repository's Bandit config file. */
export async function readBanditConfigFile(root: string, configFile: string): Promise<BanditConfigFile> {
  const path = resolve(root, configFile);
  const [realRoot, realFile] = await Promise.all([
    realpath(root).catch(() => root),
    realpath(path).catch(() => undefined),
  ]);
  if (realFile === undefined) throw invalid(configFile, `does not exist under ${root}`);
  const fromRoot = relative(realRoot, realFile);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) {
    throw invalid(configFile, 'is outside the repository (a repository may only name its own files)');
  }
  let text: string;
  try {
    text = await readSmallRegularFile(realFile, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof SmallFileError) throw invalid(configFile, error.message);
    throw error;
  }
  let settings: unknown;
  try {
    settings = path.endsWith('.toml')
      ? (parseToml(text) as { tool?: { bandit?: unknown } }).tool?.bandit
      : parseYaml(text, { version: '1.1' });
  } catch (error) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `tools.bandit.configFile in .devsecops.yml names ${configFile}, which is not valid ${path.endsWith('.toml') ? 'TOML' : 'YAML'}: fix its syntax.`,
      { cause: error },
    );
  }
  // Bandit: a config that is not a mapping (an empty file included) is an error.
  if (!isPlainObject(settings)) throw invalid(configFile, 'does not hold a mapping of Bandit settings');
  const include = stringList(settings['include'], 'include', configFile) ?? ['*.py'];
  const excludeDirs = stringList(settings['exclude_dirs'], 'exclude_dirs', configFile) ?? [];
  if (excludeDirs.length === 0) return { path: realFile, include, excludeDirs };
  const withoutExcludeDirs: Record<string, unknown> = { ...settings };
  delete withoutExcludeDirs['exclude_dirs'];
  return {
    path: realFile,
    include,
    excludeDirs,
    withoutExcludeDirs: stringifyYaml(withoutExcludeDirs, { version: '1.1' }),
  };
}
