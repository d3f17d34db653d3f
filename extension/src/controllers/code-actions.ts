import { posix } from 'node:path';
import * as vscode from 'vscode';
import { pythonManifestKind } from '@devsecops/shared/files';
import type { Finding } from '@devsecops/shared/findings';
import type { UpgradeTarget } from '@devsecops/shared/engines';
import type { Ctx } from '../state/ctx';
import { packageOf } from '../model/advisory-groups';
import { lockfileAdvice } from '../model/lockfile-command';
import { hashedRequirementAdvice } from '../model/hashed-requirement';
import { upgradeRequirementVersion } from '../model/line-edits';

/** Tools whose findings can be silenced by a comment on (or above) their line. */
export const LINE_SUPPRESSIBLE_TOOLS: ReadonlySet<string> = new Set(['bandit', 'hadolint', 'devsecops-dockerfile']);

/** The commands behind the suppression actions (they ask for a reason first). */
export const SUPPRESS_ON_LINE_COMMAND = 'devsecops.suppressOnLine';
export const SUPPRESS_IN_CONFIG_COMMAND = 'devsecops.suppressInConfig';
/** Shows (and offers to copy) the command that updates a package in a lockfile. */
export const SHOW_LOCKFILE_UPDATE_COMMAND = 'devsecops.showLockfileUpdate';

/**
 * Quick fixes for our diagnostics: one upgrade per requirement, to the lowest version that fixes every
 * advisory of its line (an edit of a requirements file or pyproject.toml; for a lockfile, the command that
 * writes it again), suppress on the line (`# nosec`, `# hadolint ignore=`) and suppress in `.devsecops.yml`
 * (both ask why).
 */
export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly ctx: Ctx) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const lead = this.ctx.store.finding(diagnostic);
      if (!lead) continue;
      const findings = this.ctx.store.findings(diagnostic);
      const upgrade = await this.upgradeAction(document, diagnostic, lead, findings.length ? findings : [lead]);
      if (upgrade) actions.push(upgrade);
      for (const finding of findings.length ? findings : [lead]) {
        if (LINE_SUPPRESSIBLE_TOOLS.has(finding.tool)) {
          actions.push(
            commandAction(`Suppress ${finding.ruleId} on this line…`, diagnostic, SUPPRESS_ON_LINE_COMMAND, [
              document.uri,
              finding,
            ]),
          );
        }
        actions.push(
          commandAction(`Suppress ${finding.ruleId} in .devsecops.yml…`, diagnostic, SUPPRESS_IN_CONFIG_COMMAND, [
            document.uri,
            finding,
          ]),
        );
      }
    }
    return actions;
  }

  /** The one upgrade for a requirement's advisories, or undefined when no known version fixes any. */
  private async upgradeAction(
    document: vscode.TextDocument,
    diagnostic: vscode.Diagnostic,
    lead: Finding,
    findings: readonly Finding[],
  ): Promise<vscode.CodeAction | undefined> {
    const packageName = packageOf(lead);
    const lineIndex = lead.location.line - 1;
    if (packageName === undefined || lineIndex >= document.lineCount) return undefined;
    const target = await this.upgradeTarget(document.uri, lead, packageName, findings);
    if (!target) return undefined;
    const title = this.ctx.core.upgradeTitle(packageName, target);
    const { relativePath } = this.ctx.locate(document.uri);
    const kind = pythonManifestKind(relativePath);
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    if (kind !== undefined && kind !== 'pyproject') {
      const update = this.ctx.core.lockfileUpdate(kind, packageName, document.getText());
      const advice = lockfileAdvice(
        update,
        posix.basename(relativePath),
        posix.dirname(relativePath),
        packageName,
        target.version,
      );
      action.title = `${title}: ${advice.commandLine === undefined ? 'lock again' : `run ${advice.commandLine}`}`;
      action.isPreferred = false;
      action.command = { title: action.title, command: SHOW_LOCKFILE_UPDATE_COMMAND, arguments: [advice] };
      return action;
    }
    if (kind === undefined && this.ctx.core.isHashPinnedRequirement(document.getText(), lead.location.line)) {
      const advice = hashedRequirementAdvice(posix.basename(relativePath), packageName, target.version);
      action.title = `${title}: generate the hashed file again`;
      action.isPreferred = false;
      action.command = { title: action.title, command: SHOW_LOCKFILE_UPDATE_COMMAND, arguments: [advice] };
      return action;
    }
    const range = this.editRange(document, relativePath, kind, lead, target.version);
    if (!range) return undefined;
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, range.range, range.text);
    return action;
  }

  private async upgradeTarget(
    uri: vscode.Uri,
    lead: Finding,
    packageName: string,
    findings: readonly Finding[],
  ): Promise<UpgradeTarget | undefined> {
    const { root } = this.ctx.locate(uri);
    const settings = this.ctx.settings(uri);
    const installed = lead.properties?.['installedVersion'];
    const specifier = lead.properties?.['specifier'];
    try {
      return await this.ctx.engines.upgradeFor({
        root,
        config: await this.ctx.scanConfig(root, settings),
        execution: this.ctx.scanExecution(root, settings),
        packageName,
        from:
          typeof installed === 'string'
            ? { version: installed }
            : { specifier: typeof specifier === 'string' ? specifier : '' },
        advisoryIds: findings.map((finding) => finding.ruleId),
      });
    } catch (error) {
      this.ctx.log.error(`Upgrade of ${packageName}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Where the new version goes: the pin of a requirements line, or the declaration in pyproject.toml. */
  private editRange(
    document: vscode.TextDocument,
    relativePath: string,
    kind: 'pyproject' | undefined,
    lead: Finding,
    version: string,
  ): { range: vscode.Range; text: string } | undefined {
    const { line, column } = lead.location;
    if (kind === 'pyproject') {
      const edit = this.ctx.core.upgradeDeclarationEdit(
        document.getText(),
        relativePath,
        column === undefined ? { line } : { line, column },
        version,
      );
      if (!edit) return undefined;
      const { start, end } = edit.range;
      return {
        range: new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1),
        text: edit.newText,
      };
    }
    const edit = upgradeRequirementVersion(
      document.lineAt(line - 1).text,
      line,
      version,
      this.ctx.core.upgradedSpecifier,
    );
    return edit
      ? { range: new vscode.Range(edit.line - 1, edit.startColumn, edit.line - 1, edit.endColumn), text: edit.text }
      : undefined;
  }
}

function commandAction(
  title: string,
  diagnostic: vscode.Diagnostic,
  command: string,
  args: readonly unknown[],
): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title, command, arguments: [...args] };
  return action;
}
