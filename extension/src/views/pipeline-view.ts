import * as vscode from 'vscode';
import type { StageViewState } from '@devsecops/shared/pipeline';
import type { Ctx } from '../state/ctx';
import { labelText } from '../model/label-text';
import { TreeViewBase } from './tree-view-base';

import type { PipelineRunState } from '../state/pipeline-runs';

type StageState = StageViewState['stages'][number];
type ActionState = StageState['actions'][number];
type Status = StageState['status'];

type Node =
  | { readonly kind: 'run' }
  | { readonly kind: 'stage'; readonly stage: StageState }
  | { readonly kind: 'action'; readonly stage: string; readonly action: ActionState }
  | { readonly kind: 'report' };

const STATUS_ICON: Readonly<Record<Status, vscode.ThemeIcon>> = {
  succeeded: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  skipped: new vscode.ThemeIcon('circle-slash'),
  pending: new vscode.ThemeIcon('circle-outline'),
  running: new vscode.ThemeIcon('sync~spin'),
};

/** The last pipeline run: its outcome, each stage and action with its status (live while it runs), its report. */
export class PipelineView extends TreeViewBase<Node> {
  constructor(private readonly ctx: Ctx) {
    super('devsecops.pipeline');
    this.subscriptions.push(ctx.pipelineRuns.onDidChange(() => this.changed.fire(undefined)));
  }

  getChildren(node?: Node): Node[] {
    const run = this.ctx.pipelineRuns.last;
    if (!run) return [];
    if (!node) {
      return [
        { kind: 'run' },
        ...run.stages.stages.map((stage) => ({ kind: 'stage' as const, stage })),
        ...(run.report?.reportsDir ? [{ kind: 'report' as const }] : []),
      ];
    }
    if (node.kind === 'stage') {
      return node.stage.actions.map((action) => ({ kind: 'action' as const, stage: node.stage.name, action }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const run = this.ctx.pipelineRuns.last;
    switch (node.kind) {
      case 'run': {
        const summary = run?.summary;
        const item = new vscode.TreeItem(run ? runLabel(run) : '');
        item.id = 'run';
        item.tooltip = summary?.text ?? '';
        item.iconPath = run?.running
          ? STATUS_ICON.running
          : summary?.passed
            ? STATUS_ICON.succeeded
            : STATUS_ICON.failed;
        if (summary?.gateFailed) item.command = { command: 'devsecops.showGateFailures', title: 'Show gate failures' };
        return item;
      }
      case 'stage': {
        const item = new vscode.TreeItem(labelText(node.stage.name), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `stage:${node.stage.name}`;
        item.description = [node.stage.status, labelText(node.stage.reason ?? '')]
          .filter((part) => part !== '')
          .join(' · ');
        item.iconPath = STATUS_ICON[node.stage.status];
        return item;
      }
      case 'action': {
        const { action } = node;
        const item = new vscode.TreeItem(labelText(action.name));
        item.id = `action:${node.stage}:${action.name}`;
        item.description = [
          action.status,
          action.findings === undefined ? '' : `${action.findings} result${action.findings === 1 ? '' : 's'}`,
          action.durationMs === undefined ? '' : `${(action.durationMs / 1000).toFixed(1)} s`,
        ]
          .filter((part) => part !== '')
          .join(' · ');
        item.tooltip = labelText(action.reason ?? '');
        item.iconPath = STATUS_ICON[action.status];
        return item;
      }
      case 'report': {
        const item = new vscode.TreeItem('Open report');
        item.id = 'report';
        item.iconPath = new vscode.ThemeIcon('preview');
        item.command = { command: 'devsecops.openPipelineReport', title: 'Open report' };
        return item;
      }
    }
  }
}

/** The run's one-line outcome: running, "Gate failed: 3 findings ≥ high", passed, failed, or ended in an error. */
function runLabel(run: PipelineRunState): string {
  if (run.running) return `Running on ${labelText(run.folder.name)}…`;
  if (!run.summary) return 'Ended with an error (see the output)';
  if (run.summary.gateFailed && run.gate) {
    const count = run.gate.failing.length;
    return `Gate failed: ${count} finding${count === 1 ? '' : 's'} ≥ ${run.gate.threshold}`;
  }
  return run.summary.passed ? 'Passed' : 'Failed';
}
