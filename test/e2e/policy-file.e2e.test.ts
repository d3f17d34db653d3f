import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE_CHANGED_LOG } from './expectations';
import type { ProblemRow } from './problem-rows';
import { countExtensionLogLines, lineOf, useEditorSessions, waitForExtensionLogLines } from './session';
import type { Session } from './session';
import { waitForFileText } from './wait-until';

/** A policy file with two mistakes: a rule id in the wrong case (line 3) and a misspelt key (line 5). */
const POLICY = [
  'version: 1',
  'suppressions:',
  '  - rule: b602',
  '    reason: the command is a constant',
  'gaet:',
  '  failOn: high',
  '',
].join('\n');

const POLICY_FILE = '.devsecops.yml';

/** The Problems row of the policy file's diagnostic at `line` whose text mentions `word`. */
function policyProblemAt(line: number, word: string): (row: ProblemRow) => boolean {
  return (row) => lineOf(row) === line && row.text.includes(word) && /devsecops/.test(`${row.label} ${row.text}`);
}

/** The policy file's problem rows: those with a line (the file's own row has none). */
function problemRowsOf(rows: readonly ProblemRow[]): ProblemRow[] {
  return rows.filter((row) => lineOf(row) !== undefined);
}

describe('the policy file in a real VS Code (code-server + Chromium)', function () {
  this.timeout(600_000);
  const editor = useEditorSessions();

  describe('in Restricted Mode', () => {
    let session: Session;
    let marker = '';

    before(async () => {
      marker = join(editor.scratch.dir, 'bandit-runs-policy-file.log');
      session = await editor.openSession('policy-file', {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.untrustedFiles': 'open',
        'devsecops.bandit.path': await editor.scratch.banditSpy(marker),
      });
    });

    it('marks a wrong-case rule id and an unknown key at their lines, and follows the unsaved buffer as it is fixed', async () => {
      await writeFile(join(session.workspace, POLICY_FILE), POLICY);
      await session.workbench.openFile(POLICY_FILE);
      const ruleId = await session.workbench.waitForProblem(POLICY_FILE, policyProblemAt(3, 'b602'));
      const unknownKey = await session.workbench.waitForProblem(POLICY_FILE, policyProblemAt(5, 'gaet'));
      assert.match(ruleId.text, /did you mean B602\?/);
      assert.match(unknownKey.text, /did you mean "gate"\?/);
      for (const row of [ruleId, unknownKey]) assert.match(row.label, /^Error/, row.label);
      // They are not findings: the status bar counts none of them.
      assert.doesNotMatch(await session.workbench.devsecopsStatus(), /\b[1-9]\d* findings?\b/);

      // Fix the key by typing, without saving: the diagnostics follow the buffer, not the file on disk.
      await session.workbench.goToLine(5);
      for (let typed = 0; typed < 'gaet'.length; typed += 1) await session.page.keyboard.press('Delete');
      await session.page.keyboard.type('gate');
      // The check of the typed buffer leaves the rule id marked and line 5 clean (a half-typed key was marked).
      await session.workbench.waitForProblems(
        POLICY_FILE,
        (rows) => {
          const problems = problemRowsOf(rows);
          return problems.length === 1 && problems.every(policyProblemAt(3, 'b602'));
        },
        'the rule id at line 3 as the only problem left',
      );
      assert.equal(existsSync(marker), false, `nothing ran in Restricted Mode (marker ${marker})`);
    });

    it('fixes the rule id with its quick fix, and no problem is left', async () => {
      await session.workbench.goToLine(3);
      await session.page.keyboard.press('End');
      const title = await session.workbench.applyQuickFix(/Change "b602" to "B602"/);
      assert.match(title, /Change "b602" to "B602"/);
      // The edit is in the buffer before its check can clear the panel.
      await session.page.locator('.monaco-editor .view-lines', { hasText: /B602/ }).first().waitFor();
      await session.workbench.waitForProblems(
        POLICY_FILE,
        (rows) => problemRowsOf(rows).length === 0,
        'no problem left on the policy file',
      );
      // Saved, as the editor sees it, before the next test writes the file: a save still under way would write
      // the buffer over that.
      await session.workbench.save();
      await session.workbench.waitForSaved(POLICY_FILE);
      await waitForFileText(join(session.workspace, POLICY_FILE), (text) => /rule: B602/.test(text), 'rule: B602');
    });

    it('clears them when the file is deleted, even with its editor still open', async () => {
      // The file changes on disk under its open editor: the editor reloads it, and its problems show again.
      await writeFile(join(session.workspace, POLICY_FILE), POLICY);
      await session.workbench.waitForProblem(POLICY_FILE, policyProblemAt(5, 'gaet'));
      const configChanges = await countExtensionLogLines(session.userDataDir, CONFIG_FILE_CHANGED_LOG);
      await unlink(join(session.workspace, POLICY_FILE));
      // The extension has seen the deletion before the panel is asked for the problems it cleared.
      await waitForExtensionLogLines(session, CONFIG_FILE_CHANGED_LOG, configChanges + 1);
      await session.workbench.waitForProblems(
        POLICY_FILE,
        (rows) => problemRowsOf(rows).length === 0,
        'no problem left once the policy file is deleted',
      );
    });
  });

  describe('in a multi-root workspace', () => {
    let session: Session;

    before(async () => {
      session = await editor.openSession('policy-multi-root', { 'security.workspace.trust.enabled': false });
    });

    it("marks each folder's policy file with its own problems, before any file is opened", async () => {
      const folders = {
        'service-a': 'suppressions:\n  - rule: b602\n    reason: reviewed\n',
        'service-b': 'version: 1\ngaet:\n  failOn: high\n',
      };
      for (const [name, policy] of Object.entries(folders)) {
        await mkdir(join(session.workspace, name));
        await writeFile(join(session.workspace, name, POLICY_FILE), policy);
      }
      const workspaceFile = join(session.workspace, 'services.code-workspace');
      const paths = Object.keys(folders).map((name) => ({ path: join(session.workspace, name) }));
      await writeFile(workspaceFile, JSON.stringify({ folders: paths }, null, 2));
      await session.workbench.open(
        session.server.url.replace(/\?folder=.*$/, `?workspace=${encodeURIComponent(workspaceFile)}`),
      );
      // code-server now and then shows a workspace as having no folder on its first load: once more, then.
      const bothFolders = session.page.locator('.explorer-folders-view', { hasText: 'service-b' });
      const shown = await bothFolders.waitFor({ timeout: 20_000 }).then(
        () => true,
        () => false,
      );
      if (!shown) {
        await session.page.reload();
        await bothFolders.waitFor({ timeout: 60_000 });
      }
      await session.workbench.waitForProblem(POLICY_FILE, policyProblemAt(2, 'b602'));
      await session.workbench.waitForProblem(POLICY_FILE, policyProblemAt(2, 'gaet'));
      const rows = problemRowsOf(await session.workbench.problems(POLICY_FILE));
      assert.equal(rows.length, 2, rows.map((row) => `${row.label} | ${row.text}`).join('\n'));
    });
  });
});
