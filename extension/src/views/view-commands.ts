import * as vscode from 'vscode';
import type { Ctx } from '../state/ctx';
import type { FindingsView } from './findings-view';

/** The DevSecOps view's own commands: filter by tool, "new only" / "all", clear the filters. */
export function registerViewCommands(ctx: Ctx, view: FindingsView): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('devsecops.filterByTool', async () => {
      const tools = view.tools;
      if (tools.length === 0) {
        void vscode.window.showInformationMessage('DevSecOps: no findings to filter.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        tools.map((tool) => ({ label: tool, picked: true })),
        { canPickMany: true, title: 'Show the findings of these tools' },
      );
      if (!picked) return;
      view.setToolFilter(picked.length === tools.length ? undefined : new Set(picked.map((item) => item.label)));
    }),
    vscode.commands.registerCommand('devsecops.clearFilters', () => {
      view.setToolFilter(undefined);
      view.setNewOnly(false);
    }),
    vscode.commands.registerCommand('devsecops.showNewOnly', async () => {
      const state = await ctx.baselines.ensure();
      if (state.status === 'inactive') {
        const open = 'Open setting';
        const choice = await vscode.window.showWarningMessage(
          `DevSecOps: "new only" is inactive: ${state.reason}`,
          open,
        );
        if (choice === open)
          await vscode.commands.executeCommand('workbench.action.openSettings', 'devsecops.baseline.ref');
        return;
      }
      view.setNewOnly(true);
    }),
    vscode.commands.registerCommand('devsecops.showAll', () => view.setNewOnly(false)),
  ];
}
