import type { Command } from 'commander';
import { POLICY_FILE_VARIABLE } from '../../config/policy-file';
import { loadedOnFirstUse } from '../../modules/loaded-on-first-use';
import { addExecutionFlags } from '../execution-flags';
import type * as PipelineActions from './pipeline-actions';
import type { PipelineBaselineCliOptions, PipelineRunCliOptions } from './pipeline-actions';

/** What `pipeline run` and `pipeline baseline` do, loaded when one runs: a file of its own in the CLI bundle. */
const pipelineActions = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require: the CLI bundle makes it a file of its own
  (): typeof PipelineActions => require('./pipeline-actions') as typeof PipelineActions,
);

const POLICY_OPTION_HELP = `every scan takes its policy from this file instead of the folder's .devsecops.yml (default: $${POLICY_FILE_VARIABLE})`;

export function registerPipelineCommand(program: Command): void {
  const pipeline = program.command('pipeline').description('Run the DevSecOps pipeline (locally by default).');
  const run = pipeline
    .command('run')
    .description(
      'Run the pipeline on PATH: source → application validation (SCA ∥ SAST) → Dockerfile validation → image build. ' +
        'A stage runs only when the one before passed the gate. Exit code 0 passed, 1 gate failed, 2 error.',
    )
    .argument('[path]', 'project folder', '.')
    .option('--fail-on <severity>', 'gate: fail on findings at or above critical|high|medium|low|info, or none')
    .option('--continue-on-failure', 'run every stage even when an earlier one failed')
    .option('--reports-dir <dir>', 'where reports go (default: PATH/reports)')
    .option(
      '--definition <file>',
      "a pipeline definition to run instead of devsecops' own (even a project's pipeline/pipeline.yml runs only when named here: its buildspecs run as you)",
    )
    .option('--remote', 'run in AWS CodePipeline/CodeBuild instead of locally (needs AWS configuration)')
    .option('--policy <file>', POLICY_OPTION_HELP);
  addExecutionFlags(run).action(async (path: string, options: PipelineRunCliOptions) => {
    process.exitCode = await pipelineActions().runPipelineCommand(path, options);
  });
  const baseline = pipeline
    .command('baseline')
    .description(
      "Complete a baseline folder (the reports of an earlier commit, e.g. a pull request's destination) from that " +
        "commit's files at PATH: each scan action of the pipeline whose report is missing there, or whose tool " +
        'failed, runs on PATH and its SARIF report takes that place. Only scans run (never the image build); ' +
        'nothing is uploaded.',
    )
    .argument('<path>', "the earlier commit's files (scanned, never run)")
    .requiredOption('--baseline-dir <dir>', 'the folder of SARIF reports to complete (created when missing)')
    .option('--definition <file>', "a pipeline definition whose scan actions to use instead of devsecops' own")
    .option('--policy <file>', POLICY_OPTION_HELP);
  addExecutionFlags(baseline).action(async (path: string, options: PipelineBaselineCliOptions) => {
    process.exitCode = await pipelineActions().runPipelineBaselineCommand(path, options);
  });
}
