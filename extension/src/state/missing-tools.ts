import * as vscode from 'vscode';
import type { ToolRun } from '@devsecops/shared/engines';
import { isMissingTool, missingToolMessage, TOOL_PATH_SETTINGS } from '../model/missing-tool-rule';

/** Where to read how to install each external tool. */
const INSTALL_PAGES: Readonly<Record<string, string>> = {
  bandit: 'https://bandit.readthedocs.io/en/latest/start.html#installation',
  hadolint: 'https://github.com/hadolint/hadolint#install',
  'dependency-check': 'https://owasp.org/www-project-dependency-check/',
};

const DONT_SHOW_KEY = 'devsecops.missingTools.dontShow';

/**
 * Tells the person about a missing tool once per session (and never again after "Don't show again"),
 * however many saves or keystrokes find it missing; the status bar keeps showing it quietly.
 */
export class MissingToolNotifier {
  private readonly shown = new Set<string>();
  private readonly missing = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly onChange: () => void,
  ) {}

  /** Tools reported missing this session. */
  get missingTools(): readonly string[] {
    return [...this.missing];
  }

  /** Looks at a scan's tool runs: notifies about newly missing tools, forgets tools that now ran. */
  report(runs: readonly ToolRun[]): void {
    let changed = false;
    for (const run of runs) {
      if (run.status === 'ok' && this.missing.delete(run.name)) changed = true;
      if (!isMissingTool(run)) continue;
      if (!this.missing.has(run.name)) {
        this.missing.add(run.name);
        changed = true;
        this.log.warn(`${run.name} is missing: ${run.reason ?? ''}`);
      }
      this.notifyOnce(run);
    }
    if (changed) this.onChange();
  }

  private notifyOnce(run: ToolRun): void {
    const dontShow = this.state.get<string[]>(DONT_SHOW_KEY, []);
    if (this.shown.has(run.name) || dontShow.includes(run.name)) return;
    this.shown.add(run.name);
    void this.ask(run, dontShow);
  }

  private async ask(run: ToolRun, dontShow: readonly string[]): Promise<void> {
    const install = 'Install…';
    const choosePath = 'Choose path…';
    const never = "Don't show again";
    const choice = await vscode.window.showWarningMessage(
      `DevSecOps: ${missingToolMessage(run)}`,
      install,
      choosePath,
      never,
    );
    if (choice === install) {
      const page = INSTALL_PAGES[run.name];
      if (page) await vscode.env.openExternal(vscode.Uri.parse(page));
    } else if (choice === choosePath) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        canSelectFolders: false,
        openLabel: `Use as ${run.name}`,
        title: `Choose the ${run.name} executable`,
      });
      const setting = TOOL_PATH_SETTINGS[run.name];
      if (picked?.[0] && setting) {
        // Executable paths are machine-scoped: they belong in the user's settings, never the workspace's.
        await vscode.workspace.getConfiguration().update(setting, picked[0].fsPath, vscode.ConfigurationTarget.Global);
      }
    } else if (choice === never) {
      await this.state.update(DONT_SHOW_KEY, [...dontShow, run.name]);
    }
  }
}
