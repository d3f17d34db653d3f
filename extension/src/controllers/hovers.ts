import * as vscode from 'vscode';
import type { Ctx } from '../state/ctx';
import { advisoryListMarkdown } from '../model/hover-text';

/** Hovers with the advisory or rule detail (CWE, aliases, fixed versions, links) of findings under the cursor. */
export class FindingHovers implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const diagnostics = this.ctx.store.diagnosticsAt(document.uri, position);
    const parts: vscode.MarkdownString[] = [];
    // A finding shown by two producers (an editor scan and a pipeline run) is described once.
    const described = new Set<string>();
    for (const diagnostic of diagnostics) {
      const lead = this.ctx.store.finding(diagnostic);
      if (!lead) continue;
      const findings = this.ctx.store.findings(diagnostic).filter((finding) => !described.has(finding.fingerprint));
      if (findings.length === 0) continue;
      for (const finding of findings) described.add(finding.fingerprint);
      const markdown = new vscode.MarkdownString(advisoryListMarkdown(findings));
      // Links only to the documentation pages we put there; no command links.
      markdown.isTrusted = false;
      parts.push(markdown);
    }
    return parts.length ? new vscode.Hover(parts) : undefined;
  }
}
