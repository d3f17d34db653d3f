import * as vscode from 'vscode';

/** A tree view that owns its provider: the change event, the view and what to dispose of with it. */
export abstract class TreeViewBase<Node> implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  protected readonly view: vscode.TreeView<Node>;
  protected readonly subscriptions: vscode.Disposable[] = [];

  constructor(viewId: string, showCollapseAll = false) {
    this.view = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll });
    this.subscriptions.push(this.view);
  }

  abstract getChildren(node?: Node): vscode.ProviderResult<Node[]>;
  abstract getTreeItem(node: Node): vscode.TreeItem;

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
