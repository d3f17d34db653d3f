import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { formatRows, rowsShowFilter } from './problem-rows';
import type { ProblemRow } from './problem-rows';
import { waitUntil } from './wait-until';

/** Chromium flags for a headless, offline, sandbox-less run (see ENVIRONMENT.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** What the page-side code reads of a row (the DOM types are not in this project's lib). */
interface DomRow {
  getAttribute(name: string): string | null;
  readonly innerText: string;
}

/** What the page-side code touches of a text box. */
interface DomTextBox {
  value: string;
  readonly ownerDocument: { readonly activeElement: unknown };
  dispatchEvent(event: Event): boolean;
}

/**
 * Drives the VS Code workbench in a page: opening files, running commands, reading the Problems panel
 * and notifications. Selectors are the workbench's own (stable across 1.9x releases).
 */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Loads the workbench and waits for the explorer to show the folder. */
  async open(url: string): Promise<void> {
    // A busy machine (CI beside other jobs) can take long to serve the workbench's first load.
    await this.page.goto(url, { timeout: 120_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  }

  /** Runs a command by its palette title ("Run DevSecOps pipeline", "DevSecOps: Scan workspace"). */
  async runCommand(title: string): Promise<void> {
    // F1 never reaches the palette while a webview (the report) holds the keyboard: the workbench is focused by
    // a click on the side bar's title first when one does, and between attempts (a webview can take the keyboard
    // a moment after it opens).
    const focusSideBar = (): Promise<void> =>
      this.page.locator('.part.sidebar .composite.title').first().click({ timeout: 5_000 });
    if (await this.webviewHasFocus()) await focusSideBar();
    await this.pickInPalette(`>${title}`, title, 10_000, {
      choose: (row) => row.click({ timeout: 5_000 }),
      beforeRetry: focusSideBar,
    });
  }

  /** Whether the keyboard is in a webview (its frame is the page's focused element). */
  private webviewHasFocus(): Promise<boolean> {
    return this.page.evaluate<boolean>("document.activeElement?.classList.contains('webview') === true");
  }

  /**
   * Opens a file of the workspace through Quick Open and waits for its editor tab. The file search starts
   * slowly on a busy machine.
   */
  async openFile(name: string): Promise<void> {
    await this.pickInPalette(name, name, 20_000, {});
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab[data-resource-name="${name}"], .tab:has-text("${name}")`).first().waitFor();
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Opens a file by clicking it in the Explorer, as a person would: Quick Open's file index lags behind a file
   * written outside the editor (for 20 s and more) and while the editor starts.
   */
  async openFromExplorer(name: string): Promise<void> {
    if (!(await this.page.locator('.explorer-folders-view').isVisible())) await this.runCommand('View: Show Explorer');
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.click({ timeout: 60_000 });
    await this.page.locator(`.tab[data-resource-name="${name}"]`).first().waitFor({ timeout: 30_000 });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Opens the palette (F1), types `query` and waits up to `rowTimeoutMs` for a row showing `rowText`, then
   * `choose`s it. The palette closes when focus moves (an editor a previous step opened, a notification), so
   * the whole step is tried up to three times, with `beforeRetry` between attempts.
   */
  private async pickInPalette(
    query: string,
    rowText: string,
    rowTimeoutMs: number,
    steps: { choose?: (row: Locator) => Promise<void>; beforeRetry?: () => Promise<void> },
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.focusWorkbench();
        await this.page.keyboard.press('F1');
        await this.fillQuickInput(query);
        const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
        await row.waitFor({ timeout: rowTimeoutMs });
        await steps.choose?.(row);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        await steps.beforeRetry?.();
      }
    }
  }

  /**
   * Puts `text` into the open quick input in one step inside the page, and only while the box holds the keyboard.
   * A locator's `fill` focuses the box and then sends the text as keyboard input: when an editor takes the focus in
   * between (one that an earlier step opened, still settling), the text is typed into that file instead.
   */
  async fillQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    // A box just shown takes the keyboard a moment after it appears: give it that moment (an editor that took the
    // keyboard instead keeps it, and the check below then fails).
    await this.page
      .waitForFunction("document.activeElement?.matches('.quick-input-widget input') === true", undefined, {
        timeout: 2_000,
      })
      .catch(() => undefined);
    const filled = await input.evaluate((box: DomTextBox, value: string) => {
      if (box.ownerDocument.activeElement !== box) return false;
      box.value = value;
      // The workbench reads the box on its input event, as it does after a keystroke.
      box.dispatchEvent(new Event('input', { bubbles: true }));
      return true;
    }, text);
    if (!filled) throw new Error(`The quick input lost the keyboard before "${text}" was put in it.`);
  }

  /**
   * Moves the cursor of the active editor to a line, and to a column when one is given (both 1-based). Like the
   * palette, Go to Line's box can lose the keyboard to a settling editor: the step is then tried again, up to
   * three times, rather than typing the position into the file.
   */
  async goToLine(line: number, column?: number): Promise<void> {
    const position = column === undefined ? `:${line}` : `:${line}:${column}`;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
        await this.page.keyboard.press('Control+G');
        await this.fillQuickInput(position);
        await this.page.keyboard.press('Enter');
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        // Closes a Go to Line box left open; in an editor it does nothing.
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /**
   * Opens the quick fix menu at the cursor and applies the action whose title matches, with the keyboard
   * as a person would (the menu's pointer block swallows synthetic clicks). Returns the action's title.
   */
  async applyQuickFix(title: RegExp): Promise<string> {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const wanted = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await wanted.waitFor({ timeout: 15_000 });
    const label = (await wanted.getAttribute('aria-label')) ?? (await wanted.innerText());
    for (let step = 0; step < 20; step += 1) {
      const focused = this.page.locator('.action-widget .monaco-list-row.focused').first();
      if (title.test((await focused.getAttribute('aria-label')) ?? '')) {
        await this.page.keyboard.press('Enter');
        return label;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`No quick fix matching ${String(title)} could be focused.`);
  }

  /** Saves the active editor. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  /**
   * Shows the Problems panel filtered to `filter` (a rule id, a file name) and returns its rows. The panel applies
   * a changed filter after a debounce: the rows are read until they are those of this filter.
   */
  async problems(filter: string): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.runCommand('View: Focus Problems');
    await panel.waitFor();
    const filterBox = this.page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    // Typing the same filter again would make the panel filter (and re-render) once more for nothing.
    if ((await filterBox.inputValue()) !== filter) await filterBox.fill(filter);
    // Every row is read in one step inside the page: the tree re-renders while diagnostics arrive.
    const readRows = (): Promise<ProblemRow[]> =>
      panel.locator('.monaco-list-row').evaluateAll((rows: readonly DomRow[]) =>
        rows.map((row) => ({
          level: Number(row.getAttribute('aria-level') ?? '1'),
          label: row.getAttribute('aria-label') ?? '',
          text: row.innerText.replace(/\s+/g, ' '),
        })),
      );
    return waitUntil(
      readRows,
      (rows) => rowsShowFilter(rows, filter),
      { expected: `the Problems panel to list only rows of the filter "${filter}"`, describe: formatRows },
      { timeoutMs: 15_000 },
    );
  }

  /**
   * Reads the Problems panel, filtered to `filter`, until its rows satisfy `accept` (`expected` says how, for the
   * failure message), and returns them.
   */
  waitForProblems(
    filter: string,
    accept: (rows: readonly ProblemRow[]) => boolean,
    expected: string,
    timeoutMs = 60_000,
  ): Promise<ProblemRow[]> {
    return waitUntil(
      () => this.problems(filter),
      accept,
      { expected: `${expected} (Problems filtered to "${filter}")`, describe: formatRows },
      { timeoutMs, intervalMs: 250 },
    );
  }

  /** Reads the Problems panel until a row satisfies `predicate`, and returns that row. */
  async waitForProblem(
    filter: string,
    predicate: (row: ProblemRow) => boolean,
    timeoutMs = 60_000,
  ): Promise<ProblemRow> {
    const rows = await this.waitForProblems(
      filter,
      (candidates) => candidates.some(predicate),
      "a row matching the test's predicate",
      timeoutMs,
    );
    const found = rows.find(predicate);
    if (!found) throw new Error(`No problem matching "${filter}" among:\n${formatRows(rows)}`);
    return found;
  }

  /** Waits for a notification toast whose text matches, and returns its text. */
  async waitForNotification(pattern: RegExp, timeoutMs = 120_000): Promise<string> {
    const toast = this.page
      .locator('.notification-toast, .notifications-center .notification-list-item', { hasText: pattern })
      .first();
    await toast.waitFor({ timeout: timeoutMs });
    return ((await toast.innerText()) || '').replace(/\s+/g, ' ');
  }

  /** The DevSecOps status bar item's text (icons are not text), whitespace collapsed. */
  async devsecopsStatus(): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: 'DevSecOps:' }).first();
    await item.waitFor({ timeout: 60_000 });
    return (await item.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Reads the DevSecOps status bar item until its text matches, and returns it. */
  waitForDevsecopsStatus(pattern: RegExp, timeoutMs = 90_000): Promise<string> {
    return waitUntil(
      () => this.devsecopsStatus(),
      (text) => pattern.test(text),
      { expected: `the DevSecOps status bar item to match ${String(pattern)}` },
      { timeoutMs, intervalMs: 250 },
    );
  }

  /** Waits until the editor tab of the file `name` shows no unsaved change (a save has completed). */
  async waitForSaved(name: string, timeoutMs = 15_000): Promise<void> {
    await this.page
      .locator(`.tab.dirty[data-resource-name="${name}"]`)
      .waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /** The modal dialog (e.g. the AWS confirmation): its text, then clicks the button named `button`. */
  async answerDialog(button: string, timeoutMs = 30_000): Promise<string> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: timeoutMs });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    await dialog.locator('.monaco-button', { hasText: button }).first().click();
    return text;
  }

  private async focusWorkbench(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}

/** A locator's text, whitespace collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.innerText()) || '').replace(/\s+/g, ' ');
}
