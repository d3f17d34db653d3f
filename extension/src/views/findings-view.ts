import * as vscode from 'vscode';
import type { Severity } from '@devsecops/shared/findings';
import type { AdvisoryDatabaseAge } from '@devsecops/shared/engines';
import type { Ctx } from '../state/ctx';
import { buildFindingsTree } from '../model/findings-tree';
import type { FileBranch, FindingLeaf, FindingsTree, SeverityBranch } from '../model/findings-tree';
import { labelText } from '../model/label-text';
import { listSuppressions } from './suppression-list';
import { TreeViewBase } from './tree-view-base';
import type { SuppressionNode } from './suppression-list';

type Node =
  | { readonly kind: 'gate'; readonly count: number; readonly threshold: string }
  | SeverityBranch
  | FileBranch
  | FindingLeaf
  | { readonly kind: 'hidden'; readonly count: number }
  | { readonly kind: 'suppressed' }
  | SuppressionNode
  | { readonly kind: 'database'; readonly age: AdvisoryDatabaseAge };

const SEVERITY_ICON: Readonly<Record<Severity, vscode.ThemeIcon>> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  high: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  medium: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  low: new vscode.ThemeIcon('info'),
  info: new vscode.ThemeIcon('circle-outline'),
};

/**
 * The DevSecOps view's findings: severity → file → finding with counts (each finding once, as in the status
 * bar), the findings the last pipeline run's gate counted marked, a tool filter, "new only" against the
 * baseline, the suppressions and the advisory database's date.
 */
export class FindingsView extends TreeViewBase<Node> {
  private toolFilter: ReadonlySet<string> | undefined;
  private newOnly = false;
  private tree: FindingsTree | undefined;

  constructor(private readonly ctx: Ctx) {
    super('devsecops.findings', true);
    this.subscriptions.push(
      ctx.store.onDidChange(() => this.refresh()),
      ctx.pipelineRuns.onDidChange(() => this.refresh()),
      ctx.baselines.onDidChange(() => this.refresh()),
    );
    void this.setContext();
  }

  /** Tools that have findings now, for the filter's choices. */
  get tools(): readonly string[] {
    return this.currentTree().tools;
  }

  /** Shows only `tools` (undefined: every tool). */
  setToolFilter(tools: ReadonlySet<string> | undefined): void {
    this.toolFilter = tools;
    this.refresh();
  }

  /** "New only" (findings the baseline does not have) or every finding. */
  setNewOnly(newOnly: boolean): void {
    this.newOnly = newOnly;
    void this.setContext();
    this.refresh();
  }

  refresh(): void {
    this.tree = undefined;
    const tree = this.currentTree();
    const filters = [
      this.toolFilter ? `${[...this.toolFilter].join(', ')} only` : '',
      this.newOnly && this.ctx.baselines.fingerprints ? 'new only' : '',
    ].filter((part) => part !== '');
    this.view.description = filters.join(' · ');
    this.view.badge =
      tree.shown > 0
        ? { value: tree.shown, tooltip: `${tree.shown} finding${tree.shown === 1 ? '' : 's'}` }
        : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] | Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'severity':
        return [...node.files];
      case 'file':
        return [...node.findings];
      case 'suppressed':
        return listSuppressions(this.ctx);
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'gate': {
        const item = new vscode.TreeItem(
          `Gate failed: ${node.count} finding${node.count === 1 ? '' : 's'} ≥ ${node.threshold}`,
        );
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip =
          "The findings the last pipeline run's gate counted (suppressed ones never count). Click to go through them.";
        item.command = { command: 'devsecops.showGateFailures', title: 'Show gate failures' };
        item.contextValue = 'gate';
        return item;
      }
      case 'severity': {
        // Collapsed: the severities and their counts fit on one screen; the gate row above leads to what blocks.
        const item = new vscode.TreeItem(node.severity, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `severity:${node.severity}`;
        item.description = `${node.count} finding${node.count === 1 ? '' : 's'}`;
        item.iconPath = SEVERITY_ICON[node.severity];
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(labelText(node.path), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `file:${node.severity}:${node.fileKey}`;
        item.resourceUri = vscode.Uri.parse(node.fileKey);
        item.description = String(node.findings.length);
        item.iconPath = vscode.ThemeIcon.File;
        return item;
      }
      case 'finding':
        return findingItem(node);
      case 'hidden': {
        const item = new vscode.TreeItem(`${node.count} more hidden by the filter`);
        item.iconPath = new vscode.ThemeIcon('filter');
        item.command = { command: 'devsecops.clearFilters', title: 'Show all findings' };
        return item;
      }
      case 'suppressed': {
        const item = new vscode.TreeItem('Suppressed', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'suppressed';
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        item.tooltip = '# nosec comments, hadolint ignore pragmas and .devsecops.yml suppressions, with their reasons.';
        return item;
      }
      case 'config-suppression': {
        const { suppression } = node.entry;
        const item = new vscode.TreeItem(
          `${labelText(suppression.rule)}${suppression.path ? ` · ${labelText(suppression.path)}` : ''}`,
        );
        item.description = `${labelText(suppression.reason)}${suppression.expires ? ` · expires ${labelText(suppression.expires)}` : ''}`;
        item.tooltip = `.devsecops.yml${suppression.fingerprint ? ` (one finding: ${suppression.fingerprint})` : ''}`;
        item.iconPath = new vscode.ThemeIcon('settings');
        item.command = {
          command: 'vscode.open',
          title: 'Open .devsecops.yml',
          arguments: [vscode.Uri.joinPath(node.entry.folder.uri, '.devsecops.yml')],
        };
        return item;
      }
      case 'inline-suppression': {
        const { entry } = node;
        const rules = entry.rules.length > 0 ? entry.rules.join(', ') : 'every rule';
        const item = new vscode.TreeItem(`${labelText(rules)} · ${labelText(entry.path)}:${entry.line}`);
        item.description = entry.reason ? labelText(entry.reason) : 'no reason given';
        item.tooltip =
          entry.kind === 'nosec'
            ? '# nosec (Bandit)'
            : entry.scope === 'file'
              ? '# hadolint global ignore= (the whole file)'
              : entry.scope === 'stage'
                ? '# hadolint stage ignore= (its build stage)'
                : '# hadolint ignore=';
        item.iconPath = new vscode.ThemeIcon('comment');
        item.command = openAt(vscode.Uri.joinPath(node.folder.uri, entry.path), entry.line, 1);
        return item;
      }
      case 'database': {
        const { age } = node;
        const item = new vscode.TreeItem(`Advisory database: ${age.date}`);
        item.description = `${age.ageDays} day${age.ageDays === 1 ? '' : 's'} old`;
        item.tooltip = `${labelText(age.source)}; older than ${age.maxAgeDays} days counts as stale.`;
        item.iconPath = new vscode.ThemeIcon(age.ageDays > age.maxAgeDays ? 'warning' : 'database');
        item.command = { command: 'devsecops.updateDatabase', title: 'Update vulnerability database' };
        return item;
      }
    }
  }

  private currentTree(): FindingsTree {
    if (!this.tree) {
      const run = this.ctx.pipelineRuns.last;
      const baseline = this.newOnly ? this.ctx.baselines.fingerprints : undefined;
      this.tree = buildFindingsTree(
        this.ctx.store.files().map((file) => ({
          key: file.uri.toString(),
          path: vscode.workspace.asRelativePath(file.uri, false),
          findings: file.findings,
        })),
        {
          gateFingerprints: new Set(run?.gate?.failing.map((finding) => finding.fingerprint) ?? []),
          ...(this.toolFilter ? { tools: this.toolFilter } : {}),
          ...(baseline ? { baseline } : {}),
        },
      );
    }
    return this.tree;
  }

  private roots(): Node[] {
    const tree = this.currentTree();
    const gate = this.ctx.pipelineRuns.last?.gate;
    const roots: Node[] = [];
    if (gate && gate.failing.length > 0) {
      roots.push({ kind: 'gate', count: gate.failing.length, threshold: gate.threshold });
    }
    roots.push(...tree.severities);
    if (tree.hidden > 0) roots.push({ kind: 'hidden', count: tree.hidden });
    if (tree.shown > 0 || tree.hidden > 0 || this.ctx.store.model.hasWorkspaceScan) roots.push({ kind: 'suppressed' });
    if (this.ctx.advisoryDatabase) roots.push({ kind: 'database', age: this.ctx.advisoryDatabase });
    return roots;
  }

  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'devsecops.newOnly', this.newOnly);
  }
}

function openAt(uri: vscode.Uri, line: number, column: number): vscode.Command {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [uri, { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions],
  };
}

function findingItem(node: FindingLeaf): vscode.TreeItem {
  const { finding, source, stale } = node.shown;
  const item = new vscode.TreeItem(`${labelText(finding.ruleId)}: ${labelText(finding.message)}`);
  item.id = `finding:${node.fileKey}:${finding.fingerprint}`;
  const notes = [
    `line ${finding.location.line}`,
    labelText(finding.tool),
    source === 'pipeline' ? 'pipeline run' : '',
    node.failsGate ? 'fails the gate' : '',
    stale === undefined ? '' : 'stale',
  ].filter((note) => note !== '');
  item.description = notes.join(' · ');
  item.tooltip = [
    `${finding.severity} · ${finding.tool} · ${finding.ruleId}`,
    finding.message,
    node.failsGate ? "The last pipeline run's gate counted this finding." : '',
    stale === undefined ? '' : `From the last version the tool could read: ${stale}`,
    finding.fix?.description ?? '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  item.iconPath = node.failsGate
    ? new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('errorForeground'))
    : SEVERITY_ICON[finding.severity];
  item.contextValue = node.failsGate ? 'finding.gate' : 'finding';
  item.command = openAt(vscode.Uri.parse(node.fileKey), finding.location.line, finding.location.column ?? 1);
  return item;
}
