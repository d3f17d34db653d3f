import * as vscode from 'vscode';
import type { Ctx } from '../state/ctx';
import { policyQuickFix } from '../model/policy-diagnostic';

/** Quick fixes on `.devsecops.yml`: a problem's did-you-mean (a rule id's case, a misspelt key) applied in place. */
export class PolicyCodeActions implements vscode.CodeActionProvider {
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
      const quickFix = policyQuickFix(this.ctx.policy.fix(diagnostic), document.getText(diagnostic.range));
      if (quickFix === undefined) continue;
      const action = new vscode.CodeAction(quickFix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      // An error's correction is the one to take (a wrong case); a warning's is a guess at a similar id.
      action.isPreferred = diagnostic.severity === vscode.DiagnosticSeverity.Error;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, diagnostic.range, quickFix.replacement);
      actions.push(action);
    }
    return actions;
  }
}
