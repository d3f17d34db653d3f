// @devsecops/shared/process: Running a program: an argument array in, `{stdout, stderr, exitCode}` out, never a shell string.
export { runProcess } from './process/process-runner';
export type { CommandLine, ProcessRequest, ProcessResult, ProcessRunner } from './process/process-runner';
