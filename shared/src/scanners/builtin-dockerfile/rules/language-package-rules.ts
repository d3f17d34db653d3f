import type { DockerInstruction, ParsedDockerfile } from '../dockerfile-model';
import type { DockerfileRule } from '../rule';
import { hadolintWiki, runRule } from '../rule';
import type { ShellCommand } from '../shell/parse-shell';
import { afterWord, argsNoFlags, cmdHasArgs, dropFlagArg, hasAnyFlag, isPipInstall } from '../shell/shell-commands';
import { stageAwareHits } from './apt-rules';
import { mountsCacheAt, stageChain } from './stage-helpers';

// pip ----------------------------------------------------------------------

/** pip options whose value is the next word. */
const PIP_OPTIONS_WITH_VALUES = [
  'abi',
  'b',
  'build',
  'c',
  'constraint',
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
  'python-version',
  'root',
  'root-user-action',
  'src',
  't',
  'target',
  'trusted-host',
  'upgrade-strategy',
  'python',
];

const VCS_SCHEMES = ['git+', 'hg+', 'svn+', 'bzr+', 'git:', 'svn:'];

function isPipPinned(pkg: string): boolean {
  if (['==', '>=', '<=', '>', '<', '!=', '~=', '==='].some((symbol) => pkg.includes(symbol))) return true;
  const isVcs = VCS_SCHEMES.some((scheme) => pkg.startsWith(scheme));
  if (isVcs) return pkg.includes('@');
  if (pkg.endsWith('.whl') || pkg.endsWith('.tar.gz')) return true;
  return pkg.includes('/');
}

/** True for `pip install` / `pipx install` / `python -m pip install`. */
function isPipLikeInstall(command: ShellCommand): boolean {
  return isPipInstall(command) || cmdHasArgs(command, 'pipx', ['install']);
}

function pipForgetsPin(command: ShellCommand): boolean {
  if (!isPipLikeInstall(command)) return false;
  if (hasAnyFlag(command, ['constraint', 'c', 'requirement', 'r'])) return false;
  if (command.args.includes('.')) return false;
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

/** ENV instructions that set PIP_NO_CACHE_DIR to a truthy value, found once per file. */
const truthyPipEnvs = new WeakMap<ParsedDockerfile, DockerInstruction[]>();

/** True when an ENV in the RUN's stage (or a stage it builds on) sets PIP_NO_CACHE_DIR to a truthy value. */
function pipNoCacheFromEnv(dockerfile: ParsedDockerfile, run: DockerInstruction): boolean {
  let envs = truthyPipEnvs.get(dockerfile);
  if (envs === undefined) {
    envs = dockerfile.instructions.filter(
      (env) =>
        env.keyword === 'ENV' &&
        env.pairs.some((pair) => pair.key === 'PIP_NO_CACHE_DIR' && TRUTHY.includes(pair.value ?? '')),
    );
    truthyPipEnvs.set(dockerfile, envs);
  }
  if (envs.length === 0) return false;
  const stages = new Set(stageChain(dockerfile.stages[run.stageIndex]).map((stage) => stage.index));
  return envs.some(
    (env) =>
      env.location.line < run.location.line &&
      env.onbuild === run.onbuild &&
      (run.onbuild || stages.has(env.stageIndex) || env.stageIndex === -1),
  );
}

/** `PIP_NO_CACHE_DIR=<truthy>` anywhere in the script (an export or a prefix assignment). */
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
      command.name.includes(wrapper) ||
      (command.name.startsWith('python') &&
        command.args.some((arg, index) => arg === '-m' && command.args[index + 1] === wrapper)),
  );
}

/** DL3042: pip install keeping its download cache in the image. */
export const DL3042 = runRule({
  code: 'DL3042',
  severity: 'warning',
  message: 'Use pip install --no-cache-dir (or PIP_NO_CACHE_DIR=1) so pip’s cache does not end up in the image.',
  fails: (run, { dockerfile }) => {
    const cachingInstall = run
      .shell()
      .commands.some((c) => isPipInstall(c) && !c.args.includes('--no-cache-dir') && !isPipWrapper(c));
    // The cheap test first: looking for ENV settings scans the whole file.
    if (!cachingInstall || mountsCacheAt(run, ['/root/.cache/pip'])) return false;
    return !pipNoCacheInline(run.shell().original) && !pipNoCacheFromEnv(dockerfile, run);
  },
});

// npm / yarn -----------------------------------------------------------------

function isNpmPinned(pkg: string): boolean {
  if (['git://', 'git+ssh://', 'git+http://', 'git+https://'].some((prefix) => pkg.startsWith(prefix))) {
    return pkg.includes('#');
  }
  if (['.tar', '.tar.gz', '.tgz'].some((suffix) => pkg.endsWith(suffix))) return true;
  if (['/', './', '../', '~/'].some((prefix) => pkg.startsWith(prefix))) return true;
  const withoutScope = pkg.startsWith('@') ? pkg.slice(pkg.indexOf('/') + 1) : pkg;
  return withoutScope.includes('@');
}

const NPM_OPTIONS_WITH_VALUES = ['registry', 'loglevel', 'prefix', 'cache', 'userconfig', 'tag', 'workspace', 'w'];

/** DL3016: npm install without pinned versions. */
export const DL3016 = runRule({
  code: 'DL3016',
  severity: 'warning',
  message: 'Pin versions in npm install (package@version); a bare npm install from package-lock.json is fine.',
  cwe: [1357],
  fails: (run) =>
    run.shell().commands.some((command) => {
      if (!cmdHasArgs(command, 'npm', ['install', 'i', 'add'])) return false;
      const words = argsNoFlags(dropFlagArg(command, NPM_OPTIONS_WITH_VALUES));
      const verb = words[0];
      if (verb !== 'install' && verb !== 'i' && verb !== 'add') return false;
      return !words.slice(1).every(isNpmPinned);
    }),
});

function yarnForgetsCacheClean(run: DockerInstruction): boolean {
  if (mountsCacheAt(run, ['/root/.cache/yarn', '/usr/local/share/.cache/yarn'])) return false;
  const commands = run.shell().commands;
  const installs = commands.some((c) => cmdHasArgs(c, 'yarn', ['install']));
  if (!installs) return false;
  return !commands.some((c) => cmdHasArgs(c, 'yarn', ['cache', 'clean']));
}

/** DL3060: yarn install without yarn cache clean. */
export const DL3060: DockerfileRule = {
  code: 'DL3060',
  severity: 'info',
  message: 'Run yarn cache clean after yarn install in the same RUN, or the cache stays in the layer.',
  helpUri: hadolintWiki('DL3060'),
  check: ({ dockerfile }) => stageAwareHits(dockerfile, yarnForgetsCacheClean),
};

// gem ----------------------------------------------------------------------

/** DL3028: gem install without pinned versions. */
export const DL3028 = runRule({
  code: 'DL3028',
  severity: 'warning',
  message: 'Pin versions in gem install (gem:version or -v version).',
  cwe: [1357],
  fails: (run) =>
    run.shell().commands.some((command) => {
      if (!cmdHasArgs(command, 'gem', ['install', 'i'])) return false;
      if (hasAnyFlag(command, ['v', 'version'])) return false;
      const beforeDashDash =
        command.args.indexOf('--') === -1 ? command.args : command.args.slice(0, command.args.indexOf('--'));
      const words = argsNoFlags({
        name: command.name,
        args: beforeDashDash,
        flags: command.flags.filter((f) => f.argIndex < beforeDashDash.length),
      });
      const verbAt = words.findIndex((word) => word === 'install' || word === 'i');
      return words.slice(verbAt + 1).some((gem) => !gem.includes(':'));
    }),
});

// go -----------------------------------------------------------------------

function isGoPinned(target: string): boolean {
  if (target.startsWith('/') || target.startsWith('./') || target.startsWith('../')) return true;
  const at = target.lastIndexOf('@');
  return at !== -1 && target.slice(at + 1) !== 'latest' && target.slice(at + 1) !== '';
}

/** DL3062: go install/get/run of a module without a pinned version. */
export const DL3062 = runRule({
  code: 'DL3062',
  severity: 'warning',
  message: 'Pin the module version in go install/get/run (module@v1.2.3), not @latest or nothing.',
  cwe: [1357],
  fails: (run) =>
    run.shell().commands.some((command) => {
      if (command.name !== 'go') return false;
      const verb = command.args[0];
      if (verb !== 'install' && verb !== 'get' && verb !== 'run') return false;
      const rest = command.args.slice(1);
      const targets: string[] = [];
      for (const word of rest) {
        if (word.startsWith('-')) continue;
        targets.push(word);
        if (verb === 'run') break; // `go run pkg args…`: only the package counts.
      }
      return targets.length > 0 && !targets.every(isGoPinned);
    }),
});
