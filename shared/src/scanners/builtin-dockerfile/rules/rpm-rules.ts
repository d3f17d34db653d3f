import type { DockerInstruction, ParsedDockerfile } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, keepsReleasedCleanupRule, runRule } from '../rule';
import type { ShellCommand } from '../shell/parse-shell';
import { cmdHasArgs, cmdsHaveArgs, hasAnyFlag } from '../shell/shell-commands';
import { baseImageOf, mountsCacheAt, onbuildPasses } from './stage-helpers';

const DNF = ['dnf', 'microdnf'];

/** Verbs after which DL3040 wants `dnf clean all` (hadolint's list: installs, upgrades, reinstalls). */
const DNF_INSTALL_VERBS = ['install', 'in', 'upgrade', 'up', 'upgrade-minimal', 'up-min', 'reinstall', 'rei'];

const isYumInstall = (c: ShellCommand): boolean => cmdHasArgs(c, 'yum', ['install', 'groupinstall', 'localinstall']);
const isZypperInstall = (c: ShellCommand): boolean =>
  cmdHasArgs(c, 'zypper', ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch']);

/**
 * hadolint's order test: passes when no command installs, or when the first
 * cleanup command comes after the first install command.
 */
function cleansAfterInstall(
  commands: readonly ShellCommand[],
  isInstall: (c: ShellCommand) => boolean,
  isCleanup: (c: ShellCommand) => boolean,
): boolean {
  const install = commands.findIndex(isInstall);
  if (install === -1) return true;
  const cleanup = commands.findIndex(isCleanup);
  return cleanup !== -1 && install < cleanup;
}

/** DL3030: yum install without -y. */
export const DL3030 = runRule({
  code: 'DL3030',
  severity: 'warning',
  message: 'Give yum install -y so the build never waits for an answer.',
  fails: (run) => run.shell().commands.some((c) => isYumInstall(c) && !hasAnyFlag(c, ['y', 'assumeyes'])),
});

/** DL3032: yum install without yum clean all (any `rm -rf …` counts too, as cmdHasArgs matches one word). */
export const DL3032 = runRule({
  code: 'DL3032',
  severity: 'warning',
  message: 'Run yum clean all after yum install in the same RUN, or the package cache stays in the layer.',
  differsFromHadolint: keepsReleasedCleanupRule('yum clean all (or removing /var/cache/yum)'),
  fails: (run) =>
    !cleansAfterInstall(
      run.shell().commands,
      (c) => cmdHasArgs(c, 'yum', ['install']),
      (c) => cmdHasArgs(c, 'yum', ['clean', 'all']) || cmdHasArgs(c, 'rm', ['-rf', '/var/cache/yum/*']),
    ),
});

/** A package word and the same word as written (for the variables it names). */
interface PackageWord {
  readonly word: string;
  readonly raw: string;
}

/** hadolint's `installFilter`: every non-flag word of an install command but `install` and `module`. */
function installWords(command: ShellCommand, names: readonly string[]): PackageWord[] {
  if (!cmdsHaveArgs(command, names, ['install'])) return [];
  const flagIndexes = new Set(command.flags.map((flag) => flag.argIndex));
  const words: PackageWord[] = [];
  command.args.forEach((word, index) => {
    if (flagIndexes.has(index) || word === 'install' || word === 'module') return;
    words.push({ word, raw: command.rawArgs[index] ?? word });
  });
  return words;
}

const VARIABLE_NAME = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * hadolint's `name-version` test: after the first `-`, every part uses only
 * version characters and one part starts with a digit (`gcc-c++-1.1.1`,
 * `openssl-1:1.1.1k`); `.rpm` files count as versioned. A word with a `$` is
 * pinned when it names a variable an ARG (anywhere before) or an ENV (in this
 * stage or the stage it builds on) defined: hadolint takes such a variable to
 * hold the version (hadolint PR #1185), whatever its value.
 */
function isRpmVersioned(pkg: PackageWord, defined: (name: string) => boolean): boolean {
  const parts = pkg.word.split('-');
  if (parts.length <= 1) return false;
  if (pkg.word.endsWith('.rpm')) return true;
  if (pkg.word.includes('$')) return [...pkg.raw.matchAll(VARIABLE_NAME)].some((match) => defined(match[1] ?? ''));
  const rest = parts.slice(1);
  return rest.every((part) => /^[A-Za-z0-9.~^_:+]*$/.test(part)) && rest.some((part) => /^\d/.test(part));
}

/**
 * DL3033 and DL3041: packages without versions, as hadolint's version rules
 * fold over the file: ARG names are known from their line on, ENV names in
 * their stage and in stages built `FROM` it; module installs need `name:stream`.
 */
function versionRule(
  code: string,
  message: string,
  names: readonly string[],
  isModuleOrGroup: (c: ShellCommand) => boolean,
): DockerfileRule {
  const fails = (dockerfile: ParsedDockerfile, pass: readonly DockerInstruction[]): RuleHit[] => {
    const hits: RuleHit[] = [];
    const args = new Set<string>();
    const envsByAlias = new Map<string, Set<string>>();
    let envs = new Set<string>();
    const defined = (name: string): boolean => args.has(name) || envs.has(name);
    for (const instruction of pass) {
      if (instruction.keyword === 'FROM') {
        const { image, alias } = baseImageOf(dockerfile, instruction);
        envs = new Set(envsByAlias.get(image.name) ?? []);
        if (alias !== undefined) envsByAlias.set(alias, envs);
      } else if (instruction.keyword === 'ARG') {
        instruction.pairs.forEach((pair) => args.add(pair.key));
      } else if (instruction.keyword === 'ENV') {
        instruction.pairs.forEach((pair) => envs.add(pair.key));
      } else if (instruction.keyword === 'RUN') {
        const commands = instruction.shell().commands;
        if (!commands.some((c) => names.includes(c.name))) continue;
        const packages = commands.filter((c) => !isModuleOrGroup(c)).flatMap((c) => installWords(c, names));
        const modules = commands
          .filter((c) => cmdsHaveArgs(c, names, ['module']))
          .flatMap((c) => installWords(c, names));
        const pinned =
          packages.every((pkg) => isRpmVersioned(pkg, defined)) && modules.every((module) => module.word.includes(':'));
        if (!pinned) hits.push({ location: instruction.location });
      }
    }
    return hits;
  };
  return {
    code,
    severity: 'warning',
    message,
    helpUri: hadolintWiki(code),
    cwe: [1357],
    check: ({ dockerfile }) => onbuildPasses(dockerfile).flatMap((pass) => fails(dockerfile, pass)),
  };
}

/** DL3033: yum install without versions. */
export const DL3033 = versionRule(
  'DL3033',
  'Pin versions in yum install (package-version) so builds are repeatable.',
  ['yum'],
  (c) => cmdHasArgs(c, 'yum', ['module']),
);

/** DL3041: dnf install without versions (`dnf group install` is not checked). */
export const DL3041 = versionRule(
  'DL3041',
  'Pin versions in dnf install (package-version) so builds are repeatable.',
  DNF,
  (c) => cmdsHaveArgs(c, DNF, ['module', 'group']),
);

/** DL3038: dnf install without -y. */
export const DL3038 = runRule({
  code: 'DL3038',
  severity: 'warning',
  message: 'Give dnf install -y so the build never waits for an answer.',
  fails: (run) =>
    run
      .shell()
      .commands.some(
        (c) => cmdsHaveArgs(c, DNF, ['install', 'groupinstall', 'localinstall']) && !hasAnyFlag(c, ['y', 'assumeyes']),
      ),
});

/** DL3040: dnf install without dnf clean all. */
export const DL3040 = runRule({
  code: 'DL3040',
  severity: 'warning',
  message: 'Run dnf clean all after dnf install in the same RUN, or the package cache stays in the layer.',
  differsFromHadolint: keepsReleasedCleanupRule('dnf clean all (or removing /var/cache/libdnf5*)'),
  fails: (run) =>
    !mountsCacheAt(run, '/var/cache/libdnf5') &&
    !mountsCacheAt(run, '.cache/libdnf5') &&
    // Checked per program, as hadolint does: `dnf install` needs `dnf clean all` (or an `rm -rf`) after it.
    !DNF.every((name) =>
      cleansAfterInstall(
        run.shell().commands,
        (c) => cmdHasArgs(c, name, DNF_INSTALL_VERBS),
        (c) => cmdHasArgs(c, name, ['clean', 'all']) || cmdHasArgs(c, 'rm', ['-rf', '/var/cache/libdnf5*']),
      ),
    ),
});

/** DL3034: zypper without a non-interactive switch. */
export const DL3034 = runRule({
  code: 'DL3034',
  severity: 'warning',
  message: 'Give zypper -n (--non-interactive) or install -y so the build never waits for an answer.',
  fails: (run) =>
    run.shell().commands.some((c) => isZypperInstall(c) && !hasAnyFlag(c, ['n', 'non-interactive', 'y', 'no-confirm'])),
});

/** DL3035: zypper dist-upgrade. */
export const DL3035 = runRule({
  code: 'DL3035',
  severity: 'warning',
  message: 'Do not run zypper dist-upgrade in an image build: upgrade the base image instead.',
  fails: (run) => run.shell().commands.some((c) => cmdHasArgs(c, 'zypper', ['dist-upgrade', 'dup'])),
});

/** DL3036: zypper install without zypper clean. */
export const DL3036 = runRule({
  code: 'DL3036',
  severity: 'warning',
  message: 'Run zypper clean after zypper install in the same RUN, or the package cache stays in the layer.',
  differsFromHadolint: keepsReleasedCleanupRule('zypper clean'),
  fails: (run) =>
    !mountsCacheAt(run, '/var/cache/zypp') &&
    !cleansAfterInstall(
      run.shell().commands,
      (c) => cmdHasArgs(c, 'zypper', ['install', 'in']),
      (c) => cmdHasArgs(c, 'zypper', ['clean', 'cc']),
    ),
});

/** zypper's version operators (`pkg=1.2`, `pkg>=1.2`, `pkg<2`), or a local `.rpm`. */
const isZypperPinned = (pkg: string): boolean => /[=<>]/.test(pkg) || pkg.endsWith('.rpm');

/** DL3037: zypper install without versions (every non-flag word but the verb is a package, as in hadolint). */
export const DL3037 = runRule({
  code: 'DL3037',
  severity: 'warning',
  message: 'Pin versions in zypper install (package=version) so builds are repeatable.',
  cwe: [1357],
  fails: (run) =>
    run.shell().commands.some((c) => {
      if (!cmdHasArgs(c, 'zypper', ['install', 'in'])) return false;
      const flagIndexes = new Set(c.flags.map((flag) => flag.argIndex));
      return c.args.some(
        (word, index) => !flagIndexes.has(index) && word !== 'install' && word !== 'in' && !isZypperPinned(word),
      );
    }),
});
