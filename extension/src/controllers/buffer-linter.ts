import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDevsecopsError } from '@devsecops/shared/errors';
import type { Ctx } from '../state/ctx';
import { KeyedDebouncer } from '../model/keyed-debouncer';
import { bufferKindOf, TOOLS_BY_KIND } from '../model/buffer-kind';
import { notScannedIn } from '../model/not-scanned';
import { bufferScanPlan } from '../model/buffer-scan-plan';
import { checksPolicyAsYouType, isPolicyFile } from '../model/policy-diagnostic';
import type { BufferTrigger as Trigger } from '../model/buffer-scan-plan';

/**
 * Lints open documents from their buffer, not the file on disk: debounced while typing, the superseded
 * run cancelled (its process group killed), diagnostics cleared when the document closes. A folder's
 * `.devsecops.yml` is validated the same way (its problems on its lines), with the same debounce.
 */
export class BufferLinter implements vscode.Disposable {
  private readonly debouncer = new KeyedDebouncer();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 'open')),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.schedule(event.document, 'change');
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.schedule(document, 'save')),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.lintOpenDocuments()),
    );
  }

  /** Lints every open document now (at activation, after trust is granted, after settings change). */
  lintOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 'open');
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private forget(document: vscode.TextDocument): void {
    this.debouncer.cancel(document.uri.toString());
    const { root, relativePath } = this.ctx.locate(document.uri);
    if (isPolicyFile(relativePath) && document.uri.scheme === 'file') {
      // Closed, its unsaved edits are gone: what counts again is the file on disk.
      this.ctx.checkPolicyOnDisk(root).catch((error: unknown) => this.logPolicyError(relativePath, error));
      return;
    }
    this.ctx.store.closeBuffer(document.uri);
  }

  /** Unsaved text of the other open manifests and lockfiles of the document's folder. */
  private openManifestBuffers(document: vscode.TextDocument): Map<string, string> {
    const buffers = new Map<string, string>();
    for (const sibling of this.siblingManifests(document)) {
      buffers.set(this.ctx.locate(sibling.uri).relativePath, sibling.getText());
    }
    return buffers;
  }

  private siblingManifests(document: vscode.TextDocument): vscode.TextDocument[] {
    const folder = path.dirname(document.uri.fsPath);
    return vscode.workspace.textDocuments.filter(
      (other) =>
        other !== document &&
        other.uri.scheme === 'file' &&
        path.dirname(other.uri.fsPath) === folder &&
        bufferKindOf(this.ctx.locate(other.uri).relativePath) === 'manifest',
    );
  }

  private relintSiblingManifests(document: vscode.TextDocument): void {
    for (const sibling of this.siblingManifests(document)) this.schedule(sibling, 'open');
  }

  /**
   * Validates the policy file's buffer on open, save and (debounced) every edit, whatever `devsecops.run` says
   * and in Restricted Mode too: it is read and checked, and nothing runs.
   */
  private schedulePolicyCheck(document: vscode.TextDocument, trigger: Trigger): void {
    const settings = this.ctx.settings(document.uri);
    const key = document.uri.toString();
    if (!settings.enable) {
      this.debouncer.cancel(key);
      this.ctx.policy.clear(document.uri);
      return;
    }
    // The diagnostics of the last check stay until the file is saved.
    if (trigger === 'change' && !checksPolicyAsYouType(document.lineCount)) return;
    const version = document.version;
    this.debouncer.schedule(
      key,
      trigger === 'change' ? settings.debounceMs : 0,
      (signal) => {
        // A superseded or closed document's problems are stale. A throw becomes the promise's rejection.
        const current = !signal.aborted && !document.isClosed && document.version === version;
        return current ? Promise.resolve().then(() => this.ctx.checkPolicyBuffer(document)) : Promise.resolve();
      },
      (error) => this.logPolicyError(this.ctx.locate(document.uri).relativePath, error),
    );
  }

  private logPolicyError(relativePath: string, error: unknown): void {
    this.ctx.log.error(`Checking ${relativePath} failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  private schedule(document: vscode.TextDocument, trigger: Trigger): void {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return;
    const { root, relativePath } = this.ctx.locate(document.uri);
    if (isPolicyFile(relativePath) && document.uri.scheme === 'file') {
      this.schedulePolicyCheck(document, trigger);
      return;
    }
    const kind = bufferKindOf(relativePath, document.languageId);
    if (!kind) return;
    const settings = this.ctx.settings(document.uri);
    const plan = bufferScanPlan(kind, trigger, settings, this.ctx.trusted);
    if (plan.action === 'forget') {
      this.forget(document);
      return;
    }
    if (plan.action === 'restricted') {
      // Nothing runs for this file in Restricted Mode: say so instead of showing it as clean.
      this.ctx.store.setBufferResult(document.uri, { tools: [], findings: [], notScanned: [plan.gap] });
      return;
    }
    if (plan.action === 'wait') return;
    const delay = trigger === 'change' ? settings.debounceMs : 0;
    const version = document.version;
    this.debouncer.schedule(
      document.uri.toString(),
      delay,
      async (signal) => {
        const end = this.ctx.beginScan();
        try {
          const config = await this.ctx.scanConfig(root, settings);
          const text = document.getText();
          const result = await this.ctx.engines.scanBuffer({
            root,
            relativePath,
            text,
            kind,
            config,
            execution: this.ctx.scanExecution(root, settings),
            withExternalTools: trigger !== 'change',
            ...(kind === 'manifest' ? { openBuffers: this.openManifestBuffers(document) } : {}),
            signal,
            log: (line) => this.ctx.log.debug(line),
          });
          this.ctx.reportTrustWarnings(root, result.trustWarnings);
          // A superseded or closed document's result is stale: drop it rather than draw old positions.
          if (signal.aborted || document.isClosed || document.version !== version) return;
          this.ctx.log.debug(
            `${relativePath}: ${result.findings.length} finding(s) from ${kind} engines in ${result.durationMs.toFixed(1)} ms`,
          );
          for (const run of result.tools) {
            if (run.status === 'failed')
              this.ctx.log.error(`${run.name} failed on ${relativePath}: ${run.reason ?? ''}`);
          }
          this.ctx.missingTools.report(result.tools);
          this.ctx.reportToolRuns(result.tools);
          this.ctx.store.setBufferResult(
            document.uri,
            {
              tools: TOOLS_BY_KIND[kind],
              findings: result.findings,
              notScanned: notScannedIn(relativePath, result.tools),
            },
            trigger === 'save' && !document.isDirty,
          );
          // pyproject.toml and its lockfiles are judged together: a change to one can move findings in the other.
          if (kind === 'manifest' && trigger !== 'open') this.relintSiblingManifests(document);
        } finally {
          end();
        }
      },
      (error) => {
        if (isDevsecopsError(error) && error.code === 'CANCELLED') return;
        this.ctx.log.error(
          `Scanning ${relativePath} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
  }
}
