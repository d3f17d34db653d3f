import * as vscode from 'vscode';
import type { Ctx } from '../state/ctx';
import type { BufferLinter } from './buffer-linter';
import { isDevsecopsError } from '@devsecops/shared/errors';
import type { DevsecopsError } from '@devsecops/shared/errors';
import { reportCommandError } from './report-error';

/** The setting that points the editor at a database zip copied by hand. */
const DATABASE_PATH_SETTING = 'devsecops.sca.databasePath';

/**
 * Without a network the editor's way is its setting, not the CLI's `--from`: download the OSV PyPI export
 * (all.zip) elsewhere, copy it here and point the setting at it.
 */
async function offerOfflineDatabase(ctx: Ctx, error: DevsecopsError): Promise<void> {
  ctx.log.error(`Update vulnerability database: ${error.message}`);
  if (error.cause instanceof Error) ctx.log.error(error.cause);
  const open = 'Open setting';
  const choice = await vscode.window.showErrorMessage(
    'DevSecOps: the vulnerability database could not be downloaded (no network, or the OSV site is unreachable). Without a network: download the OSV PyPI export (PyPI/all.zip) on another machine, copy it here and set "DevSecOps › Sca: Database Path" to that file.',
    open,
  );
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', DATABASE_PATH_SETTING);
}

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
        ctx.engines.forgetDatabases();
        linter.lintOpenDocuments();
        void vscode.window.showInformationMessage(text);
      } catch (error) {
        if (isDevsecopsError(error) && error.code === 'NETWORK') {
          void offerOfflineDatabase(ctx, error);
          return;
        }
        reportCommandError(ctx, 'Update vulnerability database', error);
      }
    },
  );
}
