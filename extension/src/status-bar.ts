import * as vscode from 'vscode';

/** What the status bar shows. */
export interface StatusState {
  /** Scans running now. */
  readonly scanning: number;
  /** Findings shown as diagnostics. */
  readonly findings: number;
  /** Tools reported missing this session. */
  readonly missingTools: readonly string[];
  readonly trusted: boolean;
}

/** The status bar item: scanning, N findings, a tool missing, restricted mode. Clicking shows the output. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('devsecops.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'DevSecOps';
    this.item.command = 'devsecops.showOutput';
    this.item.show();
  }

  update(state: StatusState): void {
    const count = `${state.findings} finding${state.findings === 1 ? '' : 's'}`;
    const notes: string[] = [];
    if (state.missingTools.length) notes.push(`Missing: ${state.missingTools.join(', ')} (see the output).`);
    if (!state.trusted) notes.push('Restricted mode: only the built-in engines run until you trust this workspace.');
    if (state.scanning > 0) {
      this.item.text = `$(sync~spin) DevSecOps: scanning`;
    } else if (state.missingTools.length) {
      this.item.text = `$(warning) DevSecOps: ${count}`;
    } else {
      this.item.text = `$(shield) DevSecOps: ${count}`;
    }
    this.item.tooltip = [`DevSecOps: ${count}.`, ...notes].join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}
