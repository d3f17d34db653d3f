import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, instructionRule } from '../rule';

function isRootUser(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
}

/** DL3002: a stage whose last USER is root. */
export const DL3002: DockerfileRule = {
  code: 'DL3002',
  severity: 'warning',
  message: 'The last USER of the image is root: switch to an unprivileged user before the image ends.',
  helpUri: hadolintWiki('DL3002'),
  cwe: [250],
  check: ({ dockerfile }) => {
    // Per stage, the line of the last USER when it is root (hadolint keys stages by their FROM).
    const lastRootUser = new Map<number, RuleHit>();
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'USER' || instruction.onbuild) continue;
      if (isRootUser(instruction.args.trim()))
        lastRootUser.set(instruction.stageIndex, { location: instruction.location });
      else lastRootUser.delete(instruction.stageIndex);
    }
    return [...lastRootUser.values()];
  },
};

/** DL3066: USER by name, which the host may not be able to resolve. */
export const DL3066 = instructionRule({
  code: 'DL3066',
  severity: 'info',
  message: 'Prefer a numeric user id (USER 10001:10001): names may not resolve the same way on the host.',
  onbuild: false,
  fails: (instruction) => {
    if (instruction.keyword !== 'USER') return false;
    // hadolint checks the user part only (before `:`): it must be all digits.
    const user = instruction.args.trim().split(':')[0] ?? '';
    return !/^\d*$/.test(user);
  },
});

/** DS004: an image that never sets USER runs as root. */
export const DS004: DockerfileRule = {
  code: 'DS004',
  severity: 'warning',
  message: 'The image never sets USER, so its processes run as root: add a USER with an unprivileged id.',
  helpUri: 'https://cwe.mitre.org/data/definitions/250.html',
  cwe: [250],
  check: ({ dockerfile }) => {
    const last = dockerfile.stages.at(-1);
    if (last === undefined || last.image.text === 'scratch') return [];
    const chain = new Set<number>();
    for (
      let stage: typeof last | undefined = last;
      stage !== undefined && !chain.has(stage.index);
      stage = stage.parent
    ) {
      chain.add(stage.index);
    }
    const setsUser = dockerfile.instructions.some(
      (instruction) => instruction.keyword === 'USER' && !instruction.onbuild && chain.has(instruction.stageIndex),
    );
    return setsUser ? [] : [{ location: last.from.location }];
  },
};
