import type { DevsecopsConfig, ExternalToolConfig, ToolEnablement } from '@devsecops/shared';
import type { EditorSettings, ExternalToolSettings } from './editor-settings';

function mergeTool<T extends ExternalToolConfig>(
  fromFile: T,
  fromSettings: ExternalToolSettings,
  enabled: ToolEnablement,
): T {
  return {
    ...fromFile,
    enabled,
    ...(fromSettings.path ? { path: fromSettings.path } : {}),
    ...(fromSettings.args.length ? { args: [...(fromFile.args ?? []), ...fromSettings.args] } : {}),
  };
}

/** A setting of `auto` defers to the file; `on` and `off` decide. */
function overrideEnablement(fromFile: ToolEnablement, fromSettings: ToolEnablement): ToolEnablement {
  return fromSettings === 'auto' ? fromFile : fromSettings;
}

/**
 * The configuration the editor scans with: the folder's `.devsecops.yml`, then the user's settings on top
 * (settings name tools and paths for this machine; the file speaks for the repository).
 *
 * In an untrusted workspace every external tool is off and its path and arguments are dropped, whatever
 * either source says: a cloned repository's `.devsecops.yml` must not be able to choose a program to run.
 * The built-in engines, which run no process, stay as configured.
 */
export function effectiveConfig(
  fromFile: DevsecopsConfig,
  settings: EditorSettings,
  trusted: boolean,
): DevsecopsConfig {
  const tools = fromFile.tools;
  const bandit = mergeTool(tools.bandit, settings.bandit, settings.bandit.enabled ? tools.bandit.enabled : 'off');
  const merged: DevsecopsConfig = {
    ...fromFile,
    tools: {
      ...tools,
      bandit: settings.bandit.python ? { ...bandit, python: settings.bandit.python } : bandit,
      hadolint: mergeTool(
        tools.hadolint,
        settings.hadolint,
        overrideEnablement(tools.hadolint.enabled, settings.hadolint.enabled),
      ),
      dependencyCheck: mergeTool(
        tools.dependencyCheck,
        settings.dependencyCheck,
        overrideEnablement(tools.dependencyCheck.enabled, settings.dependencyCheck.enabled),
      ),
      sca: {
        ...tools.sca,
        enabled: tools.sca.enabled && settings.scaEnabled,
        ...(settings.scaDatabasePath ? { database: settings.scaDatabasePath } : {}),
      },
      dockerfile: { ...tools.dockerfile, enabled: tools.dockerfile.enabled && settings.dockerfileEnabled },
    },
  };
  if (trusted) return merged;
  // Only `enabled: 'off'` is kept of each external tool: no path, interpreter or argument survives.
  return {
    ...merged,
    tools: {
      ...merged.tools,
      bandit: { enabled: 'off' },
      hadolint: { enabled: 'off' },
      dependencyCheck: { enabled: 'off' },
      // A database path from the workspace could point anywhere; the bundled snapshot is always safe.
      sca: { enabled: merged.tools.sca.enabled },
    },
  };
}
