import * as vscode from 'vscode';
import type { StatusView } from '../model/status-text';

/** What clicking the item does, per `StatusView.action`. */
const COMMAND_OF: Readonly<Record<StatusView['action'], string>> = {
  scanWorkspace: 'devsecops.scanWorkspace',
  showView: 'devsecops.showView',
};

/** The status bar item: what `statusView` says (never "0 findings" for what was not scanned). */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('devsecops.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'DevSecOps';
    this.item.show();
  }

  update(view: StatusView): void {
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = COMMAND_OF[view.action];
  }

  dispose(): void {
    this.item.dispose();
  }
}
