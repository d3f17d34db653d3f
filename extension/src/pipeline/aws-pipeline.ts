import type * as vscode from 'vscode';
import { DevsecopsError } from '@devsecops/shared';
import type { PipelineRunReport } from '@devsecops/shared/src/pipeline/run-report';
import type { Ctx } from '../ctx';
import type { EditorSettings } from '../node/editor-settings';

/** Runs the cloud pipeline; undefined when the person declined the confirmation. */
export function runAwsPipeline(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  settings: EditorSettings,
): Promise<PipelineRunReport | undefined> {
  ctx.log.warn(`AWS mode requested for ${folder.name} (region ${settings.aws.region || 'default'})`);
  return Promise.reject(new DevsecopsError('AWS', 'AWS mode is not available in this build yet.'));
}
