import type { DockerInstruction, ParsedDockerfile } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, keepsReleasedCleanupRule, runRule } from '../rule';
import type { ShellCommand } from '../shell/parse-shell';
import { argsNoFlags, cmdHasArgs, countFlag, dropFlagArg, hasAnyFlag, hasArg } from '../shell/shell-commands';
import type { BaseImage } from './stage-helpers';
import { SCRATCH, baseImageOf, mountsCacheAt, onbuildPasses, sameBaseImage } from './stage-helpers';

const isAptGetInstall = (command: ShellCommand): boolean => cmdHasArgs(command, 'apt-get', ['install']);

/** Packages named by `apt-get install`, with `-t <release>` values left out. */
function aptGetPackages(command: ShellCommand): string[] {
  return argsNoFlags(dropFlagArg(command, ['t', 'target-release'])).filter((arg) => arg !== 'install');
}

/** DL3008: apt-get install without pinned versions (`pkg=1.2`, a `/release` or a `.deb` count as pinned). */
export const DL3008 = runRule({
  code: 'DL3008',
  severity: 'warning',
  message: 'Pin package versions in apt-get install (package=version) so builds are repeatable.',
  cwe: [1357],
  fails: (run) =>
    run
      .shell()
      .commands.filter(isAptGetInstall)
      .flatMap(aptGetPackages)
      .some((pkg) => !pkg.includes('=') && !pkg.includes('/') && !pkg.endsWith('.deb')),
});

/**
 * apt-get's own reading of "assume yes": `-y`/`--yes`/`--assume-yes`, or quiet
 * level 2 or more (`-qq`, `-q -q`, `-q=2`, `--quiet --quiet`, `-qqq`), which
 * implies it. A single `-q` does not. hadolint counts exactly two
 * (DL3014.hs `countFlag … == 2`); see DL3014's differsFromHadolint.
 */
function assumesYes(command: ShellCommand): boolean {
  return (
    hasAnyFlag(command, ['y', 'yes', 'qq', 'assume-yes']) ||
    countFlag(command, 'q') >= 2 ||
    countFlag(command, 'quiet') >= 2 ||
    hasArg(command, '-q=2')
  );
}

/** DL3014: apt-get install without -y. */
export const DL3014 = runRule({
  code: 'DL3014',
  severity: 'warning',
  message: 'Give apt-get install -y so the build never waits for an answer.',
  differsFromHadolint:
    'A quiet level above 2 (-qqq, --quiet given three times) counts as -y, as apt-get reads it; hadolint accepts exactly two and reports -qqq.',
  fails: (run) => run.shell().commands.some((c) => isAptGetInstall(c) && !assumesYes(c)),
});

/** DL3015: apt-get install without --no-install-recommends. */
export const DL3015 = runRule({
  code: 'DL3015',
  severity: 'info',
  message: 'Add --no-install-recommends to apt-get install to keep recommended extras out of the image.',
  fails: (run) =>
    run
      .shell()
      .commands.some(
        (c) =>
          isAptGetInstall(c) &&
          !hasAnyFlag(c, ['no-install-recommends']) &&
          !hasArg(c, 'APT::Install-Recommends=false'),
      ),
});

function forgetsAptLists(run: DockerInstruction): boolean {
  const commands = run.shell().commands;
  const updates = commands.some(
    (c) =>
      cmdHasArgs(c, 'apt-get', ['update']) || cmdHasArgs(c, 'apt', ['update']) || cmdHasArgs(c, 'aptitude', ['update']),
  );
  if (!updates) return false;
  // cmdHasArgs matches any one word: hadolint takes any `rm -rf …` as the cleanup.
  if (commands.some((c) => cmdHasArgs(c, 'rm', ['-rf', '/var/lib/apt/lists/*']))) return false;
  if (mountsCacheAt(run, '/var/lib/apt/lists')) return false;
  return !(mountsCacheAt(run, '/var/lib/apt') && mountsCacheAt(run, '/var/cache/apt'));
}

/**
 * DL3009: apt lists left in the image. Like hadolint, only stages that end up
 * in an image count: the last stage and stages another FROM builds on.
 */
export const DL3009: DockerfileRule = {
  code: 'DL3009',
  severity: 'info',
  message: 'Remove /var/lib/apt/lists/* in the same RUN as apt-get update, or the package lists stay in the layer.',
  helpUri: hadolintWiki('DL3009'),
  differsFromHadolint: keepsReleasedCleanupRule('removing /var/lib/apt/lists/*'),
  check: ({ dockerfile }) => stageAwareHits(dockerfile, forgetsAptLists),
};

/**
 * Hits of `fails` on RUNs whose stage reaches an image, as hadolint's DL3009
 * and DL3060 decide it: a RUN counts when its stage's FROM is the same as the
 * file's last FROM (compared whole: image, tag, digest, alias, platform), or
 * when its stage's alias is the image of some FROM. ONBUILD RUNs are judged in
 * a pass of their own, where no FROM is seen, so they always count.
 */
export function stageAwareHits(dockerfile: ParsedDockerfile, fails: (run: DockerInstruction) => boolean): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const pass of onbuildPasses(dockerfile)) {
    let current: BaseImage | undefined;
    const fromImages = new Set<string>();
    const remembered: { run: DockerInstruction; stage: BaseImage }[] = [];
    for (const instruction of pass) {
      if (instruction.keyword === 'FROM') {
        current = baseImageOf(dockerfile, instruction);
        fromImages.add(current.image.name);
      } else if (instruction.keyword === 'RUN' && fails(instruction)) {
        current ??= SCRATCH;
        remembered.push({ run: instruction, stage: current });
      }
    }
    for (const { run, stage } of remembered) {
      const last = current ?? SCRATCH;
      if (sameBaseImage(stage, last) || (stage.alias !== undefined && fromImages.has(stage.alias))) {
        hits.push({ location: run.location });
      }
    }
  }
  return hits;
}
