import type { FindingDraft } from '../../findings/finding';
import { ownEntry } from '../json-output';
import type { DockerInstruction, InstructionLocation, ParsedDockerfile } from './dockerfile-model';
import { parseDockerfile } from './dockerfile-model';
import type { HadolintConfig, HadolintSeverity } from './hadolint-config';
import { DEFAULT_HADOLINT_CONFIG } from './hadolint-config';
import type { Pragmas } from './pragmas';
import { isIgnoredByPragma, readPragmas } from './pragmas';
import { isNonPosixShell } from './rules/shell-rules';
import { stageChain } from './rules/stage-helpers';
import { dockerfileFindingSeverity } from '../dockerfile-severity/dockerfile-severity';
import { BUILTIN_DOCKERFILE_TOOL } from './severity-mapping';
import type { ShellcheckBatchOptions, ShellcheckComment } from './shellcheck-batch';
import { shellcheckBatch } from './shellcheck-batch';

/*
 * ShellCheck on RUN scripts, as hadolint does: each shell-form RUN becomes a
 * script with a shebang for the stage's SHELL and `export NAME=1` lines for the
 * proxy variables and the ARG/ENV names its stage, or a stage it builds on,
 * declared before it (so they do not look unassigned); SC codes are reported at the RUN's line. This is process work,
 * so it runs only in the scanner, never in the synchronous `lintDockerfile`; how ShellCheck is run is
 * `shellcheck-batch.ts`.
 */

/** One RUN script to check. */
export interface ShellcheckScript {
  /** The script ShellCheck reads (shebang, exports, then the RUN text). */
  readonly script: string;
  /** The RUN instruction's place, where SC findings are reported. */
  readonly location: InstructionLocation;
}

/** Variables hadolint always treats as set (Docker passes proxies through). */
const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
];

/** Lists the RUN scripts of a Dockerfile that ShellCheck should read. */
export function shellcheckScripts(dockerfile: ParsedDockerfile, pragmas: Pragmas): ShellcheckScript[] {
  if (pragmas.shell !== undefined && isNonPosixShell(pragmas.shell)) return [];
  const shellOfStage = new Map<number, string>();
  const namesOfStage = new Map<number, Set<string>>();
  // ONBUILD triggers run in another build: like hadolint's separate pass over them, only
  // ONBUILD SHELL, ARG and ENV shape their scripts.
  let onbuildShell = '/bin/sh -c';
  const onbuildNames = new Set<string>();
  const scripts: ShellcheckScript[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') {
      // Like hadolint, a declared name counts as set whether or not it has a value (`ARG name`).
      const names = instruction.onbuild ? onbuildNames : namesIn(namesOfStage, instruction.stageIndex);
      for (const pair of instruction.pairs) names.add(pair.key);
      continue;
    }
    if (instruction.keyword === 'SHELL') {
      const line = instruction.exec?.join(' ') ?? instruction.args;
      if (instruction.onbuild) onbuildShell = line;
      else shellOfStage.set(instruction.stageIndex, line);
      continue;
    }
    if (instruction.keyword !== 'RUN' || instruction.exec !== undefined) continue;
    const shell = instruction.onbuild ? onbuildShell : currentShell(dockerfile, instruction, shellOfStage);
    if (isNonPosixShell(shell)) continue;
    const names = instruction.onbuild ? onbuildNames : visibleNames(dockerfile, instruction, namesOfStage);
    const exports = [...PROXY_VARIABLES, ...names].filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
    const body = instruction.heredocs.length > 0 ? instruction.heredocs.join('\n') : instruction.args;
    scripts.push({
      script: `#!${shell.split(/\s+/)[0] ?? '/bin/sh'}\n${exports.map((name) => `export ${name}=1`).join('\n')}\n${body}\n`,
      location: instruction.location,
    });
  }
  return scripts;
}

/** The names declared so far in stage `index` (-1: before the first FROM), created on first use. */
function namesIn(namesOfStage: Map<number, Set<string>>, index: number): Set<string> {
  let names = namesOfStage.get(index);
  if (names === undefined) {
    names = new Set();
    namesOfStage.set(index, names);
  }
  return names;
}

/**
 * The ARG/ENV names a RUN sees, as hadolint's ShellCheck rule keeps them: a FROM
 * starts afresh (names declared before the first FROM are gone), unless it builds
 * on an earlier stage, whose names it carries on.
 */
function visibleNames(
  dockerfile: ParsedDockerfile,
  instruction: DockerInstruction,
  namesOfStage: ReadonlyMap<number, ReadonlySet<string>>,
): Set<string> {
  if (instruction.stageIndex === -1) return new Set(namesOfStage.get(-1));
  const names = new Set<string>();
  for (const stage of stageChain(dockerfile.stages[instruction.stageIndex])) {
    for (const name of namesOfStage.get(stage.index) ?? []) names.add(name);
  }
  return names;
}

/** The SHELL in force for a RUN: set in its stage or an ancestor stage (FROM resets it), else `/bin/sh -c`. */
function currentShell(
  dockerfile: ParsedDockerfile,
  instruction: DockerInstruction,
  shellOfStage: ReadonlyMap<number, string>,
): string {
  for (const stage of stageChain(dockerfile.stages[instruction.stageIndex])) {
    const shell = shellOfStage.get(stage.index);
    if (shell !== undefined) return shell;
  }
  return (instruction.stageIndex === -1 ? shellOfStage.get(-1) : undefined) ?? '/bin/sh -c';
}

/** What ShellCheck found in one Dockerfile. */
export interface ShellcheckOutcome {
  readonly findings: FindingDraft[];
  /** Set when ShellCheck could not check a RUN (the first such RUN); the other RUNs' findings are kept. */
  readonly error?: string;
  /** RUN scripts left unchecked because of `maxScripts`. */
  readonly skippedScripts?: number;
}

const LEVELS: Readonly<Record<string, HadolintSeverity>> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'style',
};

export interface ShellcheckDockerfileOptions extends ShellcheckBatchOptions {
  readonly config?: HadolintConfig;
  /** Check at most this many RUN scripts of each Dockerfile; default all. */
  readonly maxScripts?: number;
}

/** A Dockerfile's RUN scripts, with what turns ShellCheck's comments on them into findings. */
interface PlannedDockerfile {
  readonly path: string;
  readonly pragmas: Pragmas;
  readonly scripts: readonly ShellcheckScript[];
  readonly skipped: number;
}

/**
 * Runs ShellCheck on each RUN of each Dockerfile (all of them in as few ShellCheck processes as
 * `shellcheckBatch` allows) and returns, per Dockerfile in the given order, SC findings at the RUN's line
 * after `.hadolint.yaml` ignores/overrides and inline pragmas. Never throws.
 */
export async function shellcheckDockerfiles(
  dockerfiles: readonly { readonly path: string; readonly text: string }[],
  options: ShellcheckDockerfileOptions,
): Promise<ShellcheckOutcome[]> {
  const config = options.config ?? DEFAULT_HADOLINT_CONFIG;
  const planned: PlannedDockerfile[] = dockerfiles.map(({ path, text }) => {
    const dockerfile = parseDockerfile(text);
    const pragmas = readPragmas(dockerfile);
    const all = shellcheckScripts(dockerfile, pragmas);
    const scripts = options.maxScripts === undefined ? all : all.slice(0, options.maxScripts);
    return { path, pragmas, scripts, skipped: all.length - scripts.length };
  });
  const checks = await shellcheckBatch(
    planned.flatMap((file) => file.scripts.map(({ script }) => script)),
    options,
  );
  let next = 0;
  return planned.map(({ path, pragmas, scripts, skipped }) => {
    const findings: FindingDraft[] = [];
    let error: string | undefined;
    for (const { location } of scripts) {
      const check = checks[next++] ?? { error: 'shellcheck gave no verdict' };
      if ('error' in check) {
        error ??= `${check.error} (RUN at line ${String(location.line)})`;
        continue;
      }
      for (const finding of shellcheckFindings(check.comments, { path, location, pragmas, config })) {
        findings.push(finding);
      }
    }
    return { findings, ...(error === undefined ? {} : { error }), ...(skipped > 0 ? { skippedScripts: skipped } : {}) };
  });
}

/** ShellCheck on the RUNs of one Dockerfile: `shellcheckDockerfiles` for a single file. */
export async function shellcheckDockerfile(
  text: string,
  path: string,
  options: ShellcheckDockerfileOptions,
): Promise<ShellcheckOutcome> {
  const [outcome] = await shellcheckDockerfiles([{ path, text }], options);
  return outcome ?? { findings: [] };
}

/**
 * The findings of ShellCheck's comments on one RUN script, all at the RUN's place: codes that
 * `.hadolint.yaml` ignores or an inline pragma silences are left out, overrides applied.
 */
export function shellcheckFindings(
  comments: readonly ShellcheckComment[],
  where: {
    readonly path: string;
    readonly location: InstructionLocation;
    readonly pragmas: Pragmas;
    readonly config: HadolintConfig;
  },
): FindingDraft[] {
  const { path, location, pragmas, config } = where;
  const findings: FindingDraft[] = [];
  for (const comment of comments) {
    const code = `SC${String(comment.code)}`;
    if (config.ignored.includes(code)) continue;
    if (!config.disableIgnorePragma && isIgnoredByPragma(pragmas, code, location.line)) continue;
    const severity = overridden(code, ownEntry(LEVELS, comment.level) ?? 'warning', config);
    if (severity === 'ignore') continue;
    findings.push({
      tool: BUILTIN_DOCKERFILE_TOOL,
      category: 'dockerfile',
      ruleId: code,
      message: comment.message,
      severity: dockerfileFindingSeverity(code, severity),
      nativeSeverity: severity,
      location: { path, ...location },
      helpUri: `https://www.shellcheck.net/wiki/${code}`,
    });
  }
  return findings;
}

function overridden(code: string, severity: HadolintSeverity, config: HadolintConfig): HadolintSeverity {
  for (const level of ['error', 'warning', 'info', 'style'] as const) {
    if (config.override[level].includes(code)) return level;
  }
  return severity;
}
