import type { DockerInstruction, ParsedDockerfile } from '../dockerfile-model';
import type { DockerfileRule } from '../rule';
import { hadolintWiki, runRule } from '../rule';
import type { ShellCommand } from '../shell/parse-shell';
import { parseShell } from '../shell/parse-shell';
import { afterWord, argsNoFlags, cmdHasArgs, hasAnyFlag } from '../shell/shell-commands';
import { knownVariables, mountsCacheAt, substituteVariables } from './stage-helpers';

const DNF = ['dnf', 'microdnf'];
const DNF_INSTALL_VERBS = [
  'install',
  'in',
  'groupinstall',
  'localinstall',
  'reinstall',
  'rei',
  'upgrade',
  'up',
  'upgrade-minimal',
  'up-min',
  'update',
];

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

/** DL3032: yum install without yum clean all. */
export const DL3032 = runRule({
  code: 'DL3032',
  severity: 'warning',
  message: 'Run yum clean all after yum install in the same RUN, or the package cache stays in the layer.',
  fails: (run) =>
    !mountsCacheAt(run, ['/var/cache/yum']) &&
    !cleansAfterInstall(
      run.shell().commands,
      (c) => cmdHasArgs(c, 'yum', ['install']),
      (c) => cmdHasArgs(c, 'yum', ['clean', 'all']) || cmdHasArgs(c, 'rm', ['-rf', '/var/cache/yum/*']),
    ),
});

/** Package words after the verb, with ARG/ENV values substituted (hadolint resolves `-${version}`). */
function packagesOf(
  dockerfile: ParsedDockerfile,
  run: DockerInstruction,
  names: readonly string[],
  verbs: readonly string[],
): { packages: string[]; module: boolean }[] {
  if (!run.shell().commands.some((c) => names.includes(c.name))) return [];
  const original = run.shell().original;
  const script = original.includes('$') ? substituteVariables(original, knownVariables(dockerfile, run)) : original;
  const commands = script === original ? run.shell().commands : parseShell(script).commands;
  return commands
    .filter((c) => names.includes(c.name))
    .flatMap((c) => {
      const words = argsNoFlags(c);
      if (words.includes('group') || words.includes('groupinstall')) return [];
      const verb = words.find((word) => verbs.includes(word));
      if (verb === undefined) return [];
      return [{ packages: afterWord(words, verb), module: words.includes('module') }];
    });
}

/**
 * hadolint's test for `name-version`: after the first `-`, every part uses only
 * version characters and at least one part starts with a digit (`gcc-c++-1.1.1`,
 * `openssl-1:1.1.1k`); `.rpm` files count as versioned; modules need `name:stream`.
 */
function isRpmVersioned(pkg: string, module: boolean): boolean {
  if (module) return pkg.includes(':');
  const parts = pkg.split('-');
  if (parts.length <= 1) return false;
  if (pkg.endsWith('.rpm')) return true;
  const rest = parts.slice(1);
  return rest.every((part) => /^[A-Za-z0-9.~^_:+]*$/.test(part)) && rest.some((part) => /^\d/.test(part));
}

/** DL3033: yum install without versions. */
export const DL3033: DockerfileRule = {
  code: 'DL3033',
  severity: 'warning',
  message: 'Pin versions in yum install (package-version) so builds are repeatable.',
  helpUri: hadolintWiki('DL3033'),
  cwe: [1357],
  check: ({ dockerfile }) =>
    dockerfile.instructions
      .filter(
        (run) =>
          run.keyword === 'RUN' &&
          packagesOf(dockerfile, run, ['yum'], ['install']).some(({ packages, module }) =>
            packages.some((pkg) => !isRpmVersioned(pkg, module)),
          ),
      )
      .map((run) => ({ location: run.location })),
};

/** DL3038: dnf install without -y. */
export const DL3038 = runRule({
  code: 'DL3038',
  severity: 'warning',
  message: 'Give dnf install -y so the build never waits for an answer.',
  fails: (run) =>
    run
      .shell()
      .commands.some(
        (c) =>
          DNF.includes(c.name) &&
          c.args.some((a) => ['install', 'groupinstall', 'localinstall'].includes(a)) &&
          !hasAnyFlag(c, ['y', 'assumeyes']),
      ),
});

/** DL3040: dnf install without dnf clean all. */
export const DL3040 = runRule({
  code: 'DL3040',
  severity: 'warning',
  message: 'Run dnf clean all after dnf install in the same RUN, or the package cache stays in the layer.',
  fails: (run) =>
    !mountsCacheAt(run, ['/var/cache/libdnf5', '/var/cache/dnf', '/var/cache/yum']) &&
    // Checked per program, as hadolint does: `dnf install` needs `dnf clean all` (or rm -rf) after it.
    !DNF.every((name) =>
      cleansAfterInstall(
        run.shell().commands,
        (c) => cmdHasArgs(c, name, DNF_INSTALL_VERBS),
        (c) => cmdHasArgs(c, name, ['clean', 'all']) || cmdHasArgs(c, 'rm', ['-rf', '/var/cache/yum/*']),
      ),
    ),
});

/** DL3041: dnf install without versions. */
export const DL3041: DockerfileRule = {
  code: 'DL3041',
  severity: 'warning',
  message: 'Pin versions in dnf install (package-version) so builds are repeatable.',
  helpUri: hadolintWiki('DL3041'),
  cwe: [1357],
  check: ({ dockerfile }) =>
    dockerfile.instructions
      .filter(
        (run) =>
          run.keyword === 'RUN' &&
          packagesOf(dockerfile, run, DNF, ['install']).some(({ packages, module }) =>
            packages.some((pkg) => !isRpmVersioned(pkg, module)),
          ),
      )
      .map((run) => ({ location: run.location })),
};

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
  fails: (run) =>
    !mountsCacheAt(run, ['/var/cache/zypp']) &&
    !cleansAfterInstall(
      run.shell().commands,
      (c) => cmdHasArgs(c, 'zypper', ['install', 'in']),
      (c) => cmdHasArgs(c, 'zypper', ['clean', 'cc']),
    ),
});

/** DL3037: zypper install without versions. */
export const DL3037 = runRule({
  code: 'DL3037',
  severity: 'warning',
  message: 'Pin versions in zypper install (package=version) so builds are repeatable.',
  cwe: [1357],
  fails: (run) =>
    run.shell().commands.some((c) => {
      if (!cmdHasArgs(c, 'zypper', ['install', 'in'])) return false;
      const words = argsNoFlags(c);
      const verb = words.find((word) => word === 'install' || word === 'in') ?? 'install';
      return afterWord(words, verb).some((pkg) => !/[=<>]/.test(pkg) && !pkg.endsWith('.rpm'));
    }),
});
