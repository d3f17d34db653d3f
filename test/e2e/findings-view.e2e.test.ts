import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { importSarifFindings } from '@devsecops/shared/sarif';
import { meetsThreshold } from '@devsecops/shared/findings';
import { writeSettings } from './code-server';
import { BASE_SETTINGS, lineOf, useEditorSessions } from './session';
import type { Session } from './session';
import { waitUntil } from './wait-until';

/** The number in "DevSecOps: 12 findings…". */
function countOf(status: string): number {
  const match = /DevSecOps: (\d+) findings?/.exec(status);
  if (!match?.[1]) throw new Error(`No finding count in "${status}"`);
  return Number(match[1]);
}

/** What the page-side code reads of a tree row (the DOM types are not in this project's lib). */
interface DomTreeRow {
  querySelector(selector: string): { readonly innerText: string } | null;
}

/** The rows of one of the DevSecOps view's trees ("Findings", "Last pipeline run"): "label description". */
async function viewRows(page: Page, view: 'Findings' | 'Last pipeline run'): Promise<string[]> {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: view }) }).first();
  await pane.waitFor({ timeout: 30_000 });
  return pane
    .locator('.monaco-list-row')
    .evaluateAll((rows: readonly DomTreeRow[]) =>
      rows.map((row) =>
        [row.querySelector('.label-name')?.innerText ?? '', row.querySelector('.label-description')?.innerText ?? '']
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
}

/** Reads a view until `predicate` holds for its rows, and returns them. */
function waitForRows(
  page: Page,
  view: 'Findings' | 'Last pipeline run',
  predicate: (rows: string[]) => boolean,
  timeoutMs = 60_000,
): Promise<string[]> {
  return waitUntil(
    () => viewRows(page, view),
    predicate,
    { expected: `the ${view} view to show what the test expects`, describe: (rows) => rows.join('\n') },
    { timeoutMs, intervalMs: 250 },
  );
}

/**
 * Expands a Findings tree row and waits for its children. The tree re-renders when findings change, so a click can
 * land on a row that is replaced a moment later: the click is repeated while the row still reads as collapsed.
 */
function expandRow(page: Page, label: RegExp, expanded: (rows: string[]) => boolean): Promise<string[]> {
  const row = page
    .locator('.pane', { has: page.locator('.pane-header', { hasText: 'Findings' }) })
    .locator('.monaco-list-row', { hasText: label })
    .first();
  const expandAndRead = async (): Promise<string[]> => {
    if ((await row.getAttribute('aria-expanded', { timeout: 30_000 })) !== 'true') await row.click();
    return viewRows(page, 'Findings');
  };
  return waitUntil(
    expandAndRead,
    expanded,
    { expected: `the Findings row ${String(label)} expanded as the test expects`, describe: (rows) => rows.join('\n') },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

/** The severity rows' counts ("high 3 findings"), summed. */
function severityTotal(rows: readonly string[]): number {
  return rows
    .map((row) => /^(critical|high|medium|low|info) (\d+) findings?$/.exec(row)?.[2])
    .reduce((total, count) => total + (count === undefined ? 0 : Number(count)), 0);
}

/** The workspace's fixture additions: a `# nosec` with a reason, a `.devsecops.yml` suppression, a git history. */
async function prepareWorkspace(workspace: string): Promise<void> {
  await writeFile(join(workspace, 'loader.py'), 'import pickle  # nosec B403 # only our own cache files\n');
  await writeFile(
    join(workspace, '.devsecops.yml'),
    'suppressions:\n  - rule: DL3013\n    reason: pins come from requirements.txt\n    expires: 2099-12-31\n',
  );
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.com',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.com',
  };
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'baseline'],
  ]) {
    const result = spawnSync('git', args, { cwd: workspace, env, encoding: 'utf8' });
    assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  }
  // After the baseline commit: the one finding "new only" must show.
  await writeFile(join(workspace, 'added.py'), 'def run(text):\n    return eval(text)\n');
}

/** Every file under `dir`, relative. */
async function filesUnder(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir, { recursive: true })).map(String) : [];
}

describe('the DevSecOps view, status bar and pipeline results (code-server + Chromium)', function () {
  this.timeout(900_000);
  const editor = useEditorSessions();

  describe('in a trusted git repository', () => {
    let session: Session;
    let settings: Record<string, unknown> = {};
    let scanned = 0;
    let gateCount = 0;

    before(async () => {
      settings = {
        'security.workspace.trust.enabled': false,
        'devsecops.baseline.ref': 'main',
        // The parse-error test types a broken line and reverts it: it must not reach the disk meanwhile.
        'files.autoSave': 'off',
      };
      session = await editor.openSession('findings-view', settings);
      // A tall window: the view's list renders only the rows it can show.
      await session.page.setViewportSize({ width: 1600, height: 2000 });
      await prepareWorkspace(session.workspace);
    });

    it('on first open says nothing was scanned, and the view offers a workspace scan', async () => {
      const { page, workbench } = session;
      assert.equal(await workbench.devsecopsStatus(), 'DevSecOps: not scanned yet');
      await workbench.runCommand('DevSecOps: Show findings view');
      const offer = page.locator('.welcome-view-content .monaco-button', { hasText: 'Scan workspace' }).first();
      await offer.waitFor({ timeout: 30_000 });
      await offer.click();
      const done = await workbench.waitForNotification(/DevSecOps: scan finished with \d+ finding/, 180_000);
      const status = await workbench.waitForDevsecopsStatus(/^DevSecOps: \d+ findings?( · .*)?$/);
      scanned = countOf(status);
      assert.ok(scanned > 0, status);
      assert.match(done, new RegExp(`scan finished with ${scanned} finding`));
    });

    it('keeps the workspace findings of a file after its editor is opened and closed', async () => {
      const { page, workbench } = session;
      await workbench.openFile('Dockerfile');
      await workbench.waitForProblem('DL3007', (row) => lineOf(row) === 1);
      await workbench.runCommand('View: Close Editor');
      await page.locator('.tab', { hasText: 'Dockerfile' }).waitFor({ state: 'detached' });
      assert.equal(
        countOf(await workbench.waitForDevsecopsStatus(new RegExp(`DevSecOps: ${scanned} finding`))),
        scanned,
      );
      const rows = await workbench.problems('DL3007');
      assert.ok(
        rows.some((row) => lineOf(row) === 1),
        `DL3007 still listed after closing:\n${rows.map((row) => row.text).join('\n')}`,
      );
    });

    it('keeps the last good Bandit findings, marked stale, while the file does not parse, and says why', async () => {
      const { page, workbench } = session;
      await workbench.openFile('app.py');
      await workbench.waitForProblem('B602', (row) => lineOf(row) === 5);
      await workbench.goToLine(6);
      await page.keyboard.type('def foo(a):');
      await page.keyboard.press('Enter');
      const status = await workbench.waitForDevsecopsStatus(/app\.py not parsed/);
      assert.equal(countOf(status), scanned, 'the stale findings still count');
      // The message's second line (a row of its own in the Problems panel) says why these are stale.
      await workbench.waitForProblem('B602', (candidate) => lineOf(candidate) === 5);
      await workbench.waitForProblem('B602', (candidate) => /last good scan: .*syntax error/i.test(candidate.text));
      await workbench.runCommand('File: Revert File');
      await workbench.waitForDevsecopsStatus(new RegExp(`^DevSecOps: ${scanned} findings?$`));
    });

    it('says which tool is missing instead of a clean count', async () => {
      const { workbench } = session;
      await writeSettings(session.userDataDir, {
        ...BASE_SETTINGS,
        ...settings,
        'devsecops.bandit.path': join(editor.scratch.dir, 'no-such-dir', 'bandit'),
      });
      await workbench.waitForDevsecopsStatus(/bandit missing/);
      await writeSettings(session.userDataDir, { ...BASE_SETTINGS, ...settings });
      await workbench.waitForDevsecopsStatus(new RegExp(`^DevSecOps: ${scanned} findings?$`));
      await workbench.runCommand('Notifications: Clear All Notifications');
    });

    it('runs the pipeline: counts what the gate counted, merges its findings, writes no report into the repository', async () => {
      const { page, workbench } = session;
      await workbench.runCommand('Run DevSecOps pipeline');
      const summary = await workbench.waitForNotification(/DevSecOps pipeline \(locally\) \w+/, 300_000);
      assert.match(
        summary,
        /DevSecOps pipeline \(locally\) failed at application-validation: gate failed: \d+ findings? ≥ high/,
      );
      assert.deepEqual(
        (await filesUnder(join(session.workspace, 'reports'))).length,
        0,
        'no reports/ in the repository',
      );
      const runFiles = (await filesUnder(session.userDataDir)).filter((file) => file.endsWith('pipeline-run.json'));
      assert.equal(runFiles.length, 1, runFiles.join('\n'));
      const reportsDir = join(session.userDataDir, runFiles[0] ?? '', '..');
      // What the gate counts, read independently from the run's SARIF (suppressed results are not findings).
      const sarif = (await filesUnder(reportsDir)).filter((file) => file.endsWith('.sarif'));
      const reported = (
        await Promise.all(
          sarif.map(async (file) => importSarifFindings(await readFile(join(reportsDir, file), 'utf8'))),
        )
      ).flat();
      gateCount = reported.filter((finding) => meetsThreshold(finding.severity, 'high')).length;
      assert.ok(gateCount > 0, 'the fixture has findings at or above high');
      assert.match(
        summary,
        new RegExp(`gate failed: ${gateCount} findings? ≥ high \\(${reported.length} findings? reported\\)`),
      );
      // Each finding once: the run's findings merge with the workspace scan's by fingerprint.
      assert.equal(countOf(await workbench.devsecopsStatus()), scanned);
      const b602 = (await workbench.problems('B602')).filter((row) => lineOf(row) === 5);
      assert.equal(b602.length, 1, b602.map((row) => row.text).join('\n'));

      await page
        .locator('.notification-toast .monaco-button, .notifications-center .monaco-button', {
          hasText: 'Show gate failures',
        })
        .first()
        .click();
      const picks = page.locator('.quick-input-list .monaco-list-row');
      await picks.first().waitFor({ timeout: 30_000 });
      assert.match(
        await page.locator('.quick-input-title').innerText(),
        new RegExp(`Gate failed: ${gateCount} findings? ≥ high`),
      );
      assert.equal(await picks.count(), gateCount);
      const first = (await picks.first().innerText()).replace(/\s+/g, ' ');
      await page.keyboard.press('Enter');
      const [, file = '', line = ''] = /(\S+):(\d+)/.exec(first) ?? [];
      await page.locator('.tab.active', { hasText: file.split('/').at(-1) ?? file }).waitFor({ timeout: 30_000 });
      // The file may have been the active editor already: done is its cursor on the finding's line, with the
      // keyboard. Until then the next step's keys can land in the file when its editor takes the keyboard.
      await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: 30_000 });
      await page
        .locator('.statusbar-item', { hasText: new RegExp(`^\\s*Ln ${line}, Col \\d+`) })
        .first()
        .waitFor({ timeout: 30_000 });
    });

    it('opens the run report in the editor (no reveal in the OS in a browser)', async () => {
      const { page, workbench } = session;
      await workbench.runCommand('DevSecOps: Open pipeline report');
      await page
        .locator('.tab', { hasText: /Preview summary\.md|DevSecOps report/ })
        .first()
        .waitFor({ timeout: 60_000 });
    });

    it('shows severity → file → finding with counts that agree with the status bar, the gate, the stages and the suppressions', async () => {
      const { page, workbench } = session;
      await workbench.runCommand('DevSecOps: Show findings view');
      const rows = await waitForRows(page, 'Findings', (candidate) => severityTotal(candidate) === scanned);
      assert.ok(
        rows.includes(`Gate failed: ${gateCount} finding${gateCount === 1 ? '' : 's'} ≥ high`),
        rows.join('\n'),
      );
      const high = await expandRow(page, /^\s*high\s*\d+ findings?\s*$/, (candidate) =>
        candidate.some((row) => row.startsWith('B602: ')),
      );
      assert.ok(
        high.some((row) => /^B602: .*line 5 · bandit · fails the gate$/.test(row)),
        high.join('\n'),
      );
      assert.ok(
        rows.some((row) => /^Advisory database: \d{4}-\d{2}-\d{2} \d+ days? old$/.test(row)),
        rows.join('\n'),
      );
      const stages = await waitForRows(page, 'Last pipeline run', (candidate) =>
        candidate.some((row) => row.startsWith('application-validation failed')),
      );
      assert.ok(
        stages.some((row) => row.startsWith('Gate failed:')),
        stages.join('\n'),
      );
      assert.ok(
        stages.some((row) => row.startsWith('dockerfile-validation skipped')),
        stages.join('\n'),
      );
      const suppressed = await expandRow(page, /^\s*Suppressed\s*$/, (candidate) =>
        candidate.some((row) => row.startsWith('B403 · loader.py:1')),
      );
      assert.ok(suppressed.includes('B403 · loader.py:1 only our own cache files'), suppressed.join('\n'));
      assert.ok(
        suppressed.includes('DL3013 pins come from requirements.txt · expires 2099-12-31'),
        suppressed.join('\n'),
      );
    });

    it('"new only" shows just the findings that the baseline ref does not have', async () => {
      const { page, workbench } = session;
      await workbench.runCommand('DevSecOps: Show new findings only');
      // The ref's scan runs first (git archive into a private folder, then the same engines).
      const rows = await waitForRows(
        page,
        'Findings',
        (candidate) => candidate.some((row) => /more hidden by the filter$/.test(row)),
        180_000,
      );
      assert.equal(severityTotal(rows), 1, rows.join('\n'));
      assert.ok(rows.includes(`${scanned - 1} more hidden by the filter`), rows.join('\n'));
      const opened = await expandRow(page, /^\s*medium\s*1 finding\s*$/, (candidate) =>
        candidate.some((row) => row.startsWith('B307: ')),
      );
      assert.ok(opened.includes('added.py 1'), opened.join('\n'));
      await workbench.runCommand('DevSecOps: Show all findings');
      await waitForRows(page, 'Findings', (candidate) => severityTotal(candidate) === scanned);
    });

    it('forgets the findings of a file deleted on disk: Problems panel, status bar and view agree', async () => {
      const { page, workbench } = session;
      await workbench.waitForProblem('B307', (row) => /added\.py/.test(row.label + row.text));
      // Deleted outside the editor (a terminal, a git checkout): only the file watcher sees it.
      await unlink(join(session.workspace, 'added.py'));
      const status = await workbench.waitForDevsecopsStatus(
        new RegExp(`^DevSecOps: ${scanned - 1} findings?( · .*)?$`),
      );
      assert.equal(countOf(status), scanned - 1, status);
      // The status bar and the Problems panel hear of it separately: the panel is read until it has caught up.
      await workbench.waitForProblems(
        'B307',
        (rows) => !rows.some((row) => /added\.py/.test(row.label + row.text)),
        'no B307 of the deleted added.py',
        30_000,
      );
      await workbench.runCommand('DevSecOps: Show findings view');
      await waitForRows(page, 'Findings', (candidate) => severityTotal(candidate) === scanned - 1);
    });
  });

  describe('in Restricted Mode', () => {
    let session: Session;

    before(async () => {
      session = await editor.openSession('findings-view-untrusted', {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.untrustedFiles': 'open',
        'devsecops.baseline.ref': 'main',
      });
    });

    it('says Bandit did not run on the Python file instead of "0 findings", and why "new only" is inactive', async () => {
      const { workbench } = session;
      await workbench.openFromExplorer('app.py');
      const status = await workbench.waitForDevsecopsStatus(/bandit not run \(Restricted Mode\)/);
      assert.match(status, /^DevSecOps: 0 findings in open files · bandit not run \(Restricted Mode\)$/);
      await workbench.runCommand('DevSecOps: Show new findings only');
      await workbench.waitForNotification(/"new only" is inactive: Restricted Mode/, 30_000);
    });
  });
});
