import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '@devsecops/shared/findings';
import type { ToolRun } from '@devsecops/shared/engines';
import { LINE_SUPPRESSIBLE_TOOLS, SHOW_LOCKFILE_UPDATE_COMMAND } from './code-actions';
import type { LockfileAdvice } from '../model/lockfile-command';
import { DATABASE_AGE_COMMAND, showDatabaseAge } from '../state/database-age-item';
import type { Ctx } from '../state/ctx';
import type { BufferLinter } from './buffer-linter';
import { banditSuppression, hadolintSuppression } from '../model/line-edits';
import type { LinesReplacement } from '../model/line-edits';
import { commentableLine } from '../model/python-comment-lines';
import { suppressionFor } from '../model/suppression-entry';
import { runPipelineCommand } from './run-pipeline';
import { openPipelineReport, showGateFailures } from './pipeline-results';
import { updateDatabaseCommand } from './database-update';
import { groupByPath } from '../model/group-by-path';
import type { LocalScanResult } from '../model/findings-model';
import { notScannedIn, restrictedModeGap } from '../model/not-scanned';
import { reportCommandError } from './report-error';

/** A command: a factory gets the context once, VS Code calls the result with the command's arguments. */
type CommandFactory = (ctx: Ctx, linter: BufferLinter) => (...args: unknown[]) => unknown;

/** Every command the extension registers, by id (rust-analyzer style: small factories, wired in one place). */
export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'devsecops.runPipeline': (ctx) => () => runPipelineCommand(ctx),
  'devsecops.scanWorkspace': (ctx, linter) => () => scanWorkspace(ctx, linter),
  'devsecops.updateDatabase': (ctx, linter) => () => updateDatabaseCommand(ctx, linter),
  'devsecops.showOutput': (ctx) => () => ctx.log.show(true),
  'devsecops.showGateFailures': (ctx) => () => showGateFailures(ctx),
  'devsecops.openPipelineReport': (ctx) => () => openPipelineReport(ctx),
  'devsecops.showView': () => () => vscode.commands.executeCommand('devsecops.findings.focus'),
  'devsecops.clearPipelineResults': (ctx) => () => ctx.store.clearPipelineResults(),
  [DATABASE_AGE_COMMAND]: (ctx) => () => showDatabaseAge(ctx.databaseAge, ctx.trusted),
  [SHOW_LOCKFILE_UPDATE_COMMAND]: () => (advice) => showLockfileUpdate(advice as LockfileAdvice),
  'devsecops.suppressOnLine': () => (uri, finding) => suppressOnLine(uri as vscode.Uri, finding as Finding),
  'devsecops.suppressInConfig': (ctx, linter) => (uri, finding) =>
    suppressInConfig(ctx, linter, uri as vscode.Uri, finding as Finding),
};

async function scanWorkspace(ctx: Ctx, linter: BufferLinter): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('DevSecOps: open a folder to scan it.');
    return;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'DevSecOps: scanning', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const end = ctx.beginScan();
      try {
        let total = 0;
        const runs: ToolRun[] = [];
        const results = new Map<vscode.Uri, LocalScanResult>();
        for (const folder of folders) {
          progress.report({ message: folder.name });
          const settings = ctx.settings(folder);
          if (!settings.enable) continue;
          const root = folder.uri.fsPath;
          const result = await ctx.engines.scanFolder({
            root,
            config: await ctx.scanConfig(root, settings),
            execution: ctx.scanExecution(root, settings),
            signal: controller.signal,
            log: (line) => ctx.log.info(line),
          });
          ctx.reportTrustWarnings(root, result.trustWarnings);
          if (controller.signal.aborted) return;
          runs.push(...result.tools);
          total += result.findings.length;
          const covered = result.tools.map((run) => run.name);
          const byPath = groupByPath(result.findings);
          // Files a tool could not read get an entry too: they are shown as not scanned, never as clean.
          const unreadable = result.tools.flatMap((run) => (run.unscanned ?? []).map((file) => file.path));
          for (const relativePath of new Set([...byPath.keys(), ...unreadable])) {
            results.set(vscode.Uri.file(path.join(root, relativePath)), {
              tools: covered,
              findings: byPath.get(relativePath) ?? [],
              notScanned: notScannedIn(relativePath, result.tools).filter((gap) => gap.cause === 'parse-error'),
            });
          }
        }
        const restricted = restrictedModeGap('python', ctx.trusted, ctx.settings(folders[0]).bandit.enabled);
        ctx.store.setWorkspaceResults(results, [
          ...notScannedIn('', runs).filter((gap) => gap.cause !== 'parse-error'),
          ...(restricted ? [restricted] : []),
        ]);
        ctx.advisoryDatabase = runs.find((run) => run.advisoryDatabase)?.advisoryDatabase ?? ctx.advisoryDatabase;
        ctx.missingTools.report(runs);
        ctx.reportToolRuns(runs);
        for (const run of runs) ctx.log.info(`${run.name}: ${run.status}${run.reason ? ` (${run.reason})` : ''}`);
        // Open editors show their buffer, which may differ from the disk the scan read.
        linter.lintOpenDocuments();
        void vscode.window.showInformationMessage(`DevSecOps: scan finished with ${total} finding(s).`);
      } catch (error) {
        reportCommandError(ctx, 'Scan workspace', error);
      } finally {
        end();
      }
    },
  );
}

/** A lockfile is written by its tool: say which command, and copy it on request (nothing runs here). */
async function showLockfileUpdate(advice: LockfileAdvice): Promise<void> {
  const copy = 'Copy command';
  const choice = await vscode.window.showInformationMessage(
    `DevSecOps: ${advice.message}`,
    ...(advice.commandLine === undefined ? [] : [copy]),
  );
  if (choice === copy && advice.commandLine !== undefined) await vscode.env.clipboard.writeText(advice.commandLine);
}

/** Says where the suppression went, with the way to read or undo it. */
async function showSuppressed(finding: Finding, configUri: vscode.Uri): Promise<void> {
  const open = 'Open';
  const where = `${finding.location.path}:${String(finding.location.line)}`;
  const choice = await vscode.window.showInformationMessage(
    `DevSecOps: ${finding.ruleId} at ${where} is suppressed in .devsecops.yml (this finding only, by its fingerprint).`,
    open,
  );
  if (choice === open) await vscode.window.showTextDocument(configUri);
}

async function askReason(finding: Finding, required: boolean): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Suppress ${finding.ruleId}`,
    prompt: required
      ? 'Why is this acceptable? The reason is kept in .devsecops.yml for reviewers.'
      : 'Why is this acceptable? (kept as a comment; Enter to skip)',
    placeHolder: 'e.g. input is a constant; reviewed by the security team',
    ignoreFocusOut: true,
    validateInput: (value) => (required && value.trim() === '' ? 'A reason is required.' : undefined),
  });
}

async function suppressOnLine(uri: vscode.Uri, finding: Finding): Promise<void> {
  if (!LINE_SUPPRESSIBLE_TOOLS.has(finding.tool)) return;
  const reason = await askReason(finding, false);
  if (reason === undefined) return;
  const document = await vscode.workspace.openTextDocument(uri);
  const line = finding.location.line;
  if (line < 1 || line > document.lineCount) return;
  let replacement: LinesReplacement | undefined;
  if (finding.tool === 'bandit') {
    const target = banditCommentLine(document, finding);
    if (!target) {
      void vscode.window.showWarningMessage(
        `DevSecOps: ${finding.ruleId} cannot be suppressed with a comment here: every line of the statement ends inside a string or after a backslash. Use "Suppress ${finding.ruleId} in .devsecops.yml…" instead.`,
      );
      return;
    }
    const targetText = document.lineAt(target.line - 1).text;
    replacement = banditSuppression(targetText, target.line, finding.ruleId, reason, target.commentStart);
  } else {
    replacement = hadolintSuppression(
      document.lineAt(line - 1).text,
      line,
      line > 1 ? document.lineAt(line - 2).text : undefined,
      finding.ruleId,
      reason,
    );
  }
  if (!replacement) {
    void vscode.window.showInformationMessage(`DevSecOps: ${finding.ruleId} is already suppressed on this line.`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(
    replacement.startLine - 1,
    0,
    replacement.endLine - 1,
    document.lineAt(replacement.endLine - 1).text.length,
  );
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  edit.replace(uri, range, replacement.text.split('\n').join(eol));
  await vscode.workspace.applyEdit(edit);
}

/**
 * The line of a Bandit finding's statement that can take the `# nosec`: Bandit honours one on any line of
 * the reported range, and a comment after a `\` or inside a triple-quoted string would break the code or
 * change the string instead.
 */
function banditCommentLine(
  document: vscode.TextDocument,
  finding: Finding,
): { line: number; commentStart: number | undefined } | undefined {
  const lastLine = Math.min(
    Math.max(finding.location.endLine ?? finding.location.line, finding.location.line),
    document.lineCount,
  );
  const lines: string[] = [];
  for (let index = 0; index < lastLine; index += 1) lines.push(document.lineAt(index).text);
  return commentableLine(lines, finding.location.line, lastLine);
}

async function suppressInConfig(ctx: Ctx, linter: BufferLinter, uri: vscode.Uri, finding: Finding): Promise<void> {
  const reason = await askReason(finding, true);
  if (reason === undefined) return;
  const { root } = ctx.locate(uri);
  const configUri = vscode.Uri.file(path.join(root, '.devsecops.yml'));
  try {
    let existing = '';
    let exists = true;
    try {
      existing = (await vscode.workspace.openTextDocument(configUri)).getText();
    } catch {
      exists = false;
    }
    const settings = ctx.settings(uri);
    // The line and its code as a comment, so two findings of one rule in one file can be told apart.
    const source = await vscode.workspace.openTextDocument(uri);
    const line = finding.location.line;
    const snippet = line >= 1 && line <= source.lineCount ? source.lineAt(line - 1).text : '';
    const text = ctx.core.addSuppression(
      existing,
      suppressionFor(finding, reason, settings.suppressionExpiryDays, new Date()),
      { where: `${finding.location.path}:${String(line)}`, snippet },
    );
    const edit = new vscode.WorkspaceEdit();
    if (exists) {
      const document = await vscode.workspace.openTextDocument(configUri);
      edit.replace(configUri, new vscode.Range(0, 0, document.lineCount, 0), text);
    } else {
      edit.createFile(configUri, { ignoreIfExists: true, contents: Buffer.from(text, 'utf8') });
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${configUri.fsPath}.`);
    if (exists) await (await vscode.workspace.openTextDocument(configUri)).save();
    ctx.invalidateConfig(root);
    linter.lintOpenDocuments();
    ctx.log.info(`Suppressed ${finding.ruleId} in ${configUri.fsPath}: ${reason}`);
    void showSuppressed(finding, configUri);
  } catch (error) {
    reportCommandError(ctx, 'Suppress in .devsecops.yml', error);
  }
}
