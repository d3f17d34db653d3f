// @devsecops/shared/pipeline: The pipeline: its definition (stages and buildspecs), the local runner, progress and the run report.
export { loadPipelineDefinition } from './pipeline/pipeline-definition';
export type {
  PipelineActionDefinition,
  PipelineBuildAction,
  PipelineDefinition,
  PipelineSourceAction,
} from './pipeline/pipeline-definition';
export { parseBuildspec } from './pipeline/buildspec';
export type { Buildspec } from './pipeline/buildspec';
export { CLOUD_ONLY_MARKER, cloudOnlyDescription, runBuildspec } from './pipeline/buildspec-runner';
export type { BuildPhaseResult, BuildResult, CodebuildPhaseType } from './pipeline/buildspec-runner';
export { runLocalPipeline } from './pipeline/local-pipeline';
export { applyProgressEvent } from './pipeline/progress';
export type { PipelineProgressEvent, StageViewState } from './pipeline/progress';
export { pipelineExitCode } from './pipeline/run-report';
export type { PipelineActionReport, PipelineRunReport, PipelineStatus } from './reporters/pipeline-run-report';
