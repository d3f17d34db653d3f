import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '@devsecops/shared/findings';
import type { Ctx } from '../state/ctx';
import { labelText } from '../model/label-text';

/** An HTML report larger than this is not loaded into a webview (summary.md is opened instead). */
const MAX_HTML_REPORT_BYTES = 20 * 1024 * 1024;

/** Opens a finding's file at its line. */
export async function revealFinding(root: string, finding: Finding): Promise<void> {
  const uri = vscode.Uri.file(path.join(root, finding.location.path));
  const line = Math.max(0, finding.location.line - 1);
  const column = Math.max(0, (finding.location.column ?? 1) - 1);
  await vscode.window.showTextDocument(uri, {
    selection: new vscode.Range(line, column, line, column),
    preview: false,
  });
}

/** "Show gate failures": the last run's findings at or above its gate, most severe first; picking one opens it. */
export async function showGateFailures(ctx: Ctx): Promise<void> {
  const run = ctx.pipelineRuns.last;
  if (!run?.gate) {
    void vscode.window.showInformationMessage(
      'DevSecOps: no pipeline run yet. Run the pipeline to see what its gate counts.',
    );
    return;
  }
  const { gate, folder } = run;
  if (gate.failing.length === 0) {
    void vscode.window.showInformationMessage(
      `DevSecOps: no finding of the last run is at or above ${gate.threshold}.`,
    );
    return;
  }
  const items = gate.failing.map((finding) => ({
    label: `$(error) ${labelText(finding.ruleId)}  ${labelText(finding.location.path)}:${finding.location.line}`,
    description: `${finding.severity} · ${labelText(finding.tool)}`,
    detail: labelText(finding.message),
    finding,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Gate failed: ${gate.failing.length} finding${gate.failing.length === 1 ? '' : 's'} ≥ ${gate.threshold}`,
    placeHolder: 'Pick a finding to open it',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await revealFinding(folder.uri.fsPath, picked.finding);
}

/**
 * Opens the last run's report in the editor: `index.html` in a webview when the run wrote one, else `summary.md`
 * in the Markdown preview. Both work in desktop and browser VS Code alike (no "reveal in the OS").
 */
export async function openPipelineReport(ctx: Ctx): Promise<void> {
  const reportsDir = ctx.pipelineRuns.last?.report?.reportsDir;
  if (!reportsDir) {
    void vscode.window.showInformationMessage('DevSecOps: the last pipeline run wrote no local report.');
    return;
  }
  const html = path.join(reportsDir, 'index.html');
  if (existsSync(html)) {
    const text = await readFile(html, 'utf8');
    if (text.length <= MAX_HTML_REPORT_BYTES) {
      showHtmlReport(text);
      return;
    }
  }
  const summary = vscode.Uri.file(path.join(reportsDir, 'summary.md'));
  if (!existsSync(summary.fsPath)) {
    void vscode.window.showWarningMessage(`DevSecOps: no report in ${reportsDir}.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', summary);
}

/**
 * The HTML report in a webview under VS Code's rules: no script, no local file it may load (the report is one
 * self-contained file that carries its own Content-Security-Policy).
 */
function showHtmlReport(html: string): void {
  const panel = vscode.window.createWebviewPanel('devsecops.report', 'DevSecOps report', vscode.ViewColumn.Active, {
    enableScripts: false,
    localResourceRoots: [],
  });
  panel.webview.html = html;
}
