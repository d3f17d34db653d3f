import { isAbsolute, resolve } from 'node:path';
import type { ExecutionKey, ExecutionSettings, ToolExecution, WhereToSet } from '@devsecops/shared/config';
import { EXECUTION_KEY_NAMES, NO_EXECUTION_SETTINGS } from '@devsecops/shared/config';
import type { EditorSettings, ExternalToolSettings } from '../model/editor-settings';

/** A path typed in a setting: a bare name stays a PATH lookup, a relative path is relative to the folder. */
function settingPath(value: string, root: string): string {
  if (!value.includes('/') && !isAbsolute(value)) return value;
  return resolve(root, value);
}

function toolExecution(
  settings: ExternalToolSettings,
  names: { path: string; args: string },
  root: string,
): ToolExecution {
  return {
    ...(settings.path ? { path: settingPath(settings.path, root) } : {}),
    ...(settings.args.length > 0 ? { args: settings.args } : {}),
    ...(settings.path || settings.args.length > 0
      ? {
          sources: {
            ...(settings.path ? { path: names.path } : {}),
            ...(settings.args.length > 0 ? { args: names.args } : {}),
          },
        }
      : {}),
  };
}

/**
 * What runs, in the editor: the machine-scoped settings only (`"scope": "machine"` in package.json, so a
 * workspace's `.vscode/settings.json` cannot set them), and nothing at all in an untrusted workspace.
 */
export function editorExecution(settings: EditorSettings, trusted: boolean, root: string): ExecutionSettings {
  if (!trusted) return NO_EXECUTION_SETTINGS;
  const bandit = toolExecution(settings.bandit, { path: 'devsecops.bandit.path', args: 'devsecops.bandit.args' }, root);
  return {
    bandit: settings.bandit.python
      ? {
          ...bandit,
          python: settingPath(settings.bandit.python, root),
          sources: { ...bandit.sources, python: 'devsecops.bandit.python' },
        }
      : bandit,
    hadolint: toolExecution(
      settings.hadolint,
      { path: 'devsecops.hadolint.path', args: 'devsecops.hadolint.args' },
      root,
    ),
    dependencyCheck: toolExecution(
      settings.dependencyCheck,
      { path: 'devsecops.dependencyCheck.path', args: 'devsecops.dependencyCheck.args' },
      root,
    ),
    sca: settings.scaDatabasePath
      ? {
          database: resolve(root, settings.scaDatabasePath),
          sources: { database: 'devsecops.sca.databasePath' },
        }
      : {},
  };
}

/** Where a user sets an execution key in the editor, for the warning about a repository that tried to. */
export const EDITOR_WHERE_TO_SET: WhereToSet = (key: ExecutionKey) => {
  const setting = EXECUTION_KEY_NAMES[key].editorSetting;
  return setting === undefined
    ? `${EXECUTION_KEY_NAMES[key].flag} with the devsecops CLI (the editor keeps the default)`
    : `the setting ${setting} in your user settings (it is machine-scoped: a workspace cannot set it)`;
};
