import type { ToolsConfig } from '../../config/config';

/**
 * Folders Bandit 1.7+ skips by default (its `constants.EXCLUDE`). Passing `-x`
 * replaces that default, so when we pass `-x` we repeat them.
 */
const BANDIT_DEFAULT_EXCLUDES = ['.svn', 'CVS', '.bzr', '.hg', '.git', '__pycache__', '.tox', '.eggs', '*.egg'];

/** Third-party code folders that, when present at the root, are kept out of the scan. */
export const THIRD_PARTY_FOLDERS = ['node_modules', '.venv', 'venv', 'site-packages', '.nox'];

export interface BanditCommandInput {
  /** The `tools.bandit` section of `.devsecops.yml`. */
  readonly config: ToolsConfig['bandit'];
  /** The executable to run: the resolved `bandit`, or the Python interpreter when `config.python` is set. */
  readonly executable: string;
  /** What to scan: `.` (the whole tree, run from the root) or absolute file paths. */
  readonly targets: readonly string[];
  /** Absolute path of the project's `.bandit` file, when it has one at the root. */
  readonly iniFile?: string;
  /** Absolute path of a Bandit YAML/TOML config (`-c`), when configured. */
  readonly configFile?: string;
  /** Third-party folders present at the root (`venv`), excluded with `-x ./venv` unless `.bandit` decides. */
  readonly thirdPartyFolders?: readonly string[];
}

/**
 * Bandit's command line, as an argument array. The shape is the plain
 * `bandit -r <targets> -f json` a user would type, so our findings are exactly
 * Bandit's; the project's own configuration rides along:
 * - `.bandit` is passed explicitly with `--ini` (Bandit would find it itself,
 *   but only by walking the whole tree first);
 * - only when the root holds a virtualenv or `node_modules` (and no
 *   `.bandit`, whose `exclude` a `-x` would override) is `-x` added, so a
 *   plain project gets exactly plain Bandit's file set.
 */
export function banditCommand(input: BanditCommandInput): { command: string; args: string[] } {
  const args: string[] = [];
  if (input.config.python !== undefined) args.push('-m', 'bandit');
  args.push('-r', ...input.targets, '-f', 'json');
  if (input.iniFile !== undefined) {
    args.push('--ini', input.iniFile);
  } else if (input.thirdPartyFolders?.length) {
    args.push('-x', [...BANDIT_DEFAULT_EXCLUDES, ...input.thirdPartyFolders.map((name) => `./${name}`)].join(','));
  }
  if (input.configFile !== undefined) args.push('-c', input.configFile);
  args.push(...(input.config.args ?? []));
  return { command: input.executable, args };
}

/** The command that prints Bandit's version. */
export function banditVersionCommand(input: Pick<BanditCommandInput, 'config' | 'executable'>): {
  command: string;
  args: string[];
} {
  return {
    command: input.executable,
    args: input.config.python === undefined ? ['--version'] : ['-m', 'bandit', '--version'],
  };
}
