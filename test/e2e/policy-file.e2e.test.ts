import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineOf, useEditorSessions } from './session';
import type { Session } from './session';
import type { ProblemRow } from './workbench';

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

/**
 * The policy file's problem rows (those with a line) once none of them matches `gone`, polled on the Problems
 * panel for up to a minute; the rows as they are then, whether or not it came to pass.
 */
async function policyRowsWithout(session: Session, gone: (row: ProblemRow) => boolean): Promise<ProblemRow[]> {
  const deadline = Date.now() + 60_000;
  let rows = await session.workbench.problems(POLICY_FILE);
  while (Date.now() < deadline && rows.some((row) => lineOf(row) !== undefined && gone(row))) {
    await session.page.waitForTimeout(500);
    rows = await session.workbench.problems(POLICY_FILE);
  }
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
      // Until nothing is left on line 5: a check of a half-typed key would mark it too.
      const remaining = await policyRowsWithout(session, (row) => lineOf(row) === 5);
      assert.equal(remaining.length, 1, remaining.map((row) => `${row.label} | ${row.text}`).join('\n'));
      assert.ok(remaining.some(policyProblemAt(3, 'b602')), 'the rule id is still marked');
      assert.equal(existsSync(marker), false, `nothing ran in Restricted Mode (marker ${marker})`);
    });

    it('fixes the rule id with its quick fix, and no problem is left', async () => {
      await session.workbench.goToLine(3);
      await session.page.keyboard.press('End');
      const title = await session.workbench.applyQuickFix(/Change "b602" to "B602"/);
      assert.match(title, /Change "b602" to "B602"/);
      const rows = await policyRowsWithout(session, () => true);
      assert.deepEqual(
        rows.map((row) => row.text),
        [],
      );
      // Saved before the next test writes the file: a save still under way would write over that.
      await session.workbench.save();
      const saved = Date.now() + 15_000;
      while (Date.now() < saved && !(await readFile(join(session.workspace, POLICY_FILE), 'utf8')).includes('B602')) {
        await session.page.waitForTimeout(250);
      }
      assert.match(await readFile(join(session.workspace, POLICY_FILE), 'utf8'), /rule: B602/);
    });

    it('clears them when the file is deleted, even with its editor still open', async () => {
      // The file changes on disk under its open editor: the editor reloads it, and its problems show again.
      await writeFile(join(session.workspace, POLICY_FILE), POLICY);
      await session.workbench.waitForProblem(POLICY_FILE, policyProblemAt(5, 'gaet'));
      await unlink(join(session.workspace, POLICY_FILE));
      const rows = await policyRowsWithout(session, () => true);
      assert.deepEqual(
        rows.map((row) => row.text),
        [],
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
      const rows = (await session.workbench.problems(POLICY_FILE)).filter((row) => lineOf(row) !== undefined);
      assert.equal(rows.length, 2, rows.map((row) => `${row.label} | ${row.text}`).join('\n'));
    });
  });
});
