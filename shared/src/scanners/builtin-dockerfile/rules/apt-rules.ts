import type { DockerInstruction, ParsedDockerfile } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, runRule } from '../rule';
import type { ShellCommand } from '../shell/parse-shell';
import { argsNoFlags, cmdHasArgs, dropFlagArg, hasAnyFlag, hasArg } from '../shell/shell-commands';
import { mountsCacheAt } from './stage-helpers';

const isAptGetInstall = (command: ShellCommand): boolean => cmdHasArgs(command, 'apt-get', ['install']);

/** Packages named by `apt-get install`, with `-t <release>` values left out. */
function aptGetPackages(command: ShellCommand): string[] {
  return argsNoFlags(dropFlagArg(command, ['t', 'target-release'])).filter((arg) => arg !== 'install');
}

/** DL3008: apt-get install without pinned versions. */
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

/** DL3014: apt-get install without -y. */
export const DL3014 = runRule({
  code: 'DL3014',
  severity: 'warning',
  message: 'Give apt-get install -y so the build never waits for an answer.',
  fails: (run) =>
    run.shell().commands.some(
      (c) =>
        isAptGetInstall(c) &&
        !hasAnyFlag(c, ['y', 'yes', 'assume-yes']) &&
        // -qq implies -y; a single -q does not.
        c.flags.filter((flag) => flag.name === 'q').length < 2,
    ),
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
  const cleansUp = commands.some((c) => cmdHasArgs(c, 'rm', ['-rf', '/var/lib/apt/lists/*']));
  if (cleansUp) return false;
  if (mountsCacheAt(run, ['/var/lib/apt/lists'])) return false;
  return !(mountsCacheAt(run, ['/var/lib/apt']) && mountsCacheAt(run, ['/var/cache/apt']));
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
  check: ({ dockerfile }) => stageAwareHits(dockerfile, forgetsAptLists),
};

/** Hits of `fails` on RUNs, kept when their stage reaches an image (hadolint's DL3009/DL3060 logic). */
export function stageAwareHits(dockerfile: ParsedDockerfile, fails: (run: DockerInstruction) => boolean): RuleHit[] {
  const hits: RuleHit[] = [];
  const usedImages = new Set(dockerfile.stages.map((stage) => stage.image.name));
  const lastStage = dockerfile.stages.length - 1;
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword !== 'RUN' || !fails(instruction)) continue;
    // ONBUILD triggers run in a later build, whatever the stage: always reported.
    if (instruction.onbuild || instruction.stageIndex === lastStage) {
      hits.push({ location: instruction.location });
      continue;
    }
    const alias = dockerfile.stages[instruction.stageIndex]?.alias;
    if (alias !== undefined && usedImages.has(alias)) hits.push({ location: instruction.location });
  }
  return hits;
}
