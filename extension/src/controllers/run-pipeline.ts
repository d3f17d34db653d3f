import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '@devsecops/shared/findings';
import type { PipelineProgressEvent, PipelineRunReport } from '@devsecops/shared/pipeline';
import { isSarifReportName } from '@devsecops/shared/sarif';
import type { Ctx } from '../state/ctx';
import type { EditorSettings } from '../model/editor-settings';
import { gateFailuresOf, summarisePipelineRun } from '../model/pipeline-summary';
import { loadAwsPipeline } from './aws-loader';
import type { PipelineOutcome } from '../model/pipeline-outcome';
import { withPipelineProgress } from './pipeline-progress';
import { groupByPath } from '../model/group-by-path';
import { reportCommandError } from './report-error';

/** SARIF reports larger than this are not read back into the editor. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** "Run DevSecOps pipeline": locally by default, on AWS when `devsecops.pipeline.mode` is `aws`. */
export async function runPipelineCommand(ctx: Ctx): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  if (!ctx.trusted) {
    // The pipeline runs the repository's buildspecs (shell commands) or calls AWS: neither in restricted mode.
    const trust = 'Manage Workspace Trust';
    const choice = await vscode.window.showWarningMessage(
      'DevSecOps: the pipeline runs commands from this repository (or calls AWS), so it needs a trusted workspace.',
      trust,
    );
    if (choice === trust) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const settings = ctx.settings(folder);
  ctx.pipelineRuns.start(folder);
  try {
    const report =
      settings.pipeline.mode === 'aws'
        ? await runOnAws(ctx, folder, settings)
        : await runLocally(ctx, folder, settings);
    if (report) await showResults(ctx, folder, report);
    else ctx.pipelineRuns.abandon();
  } catch (error) {
    ctx.pipelineRuns.finish();
    reportCommandError(ctx, 'Run DevSecOps pipeline', error);
  }
}

/**
 * Where a local run writes its reports: the extension's storage for this workspace, never the repository
 * (git would list them as untracked, and a repository's `reports` link must not steer where they go).
 */
function reportsDirFor(ctx: Ctx, folder: vscode.WorkspaceFolder): string {
  const storage = ctx.extension.storageUri ?? ctx.extension.globalStorageUri;
  return path.join(storage.fsPath, 'pipeline-reports', String(folder.index));
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('DevSecOps: open the repository folder to run its pipeline.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Run the DevSecOps pipeline on which folder?' });
}

/** A progress line for one pipeline event, or undefined for events not worth a redraw. */
export function progressMessage(event: PipelineProgressEvent): string | undefined {
  switch (event.type) {
    case 'stage-started':
      return `${event.stage}: ${event.actions.join(' + ')}`;
    case 'action-ended':
      return `${event.stage} › ${event.action}: ${event.status} (${event.findings} finding${event.findings === 1 ? '' : 's'})`;
    case 'stage-ended':
      return `${event.stage}: ${event.status}${event.reason ? ` (${event.reason})` : ''}`;
    case 'action-started':
    case 'action-log':
    case 'pipeline-ended':
      return undefined;
  }
}

async function runLocally(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  settings: EditorSettings,
): Promise<PipelineOutcome> {
  const end = ctx.beginScan();
  try {
    ctx.log.info(`Running the DevSecOps pipeline locally on ${folder.uri.fsPath} (gate: ${settings.pipeline.failOn})`);
    const report = await withPipelineProgress('DevSecOps pipeline (local)', (progress, signal) =>
      ctx.core.runLocalPipeline({
        root: folder.uri.fsPath,
        failOn: settings.pipeline.failOn,
        reportsDir: reportsDirFor(ctx, folder),
        cliPath: ctx.cliPath,
        // The scans of each action run the programs of the machine-scoped settings, as the editor's own do;
        // the definition is devsecops' own (never the workspace's pipeline/pipeline.yml).
        actionVariables: ctx.core.executionToEnvironment(ctx.scanExecution(folder.uri.fsPath, settings)),
        runProcess: ctx.runProcess,
        signal,
        onProgress: (event) => {
          ctx.pipelineRuns.progress(event);
          if (event.type === 'action-log') ctx.log.trace(`[${event.stage}/${event.action}] ${event.line}`);
          const message = progressMessage(event);
          if (message) {
            ctx.log.info(message);
            progress(message);
          }
        },
      }),
    );
    return { report, findings: await findingsOfReports(ctx, folder, report) };
  } finally {
    end();
  }
}

async function runOnAws(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  settings: EditorSettings,
): Promise<PipelineOutcome | undefined> {
  // The AWS SDK is a separate bundle, loaded the first time AWS mode is used.
  const aws = loadAwsPipeline();
  return aws.runAwsPipeline(ctx, folder, settings);
}

/** The findings of the SARIF reports a local run wrote. */
async function findingsOfReports(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  report: PipelineRunReport,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const action of report.stages.flatMap((stage) => stage.actions)) {
    for (const file of action.reportFiles.filter(isSarifReportName)) {
      const reportPath = path.resolve(report.reportsDir, file);
      // The reports folder is usually inside the workspace: read it as any repository file (no link out, no FIFO).
      const read = await ctx.core.readRepositoryFile({
        root: report.reportsDir,
        path: file,
        maxBytes: MAX_REPORT_BYTES,
      });
      if (!read.ok) {
        ctx.log.warn(`Could not read ${reportPath}: ${read.error.message}`);
        continue;
      }
      try {
        findings.push(...ctx.core.importSarifFindings(read.text, { root: folder.uri.fsPath }));
      } catch (error) {
        ctx.log.warn(`Could not read ${reportPath}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return findings;
}

/** Puts the run's findings into the store (merged with local results) and says what the gate counted. */
async function showResults(ctx: Ctx, folder: vscode.WorkspaceFolder, outcome: PipelineOutcome): Promise<void> {
  const byUri = new Map<vscode.Uri, Finding[]>();
  for (const [relativePath, inFile] of groupByPath(outcome.findings)) {
    byUri.set(vscode.Uri.file(path.join(folder.uri.fsPath, relativePath)), inFile);
  }
  ctx.store.setPipelineResults(byUri);
  const { report } = outcome;
  const actions = report.stages.flatMap((stage) => stage.actions);
  ctx.advisoryDatabase = actions.find((action) => action.advisoryDatabase)?.advisoryDatabase ?? ctx.advisoryDatabase;
  const gate = gateFailuresOf(report, outcome.findings);
  const summary = summarisePipelineRun(report, gate);
  ctx.pipelineRuns.finish({ report, gate, summary });
  ctx.log.info(
    `${summary.text} (${outcome.findings.length} results loaded${report.reportsDir ? ` from ${report.reportsDir}` : ''})`,
  );
  const showFailures = 'Show gate failures';
  const showFindings = 'Show findings';
  const openReport = 'Open report';
  const choices = [summary.gateFailed ? showFailures : showFindings, ...(report.reportsDir ? [openReport] : [])];
  const choice = await (summary.passed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(
    summary.text,
    ...choices,
  );
  if (choice === showFailures) await vscode.commands.executeCommand('devsecops.showGateFailures');
  if (choice === showFindings) await vscode.commands.executeCommand('devsecops.showView');
  if (choice === openReport) await vscode.commands.executeCommand('devsecops.openPipelineReport');
}
