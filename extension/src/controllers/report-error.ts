import * as vscode from 'vscode';
import { toDevsecopsError } from '@devsecops/shared/errors';
import type { Ctx } from '../state/ctx';
import { plainNotificationText } from '../model/missing-tool-rule';

/** Shows a command's failure: the user-safe message in a notification, detail and cause in the log. */
export function reportCommandError(ctx: Ctx, what: string, error: unknown): void {
  const problem = toDevsecopsError(error);
  ctx.log.error(`${what}: ${problem.message}${problem.detail ? `\n${problem.detail}` : ''}`);
  if (problem.cause instanceof Error) ctx.log.error(problem.cause);
  if (problem.code !== 'CANCELLED')
    void vscode.window.showErrorMessage(`DevSecOps: ${plainNotificationText(problem.message)}`);
}
