import type { DockerInstruction, InstructionLocation, ParsedDockerfile } from './dockerfile-model';
import type { HadolintConfig, HadolintSeverity } from './hadolint-config';
import type { Pragmas } from './pragmas';

/** What a rule sees: the whole parsed file, the hadolint config and the pragmas. */
export interface RuleContext {
  readonly dockerfile: ParsedDockerfile;
  readonly config: HadolintConfig;
  readonly pragmas: Pragmas;
}

/** One place a rule fires. */
export interface RuleHit {
  readonly location: InstructionLocation;
  /** Replaces the rule's default message when the hit needs specifics (a label name). */
  readonly message?: string;
}

/** A Dockerfile rule: hadolint's (DLxxxx) or ours (DSxxx). */
export interface DockerfileRule {
  /** `DL3007`, `DS001`. */
  readonly code: string;
  /** Default severity, in hadolint's words. */
  readonly severity: HadolintSeverity;
  /** What the rule checks, one sentence in our own words (also the default finding message). */
  readonly message: string;
  /** Where to read about it. */
  readonly helpUri: string;
  /** CWE ids for the security-relevant rules. */
  readonly cwe?: readonly number[];
  /** How and why this rule knowingly behaves differently from hadolint's rule of the same code. */
  readonly differsFromHadolint?: string;
  check(context: RuleContext): RuleHit[];
}

/** hadolint's wiki page for a DL code. */
export function hadolintWiki(code: string): string {
  return `https://github.com/hadolint/hadolint/wiki/${code}`;
}

/** Builds a hadolint-style rule that tests instructions one at a time (RUN rules also see ONBUILD RUN). */
export function instructionRule(
  spec: Omit<DockerfileRule, 'check' | 'helpUri'> & {
    /** Which instructions to test; `true` means it breaks the rule. */
    readonly fails: (instruction: DockerInstruction, context: RuleContext) => boolean;
    /** Also test ONBUILD triggers (hadolint does for most rules). Default true. */
    readonly onbuild?: boolean;
  },
): DockerfileRule {
  const { fails, onbuild = true, ...rest } = spec;
  return {
    ...rest,
    helpUri: hadolintWiki(spec.code),
    check: (context) =>
      context.dockerfile.instructions
        .filter((instruction) => (onbuild || !instruction.onbuild) && fails(instruction, context))
        .map((instruction) => ({ location: instruction.location })),
  };
}

/** Builds a rule over RUN instructions' parsed commands. */
export function runRule(
  spec: Omit<DockerfileRule, 'check' | 'helpUri'> & {
    readonly fails: (instruction: DockerInstruction, context: RuleContext) => boolean;
    readonly onbuild?: boolean;
  },
): DockerfileRule {
  return instructionRule({
    ...spec,
    fails: (instruction, context) => instruction.keyword === 'RUN' && spec.fails(instruction, context),
  });
}

/**
 * The deliberate difference of the cache clean-up rules (DL3009, DL3019, DL3032,
 * DL3036, DL3040, DL3042, DL3060): hadolint's development branch, after the 2.15
 * release, rewrote each into "use a BuildKit cache mount", where the clean-up
 * the released rule asks for no longer counts. We keep the released rule.
 */
export function keepsReleasedCleanupRule(cleanup: string): string {
  return (
    `hadolint's development branch (after 2.15) turns this rule into "use a BuildKit cache mount": ${cleanup} no longer satisfies it there, only a cache or tmpfs mount does. ` +
    'This engine keeps the released 2.15 rule, as the hadolint cases the project pins expect.'
  );
}
