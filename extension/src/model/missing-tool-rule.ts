import type { ToolRun } from '@devsecops/shared/engines';

/**
 * True when a tool run says a tool the person needs is not installed: one set to `on` (the core fails it
 * with TOOL_NOT_FOUND), or Bandit on `auto` (nothing else does SAST). hadolint and Dependency-Check on
 * `auto` are skipped quietly: the built-in engines cover for them.
 */
export function isMissingTool(run: ToolRun): boolean {
  if (run.status === 'failed') return run.errorCode === 'TOOL_NOT_FOUND';
  return run.status === 'skipped' && run.name === 'bandit' && /not found|no bandit module/i.test(run.reason ?? '');
}

/** The editor setting that holds each external tool's executable path. */
export const TOOL_PATH_SETTINGS: Readonly<Record<string, string>> = {
  bandit: 'devsecops.bandit.path',
  hadolint: 'devsecops.hadolint.path',
  'dependency-check': 'devsecops.dependencyCheck.path',
};

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  bandit: 'Bandit',
  hadolint: 'hadolint',
  'dependency-check': 'OWASP Dependency-Check',
};

/** A message for a notification, which shows no Markdown: `code` becomes "code". */
export function plainNotificationText(message: string): string {
  return message.replace(/`([^`]*)`/g, '"$1"').replace(/`/g, '');
}

/**
 * The editor's words for a missing tool. A path that came from an editor setting is named by that setting
 * (the core's reason says so); a tool missing from PATH gets the editor's ways to fix it (the buttons and
 * the user setting) instead of the CLI's flags and config file.
 */
export function missingToolMessage(run: ToolRun): string {
  const name = DISPLAY_NAMES[run.name] ?? run.name;
  const setting = TOOL_PATH_SETTINGS[run.name];
  const reason = run.reason ?? '';
  if (reason.includes('set in devsecops.') || setting === undefined) {
    return plainNotificationText(reason || `${name} is not installed.`);
  }
  return `${name} (${run.name}) was not found on PATH. Install it, or choose its executable: that sets "${setting}" in your user settings.`;
}
