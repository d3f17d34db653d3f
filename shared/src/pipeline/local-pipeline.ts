import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DevsecopsError, toDevsecopsError } from '../errors/devsecops-error';
import { loadScanPolicy, policyFileFrom, POLICY_FILE_VARIABLE } from '../config/policy-file';
import { walkFiles } from '../files/discover-files';
import { readRepositoryFile } from '../files/repository-file';
import { ensureWritableFolder, unwritableFolderError } from '../files/writable-folder';
import type { WritableFolderUse } from '../files/writable-folder';
import type { GateThreshold } from '../findings/severity';
import { describeIncompleteness, incompletenessOf } from '../policy/completeness';
import type { Incompleteness } from '../policy/completeness';
import { parseSarifLog } from '../sarif/parse-sarif';
import type { ImportedSarifLog } from '../sarif/parse-sarif';
import { isSarifReportName, RUN_MANIFEST_NAME } from '../sarif/report-layout';
import { DEFAULT_CONFIG } from '../config/config';
import { actionFindingsOf, gateFailuresOf, withGateFailures } from './action-findings';
import type { ActionFindings, PipelineGate } from './action-findings';
import { writePipelineHtmlReport } from './pipeline-html';
import type { ProcessRunner } from '../process/process-runner';
import { runProcess as defaultRunProcess } from '../process/process-runner';
import { toolEnvironment } from '../process/tool-environment';
import { oneLine } from '../reporters/safe-text';
import type { BuildResult } from './buildspec-runner';
import { runBuildspec } from './buildspec-runner';
import { createCliShim } from './cli-shim';
import { prepareReportsFolder } from './reports-folder';
import type { ContainerEngineProbe } from './container-engine';
import { probeContainerEngine } from './container-engine';
import type {
  PipelineActionDefinition,
  PipelineBuildAction,
  PipelineDefinition,
  PipelineStageDefinition,
} from './pipeline-definition';
import { bundledPipelineDefinitionPath, loadPipelineDefinition } from './pipeline-definition';
import { actionEnvironment, CONTAINER_ENGINE_VARIABLES } from './action-environment';
import type { ProgressListener } from './progress';
import type { PipelineActionReport, PipelineRunReport, PipelineStageReport } from '../reporters/pipeline-run-report';
import { combinedStatus, renderPipelineSummaryMarkdown } from './run-report';
import type { AdvisoryDatabaseAge } from '../scanners/scanner';

export interface LocalPipelineOptions {
  /** The project to run the pipeline on (CODEBUILD_SRC_DIR of every action). */
  readonly root: string;
  /**
   * A loaded definition or a path to one; default: the definition that ships with devsecops, whatever the
   * project holds (a project's own pipeline/pipeline.yml runs only when passed here explicitly).
   */
  readonly definition?: PipelineDefinition | string;
  /** Gate threshold passed to every scan (`DEVSECOPS_FAIL_ON`); default: the project's .devsecops.yml gate. */
  readonly failOn?: GateThreshold;
  /** Run every stage even when an earlier one failed. */
  readonly continueOnFailure?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Where reports go; default `<root>/reports`. */
  readonly reportsDir?: string;
  /** Path of the built CLI the buildspecs' `devsecops` runs; default: found from this module (shared/dist/cli.js). */
  readonly cliPath?: string;
  readonly runProcess?: ProcessRunner;
  /**
   * The user's environment; default process.env. Each action gets only an allow-list of it (see
   * `action-environment.ts`): no AWS credentials or tokens unless its definition asks for them.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Files the source action counts before it fails; default DEFAULT_MAX_SOURCE_FILES. */
  readonly maxSourceFiles?: number;
  /**
   * Variables every action gets on top (start-build overrides): the user's execution settings as
   * `DEVSECOPS_*` variables, so the `devsecops scan` of each action runs the tools the user chose.
   */
  readonly actionVariables?: Readonly<Record<string, string>>;
  /** Overrides container-engine detection (tests). */
  readonly probeContainerEngine?: () => Promise<ContainerEngineProbe>;
}

/**
 * The gate the scans apply: the run's `--fail-on`, else the policy's (the scans read the same policy file). A
 * policy that does not load is reported by the scans themselves; the listing then uses the defaults.
 */
async function pipelineGate(
  root: string,
  failOn: GateThreshold | undefined,
  policyVariable: string | undefined,
  userEnv: NodeJS.ProcessEnv,
): Promise<PipelineGate> {
  try {
    const { config } = await loadScanPolicy(root, policyFileFrom(policyVariable, userEnv));
    return { failOn: failOn ?? config.gate.failOn, scope: config.gate.scope ?? 'new' };
  } catch {
    return { failOn: failOn ?? DEFAULT_CONFIG.gate.failOn, scope: 'new' };
  }
}

/** SARIF reports larger than this are not read to summarise them. */
const MAX_SUMMARISED_SARIF_BYTES = 256 * 1024 * 1024;

/** The reports folder in the error that says it cannot be written. */
const REPORTS_FOLDER_USE: WritableFolderUse = { what: "the pipeline's reports to", flag: '--reports-dir' };

/** What an action's SARIF report says: how many results, and what was left incomplete. */
export interface SarifSummary {
  /** Results in the report, suppressed ones included. */
  readonly results: number;
  /** The report itself: its findings and tool runs. */
  readonly log: ImportedSarifLog;
  /** Tools that failed or left files unscanned, when any did. */
  readonly incompleteness?: Incompleteness;
  /** The advisory database the report's SCA run used, when it says. */
  readonly advisoryDatabase?: AdvisoryDatabaseAge;
}

/**
 * Reads an action's SARIF report from the reports folder (no link out of it, no FIFO, bounded).
 * A report that cannot be read or parsed yields why, so the action is not counted as a pass on it.
 */
export async function readSarifSummary(
  reportsDir: string,
  output: string,
): Promise<SarifSummary | { readonly unreadable: string }> {
  const read = await readRepositoryFile({ root: reportsDir, path: output, maxBytes: MAX_SUMMARISED_SARIF_BYTES });
  if (!read.ok) return { unreadable: read.error.message };
  try {
    const log = parseSarifLog(read.text, { includeSuppressed: true, sourceName: join(reportsDir, output) });
    const incompleteness = incompletenessOf(log.tools);
    const advisoryDatabase = log.tools.find((tool) => tool.advisoryDatabase !== undefined)?.advisoryDatabase;
    return {
      results: log.results.length,
      log,
      ...(incompleteness === undefined ? {} : { incompleteness }),
      ...(advisoryDatabase === undefined ? {} : { advisoryDatabase }),
    };
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The exit status of the command that failed a build, from CodeBuild's context message. */
function failedExitStatus(build: BuildResult): number | undefined {
  const match = /exit status (\d+)/.exec(build.failure?.message ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

interface RunContext {
  readonly root: string;
  readonly reportsDir: string;
  readonly options: LocalPipelineOptions;
  readonly runProcess: ProcessRunner;
  /** The user's environment, which action environments are picked from. */
  readonly userEnv: NodeJS.ProcessEnv;
  /** Where the `devsecops` launcher for the buildspecs is. */
  readonly shimDir: string;
  readonly overrides: Record<string, string>;
  readonly sourceVersion: string;
  readonly engine: () => Promise<ContainerEngineProbe>;
  /** The gate every scan applies, for listing what it counted. */
  readonly gate: PipelineGate;
  /** Each scan action's findings, as its SARIF report holds them (for the HTML report). */
  readonly findings: ActionFindings[];
}

/**
 * Files the source action counts at most. It streams the tree (memory does not grow with it),
 * so this bounds the time a runaway tree can take, not memory.
 */
export const DEFAULT_MAX_SOURCE_FILES = 10_000_000;

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The local equivalent of the CodePipeline source action: walk the working tree once, as the
 * scanners will see it (`.devsecops.yml` ignore globs applied, links not followed, special files
 * not opened), count it, and note its commit. A tree it cannot walk fails the action, not the run.
 */
async function runSourceAction(context: RunContext): Promise<{ status: 'succeeded' | 'failed'; reason: string }> {
  const maxFiles = context.options.maxSourceFiles ?? DEFAULT_MAX_SOURCE_FILES;
  // The reports folder is the pipeline's output, not part of the source.
  const reportsRelative = relative(context.root, context.reportsDir).split('\\').join('/');
  let files = 0;
  let links = 0;
  let specialFiles = 0;
  try {
    // The scans' own policy (a policy file replaces the folder's .devsecops.yml for them, and so here).
    const policyFile = policyFileFrom(context.overrides[POLICY_FILE_VARIABLE], context.userEnv);
    const { config } = await loadScanPolicy(context.root, policyFile);
    await walkFiles(context.root, {
      ignore: [
        ...config.ignore,
        ...(reportsRelative.startsWith('..') || reportsRelative === '' ? [] : [`${reportsRelative}/**`]),
      ],
      ...(context.options.signal ? { signal: context.options.signal } : {}),
      onFile: () => {
        files += 1;
        if (files > maxFiles) {
          throw new DevsecopsError(
            'INPUT_INVALID',
            `More than ${maxFiles.toLocaleString('en-US')} files in the working tree ${context.root}, the most the source action counts. Add ignore globs to .devsecops.yml (e.g. "- vendor/**") for generated or vendored folders.`,
          );
        }
      },
      onSkipped: (_path, kind) => {
        if (kind === 'symlink') links += 1;
        else specialFiles += 1;
      },
    });
  } catch (error) {
    return { status: 'failed', reason: toDevsecopsError(error).message };
  }
  const commit = context.sourceVersion ? `git ${context.sourceVersion.slice(0, 12)}` : 'not a git checkout';
  const leftOut = [
    links > 0 ? `${plural(links, 'symbolic link')} not followed` : '',
    specialFiles > 0 ? `${plural(specialFiles, 'special file')} (FIFO, socket, device) not read` : '',
  ].filter((part) => part !== '');
  return {
    status: 'succeeded',
    reason: `working tree ${context.root}: ${plural(files, 'file')}${leftOut.length > 0 ? ` (${leftOut.join(', ')})` : ''}, ${commit}`,
  };
}

/**
 * The commit checked out, or '' outside a git checkout. The repository's own git config is untrusted:
 * `core.fsmonitor` names a program git would run, so it is turned off, and git gets a minimal environment.
 */
async function gitHead(root: string, runProcess: ProcessRunner, userEnv: NodeJS.ProcessEnv): Promise<string> {
  const result = await runProcess({
    command: 'git',
    args: ['-c', 'core.fsmonitor=false', 'rev-parse', 'HEAD'],
    cwd: root,
    env: toolEnvironment(userEnv, 'git', { untrustedFolders: [root] }),
    timeoutMs: 10_000,
  });
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

async function runBuildAction(
  context: RunContext,
  stage: PipelineStageDefinition,
  action: PipelineBuildAction,
): Promise<PipelineActionReport> {
  const { options } = context;
  const emit = options.onProgress ?? (() => undefined);
  const skipped = (reason: string): PipelineActionReport => {
    emit({
      type: 'action-ended',
      stage: stage.name,
      action: action.name,
      status: 'skipped',
      findings: 0,
      durationMs: 0,
      reason,
    });
    return {
      name: action.name,
      status: 'skipped',
      startedAt: null,
      endedAt: null,
      findings: 0,
      reason,
      reportFiles: [],
    };
  };
  const overrides = { ...context.overrides };
  if (action.requires.includes('container-engine')) {
    const probe = await context.engine();
    if (!probe.found) return skipped(probe.reason);
    overrides['CONTAINER_ENGINE'] = probe.engine.path;
  }
  // The logs folder was made before the stage started: nothing is awaited between a parallel group's
  // launch and each action's start, so their starts are reported in the order the pipeline declares them.
  const logPath = join(context.reportsDir, 'logs', `${action.name}.log`);
  const logFile = createWriteStream(logPath);
  const startedAt = new Date();
  emit({ type: 'action-started', stage: stage.name, action: action.name });
  let build: BuildResult;
  try {
    build = await runBuildspec({
      buildspec: action.buildspec,
      sourceDir: context.root,
      env: overrides,
      baseEnv: actionEnvironment(context.userEnv, {
        extra: action.environment,
        binDir: context.shimDir,
        untrustedFolders: [context.root],
      }),
      codebuildVars: {
        CODEBUILD_BUILD_ID: `devsecops-${action.name}:${randomUUID()}`,
        CODEBUILD_INITIATOR: `devsecops-local-pipeline/${stage.name}`,
        CODEBUILD_RESOLVED_SOURCE_VERSION: context.sourceVersion,
        CODEBUILD_SOURCE_VERSION: context.sourceVersion,
      },
      ...(options.signal ? { signal: options.signal } : {}),
      runProcess: context.runProcess,
      cloudOnly: 'skip',
      onLog: (line) => {
        logFile.write(`${line}\n`);
        emit({ type: 'action-log', stage: stage.name, action: action.name, line });
      },
    });
  } finally {
    await new Promise<void>((done) => logFile.end(done));
  }
  const endedAt = new Date();
  const reportFiles: string[] = [];
  let sarif: SarifSummary | undefined;
  // A scan action that declares a SARIF report and did not leave a readable one has not shown a pass,
  // whatever its exit code said (a buildspec that swallowed the scan's failure, a report cut short).
  let sarifProblem: string | undefined;
  for (const output of action.outputs) {
    const path = join(context.reportsDir, output);
    const isSarif = isSarifReportName(output);
    if (!(await fileExists(path))) {
      if (isSarif) sarifProblem ??= `it wrote no ${output}`;
      continue;
    }
    reportFiles.push(output);
    if (!isSarif) continue;
    const summary = await readSarifSummary(context.reportsDir, output);
    if ('unreadable' in summary) sarifProblem ??= `its ${output} cannot be read: ${summary.unreadable}`;
    else sarif ??= summary;
  }
  reportFiles.push(relative(context.reportsDir, logPath).split('\\').join('/'));
  const findings = sarif?.results ?? 0;
  const countedSarif = sarif !== undefined;
  const actionFindings = sarif === undefined ? undefined : actionFindingsOf(action.name, sarif.log, context.gate);
  if (actionFindings !== undefined) context.findings.push(actionFindings);
  const failing = actionFindings === undefined ? [] : gateFailuresOf(actionFindings);
  const incompleteness = sarif?.incompleteness;
  // An incomplete report fails the action whatever the build's exit code said: it is never a pass.
  const missingReport = build.buildStatus === 'SUCCEEDED' ? sarifProblem : undefined;
  const status: PipelineActionReport['status'] =
    build.buildStatus === 'SUCCEEDED' && incompleteness === undefined && missingReport === undefined
      ? 'succeeded'
      : 'failed';
  let reason: string | undefined;
  let gate: PipelineActionReport['gate'] | undefined = countedSarif && status === 'succeeded' ? 'passed' : undefined;
  if (build.buildStatus === 'STOPPED') {
    reason = 'cancelled';
  } else if (missingReport !== undefined) {
    reason = `no verdict: the build succeeded but ${oneLine(missingReport)} (log: logs/${action.name}.log)`;
  } else if (incompleteness !== undefined) {
    gate = 'incomplete';
    reason = `incomplete: ${describeIncompleteness(incompleteness)} (log: logs/${action.name}.log)`;
  } else if (build.buildStatus !== 'SUCCEEDED') {
    // `devsecops scan` exits 1 exactly when the gate fails; anything else is an error in the action.
    if (failedExitStatus(build) === 1 && countedSarif) {
      gate = 'failed';
      reason = `gate failed: ${failing.length > 0 ? plural(failing.length, 'finding') : 'findings'} at or above ${context.gate.failOn}`;
    } else {
      reason = `${build.failure?.message ?? 'the build failed'} (log: logs/${action.name}.log)`;
    }
  }
  const exportedVariables = Object.fromEntries(build.exportedVariables.map(({ name, value }) => [name, value]));
  const report: PipelineActionReport = withGateFailures(
    {
      name: action.name,
      status,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      findings,
      ...(reason === undefined ? {} : { reason }),
      ...(gate === undefined ? {} : { gate }),
      ...(incompleteness === undefined || incompleteness.unscanned.length === 0
        ? {}
        : { unscanned: incompleteness.unscanned }),
      reportFiles,
      ...(sarif?.advisoryDatabase === undefined ? {} : { advisoryDatabase: sarif.advisoryDatabase }),
      ...(build.skippedCloudOnlySteps.length > 0
        ? { skippedCloudOnlySteps: build.skippedCloudOnlySteps.map((step) => step.description) }
        : {}),
      buildId: build.buildId,
      ...(Object.keys(exportedVariables).length > 0 ? { exportedVariables } : {}),
    },
    actionFindings,
  );
  emit({
    type: 'action-ended',
    stage: stage.name,
    action: action.name,
    status,
    findings,
    durationMs: endedAt.getTime() - startedAt.getTime(),
    ...(reason === undefined ? {} : { reason }),
  });
  return report;
}

async function runAction(
  context: RunContext,
  stage: PipelineStageDefinition,
  action: PipelineActionDefinition,
): Promise<PipelineActionReport> {
  if (action.type === 'build') return runBuildAction(context, stage, action);
  const emit = context.options.onProgress ?? (() => undefined);
  const startedAt = new Date();
  emit({ type: 'action-started', stage: stage.name, action: action.name });
  const { status, reason } = await runSourceAction(context);
  const endedAt = new Date();
  emit({
    type: 'action-ended',
    stage: stage.name,
    action: action.name,
    status,
    findings: 0,
    durationMs: endedAt.getTime() - startedAt.getTime(),
    reason,
  });
  return {
    name: action.name,
    status,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    findings: 0,
    reason,
    reportFiles: [],
  };
}

/** Runs a stage's actions: groups by runOrder, each group's actions concurrently. */
async function runStage(context: RunContext, stage: PipelineStageDefinition): Promise<PipelineActionReport[]> {
  const orders = [...new Set(stage.actions.map((action) => action.runOrder))].sort((a, b) => a - b);
  const reports = new Map<string, PipelineActionReport>();
  for (const order of orders) {
    const group = stage.actions.filter((action) => action.runOrder === order);
    const results = await Promise.all(group.map((action) => runAction(context, stage, action)));
    for (const result of results) reports.set(result.name, result);
  }
  return stage.actions.map((action) => reports.get(action.name)).filter((report) => report !== undefined);
}

/**
 * Runs the pipeline on this machine: stages in order, a stage only when the
 * one before passed its gate (unless `continueOnFailure`), parallel actions
 * really in parallel. Writes `pipeline-run.json` and `summary.md` to the
 * reports directory and returns the same report. Cancelling (`signal`) stops
 * the running builds' process groups and skips the rest.
 */
export async function runLocalPipeline(options: LocalPipelineOptions): Promise<PipelineRunReport> {
  const root = resolve(options.root);
  try {
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new DevsecopsError(
      'USAGE',
      `Cannot run the pipeline on ${root}: it is not a folder. Pass a project folder.`,
      {
        cause: error,
      },
    );
  }
  const definition =
    typeof options.definition === 'object'
      ? options.definition
      : await loadPipelineDefinition(options.definition ?? bundledPipelineDefinitionPath());
  const reportsDir = resolve(options.reportsDir ?? join(root, 'reports'));
  const actions = definition.stages.flatMap((stage) => stage.actions);
  const subfolders = actions.some((action) => action.type === 'build') ? ['logs'] : [];
  try {
    await prepareReportsFolder(root, reportsDir, [
      RUN_MANIFEST_NAME,
      'summary.md',
      'index.html',
      ...actions.filter((action) => action.type === 'build').map((action) => `logs/${action.name}.log`),
      ...actions.flatMap((action) => action.outputs),
    ]);
  } catch (error) {
    throw unwritableFolderError(reportsDir, REPORTS_FOLDER_USE, error, subfolders);
  }
  // Found out now rather than after every action has run: a folder the user may not write to.
  await ensureWritableFolder(reportsDir, REPORTS_FOLDER_USE, subfolders);
  const runProcess = options.runProcess ?? defaultRunProcess;
  const shim = await createCliShim(options.cliPath);
  const startedAt = new Date();
  const emit = options.onProgress ?? (() => undefined);
  try {
    const userEnv = options.env ?? process.env;
    // The engine probe runs `docker info` and the like: they get what the image build gets.
    const engineEnv = actionEnvironment(userEnv, { extra: CONTAINER_ENGINE_VARIABLES, untrustedFolders: [root] });
    let engineProbe: Promise<ContainerEngineProbe> | undefined;
    const context: RunContext = {
      root,
      reportsDir,
      options,
      runProcess,
      userEnv,
      shimDir: shim.binDir,
      overrides: {
        ...options.actionVariables,
        DEVSECOPS_REPORTS_DIR: reportsDir,
        ...(options.failOn === undefined ? {} : { DEVSECOPS_FAIL_ON: options.failOn }),
      },
      sourceVersion: await gitHead(root, runProcess, userEnv),
      gate: await pipelineGate(root, options.failOn, options.actionVariables?.[POLICY_FILE_VARIABLE], userEnv),
      findings: [],
      engine: () =>
        (engineProbe ??=
          options.probeContainerEngine?.() ?? probeContainerEngine(runProcess, engineEnv, options.signal, [root])),
    };
    const stages: PipelineStageReport[] = [];
    let blockedBy: string | undefined;
    for (const stage of definition.stages) {
      const actionNames = stage.actions.map((action) => action.name);
      const skipReason = options.signal?.aborted
        ? 'cancelled'
        : blockedBy !== undefined && options.continueOnFailure !== true
          ? `not run: stage ${blockedBy} did not pass`
          : undefined;
      if (skipReason !== undefined) {
        stages.push({
          name: stage.name,
          status: 'skipped',
          reason: skipReason,
          actions: stage.actions.map((action) => ({
            name: action.name,
            status: 'skipped',
            startedAt: null,
            endedAt: null,
            findings: 0,
            reason: skipReason,
            reportFiles: [],
          })),
        });
        emit({ type: 'stage-ended', stage: stage.name, status: 'skipped', reason: skipReason, actions: actionNames });
        continue;
      }
      emit({ type: 'stage-started', stage: stage.name, actions: actionNames });
      const actions = await runStage(context, stage);
      const status = combinedStatus(actions.map((action) => action.status));
      const failedActions = actions.filter((action) => action.status === 'failed').map((action) => action.name);
      const reason =
        failedActions.length > 0
          ? `failed: ${failedActions.join(', ')}`
          : status === 'skipped'
            ? actions.find((action) => action.reason !== undefined)?.reason
            : undefined;
      stages.push({ name: stage.name, status, ...(reason === undefined ? {} : { reason }), actions });
      emit({ type: 'stage-ended', stage: stage.name, status, ...(reason === undefined ? {} : { reason }) });
      if (status === 'failed') blockedBy ??= stage.name;
    }
    const report: PipelineRunReport = {
      runner: 'local',
      source: root,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      failOn: options.failOn ?? null,
      continueOnFailure: options.continueOnFailure === true,
      cancelled: options.signal?.aborted === true,
      reportsDir,
      gate: context.gate,
      stages,
    };
    await writeFile(join(reportsDir, RUN_MANIFEST_NAME), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(reportsDir, 'summary.md'), renderPipelineSummaryMarkdown(report));
    await writePipelineHtmlReport(report, context.findings, root, join(reportsDir, 'index.html'));
    emit({ type: 'pipeline-ended', report });
    return report;
  } finally {
    await shim.dispose();
  }
}
