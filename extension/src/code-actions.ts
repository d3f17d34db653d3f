import * as vscode from 'vscode';
import type { Finding } from '@devsecops/shared';
import type { Ctx } from './ctx';
import { upgradeRequirementVersion } from './node/line-edits';

/** Tools whose findings can be silenced by a comment on (or above) their line. */
export const LINE_SUPPRESSIBLE_TOOLS: ReadonlySet<string> = new Set(['bandit', 'hadolint', 'devsecops-dockerfile']);

/** The commands behind the suppression actions (they ask for a reason first). */
export const SUPPRESS_ON_LINE_COMMAND = 'devsecops.suppressOnLine';
export const SUPPRESS_IN_CONFIG_COMMAND = 'devsecops.suppressInConfig';

/**
 * Quick fixes for our diagnostics: upgrade a vulnerable pin to its first fixed version (a direct edit),
 * suppress on the line (`# nosec`, `# hadolint ignore=`) and suppress in `.devsecops.yml` (both ask why).
 */
export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly ctx: Ctx) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const finding = this.ctx.store.finding(diagnostic);
      if (!finding) continue;
      const upgrade = this.upgradeAction(document, diagnostic, finding);
      if (upgrade) actions.push(upgrade);
      if (LINE_SUPPRESSIBLE_TOOLS.has(finding.tool)) {
        actions.push(
          commandAction(`Suppress ${finding.ruleId} on this line…`, diagnostic, SUPPRESS_ON_LINE_COMMAND, [
            document.uri,
            finding,
          ]),
        );
      }
      actions.push(
        commandAction(`Suppress ${finding.ruleId} in .devsecops.yml…`, diagnostic, SUPPRESS_IN_CONFIG_COMMAND, [
          document.uri,
          finding,
        ]),
      );
    }
    return actions;
  }

  private upgradeAction(
    document: vscode.TextDocument,
    diagnostic: vscode.Diagnostic,
    finding: Finding,
  ): vscode.CodeAction | undefined {
    const fixed = finding.fix?.fixedVersions?.[0];
    const lineIndex = finding.location.line - 1;
    if (fixed === undefined || finding.category !== 'sca' || lineIndex >= document.lineCount) return undefined;
    const edit = upgradeRequirementVersion(document.lineAt(lineIndex).text, finding.location.line, fixed);
    if (!edit) return undefined;
    const packageName = typeof finding.properties?.['package'] === 'string' ? finding.properties['package'] : 'it';
    const action = new vscode.CodeAction(
      `Upgrade ${packageName} to ${fixed} (first fixed version)`,
      vscode.CodeActionKind.QuickFix,
    );
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(
      document.uri,
      new vscode.Range(edit.line - 1, edit.startColumn, edit.line - 1, edit.endColumn),
      edit.text,
    );
    return action;
  }
}

function commandAction(
  title: string,
  diagnostic: vscode.Diagnostic,
  command: string,
  args: readonly unknown[],
): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title, command, arguments: [...args] };
  return action;
}
