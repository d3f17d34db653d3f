import { parseExecForm } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, instructionRule } from '../rule';
import { baseImageOf, dropQuotes } from './stage-helpers';

/** DL3000: WORKDIR must be absolute. */
export const DL3000 = instructionRule({
  code: 'DL3000',
  severity: 'error',
  message: 'Use an absolute path in WORKDIR; a relative one depends on the previous WORKDIR.',
  onbuild: false,
  fails: (instruction) => {
    if (instruction.keyword !== 'WORKDIR') return false;
    const path = dropQuotes(instruction.args.trim());
    return !(path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:/.test(path));
  },
});

/** DL3011: EXPOSE of a port outside 0–65535. */
export const DL3011 = instructionRule({
  code: 'DL3011',
  severity: 'error',
  message: 'EXPOSE a valid port: UNIX ports range from 0 to 65535.',
  onbuild: false,
  fails: (instruction) =>
    instruction.keyword === 'EXPOSE' &&
    instruction.args
      .split(/\s+/)
      .filter((word) => word !== '' && !word.includes('$'))
      .flatMap((word) => word.replace(/\/(tcp|udp|sctp)$/i, '').split('-'))
      .some((port) => /^\d+$/.test(port) && Number(port) > 65535),
});

/** Reports the second and later `keyword` in one stage (hadolint's "multiple" rules). */
function multipleInStage(
  code: string,
  keyword: string,
  severity: DockerfileRule['severity'],
  message: string,
): DockerfileRule {
  return {
    code,
    severity,
    message,
    helpUri: hadolintWiki(code),
    check: ({ dockerfile }) => {
      const hits: RuleHit[] = [];
      const seen = new Set<number>();
      for (const instruction of dockerfile.instructions) {
        if (instruction.keyword !== keyword || instruction.onbuild) continue;
        if (seen.has(instruction.stageIndex)) hits.push({ location: instruction.location });
        seen.add(instruction.stageIndex);
      }
      return hits;
    },
  };
}

export const DL3012 = multipleInStage(
  'DL3012',
  'HEALTHCHECK',
  'error',
  'Only one HEALTHCHECK per stage takes effect: keep one.',
);
export const DL4003 = multipleInStage(
  'DL4003',
  'CMD',
  'warning',
  'Only the last CMD in a stage takes effect: keep one.',
);
export const DL4004 = multipleInStage(
  'DL4004',
  'ENTRYPOINT',
  'error',
  'Only the last ENTRYPOINT in a stage takes effect: keep one.',
);

/** DL3025: CMD/ENTRYPOINT (and HEALTHCHECK CMD) in shell form. */
export const DL3025 = instructionRule({
  code: 'DL3025',
  severity: 'warning',
  message: 'Write CMD and ENTRYPOINT in JSON (exec) form, ["program", "arg"], so signals reach the process.',
  onbuild: false,
  fails: (instruction) => {
    if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') return instruction.exec === undefined;
    if (instruction.keyword !== 'HEALTHCHECK') return false;
    const match = /^\s*CMD\s+([\s\S]*)$/i.exec(instruction.args);
    return match !== null && parseExecForm(match[1] ?? '') === undefined;
  },
});

/** DL3043: ONBUILD triggering ONBUILD, FROM or MAINTAINER. */
export const DL3043 = instructionRule({
  code: 'DL3043',
  severity: 'error',
  message: 'ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.',
  fails: (instruction) => instruction.onbuild && ['ONBUILD', 'FROM', 'MAINTAINER'].includes(instruction.keyword),
});

/** True when `text` refers to `$name` or `${name}` (not `$nameSuffix`). */
function refersTo(text: string, name: string): boolean {
  if (text.includes(`\${${name}}`)) return true;
  const bare = `$${name}`;
  let at = text.indexOf(bare);
  while (at !== -1) {
    if (!/[A-Za-z0-9_]/.test(text[at + bare.length] ?? '')) return true;
    at = text.indexOf(bare, at + 1);
  }
  return false;
}

/**
 * DL3044: an ENV pair's value uses a variable that another pair of the same
 * ENV defines (and no earlier ENV/ARG did): Docker expands it to the old value.
 */
export const DL3044: DockerfileRule = {
  code: 'DL3044',
  severity: 'error',
  message: 'Do not use a variable in the same ENV instruction that defines it: Docker expands it to the old value.',
  helpUri: hadolintWiki('DL3044'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    const defined = new Set<string>();
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'ARG') instruction.pairs.forEach((pair) => defined.add(pair.key));
      if (instruction.keyword !== 'ENV') continue;
      const { pairs } = instruction;
      const selfReferenced = pairs.some(
        (pair, index) =>
          !defined.has(pair.key) &&
          pairs.some((other, otherIndex) => otherIndex !== index && refersTo(other.value ?? '', pair.key)),
      );
      if (selfReferenced) hits.push({ location: instruction.location });
      pairs.forEach((pair) => defined.add(pair.key));
    }
    return hits;
  },
};

/** DL4000: MAINTAINER is deprecated. */
export const DL4000 = instructionRule({
  code: 'DL4000',
  severity: 'error',
  message: 'MAINTAINER is deprecated: use LABEL maintainer="name <email>" instead.',
  onbuild: false,
  fails: (instruction) => instruction.keyword === 'MAINTAINER',
});

/** A stage as DL3057 tracks it: the image it is built from, its name (alias, else image) and its FROM line. */
interface HealthStage {
  readonly source: string;
  readonly name: string;
  readonly hit: RuleHit;
}

/**
 * The stages in `badByName` that `stage` builds on, and theirs, transitively
 * (hadolint's `recurseGood`). Iterative and indexed by name: a hostile file
 * with thousands of chained stages neither overflows the stack nor goes quadratic.
 */
function ancestorsIn(badByName: ReadonlyMap<string, ReadonlySet<HealthStage>>, stage: HealthStage): Set<HealthStage> {
  const found = new Set<HealthStage>();
  const queue = [stage];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const parent of badByName.get(next.source) ?? []) {
      if (found.has(parent)) continue;
      found.add(parent);
      queue.push(parent);
    }
  }
  return found;
}

/**
 * DL3057: stages without a HEALTHCHECK (off by default in hadolint, as here).
 * A stage built `FROM` a stage that has one counts as having it; a HEALTHCHECK
 * also clears the stages its stage builds on, since those end up in an image
 * that has one (hadolint PR #851).
 */
export const DL3057: DockerfileRule = {
  code: 'DL3057',
  severity: 'ignore',
  message: 'The image defines no HEALTHCHECK: add one so orchestrators can tell when it is unhealthy.',
  helpUri: hadolintWiki('DL3057'),
  check: ({ dockerfile }) => {
    const goodNames = new Set<string>();
    const bad = new Set<HealthStage>();
    const badByName = new Map<string, Set<HealthStage>>();
    const markGood = (stage: HealthStage): void => {
      goodNames.add(stage.name);
      bad.delete(stage);
      badByName.get(stage.name)?.delete(stage);
    };
    let current: HealthStage | undefined;
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'FROM') {
        const { image, alias } = baseImageOf(dockerfile, instruction);
        const stage = { source: image.name, name: alias ?? image.name, hit: { location: instruction.location } };
        if (current !== undefined && goodNames.has(stage.source)) goodNames.add(stage.name);
        else {
          bad.add(stage);
          const named = badByName.get(stage.name);
          if (named) named.add(stage);
          else badByName.set(stage.name, new Set([stage]));
        }
        current = stage;
      } else if (instruction.keyword === 'HEALTHCHECK' && current !== undefined) {
        const cleared = ancestorsIn(badByName, current);
        markGood(current);
        cleared.forEach(markGood);
      }
    }
    return [...bad].map((stage) => stage.hit);
  },
};

/** DL1001: inline ignore pragmas (off by default, as in hadolint). */
export const DL1001: DockerfileRule = {
  code: 'DL1001',
  severity: 'ignore',
  message: 'Avoid inline "# hadolint ignore=" pragmas; configure exceptions in .hadolint.yaml instead.',
  helpUri: hadolintWiki('DL1001'),
  check: ({ pragmas }) =>
    pragmas.ignorePragmaLines.map((line) => ({ location: { line, column: 1, endLine: line, endColumn: 1 } })),
};
