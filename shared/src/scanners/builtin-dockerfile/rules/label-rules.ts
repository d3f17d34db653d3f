import spdxLicenseIds from 'spdx-license-ids';
import deprecatedSpdxLicenseIds from 'spdx-license-ids/deprecated.json';
import type { BuildStage, DockerInstruction, ParsedDockerfile } from '../dockerfile-model';
import type { LabelType } from '../hadolint-config';
import type { DockerfileRule, RuleContext, RuleHit } from '../rule';
import { hadolintWiki, instructionRule } from '../rule';

const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

function isValidLabelKey(key: string): boolean {
  if (RESERVED_NAMESPACES.some((namespace) => key.startsWith(namespace))) return false;
  if (!/^[a-z]/.test(key) || !/[a-z0-9]$/.test(key)) return false;
  if (key.includes('..') || key.includes('--')) return false;
  return /^[a-z0-9.-]+$/.test(key);
}

/** DL3048: label keys that break Docker's naming guidelines. */
export const DL3048 = instructionRule({
  code: 'DL3048',
  severity: 'style',
  message:
    'Use label keys of lower-case letters, digits, dots and dashes, outside the com.docker/io.docker namespaces.',
  onbuild: false,
  fails: (instruction) =>
    instruction.keyword === 'LABEL' && instruction.pairs.some((pair) => !isValidLabelKey(pair.key)),
});

/**
 * One hit per LABEL instruction and label key that fails `test`. hadolint makes one rule per label of the
 * schema and reports each at most once per instruction, so a key given twice in one LABEL counts once.
 */
function labelHits(
  context: RuleContext,
  test: (key: string, value: string, type: LabelType | undefined) => boolean,
  message: (key: string) => string,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const instruction of context.dockerfile.instructions) {
    if (instruction.keyword !== 'LABEL' || instruction.onbuild) continue;
    const failed = new Set<string>();
    for (const pair of instruction.pairs) {
      if (test(pair.key, pair.value ?? '', context.config.labelSchema[pair.key])) failed.add(pair.key);
    }
    for (const key of failed) hits.push({ location: instruction.location, message: message(key) });
  }
  return hits;
}

/** A label-schema rule: checks values of labels declared with `type`. */
function typedLabelRule(
  code: string,
  type: LabelType,
  what: string,
  isValid: (value: string) => boolean,
): DockerfileRule {
  return {
    code,
    severity: 'warning',
    message: `A label's value is not ${what}.`,
    helpUri: hadolintWiki(code),
    check: (context) =>
      labelHits(
        context,
        (_key, value, declared) => declared === type && !isValid(value),
        (key) => `Label "${key}" must be ${what} (label-schema in .hadolint.yaml).`,
      ),
  };
}

const isUrl = (value: string): boolean => {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
};
/**
 * hadolint checks an rfc3339 label with timerep's `parseTimeRFC3339`: Haskell's `parseTime` over `%FT%TZ`,
 * `%FT%T%z`, `%FT%T%Q%z` and `%FT%T%QZ`. That means a `T` (never a space), an offset as `Z`, `±hh:mm` or
 * `±hhmm`, a fraction of any length, letters in either case, blanks around the value, and a date and
 * time that exist (no 30 February, no hour 24; second 60 is a leap second).
 */
const RFC3339 = /^\s*(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d*)?(?:[Zz]|[+-]\d{2}:?\d{2})\s*$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isRfc3339(value: string): boolean {
  const parts = RFC3339.exec(value)?.slice(1).map(Number);
  if (parts === undefined) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  // The proleptic Gregorian calendar, as Haskell's `fromGregorianValid` (JavaScript's Date maps years 0-99 to 19xx).
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = (DAYS_IN_MONTH[month - 1] ?? 0) + (month === 2 && leap ? 1 : 0);
  return day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 60;
}
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
/** One SPDX license id, current or deprecated (hadolint parses a Cabal `LicenseId`, not an expression). */
const SPDX_IDS = new Set([...spdxLicenseIds, ...deprecatedSpdxLicenseIds]);
const isSpdx = (value: string): boolean => SPDX_IDS.has(value);

export const DL3052 = typedLabelRule('DL3052', 'url', 'a valid URL', isUrl);
export const DL3053 = typedLabelRule('DL3053', 'rfc3339', 'an RFC 3339 date-time', isRfc3339);
export const DL3054 = typedLabelRule('DL3054', 'spdx', 'an SPDX license identifier', isSpdx);
/** A short (7) or full (40) git hash in lower-case hex, as hadolint's `isBadHash` wants it. */
export const DL3055 = typedLabelRule('DL3055', 'hash', 'a git commit hash', (value) =>
  /^(?:[0-9a-f]{7}|[0-9a-f]{40})$/.test(value),
);
export const DL3056 = typedLabelRule('DL3056', 'semver', 'a semantic version', (value) => SEMVER.test(value));
export const DL3058 = typedLabelRule('DL3058', 'email', 'an e-mail address', (value) =>
  /^[^\s@]+@[^\s@]+$/.test(value),
);

/** DL3051: a schema label with an empty value. */
export const DL3051: DockerfileRule = {
  code: 'DL3051',
  severity: 'warning',
  message: 'A required label is empty.',
  helpUri: hadolintWiki('DL3051'),
  check: (context) =>
    labelHits(
      context,
      (_key, value, declared) => declared !== undefined && value === '',
      (key) => `Label "${key}" is empty.`,
    ),
};

/** DL3050: a LABEL with keys outside the schema when strict-labels is on (one finding per LABEL, as hadolint). */
export const DL3050: DockerfileRule = {
  code: 'DL3050',
  severity: 'info',
  message: 'A label that is not in label-schema (strict-labels is on).',
  helpUri: hadolintWiki('DL3050'),
  check: ({ dockerfile, config }) => {
    if (!config.strictLabels) return [];
    return dockerfile.instructions.flatMap((instruction) => {
      if (instruction.keyword !== 'LABEL' || instruction.onbuild) return [];
      const extra = instruction.pairs.filter((pair) => config.labelSchema[pair.key] === undefined).map((p) => p.key);
      if (extra.length === 0) return [];
      return [
        {
          location: instruction.location,
          message: `${extra.map((key) => `Label "${key}"`).join(', ')} ${extra.length === 1 ? 'is' : 'are'} not in label-schema (strict-labels is on).`,
        },
      ];
    });
  },
};

/**
 * DL3049: a stage missing a schema label, tracked through stages as hadolint
 * does: a stage built `FROM` a labelled stage has the label; a stage that a
 * later `COPY --from` names, or that a later stage built on it labels, is not
 * reported.
 */
export const DL3049: DockerfileRule = {
  code: 'DL3049',
  severity: 'info',
  message: 'A label required by label-schema is missing.',
  helpUri: hadolintWiki('DL3049'),
  check: ({ dockerfile, config }) =>
    Object.keys(config.labelSchema).flatMap((label) => missingLabelHits(dockerfile, label)),
};

function missingLabelHits(dockerfile: ParsedDockerfile, label: string): RuleHit[] {
  const good = new Set<number>();
  const bad = new Set<number>();
  let current: BuildStage | undefined;
  /** Stops reporting earlier stages whose alias is `name`. */
  const silence = (name: string): void => {
    for (const index of bad) if (dockerfile.stages[index]?.alias === name) bad.delete(index);
  };
  for (const instruction of dockerfile.instructions) {
    if (instruction.onbuild) continue;
    if (instruction.keyword === 'FROM') {
      current = dockerfile.stages[instruction.stageIndex];
      if (current === undefined) continue;
      const image = current.image.name;
      const inherits = [...good].some((index) => dockerfile.stages[index]?.alias === image);
      (inherits ? good : bad).add(current.index);
    } else if (instruction.keyword === 'COPY') {
      const from = copyFrom(instruction);
      if (from !== undefined && current !== undefined) silence(from);
    } else if (instruction.keyword === 'LABEL' && current !== undefined) {
      if (!instruction.pairs.some((pair) => pair.key === label)) continue;
      silence(current.alias ?? current.image.name);
      good.add(current.index);
      bad.delete(current.index);
    }
  }
  return [...bad].map((index) => ({
    location: dockerfile.stages[index]?.from.location ?? { line: 1, column: 1, endLine: 1, endColumn: 1 },
    message: `Label "${label}" is missing.`,
  }));
}

function copyFrom(instruction: DockerInstruction): string | undefined {
  if (instruction.keyword !== 'COPY') return undefined;
  return instruction.flags.find((flag) => flag.name === 'from')?.value ?? undefined;
}
