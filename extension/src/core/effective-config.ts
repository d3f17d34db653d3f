import type { DevsecopsConfig, ToolEnablement } from '@devsecops/shared/config';
import type { EditorSettings } from '../model/editor-settings';

/** A setting of `auto` defers to the file; `on` and `off` decide. */
function overrideEnablement(fromFile: ToolEnablement, fromSettings: ToolEnablement): ToolEnablement {
  return fromSettings === 'auto' ? fromFile : fromSettings;
}

/**
 * The policy the editor scans with: the folder's `.devsecops.yml`, with the user's settings turning tools
 * on or off on top. What runs (paths, interpreter, arguments, the database file) is not in here at all: it
 * comes from the machine-scoped settings alone (`editorExecution`), and the file's own execution keys are
 * ignored with a warning by the core's one trust function (`resolveExecution`).
 *
 * In an untrusted workspace every external tool is off, whatever either source says; the built-in
 * engines, which run no process, stay as configured.
 */
export function effectiveConfig(
  fromFile: DevsecopsConfig,
  settings: EditorSettings,
  trusted: boolean,
): DevsecopsConfig {
  const tools = fromFile.tools;
  const merged: DevsecopsConfig = {
    ...fromFile,
    tools: {
      ...tools,
      bandit: { ...tools.bandit, enabled: settings.bandit.enabled ? tools.bandit.enabled : 'off' },
      hadolint: { enabled: overrideEnablement(tools.hadolint.enabled, settings.hadolint.enabled) },
      dependencyCheck: {
        enabled: overrideEnablement(tools.dependencyCheck.enabled, settings.dependencyCheck.enabled),
      },
      sca: { enabled: tools.sca.enabled && settings.scaEnabled },
      dockerfile: { enabled: tools.dockerfile.enabled && settings.dockerfileEnabled },
    },
  };
  if (trusted) return merged;
  // Only `enabled: 'off'` is kept of each external tool: not even the Bandit config file name survives.
  return {
    ...merged,
    tools: {
      ...merged.tools,
      bandit: { enabled: 'off' },
      hadolint: { enabled: 'off' },
      dependencyCheck: { enabled: 'off' },
    },
  };
}
