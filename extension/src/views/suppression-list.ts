import * as vscode from 'vscode';
import type { Suppression } from '@devsecops/shared/config';
import type { Ctx } from '../state/ctx';
import { inlineSuppressionsIn } from '../model/inline-suppressions';
import type { InlineSuppression } from '../model/inline-suppressions';

/** Files searched for inline pragmas at most, per folder; a source file larger than this is skipped. */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** The files that can hold `# nosec` or `# hadolint ignore=` (the scanners' own file kinds). */
const PRAGMA_FILES = '**/{*.py,*.pyw,Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}';
const EXCLUDED = '**/{node_modules,.git,.venv,venv,.tox,__pycache__}/**';

export type SuppressionNode =
  | {
      readonly kind: 'config-suppression';
      readonly entry: { readonly folder: vscode.WorkspaceFolder; readonly suppression: Suppression };
    }
  | { readonly kind: 'inline-suppression'; readonly folder: vscode.WorkspaceFolder; readonly entry: InlineSuppression };

/**
 * Every suppression in the workspace: `.devsecops.yml` entries (with reason and expiry) and the inline `# nosec` and
 * hadolint pragmas of Python files and Dockerfiles. Files are read as repository files (no link out, bounded).
 */
export async function listSuppressions(ctx: Ctx): Promise<SuppressionNode[]> {
  const nodes: SuppressionNode[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.fsPath;
    const config = await ctx.scanConfig(root, ctx.settings(folder));
    for (const suppression of config.suppressions) {
      nodes.push({ kind: 'config-suppression', entry: { folder, suppression } });
    }
    const files = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, PRAGMA_FILES),
      EXCLUDED,
      MAX_FILES,
    );
    const paths = files.map((uri) => vscode.workspace.asRelativePath(uri, false)).sort();
    for (const relativePath of paths) {
      const read = await ctx.core.readRepositoryFile({ root, path: relativePath, maxBytes: MAX_FILE_BYTES });
      if (!read.ok) continue;
      for (const entry of inlineSuppressionsIn(relativePath, read.text)) {
        nodes.push({ kind: 'inline-suppression', folder, entry });
      }
    }
  }
  return nodes;
}
