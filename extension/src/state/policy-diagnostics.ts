import * as vscode from 'vscode';
import type { PolicyProblem, TextFix } from '@devsecops/shared/config';
import { POLICY_DIAGNOSTIC_SOURCE, policyDiagnostics } from '../model/policy-diagnostic';

const SEVERITY: Readonly<Record<PolicyProblem['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
};

/**
 * The problems of each folder's `.devsecops.yml`, drawn on the file itself. A collection of their own, apart
 * from the findings (`DiagnosticStore`): they are not findings, so the status bar and the Findings view, which
 * count the store's findings, never count them.
 */
export class PolicyDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('devsecops.policy');
  private readonly fixOf = new WeakMap<vscode.Diagnostic, TextFix>();

  /** Replaces the diagnostics of the policy file at `uri` (none: it has no problem). */
  show(uri: vscode.Uri, problems: readonly PolicyProblem[]): void {
    const key = uri.toString();
    const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === key);
    const lineLength = (line: number): number | undefined =>
      document && line < document.lineCount ? document.lineAt(line).text.length : undefined;
    this.collection.set(
      uri,
      policyDiagnostics(problems, lineLength).map((problem) => {
        const range = new vscode.Range(problem.line, problem.startCharacter, problem.line, problem.endCharacter);
        const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITY[problem.severity]);
        diagnostic.source = POLICY_DIAGNOSTIC_SOURCE;
        if (problem.fix !== undefined) this.fixOf.set(diagnostic, problem.fix);
        return diagnostic;
      }),
    );
  }

  /** The did-you-mean edit behind one of these diagnostics, if it has one. */
  fix(diagnostic: vscode.Diagnostic): TextFix | undefined {
    return this.fixOf.get(diagnostic);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** A file or folder was deleted (or a workspace folder removed): the policy files in it lose their diagnostics. */
  forgetDeleted(uri: vscode.Uri): void {
    const deleted = uri.toString();
    const gone: vscode.Uri[] = [];
    this.collection.forEach((shown) => {
      const key = shown.toString();
      if (key === deleted || key.startsWith(`${deleted}/`)) gone.push(shown);
    });
    for (const shown of gone) this.collection.delete(shown);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
