import * as vscode from 'vscode';
import type { AdvisoryDatabaseAge } from '@devsecops/shared/engines';
import { databaseAgeView } from '../model/database-age-text';

/** Runs when the item is clicked: offers the update for stale data. */
export const DATABASE_AGE_COMMAND = 'devsecops.databaseAge';

/**
 * A status bar item of its own (apart from the findings count) with the date of the advisory data the
 * last dependency check used; a warning with its age in days when it is older than the policy allows.
 * Hidden until a check has used the database.
 */
export class DatabaseAgeItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('devsecops.databaseAge', vscode.StatusBarAlignment.Left, 9);
  private age: AdvisoryDatabaseAge | undefined;

  constructor(private readonly trusted: () => boolean) {
    this.item.name = 'DevSecOps advisory data';
    this.item.command = DATABASE_AGE_COMMAND;
  }

  /** The age the last scan reported (or nothing, which keeps what is shown). */
  update(age: AdvisoryDatabaseAge | undefined): void {
    if (age !== undefined) this.age = age;
    this.render();
  }

  get current(): AdvisoryDatabaseAge | undefined {
    return this.age;
  }

  render(): void {
    if (this.age === undefined) return;
    const view = databaseAgeView(this.age, this.trusted());
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.stale ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** The click: for stale data in a trusted workspace, the update is one button away; never a download otherwise. */
export async function showDatabaseAge(item: DatabaseAgeItem, trusted: boolean): Promise<void> {
  const age = item.current;
  if (age === undefined) return;
  const view = databaseAgeView(age, trusted);
  if (!view.stale) {
    void vscode.window.showInformationMessage(`DevSecOps: ${view.tooltip}`);
    return;
  }
  const update = 'Update advisory database';
  const choice = await vscode.window.showWarningMessage(`DevSecOps: ${view.tooltip}`, ...(trusted ? [update] : []));
  if (choice === update) await vscode.commands.executeCommand('devsecops.updateDatabase');
}
