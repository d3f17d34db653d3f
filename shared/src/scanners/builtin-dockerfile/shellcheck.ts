import type { FindingDraft } from '../../findings/finding';
import type { ProcessRunner } from '../../process/process-runner';
import { isJsonObject, ownEntry } from '../json-output';
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

/*
 * ShellCheck on RUN scripts, as hadolint does: each shell-form RUN becomes a
 * script with a shebang for the stage's SHELL and `export NAME=1` lines for the
 * proxy variables and the ARG/ENV names its stage, or a stage it builds on,
 * declared before it (so they do not look unassigned); SC codes are reported at the RUN's line. This is process work,
 * so it runs only in the scanner, never in the synchronous `lintDockerfile`.
 */

/** One RUN script to check. */
export interface ShellcheckScript {
  /** The script fed to `shellcheck -` (shebang, exports, then the RUN text). */
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

/**
 * ShellCheck checks left out: "ash not supported" (SC2187) and the two about
 * following `source`d files (SC1090, SC1091), which live in the image, not the repository.
 */
export const SHELLCHECK_EXCLUDED = ['SC2187', 'SC1090', 'SC1091'];

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

interface ShellcheckComment {
  readonly code: number;
  readonly level: string;
  readonly message: string;
}

function isShellcheckComment(value: unknown): value is ShellcheckComment {
  return (
    isJsonObject(value) &&
    Number.isSafeInteger(value['code']) &&
    typeof value['level'] === 'string' &&
    typeof value['message'] === 'string'
  );
}

/** The comments of ShellCheck's `json1` output, or undefined when the output is not in that shape. */
function shellcheckComments(stdout: string): ShellcheckComment[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const comments = isJsonObject(document) ? document['comments'] : undefined;
  return Array.isArray(comments) && comments.every(isShellcheckComment) ? comments : undefined;
}

/** What one ShellCheck pass over a Dockerfile produced. */
export interface ShellcheckOutcome {
  readonly findings: FindingDraft[];
  /** Set when ShellCheck could not run or its output was unreadable. */
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

/**
 * Runs ShellCheck on each RUN of `text` and returns SC findings at the RUN's
 * line, after `.hadolint.yaml` ignores/overrides and inline pragmas. Never throws.
 */
export async function shellcheckDockerfile(
  text: string,
  path: string,
  options: {
    readonly runProcess: ProcessRunner;
    readonly executable: string;
    /** ShellCheck's minimal environment (`toolEnvironment`). */
    readonly env?: NodeJS.ProcessEnv;
    /** A folder the repository does not control: ShellCheck reads `.shellcheckrc` from there for stdin. */
    readonly cwd?: string;
    readonly config?: HadolintConfig;
    readonly signal?: AbortSignal;
    /** Check at most this many RUN scripts (one ShellCheck process each); default all. */
    readonly maxScripts?: number;
  },
): Promise<ShellcheckOutcome> {
  const config = options.config ?? DEFAULT_HADOLINT_CONFIG;
  const dockerfile = parseDockerfile(text);
  const pragmas = readPragmas(dockerfile);
  const ignored = new Set(config.ignored);
  const findings: FindingDraft[] = [];
  const allScripts = shellcheckScripts(dockerfile, pragmas);
  const scripts = options.maxScripts === undefined ? allScripts : allScripts.slice(0, options.maxScripts);
  const skipped = allScripts.length - scripts.length;
  for (const { script, location } of scripts) {
    const result = await options.runProcess({
      command: options.executable,
      args: ['--format=json1', `--exclude=${SHELLCHECK_EXCLUDED.join(',')}`, '-'],
      input: script,
      timeoutMs: 30_000,
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (result.failure !== undefined) return { findings, error: `shellcheck did not run: ${result.failure.message}` };
    // 0: clean, 1: findings; anything else is ShellCheck failing.
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      return {
        findings,
        error: `shellcheck exited with ${String(result.exitCode)}: ${result.stderr.trim().slice(0, 300)}`,
      };
    }
    const comments = shellcheckComments(result.stdout);
    if (comments === undefined) {
      return { findings, error: 'shellcheck printed output that is not its JSON format; is it older than 0.7?' };
    }
    for (const comment of comments) {
      const code = `SC${comment.code}`;
      if (ignored.has(code)) continue;
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
  }
  return skipped > 0 ? { findings, skippedScripts: skipped } : { findings };
}

function overridden(code: string, severity: HadolintSeverity, config: HadolintConfig): HadolintSeverity {
  for (const level of ['error', 'warning', 'info', 'style'] as const) {
    if (config.override[level].includes(code)) return level;
  }
  return severity;
}
