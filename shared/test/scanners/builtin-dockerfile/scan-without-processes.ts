import type { ProcessRunner } from '../../../src/process/process-runner';
import { createBuiltinDockerfileScanner } from '../../../src/scanners/builtin-dockerfile/index';
import type { ScanContext, ScannerOutcome } from '../../../src/scanners/scanner';
import { scanProject } from '../../scan/fake-tools';

/** A process runner for a scan that must start none: any call rejects. */
const NEVER_RUN: ProcessRunner = () => Promise.reject(new Error('the built-in engine runs no processes'));

/**
 * Runs the built-in Dockerfile scanner over `root` with an empty PATH (so no ShellCheck: it has its own tests)
 * and a process runner that rejects every call: the engine itself starts no process. `context` adds or
 * replaces parts (policy, buffers).
 */
export function scanWithoutProcesses(root: string, context: Partial<ScanContext> = {}): Promise<ScannerOutcome> {
  return scanProject(createBuiltinDockerfileScanner(), root, { runProcess: NEVER_RUN, env: { PATH: '' }, ...context });
}
