import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, posix, resolve } from 'node:path';
import { discoverFiles } from '../files/discover-files';
import { findExecutable } from '../scanners/tool-discovery';
import type { ProcessRunner } from '../process/process-runner';
import { runProcess as defaultRunProcess } from '../process/process-runner';
import type { Buildspec, BuildspecArtifacts, BuildspecPhase, BuildspecPhaseName, ReportFileFormat } from './buildspec';
import { globMatcher } from '../files/glob';

/**
 * Runs a CodeBuild buildspec on this machine with CodeBuild's semantics.
 *
 * Why a shell runs here: a buildspec's commands ARE shell commands (CodeBuild
 * runs them in bash or /bin/sh). The no-shell-strings rule protects commands
 * that our own code builds from untrusted input; the user's buildspec is the
 * program the user asked us to run. So each phase becomes one generated script
 * file (the user's commands verbatim, between fixed guard lines), run as
 * `bash <script>` through the process runner with an argument array. The
 * script leads its own process group, so cancelling kills every child.
 * A phase ends when its script exits; a background job it leaves running is
 * stopped then, even if it still holds the phase's output. (CodeBuild keeps
 * such a job until the build ends: a daemon started in `install` for `build`
 * to use must be started in the phase that uses it when run here.)
 *
 * How state carries over like CodeBuild's one shell session: within a phase the
 * commands share one shell; at the end of a phase an EXIT trap exports every
 * variable the phase created and writes the environment and working directory
 * to a state folder, which the next phase starts from.
 */

/** The phases BatchGetBuilds reports, in order (`phaseType`). */
export const CODEBUILD_PHASE_TYPES = [
  'SUBMITTED',
  'QUEUED',
  'PROVISIONING',
  'DOWNLOAD_SOURCE',
  'INSTALL',
  'PRE_BUILD',
  'BUILD',
  'POST_BUILD',
  'UPLOAD_ARTIFACTS',
  'FINALIZING',
  'COMPLETED',
] as const;
export type CodebuildPhaseType = (typeof CODEBUILD_PHASE_TYPES)[number];

/** CodeBuild's `StatusType` for phases and builds. */
export type CodebuildStatus = 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'TIMED_OUT' | 'IN_PROGRESS' | 'STOPPED';

const PHASE_TYPE_OF: Readonly<Record<BuildspecPhaseName, CodebuildPhaseType>> = {
  install: 'INSTALL',
  pre_build: 'PRE_BUILD',
  build: 'BUILD',
  post_build: 'POST_BUILD',
};

/** The `CODEBUILD_*` (and region) variables CodeBuild sets in every build. */
export interface CodebuildVariables {
  readonly CODEBUILD_BUILD_ID: string;
  readonly CODEBUILD_BUILD_ARN: string;
  readonly CODEBUILD_BUILD_NUMBER: string;
  readonly CODEBUILD_INITIATOR: string;
  readonly CODEBUILD_RESOLVED_SOURCE_VERSION: string;
  readonly CODEBUILD_SOURCE_VERSION: string;
  readonly CODEBUILD_SOURCE_REPO_URL: string;
  readonly CODEBUILD_SRC_DIR: string;
  readonly CODEBUILD_START_TIME: string;
  readonly CODEBUILD_BUILD_IMAGE: string;
  readonly CODEBUILD_BUILD_URL: string;
  readonly CODEBUILD_LOG_PATH: string;
  readonly CODEBUILD_CI: string;
  readonly AWS_REGION: string;
  readonly AWS_DEFAULT_REGION: string;
}

/** Context of one phase-level event. */
export interface BuildPhaseContext {
  /** CodeBuild-style code: `COMMAND_EXECUTION_ERROR`, `CLIENT_ERROR`, `BUILD_STOPPED`… */
  readonly statusCode: string;
  readonly message: string;
}

/** One phase as BatchGetBuilds would list it. */
export interface BuildPhaseResult {
  readonly phaseType: CodebuildPhaseType;
  /** Absent only for `COMPLETED`, as in CodeBuild. */
  readonly phaseStatus?: CodebuildStatus;
  readonly startTime: Date;
  readonly endTime?: Date;
  /** Whole seconds, as CodeBuild reports. */
  readonly durationInSeconds?: number;
  readonly contexts: readonly BuildPhaseContext[];
}

/** A command the local run did not execute because it is marked cloud-only. */
export interface SkippedCloudOnlyStep {
  readonly phase: BuildspecPhaseName;
  /** The marker's description (text after `devsecops:cloud-only:`). */
  readonly description: string;
}

/** A collected file: where it is and the name it gets in the report group or artifact. */
export interface CollectedFile {
  readonly absolutePath: string;
  /** Name inside the group/artifact: relative to the base directory, or the base name with discard-paths. */
  readonly name: string;
}

export interface CollectedReport {
  /** Report group name or ARN from the buildspec. */
  readonly name: string;
  readonly fileFormat: ReportFileFormat;
  readonly files: readonly CollectedFile[];
}

export interface CollectedArtifacts {
  /** `primary` or the secondary artifact identifier. */
  readonly identifier: string;
  readonly name?: string;
  readonly files: readonly CollectedFile[];
}

export interface BuildResult {
  readonly buildId: string;
  /** `SUCCEEDED`, `FAILED` or `STOPPED` (cancelled). */
  readonly buildStatus: CodebuildStatus;
  /** Every phase reached, in order, starting with SUBMITTED. */
  readonly phases: readonly BuildPhaseResult[];
  /** `env.exported-variables` with their final values (unset variables are omitted). */
  readonly exportedVariables: readonly { readonly name: string; readonly value: string }[];
  readonly reports: readonly CollectedReport[];
  readonly artifacts: readonly CollectedArtifacts[];
  readonly skippedCloudOnlySteps: readonly SkippedCloudOnlyStep[];
  /** Parameter Store / Secrets Manager variables left unset because nothing could resolve them. */
  readonly unresolvedSecrets: readonly string[];
  /** The first failure, in CodeBuild's words. */
  readonly failure?: BuildPhaseContext & { readonly phase: CodebuildPhaseType };
  readonly startTime: Date;
  readonly endTime: Date;
}

/** Progress callback payload: a phase started or ended. */
export interface BuildPhaseEvent {
  readonly phaseType: CodebuildPhaseType;
  readonly state: 'started' | 'ended';
  /** Set on `ended`. */
  readonly result?: BuildPhaseResult;
}

export interface RunBuildspecOptions {
  readonly buildspec: Buildspec;
  /** The source directory (`CODEBUILD_SRC_DIR`); commands start here. */
  readonly sourceDir: string;
  /** Start-build environment overrides: they win over `env.variables`, as in CodeBuild. */
  readonly env?: Readonly<Record<string, string>>;
  /** The build image's environment underneath everything; default process.env. */
  readonly baseEnv?: NodeJS.ProcessEnv;
  readonly codebuildVars?: Partial<CodebuildVariables>;
  readonly signal?: AbortSignal;
  /** Each output line (no newline), stdout and stderr interleaved as they arrive. */
  readonly onLog?: (line: string) => void;
  readonly onPhase?: (event: BuildPhaseEvent) => void;
  readonly runProcess?: ProcessRunner;
  /**
   * `skip` (local default): commands whose first line is the shell comment
   * `# devsecops:cloud-only: <why>` are not run and are reported, and
   * `DEVSECOPS_LOCAL=1` is set. `run`: every command runs (the emulator).
   */
  readonly cloudOnly?: 'skip' | 'run';
  /** Resolves `env.parameter-store` / `env.secrets-manager` references; unset ones are reported. */
  readonly resolveSecret?: (
    kind: 'parameter-store' | 'secrets-manager',
    reference: string,
  ) => Promise<string | undefined>;
  /** Shell executable for `bash` (tests may point elsewhere); default `bash`. */
  readonly bashPath?: string;
}

/** Marker that makes a command cloud-only: the first line of the command, a shell comment CodeBuild ignores. */
export const CLOUD_ONLY_MARKER = '# devsecops:cloud-only:';

/** The description of a cloud-only command, or undefined for an ordinary command. */
export function cloudOnlyDescription(command: string): string | undefined {
  const firstLine = command.trimStart().split('\n', 1)[0]?.trim() ?? '';
  if (!firstLine.startsWith(CLOUD_ONLY_MARKER)) return undefined;
  return firstLine.slice(CLOUD_ONLY_MARKER.length).trim() || 'cloud-only step';
}

/** Single-quotes text for the generated script (the only way our text enters it). */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** First line of a command, shortened, for log lines and failure messages. */
function commandLabel(command: string): string {
  const lines = command.trim().split('\n');
  const first = lines.find((line) => line.trim() !== '' && !line.trim().startsWith('#')) ?? lines[0] ?? '';
  const label = first.trim();
  return label.length > 200 ? `${label.slice(0, 200)}…` : label;
}

interface PhaseScriptInput {
  readonly phase: BuildspecPhase;
  readonly phaseName: BuildspecPhaseName;
  readonly stateDir: string;
  readonly skipCloudOnly: boolean;
  readonly useBash: boolean;
}

/**
 * The generated script for one phase: the user's commands verbatim, each
 * guarded so that the first failure skips the rest of `commands`, then the
 * `finally` commands, then the exit status. Exported: tests read it.
 */
export function buildPhaseScript(input: PhaseScriptInput): string {
  const state = shellQuote(input.stateDir);
  const lines: string[] = [
    `# Generated by devsecops: CodeBuild phase ${input.phaseName}, one shell session.`,
    `__devsecops_state=${state}`,
  ];
  if (input.useBash) lines.push('__devsecops_vars_before="$(compgen -v)"');
  lines.push('__devsecops_save() {');
  if (input.useBash) {
    // Variables the phase created (even unexported ones) live on in later phases, as in CodeBuild's one session.
    lines.push(
      // A command may have changed IFS; the word splitting below needs the default.
      "  local IFS=$' \\t\\n'",
      '  for __devsecops_name in $(compgen -v); do',
      '    case "$__devsecops_name" in __devsecops_*) continue ;; esac',
      `    if [[ $'\\n'"$__devsecops_vars_before"$'\\n' == *$'\\n'"$__devsecops_name"$'\\n'* ]]; then continue; fi`,
      '    export "$__devsecops_name" 2>/dev/null',
      '  done',
    );
  }
  lines.push(
    '  pwd > "$__devsecops_state/cwd"',
    '  /usr/bin/env -0 > "$__devsecops_state/env"',
    '}',
    'trap __devsecops_save EXIT',
    '__devsecops_failed=0',
  );
  const emitBlock = (commands: readonly string[], block: 'commands' | 'finally'): void => {
    commands.forEach((command, index) => {
      const label = shellQuote(commandLabel(command));
      const skipped = input.skipCloudOnly ? cloudOnlyDescription(command) : undefined;
      lines.push('if [ "$__devsecops_failed" = 0 ]; then');
      if (skipped !== undefined) {
        lines.push(
          `printf '%s\\n' ${shellQuote(`[Container] Skipping cloud-only command in a local run: ${skipped}`)}`,
        );
      } else {
        lines.push(
          `printf '[Container] Running command %s\\n' ${label}`,
          command,
          '__devsecops_rc=$?',
          'if [ "$__devsecops_rc" != 0 ]; then',
          '  __devsecops_failed=1',
          `  [ -e "$__devsecops_state/failure" ] || printf '%s\\t%s\\t%s\\n' ${block} ${index} "$__devsecops_rc" > "$__devsecops_state/failure"`,
          `  printf '[Container] Command did not exit successfully %s exit status %s\\n' ${label} "$__devsecops_rc"`,
          'fi',
        );
      }
      lines.push('fi');
    });
  };
  emitBlock(input.phase.commands, 'commands');
  lines.push('__devsecops_commands_failed=$__devsecops_failed', '__devsecops_failed=0');
  emitBlock(input.phase.finally, 'finally');
  lines.push(
    'if [ "$__devsecops_commands_failed" != 0 ] || [ "$__devsecops_failed" != 0 ]; then exit 1; fi',
    'exit 0',
    '',
  );
  return lines.join('\n');
}

/** Splits streamed chunks into whole lines. */
class LineSplitter {
  private pending = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.pending + chunk).split('\n');
    this.pending = parts.pop() ?? '';
    for (const part of parts) this.emit(part.replace(/\r$/, ''));
  }
  flush(): void {
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }
}

/** Shell bookkeeping variables that must not leak from one phase into the next. */
const SHELL_SESSION_VARIABLES = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD']);

function parseEnvDump(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const equals = entry.indexOf('=');
    if (equals <= 0) continue;
    const name = entry.slice(0, equals);
    if (SHELL_SESSION_VARIABLES.has(name) || name.startsWith('BASH_FUNC_')) continue;
    env[name] = entry.slice(equals + 1);
  }
  return env;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Files under `baseDir` matching CodeBuild-style globs (`**` for any depth), minus `exclude`. */
async function collectFiles(
  sourceDir: string,
  baseDirectory: string | undefined,
  patterns: readonly string[],
  exclude: readonly string[],
  discardPaths: boolean,
): Promise<CollectedFile[]> {
  const baseDir = baseDirectory === undefined ? sourceDir : resolve(sourceDir, baseDirectory);
  if (!(await isDirectory(baseDir))) return [];
  const normalised = patterns.map((pattern) => posix.normalize(pattern.replace(/^\.\//, '')));
  const isMatch = globMatcher(normalised);
  const isExcluded = exclude.length > 0 ? globMatcher(exclude) : () => false;
  const found = await discoverFiles(baseDir, { match: (path) => isMatch(path) && !isExcluded(path) });
  return found.map((path) => ({ absolutePath: join(baseDir, path), name: discardPaths ? basename(path) : path }));
}

async function collectArtifacts(sourceDir: string, artifacts: BuildspecArtifacts): Promise<CollectedArtifacts[]> {
  const collect = async (identifier: string, spec: BuildspecArtifacts): Promise<CollectedArtifacts> => ({
    identifier,
    ...(spec.name === undefined ? {} : { name: spec.name }),
    files: await collectFiles(sourceDir, spec.baseDirectory, spec.files, spec.excludePaths, spec.discardPaths),
  });
  const result: CollectedArtifacts[] = [];
  if (artifacts.files.length > 0) result.push(await collect('primary', artifacts));
  for (const [identifier, secondary] of Object.entries(artifacts.secondaryArtifacts)) {
    result.push(await collect(identifier, secondary));
  }
  return result;
}

function defaultCodebuildVariables(sourceDir: string, buildId: string, startTime: Date): CodebuildVariables {
  const region = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  return {
    CODEBUILD_BUILD_ID: buildId,
    CODEBUILD_BUILD_ARN: `arn:aws:codebuild:${region}:000000000000:build/${buildId}`,
    CODEBUILD_BUILD_NUMBER: '1',
    CODEBUILD_INITIATOR: 'devsecops-local',
    CODEBUILD_RESOLVED_SOURCE_VERSION: '',
    CODEBUILD_SOURCE_VERSION: '',
    CODEBUILD_SOURCE_REPO_URL: '',
    CODEBUILD_SRC_DIR: sourceDir,
    CODEBUILD_START_TIME: String(startTime.getTime()),
    CODEBUILD_BUILD_IMAGE: 'local',
    CODEBUILD_BUILD_URL: '',
    CODEBUILD_LOG_PATH: buildId.split(':')[1] ?? buildId,
    CODEBUILD_CI: 'true',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}

function seconds(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / 1000);
}

/**
 * Runs the buildspec's phases in CodeBuild order and never throws for a
 * failing command: the result says what happened. Phase transitions follow
 * CodeBuild: a failed install or pre_build ends the build (FINALIZING); a
 * failed build still runs post_build; `on-failure: CONTINUE` goes on to the
 * next phase and `ABORT` ends the build. `finally` commands run after a
 * phase's commands, failed or not.
 */
export async function runBuildspec(options: RunBuildspecOptions): Promise<BuildResult> {
  const { buildspec } = options;
  const run = options.runProcess ?? defaultRunProcess;
  const sourceDir = resolve(options.sourceDir);
  const startTime = new Date();
  const buildId = options.codebuildVars?.CODEBUILD_BUILD_ID ?? `devsecops-local:${randomUUID()}`;
  const codebuildVars = { ...defaultCodebuildVariables(sourceDir, buildId, startTime), ...options.codebuildVars };
  const skipCloudOnly = (options.cloudOnly ?? 'skip') === 'skip';
  // bash unless the buildspec asks for /bin/sh, or bash is missing (minimal images): then /bin/sh, said in the log.
  const bashMissing =
    buildspec.env.shell !== '/bin/sh' &&
    options.bashPath === undefined &&
    (await findExecutable('bash', { env: options.baseEnv ?? process.env })) === undefined;
  const useBash = buildspec.env.shell !== '/bin/sh' && !bashMissing;
  const phases: BuildPhaseResult[] = [];
  const skippedCloudOnlySteps: SkippedCloudOnlyStep[] = [];
  const unresolvedSecrets: string[] = [];
  let failure: BuildResult['failure'];
  const log = (line: string): void => options.onLog?.(line);

  const instantPhase = (phaseType: CodebuildPhaseType, contexts: BuildPhaseContext[] = []): void => {
    const now = new Date();
    options.onPhase?.({ phaseType, state: 'started' });
    const result: BuildPhaseResult = {
      phaseType,
      phaseStatus: 'SUCCEEDED',
      startTime: now,
      endTime: now,
      durationInSeconds: 0,
      contexts,
    };
    phases.push(result);
    options.onPhase?.({ phaseType, state: 'ended', result });
  };

  // The environment, lowest precedence first: image, CODEBUILD_*, buildspec variables, secrets, start-build overrides.
  let env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.baseEnv ?? process.env))
    if (value !== undefined) env[name] = value;
  Object.assign(env, codebuildVars, buildspec.env.variables);
  for (const [kind, refs] of [
    ['parameter-store', buildspec.env.parameterStore],
    ['secrets-manager', buildspec.env.secretsManager],
  ] as const) {
    for (const [name, reference] of Object.entries(refs)) {
      const value = await options.resolveSecret?.(kind, reference);
      if (value === undefined) unresolvedSecrets.push(name);
      else env[name] = value;
    }
  }
  Object.assign(env, options.env ?? {});
  if (skipCloudOnly) env['DEVSECOPS_LOCAL'] = '1';
  let cwd = sourceDir;

  for (const phaseType of ['SUBMITTED', 'QUEUED', 'PROVISIONING'] as const) instantPhase(phaseType);
  instantPhase('DOWNLOAD_SOURCE', [{ statusCode: '', message: `Local source directory ${sourceDir}` }]);
  if (bashMissing) log('[Container] bash is not installed here: running the commands with /bin/sh');
  if (unresolvedSecrets.length > 0) {
    log(`[Container] Not resolved in a local run (left unset): ${unresolvedSecrets.join(', ')}`);
  }

  const stateRoot = await mkdtemp(join(tmpdir(), 'devsecops-build-'));
  let stopped = false;
  try {
    const runPhase = async (name: BuildspecPhaseName): Promise<BuildPhaseResult> => {
      const phaseType = PHASE_TYPE_OF[name];
      const phase = buildspec.phases[name] ?? { commands: [], finally: [] };
      const phaseStart = new Date();
      options.onPhase?.({ phaseType, state: 'started' });
      log(`[Container] Entering phase ${phaseType}`);
      if (phase.runtimeVersions && Object.keys(phase.runtimeVersions).length > 0) {
        const runtimes = Object.entries(phase.runtimeVersions).map(([runtime, version]) => `${runtime} ${version}`);
        log(
          `[Container] runtime-versions are not installed in a local run (using this machine's): ${runtimes.join(', ')}`,
        );
      }
      if (skipCloudOnly) {
        for (const command of [...phase.commands, ...phase.finally]) {
          const description = cloudOnlyDescription(command);
          if (description !== undefined) skippedCloudOnlySteps.push({ phase: name, description });
        }
      }
      const stateDir = join(stateRoot, name);
      await rm(stateDir, { recursive: true, force: true });
      await mkdir(stateDir);
      const scriptPath = join(stateDir, 'phase.sh');
      await writeFile(scriptPath, buildPhaseScript({ phase, phaseName: name, stateDir, skipCloudOnly, useBash }));
      const stdoutLines = new LineSplitter(log);
      const stderrLines = new LineSplitter(log);
      const result = await run({
        command: useBash ? (options.bashPath ?? 'bash') : '/bin/sh',
        args: [scriptPath],
        cwd,
        env: { ...env, CODEBUILD_BUILD_SUCCEEDING: failure === undefined ? '1' : '0' },
        ...(options.signal ? { signal: options.signal } : {}),
        // Logs stream through onLog; keep only a little in memory.
        maxOutputBytes: 1024 * 1024,
        onStdout: (chunk) => stdoutLines.push(chunk),
        onStderr: (chunk) => stderrLines.push(chunk),
      });
      stdoutLines.flush();
      stderrLines.flush();
      const envDump = await readOptional(join(stateDir, 'env'));
      if (envDump !== undefined) env = parseEnvDump(envDump);
      const savedCwd = (await readOptional(join(stateDir, 'cwd')))?.trim();
      if (savedCwd && isAbsolute(savedCwd) && (await isDirectory(savedCwd))) cwd = savedCwd;
      const phaseEnd = new Date();
      let phaseStatus: CodebuildStatus = 'SUCCEEDED';
      const contexts: BuildPhaseContext[] = [];
      if (result.failure?.kind === 'cancelled') {
        phaseStatus = 'STOPPED';
        contexts.push({ statusCode: 'BUILD_STOPPED', message: 'The build was stopped.' });
      } else if (result.failure) {
        phaseStatus = 'FAILED';
        contexts.push({
          statusCode: 'CLIENT_ERROR',
          message: `Could not run the phase's shell: ${result.failure.message}`,
        });
      } else if (result.exitCode !== 0) {
        phaseStatus = 'FAILED';
        const [block, index, exitStatus] = ((await readOptional(join(stateDir, 'failure'))) ?? '').trim().split('\t');
        const commands = block === 'finally' ? phase.finally : phase.commands;
        const command = commands[Number(index)];
        contexts.push({
          statusCode: 'COMMAND_EXECUTION_ERROR',
          message:
            command === undefined
              ? `Error while executing the phase's commands. Reason: exit status ${result.exitCode ?? 'unknown'}`
              : `Error while executing command: ${commandLabel(command)}. Reason: exit status ${exitStatus ?? '1'}`,
        });
      }
      const phaseResult: BuildPhaseResult = {
        phaseType,
        phaseStatus,
        startTime: phaseStart,
        endTime: phaseEnd,
        durationInSeconds: seconds(phaseStart, phaseEnd),
        contexts,
      };
      phases.push(phaseResult);
      log(`[Container] Phase complete: ${phaseType} State: ${phaseStatus}`);
      options.onPhase?.({ phaseType, state: 'ended', result: phaseResult });
      const firstContext = contexts[0];
      if (phaseStatus !== 'SUCCEEDED' && failure === undefined && firstContext) {
        failure = { ...firstContext, phase: phaseType };
      }
      return phaseResult;
    };

    let finalize = false; // true: skip to FINALIZING (no further phases, no artifact upload)
    for (const name of ['install', 'pre_build', 'build', 'post_build'] as const) {
      if (finalize) break;
      const result = await runPhase(name);
      if (result.phaseStatus === 'STOPPED') {
        stopped = true;
        finalize = true;
        break;
      }
      if (result.phaseStatus === 'SUCCEEDED') continue;
      const onFailure = buildspec.phases[name]?.onFailure;
      if (onFailure === 'CONTINUE') continue;
      if (onFailure === 'ABORT') finalize = true;
      // CodeBuild's default transitions: install/pre_build failures end the build; build failures go on to post_build.
      else if (name === 'install' || name === 'pre_build') finalize = true;
    }

    const reports: CollectedReport[] = [];
    const artifacts: CollectedArtifacts[] = [];
    if (!finalize) {
      const uploadStart = new Date();
      options.onPhase?.({ phaseType: 'UPLOAD_ARTIFACTS', state: 'started' });
      for (const group of buildspec.reports) {
        const files = await collectFiles(sourceDir, group.baseDirectory, group.files, [], group.discardPaths);
        reports.push({ name: group.name, fileFormat: group.fileFormat, files });
        if (files.length === 0)
          log(`[Container] Report group ${group.name}: no files matched ${group.files.join(', ')}`);
      }
      if (buildspec.artifacts) artifacts.push(...(await collectArtifacts(sourceDir, buildspec.artifacts)));
      const uploadEnd = new Date();
      const uploadResult: BuildPhaseResult = {
        phaseType: 'UPLOAD_ARTIFACTS',
        phaseStatus: 'SUCCEEDED',
        startTime: uploadStart,
        endTime: uploadEnd,
        durationInSeconds: seconds(uploadStart, uploadEnd),
        contexts: [],
      };
      phases.push(uploadResult);
      options.onPhase?.({ phaseType: 'UPLOAD_ARTIFACTS', state: 'ended', result: uploadResult });
    }
    instantPhase('FINALIZING');
    const endTime = new Date();
    phases.push({ phaseType: 'COMPLETED', startTime: endTime, contexts: [] });
    const exportedVariables = buildspec.env.exportedVariables.flatMap((name) => {
      const value = env[name];
      return value === undefined ? [] : [{ name, value }];
    });
    return {
      buildId,
      buildStatus: stopped ? 'STOPPED' : failure === undefined ? 'SUCCEEDED' : 'FAILED',
      phases,
      exportedVariables,
      reports,
      artifacts,
      skippedCloudOnlySteps,
      unresolvedSecrets,
      ...(failure === undefined ? {} : { failure }),
      startTime,
      endTime,
    };
  } finally {
    await rm(stateRoot, { recursive: true, force: true });
  }
}
