import type { ProcessRunner } from '@devsecops/shared/process';

/**
 * Wraps the process runner so that nothing is ever spawned while the workspace is untrusted. The engines
 * already turn external tools off in an untrusted workspace (`effectiveConfig`); this is the second lock,
 * checked at the moment of spawning, so a code path that forgot the first one still starts nothing.
 */
export function trustedOnlyProcessRunner(runProcess: ProcessRunner, isTrusted: () => boolean): ProcessRunner {
  return async (request) => {
    if (!isTrusted()) {
      return {
        stdout: '',
        stderr: '',
        exitCode: null,
        exitSignal: null,
        failure: {
          kind: 'spawn-error',
          message: `Not started: ${request.command} would run a program, and this workspace is not trusted.`,
        },
        truncated: false,
        durationMs: 0,
      };
    }
    return runProcess(request);
  };
}
