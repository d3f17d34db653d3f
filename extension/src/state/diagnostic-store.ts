import * as vscode from 'vscode';
import type { Finding } from '@devsecops/shared/findings';
import { FindingsModel } from '../model/findings-model';
import type { LocalScanResult, NotScanned, ShownFinding } from '../model/findings-model';
import { diagnosticLevelOf } from '../model/severity-map';
import type { SeverityMapSettings } from '../model/severity-map';
import { groupFindings } from '../model/advisory-groups';
import { toGroupDiagnostic } from './finding-diagnostic';
import type { LineLength } from './finding-diagnostic';

export type { FindingSource } from '../model/findings-model';

/** A file's findings as shown (each once, severity setting `off` left out), for the view and the status bar. */
export interface ShownFile {
  readonly uri: vscode.Uri;
  readonly findings: readonly ShownFinding[];
  readonly notScanned: readonly NotScanned[];
}

/** The collection of pipeline-only findings (those no local scan reports). */
const PIPELINE_COLLECTION = 'pipeline';

/**
 * Draws the findings store (`FindingsModel`: the merge rules) as diagnostics: one DiagnosticCollection per
 * tool (so the Problems panel can be filtered by tool, and one tool's run never clears another's), plus one
 * for findings only a pipeline run reported. Code actions and hovers look findings up by diagnostic.
 */
export class DiagnosticStore implements vscode.Disposable {
  readonly model = new FindingsModel();
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly findingOf = new WeakMap<vscode.Diagnostic, Finding>();
  /** Every finding a diagnostic stands for (the advisories of one requirement share one). */
  private readonly groupOf = new WeakMap<vscode.Diagnostic, readonly Finding[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after any change, for the status bar and the view. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly severityFor: (uri: vscode.Uri) => SeverityMapSettings) {}

  /** A buffer scan of an open document (`savedToDisk`: scanned on save, so the disk holds the same text). */
  setBufferResult(uri: vscode.Uri, result: LocalScanResult, savedToDisk = false): void {
    this.model.setBufferResult(this.key(uri), result, savedToDisk);
    this.render([uri]);
  }

  /** A document closed: its workspace results (if a workspace scan ran) show again. */
  closeBuffer(uri: vscode.Uri): void {
    this.model.closeBuffer(this.key(uri));
    this.render([uri]);
  }

  /** One workspace scan's results, by file, replacing the previous scan's. */
  setWorkspaceResults(results: ReadonlyMap<vscode.Uri, LocalScanResult>, gaps: readonly NotScanned[]): void {
    const before = this.knownUris();
    this.model.beginWorkspaceScan();
    for (const [uri, result] of results) this.model.setWorkspaceResult(this.key(uri), result);
    this.model.setWorkspaceGaps(gaps);
    this.render([...before, ...results.keys()]);
  }

  /** One pipeline run's findings, by file, replacing the previous run's. */
  setPipelineResults(findingsByUri: ReadonlyMap<vscode.Uri, readonly Finding[]>): void {
    const before = this.knownUris();
    this.model.setPipelineResults(new Map([...findingsByUri].map(([uri, findings]) => [this.key(uri), findings])));
    this.render([...before, ...findingsByUri.keys()]);
  }

  clearPipelineResults(): void {
    const before = this.knownUris();
    this.model.clearSource('pipeline');
    this.render(before);
  }

  /** A file or folder was deleted or renamed away: its files lose their workspace and pipeline findings. */
  forgetDeleted(uri: vscode.Uri): void {
    const deleted = uri.toString();
    const gone = (key: string): boolean => key === deleted || key.startsWith(`${deleted}/`);
    const affected = [...this.uris].filter(([key]) => gone(key)).map(([, known]) => known);
    if (this.model.forgetDeletedFiles(gone).length > 0) this.render(affected);
  }

  /** Redraws every file (after a severity setting changed). */
  refresh(): void {
    this.render(this.knownUris());
  }

  /** Every file's shown findings (severity `off` left out) and what was not scanned in it. */
  files(): ShownFile[] {
    const files: ShownFile[] = [];
    for (const key of this.model.filesWithResults()) {
      const uri = this.uris.get(key);
      if (!uri) continue;
      const severity = this.severityFor(uri);
      const findings = this.model.shown(key).filter((shown) => diagnosticLevelOf(shown.finding, severity) !== 'off');
      files.push({ uri, findings, notScanned: this.model.notScanned(key) });
    }
    return files;
  }

  /** The finding behind one of our diagnostics (the most severe, when it stands for several). */
  finding(diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.findingOf.get(diagnostic);
  }

  /** Every finding behind one of our diagnostics, most severe first. */
  findings(diagnostic: vscode.Diagnostic): readonly Finding[] {
    return this.groupOf.get(diagnostic) ?? [];
  }

  /** Our diagnostics on `uri` whose range contains `position`. */
  diagnosticsAt(uri: vscode.Uri, position: vscode.Position): vscode.Diagnostic[] {
    const found: vscode.Diagnostic[] = [];
    for (const collection of this.collections.values()) {
      for (const diagnostic of collection.get(uri) ?? [])
        if (diagnostic.range.contains(position)) found.push(diagnostic);
    }
    return found;
  }

  dispose(): void {
    for (const collection of this.collections.values()) collection.dispose();
    this.collections.clear();
    this.uris.clear();
    this.changed.dispose();
  }

  private key(uri: vscode.Uri): string {
    const key = uri.toString();
    this.uris.set(key, uri);
    return key;
  }

  private knownUris(): vscode.Uri[] {
    return [...this.uris.values()];
  }

  private collection(name: string): vscode.DiagnosticCollection {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = vscode.languages.createDiagnosticCollection(`devsecops.${name}`);
      this.collections.set(name, collection);
    }
    return collection;
  }

  private render(uris: readonly vscode.Uri[]): void {
    for (const uri of new Map(uris.map((uri) => [uri.toString(), uri])).values()) this.renderOne(uri);
    this.changed.fire();
  }

  private renderOne(uri: vscode.Uri): void {
    const key = uri.toString();
    const severity = this.severityFor(uri);
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === key);
    const lineLength: LineLength = (line) =>
      document && line < document.lineCount ? document.lineAt(line).text.length : undefined;
    const next = new Map<string, vscode.Diagnostic[]>();
    // Findings of one tool (or the pipeline's) on one line that share a requirement become one diagnostic.
    const shownByCollection = new Map<string, ShownFinding[]>();
    for (const shown of this.model.shown(key)) {
      if (diagnosticLevelOf(shown.finding, severity) === 'off') continue;
      const name = shown.source === 'pipeline' ? PIPELINE_COLLECTION : shown.finding.tool;
      shownByCollection.set(name, [...(shownByCollection.get(name) ?? []), shown]);
    }
    for (const [name, shownFindings] of shownByCollection) {
      const staleOf = new Map(shownFindings.map((shown) => [shown.finding, shown.stale]));
      const diagnostics: vscode.Diagnostic[] = [];
      for (const group of groupFindings(shownFindings.map((shown) => shown.finding))) {
        const level = diagnosticLevelOf(group.lead, severity);
        if (level === 'off') continue;
        const diagnostic = toGroupDiagnostic(group, level, lineLength, name === PIPELINE_COLLECTION);
        // The tool could not read the current text: say these are the last good results, and why.
        const stale = staleOf.get(group.lead);
        if (stale !== undefined) diagnostic.message = `${diagnostic.message}\n(last good scan: ${stale})`;
        this.findingOf.set(diagnostic, group.lead);
        this.groupOf.set(diagnostic, group.findings);
        diagnostics.push(diagnostic);
      }
      next.set(name, diagnostics);
    }
    for (const [name, collection] of this.collections) if (!next.has(name)) collection.delete(uri);
    for (const [name, diagnostics] of next) this.collection(name).set(uri, diagnostics);
    if (!this.model.has(key)) this.uris.delete(key);
  }
}
