import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { findingHoverMarkdown } from './node/hover-text';

/** Hovers with the advisory or rule detail (CWE, aliases, fixed versions, links) of findings under the cursor. */
export class FindingHovers implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const diagnostics = this.ctx.store.diagnosticsAt(document.uri, position);
    const parts: vscode.MarkdownString[] = [];
    for (const diagnostic of diagnostics) {
      const finding = this.ctx.store.finding(diagnostic);
      if (!finding) continue;
      const markdown = new vscode.MarkdownString(findingHoverMarkdown(finding));
      // Links only to the documentation pages we put there; no command links.
      markdown.isTrusted = false;
      parts.push(markdown);
    }
    return parts.length ? new vscode.Hover(parts) : undefined;
  }
}
