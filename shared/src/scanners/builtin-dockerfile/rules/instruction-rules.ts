import type { DockerInstruction } from '../dockerfile-model';
import { parseExecForm } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, instructionRule } from '../rule';
import { dropQuotes } from './stage-helpers';

/** DL3000: WORKDIR must be absolute. */
export const DL3000 = instructionRule({
  code: 'DL3000',
  severity: 'error',
  message: 'Use an absolute path in WORKDIR; a relative one depends on the previous WORKDIR.',
  fails: (instruction) => {
    if (instruction.keyword !== 'WORKDIR') return false;
    const path = dropQuotes(instruction.args.trim());
    return !(path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path));
  },
});

/** DL3011: EXPOSE of a port outside 0–65535. */
export const DL3011 = instructionRule({
  code: 'DL3011',
  severity: 'error',
  message: 'EXPOSE a valid port: UNIX ports range from 0 to 65535.',
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

/** DL3044: an ENV value using a variable defined earlier in the same ENV. */
export const DL3044 = instructionRule({
  code: 'DL3044',
  severity: 'error',
  message: 'Do not use a variable in the same ENV instruction that defines it: Docker expands it to the old value.',
  fails: (instruction) => {
    if (instruction.keyword !== 'ENV') return false;
    const defined: string[] = [];
    for (const pair of instruction.pairs) {
      const value = pair.value ?? '';
      const usesEarlier = defined.some((name) => new RegExp(`\\$(\\{${name}\\}|${name}(?![A-Za-z0-9_]))`).test(value));
      if (usesEarlier) return true;
      defined.push(pair.key.replace(/[^A-Za-z0-9_]/g, ''));
    }
    return false;
  },
});

/** DL4000: MAINTAINER is deprecated. */
export const DL4000 = instructionRule({
  code: 'DL4000',
  severity: 'error',
  message: 'MAINTAINER is deprecated: use LABEL maintainer="name <email>" instead.',
  onbuild: false,
  fails: (instruction) => instruction.keyword === 'MAINTAINER',
});

/** DL3057: the image has no HEALTHCHECK (off by default in hadolint, as here). */
export const DL3057: DockerfileRule = {
  code: 'DL3057',
  severity: 'ignore',
  message: 'The image defines no HEALTHCHECK: add one so orchestrators can tell when it is unhealthy.',
  helpUri: hadolintWiki('DL3057'),
  check: ({ dockerfile }) => {
    const healthchecked = new Set(
      dockerfile.instructions
        .filter((instruction: DockerInstruction) => instruction.keyword === 'HEALTHCHECK' && !instruction.onbuild)
        .map((instruction) => instruction.stageIndex),
    );
    const last = dockerfile.stages.at(-1);
    if (last === undefined) return [];
    for (
      let stage: typeof last | undefined = last, depth = 0;
      stage !== undefined && depth < 1000;
      stage = stage.parent, depth++
    ) {
      if (healthchecked.has(stage.index)) return [];
    }
    return [{ location: last.from.location }];
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
