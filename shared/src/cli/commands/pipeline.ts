import { realpathSync } from 'node:fs';
import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';
import type { GateThreshold } from '../../findings/severity';
import { parseSeverity } from '../../findings/severity';
import { runLocalPipeline } from '../../pipeline/local-pipeline';
import type { ProgressRenderer } from '../../pipeline/progress';
import { createPlainProgressRenderer, createTtyProgressRenderer } from '../../pipeline/progress';
import type { PipelineRunReport } from '../../pipeline/run-report';
import { pipelineExitCode, renderPipelineSummaryText } from '../../pipeline/run-report';

/** Options of `devsecops pipeline run`, as commander hands them over. */
export interface PipelineRunCliOptions {
  readonly failOn?: string;
  readonly continueOnFailure?: boolean;
  readonly reportsDir?: string;
  readonly definition?: string;
  readonly remote?: boolean;
}

function parseGate(text: string | undefined): GateThreshold | undefined {
  if (text === undefined) return undefined;
  if (text.trim().toLowerCase() === 'none') return 'none';
  const severity = parseSeverity(text);
  if (severity === undefined) {
    throw new DevsecopsError(
      'USAGE',
      `--fail-on ${text} is not a severity; use critical, high, medium, low, info or none.`,
    );
  }
  return severity;
}

/** The signature the AWS runner module (`shared/src/aws/remote-pipeline.ts`) exports. */
type RemotePipelineRunner = (options: {
  readonly root: string;
  readonly failOn?: GateThreshold;
  readonly continueOnFailure: boolean;
  readonly reportsDir?: string;
  readonly signal: AbortSignal;
  readonly onProgress: ProgressRenderer['onProgress'];
}) => Promise<PipelineRunReport>;

async function loadRemoteRunner(): Promise<RemotePipelineRunner> {
  try {
    // Loaded on demand so a local run never pulls in the AWS SDK. The specifier is a variable until
    // shared/src/aws/remote-pipeline.ts exists (a literal import of a missing file breaks tsc and esbuild).
    const specifier = '../../aws/remote-pipeline';
    const module = (await import(specifier)) as { runRemotePipeline?: RemotePipelineRunner };
    if (typeof module.runRemotePipeline === 'function') return module.runRemotePipeline;
  } catch (error) {
    throw new DevsecopsError(
      'AWS',
      '--remote needs the AWS pipeline runner and AWS configuration (region, credentials); run without --remote to use the local pipeline.',
      { cause: error },
    );
  }
  throw new DevsecopsError('AWS', '--remote is not available in this build; run without --remote.');
}

/** Runs the pipeline for the CLI: progress on stderr (live on a TTY), the summary on stdout; returns the exit code. */
export async function runPipelineCommand(path: string, options: PipelineRunCliOptions): Promise<number> {
  const failOn = parseGate(options.failOn);
  const cliScript = process.argv[1] === undefined ? undefined : realpathSync(process.argv[1]);
  const controller = new AbortController();
  const onInterrupt = (): void => {
    process.stderr.write('\nCancelling: stopping the running actions…\n');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
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
          // The buildspecs' `devsecops` is this very CLI (the bundle this process runs).
          ...(cliScript === undefined ? {} : { cliPath: cliScript }),
        });
    renderer.stop();
    process.stdout.write(renderPipelineSummaryText(report));
    return pipelineExitCode(report);
  } finally {
    renderer.stop();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

export function registerPipelineCommand(program: Command): void {
  const pipeline = program.command('pipeline').description('Run the DevSecOps pipeline (locally by default).');
  pipeline
    .command('run')
    .description(
      'Run the pipeline on PATH: source → application validation (SCA ∥ SAST) → Dockerfile validation → image build. ' +
        'A stage runs only when the one before passed the gate. Exit code 0 passed, 1 gate failed, 2 error.',
    )
    .argument('[path]', 'project folder', '.')
    .option('--fail-on <severity>', 'gate: fail on findings at or above critical|high|medium|low|info, or none')
    .option('--continue-on-failure', 'run every stage even when an earlier one failed')
    .option('--reports-dir <dir>', 'where reports go (default: PATH/reports)')
    .option('--definition <file>', 'pipeline definition (default: PATH/pipeline/pipeline.yml, else the bundled one)')
    .option('--remote', 'run in AWS CodePipeline/CodeBuild instead of locally (needs AWS configuration)')
    .action(async (path: string, options: PipelineRunCliOptions) => {
      process.exitCode = await runPipelineCommand(path, options);
    });
}
