import type { ToolRun } from '@devsecops/shared';

/**
 * True when a tool run says a tool the person needs is not installed: one set to `on` (the core fails it
 * with TOOL_NOT_FOUND), or Bandit on `auto` (nothing else does SAST). hadolint and Dependency-Check on
 * `auto` are skipped quietly: the built-in engines cover for them.
 */
export function isMissingTool(run: ToolRun): boolean {
  if (run.status === 'failed') return run.errorCode === 'TOOL_NOT_FOUND';
  return run.status === 'skipped' && run.name === 'bandit' && /not found|no bandit module/i.test(run.reason ?? '');
}
