import type { RuleDescriptor } from '../rule-descriptor';
import type { DockerfileRule } from './rule';
import { DL3009, DL3008, DL3014, DL3015 } from './rules/apt-rules';
import { DL3018, DL3019 } from './rules/alpine-rules';
import { DL3010, DL3020, DL3021, DL3022, DL3023, DL3045, DL3067, DS005 } from './rules/copy-rules';
import { DL3006, DL3007, DL3024, DL3026, DL3029, DL3061, DL3063, DL3065 } from './rules/image-rules';
import {
  DL1001,
  DL3000,
  DL3011,
  DL3012,
  DL3025,
  DL3043,
  DL3044,
  DL3057,
  DL4000,
  DL4003,
  DL4004,
} from './rules/instruction-rules';
import { DL3048, DL3049, DL3050, DL3051, DL3052, DL3053, DL3054, DL3055, DL3056, DL3058 } from './rules/label-rules';
import { DL3013, DL3016, DL3028, DL3042, DL3060, DL3062 } from './rules/language-package-rules';
import { DL3030, DL3032, DL3033, DL3034, DL3035, DL3036, DL3037, DL3038, DL3040, DL3041 } from './rules/rpm-rules';
import { DL3064, DS001, DS002, DS003 } from './rules/secret-rules';
import { DL3001, DL3003, DL3004, DL3027, DL3046, DL3047, DL3059, DL4001, DL4005, DL4006 } from './rules/shell-rules';
import { DL3002, DL3066, DS004 } from './rules/user-rules';
import { dockerfileFindingSeverity, dockerfileSeverityReason } from '../dockerfile-severity/dockerfile-severity';
import { BUILTIN_DOCKERFILE_TOOL } from './severity-mapping';

/** Every rule the engine runs, hadolint's first (by code), then ours (DS…). */
export const ALL_RULES: readonly DockerfileRule[] = [
  DL1001,
  DL3000,
  DL3001,
  DL3002,
  DL3003,
  DL3004,
  DL3006,
  DL3007,
  DL3008,
  DL3009,
  DL3010,
  DL3011,
  DL3012,
  DL3013,
  DL3014,
  DL3015,
  DL3016,
  DL3018,
  DL3019,
  DL3020,
  DL3021,
  DL3022,
  DL3023,
  DL3024,
  DL3025,
  DL3026,
  DL3027,
  DL3028,
  DL3029,
  DL3030,
  DL3032,
  DL3033,
  DL3034,
  DL3035,
  DL3036,
  DL3037,
  DL3038,
  DL3040,
  DL3041,
  DL3042,
  DL3043,
  DL3044,
  DL3045,
  DL3046,
  DL3047,
  DL3048,
  DL3049,
  DL3050,
  DL3051,
  DL3052,
  DL3053,
  DL3054,
  DL3055,
  DL3056,
  DL3057,
  DL3058,
  DL3059,
  DL3060,
  DL3061,
  DL3062,
  DL3063,
  DL3064,
  DL3065,
  DL3066,
  DL3067,
  DL4000,
  DL4001,
  DL4003,
  DL4004,
  DL4005,
  DL4006,
  DS001,
  DS002,
  DS003,
  DS004,
  DS005,
];

/** The parse-error pseudo-rule, listed so reports can describe DL1000 findings. */
const DL1000_DESCRIPTOR: RuleDescriptor = {
  id: 'DL1000',
  tool: BUILTIN_DOCKERFILE_TOOL,
  severity: dockerfileFindingSeverity('DL1000', 'error'),
  ...severityReasonOf('DL1000'),
  description: 'The Dockerfile (or one instruction) could not be parsed; the rest of the file is still linted.',
  helpUri: 'https://github.com/hadolint/hadolint/wiki/DL1000',
  differsFromHadolint:
    'hadolint stops at the first instruction it cannot parse and reports nothing else; this engine reports that instruction (at most 10 per file) and lints the rest, so a typo does not hide every other finding.',
};

/** Descriptors of every implemented rule, for `devsecops rules` and SARIF. */
export function builtinDockerfileRules(): RuleDescriptor[] {
  return [
    DL1000_DESCRIPTOR,
    ...ALL_RULES.map((rule) => ({
      id: rule.code,
      tool: BUILTIN_DOCKERFILE_TOOL,
      severity: dockerfileFindingSeverity(rule.code, rule.severity),
      ...severityReasonOf(rule.code),
      description: rule.message,
      helpUri: rule.helpUri,
      ...(rule.differsFromHadolint === undefined ? {} : { differsFromHadolint: rule.differsFromHadolint }),
    })),
  ];
}

function severityReasonOf(code: string): { severityReason?: string } {
  const reason = dockerfileSeverityReason(code);
  return reason === undefined ? {} : { severityReason: reason };
}
