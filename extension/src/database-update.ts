import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import type { BufferLinter } from './diagnostics/buffer-linter';
import { reportCommandError } from './report-error';

/**
 * "Update vulnerability database": downloads the OSV PyPI export into the per-user cache (a failed or
 * partial download never replaces the working database), then re-checks open requirements files.
 * Only network I/O, no process: allowed in restricted mode too.
 */
export async function updateDatabaseCommand(ctx: Ctx, linter: BufferLinter): Promise<void> {
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'DevSecOps: updating the vulnerability database',
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      try {
        const result = await ctx.core.updateVulnerabilityDatabase({
          signal: controller.signal,
          progress: (line) => {
            ctx.log.info(`db update: ${line}`);
            progress.report({ message: line });
          },
        });
        const text = `DevSecOps: vulnerability database updated: ${result.advisoryCount} advisories for ${result.packageCount} packages.`;
        ctx.log.info(`${text} (${result.path}, sha256 ${result.sha256})`);
        linter.lintOpenDocuments();
        void vscode.window.showInformationMessage(text);
      } catch (error) {
        reportCommandError(ctx, 'Update vulnerability database', error);
      }
    },
  );
}
