import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki } from '../rule';

function isRootUser(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
}

/** DL3002: a stage whose last USER is root (a USER before any FROM belongs to no stage and is not looked at). */
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
      if (instruction.keyword !== 'USER' || instruction.onbuild || instruction.stageIndex === -1) continue;
      if (isRootUser(instruction.args.trim()))
        lastRootUser.set(instruction.stageIndex, { location: instruction.location });
      else lastRootUser.delete(instruction.stageIndex);
    }
    return [...lastRootUser.values()];
  },
};

/** True when `user` refers to `$name` or `${name}` (hadolint tests `$name` as a plain substring). */
const refersToArg = (user: string, name: string): boolean => user.includes(`\${${name}}`) || user.includes(`$${name}`);

/**
 * DL3066: USER by name, which the host may not be able to resolve. The user
 * part (before `:`) must be all digits, unless the USER refers to an ARG
 * declared earlier in the file, before the first FROM or in any stage
 * (`ARG APP_UID=10001` … `USER ${APP_UID}`): its value is given at build time.
 */
export const DL3066: DockerfileRule = {
  code: 'DL3066',
  severity: 'info',
  message: 'Prefer a numeric user id (USER 10001:10001): names may not resolve the same way on the host.',
  helpUri: hadolintWiki('DL3066'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    const args: string[] = [];
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'ARG') {
        instruction.pairs.forEach((pair) => args.push(pair.key));
      } else if (instruction.keyword === 'USER') {
        const user = instruction.args.trim();
        const numeric = /^\d*$/.test(user.split(':')[0] ?? '');
        if (!numeric && !args.some((name) => refersToArg(user, name))) hits.push({ location: instruction.location });
      }
    }
    return hits;
  },
};

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
