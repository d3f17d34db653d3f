import { keepsReleasedCleanupRule, runRule } from '../rule';
import type { ShellCommand } from '../shell/parse-shell';
import { argsNoFlags, cmdHasArgs, dropFlagArg, hasFlag } from '../shell/shell-commands';
import { mountsCacheAt } from './stage-helpers';

const isApkAdd = (command: ShellCommand): boolean => cmdHasArgs(command, 'apk', ['add']);

/**
 * A pinned apk package: any of apk's version operators (`=`, `~`, `>`, `<`,
 * which also make `>=`, `<=`, `~=`, `=~`), or a local `.apk` file.
 */
const isApkPinned = (pkg: string): boolean => /[=~<>]/.test(pkg) || pkg.endsWith('.apk');

/** DL3018: apk add without pinned versions. */
export const DL3018 = runRule({
  code: 'DL3018',
  severity: 'warning',
  message: 'Pin package versions in apk add (package=version) so builds are repeatable.',
  cwe: [1357],
  fails: (run) =>
    run
      .shell()
      .commands.filter(isApkAdd)
      .flatMap((c) => argsNoFlags(dropFlagArg(c, ['t', 'virtual', 'repository', 'X'])).filter((arg) => arg !== 'add'))
      .some((pkg) => !isApkPinned(pkg)),
});

/** DL3019: apk add without --no-cache. */
export const DL3019 = runRule({
  code: 'DL3019',
  severity: 'info',
  message: 'Use apk add --no-cache instead of --update plus removing /var/cache/apk/*.',
  differsFromHadolint: keepsReleasedCleanupRule('apk add --no-cache'),
  fails: (run) =>
    !mountsCacheAt(run, '/var/cache/apk') && run.shell().commands.some((c) => isApkAdd(c) && !hasFlag(c, 'no-cache')),
});
