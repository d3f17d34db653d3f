import type { DockerInstruction, ParsedDockerfile } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, keepsReleasedCleanupRule, runRule } from '../rule';
import type { ShellCommand } from '../shell/parse-shell';
import {
  afterWord,
  argsNoFlags,
  cmdHasArgs,
  cmdHasPrefixArg,
  dropFlagArg,
  hasArg,
  hasArgSequence,
  hasFlag,
  isPipInstall,
} from '../shell/shell-commands';
import { stageAwareHits } from './apt-rules';
import { baseImageOf, mountsCacheAt, onbuildPasses } from './stage-helpers';

// pip ----------------------------------------------------------------------

/** pip options whose value is the next word (hadolint DL3013's list). */
const PIP_OPTIONS_WITH_VALUES = [
  'abi',
  'b',
  'build',
  'e',
  'editable',
  'extra-index-url',
  'f',
  'find-links',
  'i',
  'index-url',
  'implementation',
  'no-binary',
  'only-binary',
  'platform',
  'prefix',
  'progress-bar',
  'proxy',
  'python',
  'python-version',
  'root',
  'root-user-action',
  'src',
  't',
  'target',
  'trusted-host',
  'upgrade-strategy',
];

/** pip's VCS schemes, matched as prefixes (so `git` also matches `gitpython`, as in hadolint). */
const VCS_SCHEMES = [
  'git+file',
  'git+https',
  'git+ssh',
  'git+http',
  'git+git',
  'git',
  'hg+file',
  'hg+http',
  'hg+https',
  'hg+ssh',
  'hg+static-http',
  'svn',
  'svn+svn',
  'svn+http',
  'svn+https',
  'svn+ssh',
  'bzr+http',
  'bzr+https',
  'bzr+ssh',
  'bzr+sftp',
  'bzr+ftp',
  'bzr+lp',
];

const PIP_VERSION_SYMBOLS = ['==', '>=', '<=', '>', '<', '!=', '~=', '==='];

/**
 * A pinned pip requirement, as DL3013.hs's `versionFixed`: a specifier, a VCS URL with `@ref`, a
 * wheel or sdist file (whatever its name starts with: `gitdb-4.0.11-py3-none-any.whl` is a file, not
 * a VCS URL), or a path/URL that is not a VCS URL.
 */
function isPipPinned(pkg: string): boolean {
  if (PIP_VERSION_SYMBOLS.some((symbol) => pkg.includes(symbol))) return true;
  const isVcs = VCS_SCHEMES.some((scheme) => pkg.startsWith(scheme));
  if (isVcs && pkg.includes('@')) return true;
  if (pkg.endsWith('.whl') || pkg.endsWith('.tar.gz')) return true;
  return !isVcs && pkg.includes('/');
}

/** `pip install -r …`, `--requirement …` or `.`: hadolint leaves those to the requirements file. */
const installsRequirements = (command: ShellCommand): boolean =>
  hasArg(command, '--requirement') || hasArg(command, '-r') || hasArg(command, '.');

function pipForgetsPin(command: ShellCommand): boolean {
  if (!isPipInstall(command) || installsRequirements(command)) return false;
  if (hasFlag(command, 'constraint') || hasFlag(command, 'c')) return false;
  const packages = afterWord(argsNoFlags(dropFlagArg(command, PIP_OPTIONS_WITH_VALUES)), 'install');
  return !packages.every(isPipPinned);
}

/** DL3013: pip install without pinned versions. */
export const DL3013 = runRule({
  code: 'DL3013',
  severity: 'warning',
  message: 'Pin versions in pip install (package==version) or install from a requirements/constraints file.',
  cwe: [1357],
  fails: (run) => run.shell().commands.some(pipForgetsPin),
});

/** Values of PIP_NO_CACHE_DIR that hadolint takes as "on". */
const TRUTHY = ['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES'];

/** `PIP_NO_CACHE_DIR=<truthy>` in the script (hadolint looks at the first occurrence only). */
function pipNoCacheInline(script: string): boolean {
  const at = script.indexOf('PIP_NO_CACHE_DIR=');
  if (at === -1) return false;
  const value = script.slice(at + 'PIP_NO_CACHE_DIR='.length);
  return TRUTHY.some((truthy) => value.startsWith(truthy));
}

/** pipx and pipenv manage their own caches (also as `python -m pipx`). */
function isPipWrapper(command: ShellCommand): boolean {
  return ['pipx', 'pipenv'].some(
    (wrapper) =>
      command.name.includes(wrapper) || (command.name.startsWith('python') && hasArgSequence(command, ['-m', wrapper])),
  );
}

const forgetsNoCacheDir = (command: ShellCommand): boolean =>
  isPipInstall(command) && !hasArg(command, '--no-cache-dir') && !isPipWrapper(command);

/**
 * DL3042 over one pass, as hadolint's fold: a truthy `ENV PIP_NO_CACHE_DIR`
 * covers the rest of its stage and stages built `FROM` it (by name); stages are
 * keyed by their name (alias, else image), so two stages of one name share it.
 */
function pipCacheHits(dockerfile: ParsedDockerfile, pass: readonly DockerInstruction[]): RuleHit[] {
  const hits: RuleHit[] = [];
  const noCache = new Map<string | null, boolean>();
  let current: string | null = null;
  let started = false;
  for (const instruction of pass) {
    if (instruction.keyword === 'FROM') {
      const { image, alias } = baseImageOf(dockerfile, instruction);
      const name = alias ?? image.name;
      if (started) noCache.set(name, noCache.get(image.name) ?? false);
      current = name;
      started = true;
    } else if (instruction.keyword === 'ENV') {
      const setting = instruction.pairs.find((pair) => pair.key === 'PIP_NO_CACHE_DIR');
      if (setting === undefined || !TRUTHY.includes(setting.value ?? '')) continue;
      if (!started) {
        current = null;
        started = true;
      }
      noCache.set(current, true);
    } else if (instruction.keyword === 'RUN') {
      if (started && noCache.get(current) === true) continue;
      if (!instruction.shell().commands.some(forgetsNoCacheDir)) continue;
      if (mountsCacheAt(instruction, '.cache/pip') || pipNoCacheInline(instruction.shell().original)) continue;
      hits.push({ location: instruction.location });
    }
  }
  return hits;
}

/** DL3042: pip install keeping its download cache in the image. */
export const DL3042: DockerfileRule = {
  code: 'DL3042',
  severity: 'warning',
  message: 'Use pip install --no-cache-dir (or PIP_NO_CACHE_DIR=1) so pip’s cache does not end up in the image.',
  helpUri: hadolintWiki('DL3042'),
  differsFromHadolint: keepsReleasedCleanupRule('pip install --no-cache-dir (or PIP_NO_CACHE_DIR)'),
  check: ({ dockerfile }) => onbuildPasses(dockerfile).flatMap((pass) => pipCacheHits(dockerfile, pass)),
};

// npm / yarn -----------------------------------------------------------------

/** hadolint's `dropScope`: an `@scope` prefix goes up to its first character at or below `/`. */
function dropScope(pkg: string): string {
  if (!pkg.startsWith('@')) return pkg;
  let at = 0;
  while (at < pkg.length && (pkg[at] ?? '') > '/') at++;
  return pkg.slice(at);
}

function isNpmPinned(pkg: string): boolean {
  if (['git://', 'git+ssh://', 'git+http://', 'git+https://'].some((prefix) => pkg.startsWith(prefix))) {
    return pkg.includes('#');
  }
  if (['.tar', '.tar.gz', '.tgz'].some((suffix) => pkg.endsWith(suffix))) return true;
  if (['/', './', '../', '~/'].some((prefix) => pkg.startsWith(prefix))) return true;
  return dropScope(pkg).includes('@');
}

/**
 * DL3016: npm install without pinned versions. Only `npm install` with
 * `install` as the first non-flag word counts (hadolint: `installIsFirst`), so
 * `npm i`, `npm ci` and `npm add` are not checked.
 */
export const DL3016 = runRule({
  code: 'DL3016',
  severity: 'warning',
  message: 'Pin versions in npm install (package@version); a bare npm install from package-lock.json is fine.',
  cwe: [1357],
  fails: (run) =>
    run.shell().commands.some((command) => {
      if (!cmdHasArgs(command, 'npm', ['install'])) return false;
      const words = argsNoFlags(dropFlagArg(command, ['loglevel', 'registry']));
      return words[0] === 'install' && !afterWord(words, 'install').every(isNpmPinned);
    }),
});

/**
 * A RUN that leaves yarn's cache behind: `yarn install` with no `yarn cache
 * clean` (and no cache mount), or with one that runs before the install and
 * so cleans nothing (hadolint remembers the RUN in both cases).
 */
function yarnForgetsCacheClean(run: DockerInstruction): boolean {
  const commands = run.shell().commands;
  const install = commands.findIndex((c) => cmdHasArgs(c, 'yarn', ['install']));
  if (install === -1) return false;
  const clean = commands.findIndex((c) => cmdHasArgs(c, 'yarn', ['cache', 'clean']));
  if (clean === -1) return !mountsCacheAt(run, '.cache/yarn');
  return clean < install;
}

/** DL3060: yarn install without yarn cache clean. */
export const DL3060: DockerfileRule = {
  code: 'DL3060',
  severity: 'info',
  message: 'Run yarn cache clean after yarn install in the same RUN, or the cache stays in the layer.',
  helpUri: hadolintWiki('DL3060'),
  differsFromHadolint: keepsReleasedCleanupRule('yarn cache clean'),
  check: ({ dockerfile }) => stageAwareHits(dockerfile, yarnForgetsCacheClean),
};

// gem ----------------------------------------------------------------------

/**
 * The gems of `gem install` as hadolint reads them: words before `--`, where
 * every word starting with `-` is taken to be an option with a value and
 * skipped together with the next word (`--install-dir /opt rails` → `rails`).
 * A `-v`/`--version` anywhere pins the whole command.
 */
function gemsOf(command: ShellCommand): string[] {
  if (!cmdHasArgs(command, 'gem', ['install', 'i'])) return [];
  if (cmdHasArgs(command, 'gem', ['-v', '--version']) || cmdHasPrefixArg(command, 'gem', '--version=')) return [];
  const end = command.args.indexOf('--');
  const words = end === -1 ? command.args : command.args.slice(0, end);
  const gems: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (word.startsWith('-')) index++;
    else if (word !== 'install' && word !== 'i') gems.push(word);
  }
  return gems;
}

/** DL3028: gem install without pinned versions. */
export const DL3028 = runRule({
  code: 'DL3028',
  severity: 'warning',
  message: 'Pin versions in gem install (gem:version or -v version).',
  cwe: [1357],
  fails: (run) => run.shell().commands.some((command) => gemsOf(command).some((gem) => !gem.includes(':'))),
});

// go -----------------------------------------------------------------------

/** A pinned go target: a local path (`.`, `./cmd`, `/src/app`) or `module@version` (not `@latest`/`@none`). */
function isGoPinned(target: string): boolean {
  if (target.startsWith('.') || target.startsWith('/')) return true;
  return target.includes('@') && !target.endsWith('@latest') && !target.endsWith('@none');
}

/**
 * The targets DL3062 checks, as hadolint picks them: for `go run`, the first
 * non-flag word after `run` (later words are the program's arguments); when a
 * script has no `go run`, every non-flag word of `go install`/`go get` but the
 * verbs and `tool`.
 */
function goTargets(commands: readonly ShellCommand[]): string[] {
  const runs = commands
    .filter((c) => cmdHasArgs(c, 'go', ['run']))
    .flatMap((c) =>
      argsNoFlags(c)
        .slice(0, 2)
        .filter((word) => word !== 'run'),
    );
  if (runs.length > 0) return runs;
  return commands
    .filter((c) => cmdHasArgs(c, 'go', ['install', 'get']))
    .flatMap((c) => argsNoFlags(c).filter((word) => !['install', 'get', 'tool'].includes(word)));
}

/** DL3062: go install/get/run of a module without a pinned version. */
export const DL3062 = runRule({
  code: 'DL3062',
  severity: 'warning',
  message: 'Pin the module version in go install/get/run (module@v1.2.3), not @latest or nothing.',
  cwe: [1357],
  fails: (run) => !goTargets(run.shell().commands).every(isGoPinned),
});
