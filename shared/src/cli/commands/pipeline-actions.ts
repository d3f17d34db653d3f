import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { executionToEnvironment } from '../../config/execution-from-env';
import type { ExecutionSettings } from '../../config/execution-settings';
import { loadScanPolicy, policyFileFrom, POLICY_FILE_VARIABLE } from '../../config/policy-file';
import { loadUserExecutionSettings, resolveExecution } from '../../config/trust';
import type { runRemotePipeline } from '../../aws/remote-pipeline';
import { completeBaselineFromDestination, describeBaselineSources } from '../../pipeline/destination-baseline';
import { runLocalPipeline } from '../../pipeline/local-pipeline';
import type { ProgressRenderer } from '../../pipeline/progress';
import { createPlainProgressRenderer, createTtyProgressRenderer } from '../../pipeline/progress';
import { pipelineExitCode, renderPipelineSummaryText } from '../../pipeline/run-report';
import { oneLine, printablePath } from '../../reporters/safe-text';
import { executionFromFlags } from '../execution-flags';
import type { ExecutionFlagValues } from '../execution-flags';
import { stopOnSignals } from '../stop-on-signals';
import { parseFailOnOption } from './scan';

/** Options of `devsecops pipeline run`, as commander hands them over. */
export interface PipelineRunCliOptions extends ExecutionFlagValues {
  readonly failOn?: string;
  readonly continueOnFailure?: boolean;
  readonly reportsDir?: string;
  readonly definition?: string;
  readonly remote?: boolean;
  readonly policy?: string;
}

type RemotePipelineRunner = typeof runRemotePipeline;

/** The AWS runner, loaded on demand so a local run never evaluates the AWS SDK. */
async function loadRemoteRunner(): Promise<RemotePipelineRunner> {
  const module = await import('../../aws/remote-pipeline');
  return module.runRemotePipeline;
}

/** What every action's scans get from the command line: the user's execution settings and the policy file. */
async function actionSettings(
  path: string,
  options: ExecutionFlagValues & { readonly policy?: string },
): Promise<{ readonly variables: Record<string, string>; readonly cliPath?: string }> {
  const cliScript = process.argv[1] === undefined ? undefined : realpathSync(process.argv[1]);
  // The user's execution settings (flags, environment, config file), handed to every action's scans.
  const user = await loadUserExecutionSettings({ flags: executionFromFlags(options) });
  const policyFile = policyFileFrom(options.policy, process.env);
  if (policyFile !== undefined) {
    process.stderr.write(
      `devsecops: policy from ${printablePath(policyFile)}; the folder's .devsecops.yml is not used.\n`,
    );
  }
  await warnAboutIgnoredSettings(path, policyFile, user.settings);
  return {
    variables: {
      ...executionToEnvironment(user.settings),
      ...(policyFile === undefined ? {} : { [POLICY_FILE_VARIABLE]: policyFile }),
    },
    // The buildspecs' `devsecops` is this very CLI (the bundle this process runs).
    ...(cliScript === undefined ? {} : { cliPath: cliScript }),
  };
}

/** Runs the pipeline for the CLI: progress on stderr (live on a TTY), the summary on stdout; returns the exit code. */
export async function runPipelineCommand(path: string, options: PipelineRunCliOptions): Promise<number> {
  const failOn = options.failOn === undefined ? undefined : parseFailOnOption(options.failOn);
  const settings = await actionSettings(path, options);
  const controller = new AbortController();
  // The handler stays installed for the whole run: a second Ctrl-C must not fall back to Node's default
  // (exit at once), which would leave the actions' process groups running. Stopping is bounded anyway:
  // each action gets SIGTERM, then SIGKILL after a short grace.
  const onInterrupt = (): void => {
    if (controller.signal.aborted) {
      process.stderr.write('Still stopping the running actions (they are killed within a few seconds)…\n');
      return;
    }
    process.stderr.write('\nCancelling: stopping the running actions…\n');
    controller.abort();
  };
  const stopListening = stopOnSignals(onInterrupt);
  const renderer: ProgressRenderer = process.stderr.isTTY
    ? createTtyProgressRenderer(process.stderr)
    : createPlainProgressRenderer((text) => process.stderr.write(text));
  try {
    const common = {
      root: path,
      ...(failOn === undefined ? {} : { failOn }),
      continueOnFailure: options.continueOnFailure === true,
      ...(options.reportsDir === undefined ? {} : { reportsDir: options.reportsDir }),
      signal: controller.signal,
      onProgress: renderer.onProgress,
    };
    const report = options.remote
      ? await (
          await loadRemoteRunner()
        )(common)
      : await runLocalPipeline({
          ...common,
          ...(options.definition === undefined ? {} : { definition: options.definition }),
          actionVariables: settings.variables,
          ...(settings.cliPath === undefined ? {} : { cliPath: settings.cliPath }),
        });
    renderer.stop();
    process.stdout.write(renderPipelineSummaryText(report));
    return pipelineExitCode(report);
  } finally {
    renderer.stop();
    stopListening();
  }
}

/**
 * Says once, before the run, which execution settings in the project's `.devsecops.yml` are ignored (each
 * action's scans say it again in their logs). A config that does not load is left to those scans to report.
 */
async function warnAboutIgnoredSettings(
  path: string,
  policyFile: string | undefined,
  user: ExecutionSettings,
): Promise<void> {
  try {
    const { config } = await loadScanPolicy(resolve(path), policyFile);
    const { warnings } = resolveExecution(config, user);
    for (const warning of warnings) {
      process.stderr.write(`devsecops: warning: ${oneLine(warning.message)}\n`);
    }
  } catch {
    // Reported by the scans themselves.
  }
}

/** Options of `devsecops pipeline baseline`. */
export interface PipelineBaselineCliOptions extends ExecutionFlagValues {
  readonly baselineDir: string;
  readonly definition?: string;
  readonly policy?: string;
}

/**
 * Completes a baseline folder from the destination's tree (see destination-baseline.ts): progress on stderr,
 * one line per scan action on stdout saying where its baseline came from. Exit 0 even when an action has no
 * baseline in the end (its findings then count as new, which the scans say); 2 on a usage error.
 */
export async function runPipelineBaselineCommand(tree: string, options: PipelineBaselineCliOptions): Promise<number> {
  const settings = await actionSettings(tree, options);
  const controller = new AbortController();
  const stopListening = stopOnSignals(() => controller.abort());
  const renderer = createPlainProgressRenderer((text) => process.stderr.write(text));
  try {
    const sources = await completeBaselineFromDestination({
      tree: resolve(tree),
      baselineDir: resolve(options.baselineDir),
      ...(options.definition === undefined ? {} : { definition: options.definition }),
      actionVariables: settings.variables,
      ...(settings.cliPath === undefined ? {} : { cliPath: settings.cliPath }),
      signal: controller.signal,
      onProgress: renderer.onProgress,
    });
    for (const line of describeBaselineSources(sources, 'the destination commit')) {
      process.stdout.write(`${oneLine(line)}\n`);
    }
    return controller.signal.aborted ? 2 : 0;
  } finally {
    renderer.stop();
    stopListening();
  }
}
