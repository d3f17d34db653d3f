import * as vscode from 'vscode';
import type { Finding } from '@devsecops/shared';
import { diagnosticLevelOf } from '../node/severity-map';
import type { SeverityMapSettings } from '../node/severity-map';
import { groupFindings } from '../node/advisory-groups';
import { toGroupDiagnostic } from './finding-diagnostic';
import type { LineLength } from './finding-diagnostic';

/** Who produced findings: the on-type buffer linter, a workspace scan, or a pipeline run. */
export type FindingProducer = 'buffer' | 'workspace' | 'pipeline';

interface ToolEntry {
  readonly producer: FindingProducer;
  readonly findings: readonly Finding[];
}

/**
 * Keeps the findings behind the diagnostics: one DiagnosticCollection per tool (so the Problems panel can
 * be filtered by tool, and one tool's run never clears another's), plus one for pipeline results. For a
 * file and a tool the latest producer wins. Code actions and hovers look findings up by diagnostic.
 */
export class DiagnosticStore implements vscode.Disposable {
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();
  private readonly byUri = new Map<string, { uri: vscode.Uri; tools: Map<string, ToolEntry> }>();
  private readonly findingOf = new WeakMap<vscode.Diagnostic, Finding>();
  /** Every finding a diagnostic stands for (the advisories of one requirement share one). */
  private readonly groupOf = new WeakMap<vscode.Diagnostic, readonly Finding[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after any change, for the status bar's count. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly severityFor: (uri: vscode.Uri) => SeverityMapSettings) {}

  /**
   * Replaces `uri`'s findings of the tools in `tools` (and of any tool a finding names) with `findings`,
   * all produced by `producer`.
   */
  replace(uri: vscode.Uri, producer: FindingProducer, tools: readonly string[], findings: readonly Finding[]): void {
    const key = uri.toString();
    const entry = this.byUri.get(key) ?? { uri, tools: new Map<string, ToolEntry>() };
    this.byUri.set(key, entry);
    const grouped = new Map<string, Finding[]>(tools.map((tool) => [tool, []]));
    for (const finding of findings) grouped.set(finding.tool, [...(grouped.get(finding.tool) ?? []), finding]);
    for (const [tool, toolFindings] of grouped) {
      entry.tools.set(storeKey(tool, producer), { producer, findings: toolFindings });
      // A newer on-type or workspace result supersedes the other of the two for this tool.
      if (producer !== 'pipeline') entry.tools.delete(storeKey(tool, producer === 'buffer' ? 'workspace' : 'buffer'));
    }
    this.render(entry.uri);
  }

  /** Forgets `uri`'s findings from the given producers (a closed file keeps its pipeline results). */
  clear(uri: vscode.Uri, producers: readonly FindingProducer[]): void {
    const entry = this.byUri.get(uri.toString());
    if (!entry) return;
    for (const [key, value] of entry.tools) if (producers.includes(value.producer)) entry.tools.delete(key);
    this.render(uri);
  }

  /** Forgets every file's findings from the given producers. */
  clearAll(producers: readonly FindingProducer[]): void {
    for (const { uri } of [...this.byUri.values()]) this.clear(uri, producers);
  }

  /** Redraws every file (after a severity setting changed). */
  refresh(): void {
    for (const { uri } of this.byUri.values()) this.render(uri);
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

  /** Number of findings shown, over all files and tools (a grouped diagnostic counts each of its findings). */
  count(): number {
    let total = 0;
    for (const collection of this.collections.values()) {
      collection.forEach((_uri, diagnostics) => {
        for (const diagnostic of diagnostics) total += this.groupOf.get(diagnostic)?.length ?? 1;
      });
    }
    return total;
  }

  dispose(): void {
    for (const collection of this.collections.values()) collection.dispose();
    this.collections.clear();
    this.byUri.clear();
    this.changed.dispose();
  }

  private collection(name: string): vscode.DiagnosticCollection {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = vscode.languages.createDiagnosticCollection(`devsecops.${name}`);
      this.collections.set(name, collection);
    }
    return collection;
  }

  private render(uri: vscode.Uri): void {
    const entry = this.byUri.get(uri.toString());
    const severity = this.severityFor(uri);
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    const lineLength: LineLength = (line) =>
      document && line < document.lineCount ? document.lineAt(line).text.length : undefined;
    const next = new Map<string, vscode.Diagnostic[]>();
    for (const [key, value] of entry?.tools ?? []) {
      const name = value.producer === 'pipeline' ? 'pipeline' : key.slice(0, key.lastIndexOf('\u0000'));
      const diagnostics = next.get(name) ?? [];
      next.set(name, diagnostics);
      const shown = value.findings.filter((finding) => diagnosticLevelOf(finding, severity) !== 'off');
      for (const group of groupFindings(shown)) {
        const level = diagnosticLevelOf(group.lead, severity);
        if (level === 'off') continue;
        const diagnostic = toGroupDiagnostic(group, level, lineLength, value.producer === 'pipeline');
        this.findingOf.set(diagnostic, group.lead);
        this.groupOf.set(diagnostic, group.findings);
        diagnostics.push(diagnostic);
      }
    }
    for (const [name, collection] of this.collections) if (!next.has(name)) collection.delete(uri);
    for (const [name, diagnostics] of next) {
      if (diagnostics.length) this.collection(name).set(uri, diagnostics);
      else this.collections.get(name)?.delete(uri);
    }
    if (entry && entry.tools.size === 0) this.byUri.delete(uri.toString());
    this.changed.fire();
  }
}

function storeKey(tool: string, producer: FindingProducer): string {
  return `${tool}\u0000${producer}`;
}
