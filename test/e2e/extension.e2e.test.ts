import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, chmod, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  startAwsEmulator,
  EMULATOR_ACCESS_KEY_ID,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_SECRET_ACCESS_KEY,
} from '../aws-emulator/emulator';
import type { AwsEmulator } from '../aws-emulator/emulator';
import { FINDINGS_BUCKET } from '../aws-emulator/fixtures';
import { seedDemoCloud } from '../aws-emulator/testing';
import { writeSettings } from './code-server';
import {
  ACTIVATION_LOG,
  CONFIG_FILE_CHANGED_LOG,
  FIXTURE_DIAGNOSTICS,
  SETTINGS_CHANGED_LOG,
  VULNERABLE_PIN,
} from './expectations';
import type { ProblemRow } from './problem-rows';
import { BASE_SETTINGS, countExtensionLogLines, lineOf, useEditorSessions, waitForExtensionLogLines } from './session';
import type { Session } from './session';
import { waitForFileText, waitUntil } from './wait-until';

describe('the extension in a real VS Code (code-server + Chromium)', function () {
  this.timeout(600_000);
  const editor = useEditorSessions();
  const openSession = editor.openSession.bind(editor);
  let emulator: AwsEmulator | undefined;

  before(async () => {
    emulator = await startAwsEmulator({ buckets: [FINDINGS_BUCKET, 'devsecops-artifacts'] });
  });

  after(async () => {
    await emulator?.close();
  });

  describe('in a trusted folder', () => {
    let session: Session;
    let marker = '';
    let settings: Record<string, unknown> = {};

    before(async () => {
      marker = join(editor.scratch.dir, 'bandit-runs-trusted.log');
      settings = {
        // Trust off means every folder is trusted.
        'security.workspace.trust.enabled': false,
        'devsecops.bandit.path': await editor.scratch.banditSpy(marker),
      };
      // Dummy credentials for the emulator, found by the AWS SDK's default provider chain.
      session = await openSession('trusted', settings, {
        AWS_ACCESS_KEY_ID: EMULATOR_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
      });
    });

    it('shows a Bandit, a Dockerfile and a vulnerable-requirement finding at the right lines', async () => {
      for (const file of ['app.py', 'Dockerfile', 'requirements.txt']) await session.workbench.openFile(file);
      for (const expected of FIXTURE_DIAGNOSTICS) {
        const code = typeof expected.code === 'string' ? expected.code : '';
        const row = await session.workbench.waitForProblem(code || expected.file, (candidate) => {
          const text = `${candidate.label} ${candidate.text}`;
          const codeMatches =
            typeof expected.code === 'string'
              ? text.includes(expected.code)
              : candidate.text.split(/[\s()]+/).some((token) => (expected.code as RegExp).test(token));
          return codeMatches && text.includes(expected.source) && lineOf(candidate) === expected.line;
        });
        assert.ok(row, `${expected.file}:${expected.line}`);
      }
      assert.ok(existsSync(marker), 'the trusted folder ran Bandit through devsecops.bandit.path');
    });

    it('logs its activation time', async () => {
      const output = await waitForExtensionLogLines(session, ACTIVATION_LOG);
      const match = ACTIVATION_LOG.exec(output);
      assert.ok(match, `activation line in the output channel:\n${output}`);
      console.log(`  activation (measured inside the extension host): ${match[1]} ms`);
    });

    it('applies the "Upgrade" quick fix to the vulnerable pin', async () => {
      await session.workbench.openFile(VULNERABLE_PIN.file);
      // As a person would: see the finding first (at high load the scan can finish after the file opens).
      await session.workbench.waitForProblem(VULNERABLE_PIN.file, (row) => lineOf(row) === VULNERABLE_PIN.line);
      await session.workbench.goToLine(VULNERABLE_PIN.line);
      const title = await session.workbench.applyQuickFix(/Upgrade .* to /);
      await session.workbench.save();
      const pinOf = (text: string): string => text.split('\n')[VULNERABLE_PIN.line - 1] ?? '';
      const saved = await waitForFileText(
        join(session.workspace, VULNERABLE_PIN.file),
        (text) => pinOf(text) !== VULNERABLE_PIN.text,
        `the pin changed by the quick fix "${title}"`,
      );
      assert.match(pinOf(saved), VULNERABLE_PIN.upgradedPattern);
    });

    it('runs "Run DevSecOps pipeline" locally and reports the outcome', async () => {
      await session.workbench.runCommand('Run DevSecOps pipeline');
      // The sample app's app.py runs a shell with user input (B602, high): the default gate (high) fails.
      const summary = await session.workbench.waitForNotification(/DevSecOps pipeline \(locally\) \w+/, 240_000);
      assert.match(
        summary,
        /DevSecOps pipeline \(locally\) failed at application-validation: gate failed: \d+ findings? ≥ high/,
      );
      assert.match(summary, /finding/);
      // app.py is open and its buffer scan reports B602 too: the run's B602 merges with it (same fingerprint), once.
      await session.workbench.waitForProblem('B602', (candidate) => lineOf(candidate) === 5, 30_000);
      const rows = (await session.workbench.problems('B602')).filter((candidate) => lineOf(candidate) === 5);
      assert.equal(rows.length, 1, rows.map((row) => row.text).join('\n'));
    });

    it('runs the pipeline on AWS (the emulator) after a confirmation, and shows its findings', async () => {
      assert.ok(emulator);
      const cloud = await seedDemoCloud(emulator);
      const settingsChanges = await countExtensionLogLines(session.userDataDir, SETTINGS_CHANGED_LOG);
      await writeSettings(session.userDataDir, {
        ...BASE_SETTINGS,
        ...settings,
        'devsecops.pipeline.mode': 'aws',
        'devsecops.aws.region': emulator.region,
        'devsecops.aws.endpoint': emulator.endpoint,
        'devsecops.aws.s3Endpoint': emulator.s3Endpoint,
        'devsecops.aws.pipelineName': cloud.pipeline,
        'devsecops.aws.repository': cloud.repository,
        'devsecops.aws.findingsBucket': FINDINGS_BUCKET,
      });
      // The workbench reloads settings.json when it changes on disk; the extension says when it has the change.
      await waitForExtensionLogLines(session, SETTINGS_CHANGED_LOG, settingsChanges + 1);
      await session.workbench.runCommand('Run DevSecOps pipeline');
      const confirmation = await session.workbench.answerDialog('Run on AWS');
      assert.match(confirmation, new RegExp(`Account: ${EMULATOR_ACCOUNT_ID}`));
      assert.match(confirmation, new RegExp(`Region: ${emulator.region}`));
      assert.match(confirmation, new RegExp(`Pipeline: ${cloud.pipeline}`));
      const summary = await session.workbench.waitForNotification(/DevSecOps pipeline \(on AWS\) \w+/, 240_000);
      // The demo pipeline's stage project scans and reports, and its execution succeeds.
      assert.match(summary, /DevSecOps pipeline \(on AWS\) passed/);
      assert.match(summary, /finding/);
      // The demo repository's SAST stage reports B602 on app/main.py line 3.
      const row = await session.workbench.waitForProblem(
        'B602',
        (candidate) => candidate.text.includes('bandit (pipeline)') && lineOf(candidate) === 3,
        30_000,
      );
      assert.ok(row);
    });

    it('shows a hover with the rule detail and its documentation link', async () => {
      await session.workbench.openFile('Dockerfile');
      await session.workbench.goToLine(1);
      // "Show or Focus Hover" at the cursor, as a keyboard user would.
      await session.page.keyboard.press('Control+K');
      await session.page.keyboard.press('Control+I');
      const hover = session.page.locator('.monaco-hover', { hasText: 'Read about DL3007' }).first();
      await hover.waitFor({ timeout: 15_000 });
      assert.match(await hover.innerText(), /DL3007 · devsecops-dockerfile · \w+/);
      await session.page.keyboard.press('Escape');
    });

    it('suppresses a Bandit finding on its line, and the unsaved buffer is re-checked', async () => {
      await session.workbench.openFile('app.py');
      await session.workbench.goToLine(5);
      await session.workbench.applyQuickFix(/Suppress B602 on this line/);
      await session.workbench.fillQuickInput('the command is a constant');
      await session.page.keyboard.press('Enter');
      // The comment is in the buffer (not saved) before its check can clear the panel.
      const editorLines = session.page.locator('.editor-group-container.active .view-lines');
      // The editor draws spaces as no-break spaces.
      const editorText = async (): Promise<string> => (await editorLines.innerText()).replace(/\u00a0/g, ' ');
      await waitUntil(
        editorText,
        (text) => /# nosec B602 # the command is a constant/.test(text),
        {
          expected: 'the # nosec comment with its reason in the editor',
        },
        { timeoutMs: 15_000 },
      );
      const onTypeB602 = (row: ProblemRow): boolean =>
        row.text.includes('bandit') && !row.text.includes('(pipeline)') && /Ln 5\b/.test(row.text);
      await session.workbench.waitForProblems(
        'B602',
        (rows) => !rows.some(onTypeB602),
        "no B602 of the buffer's Bandit run on line 5, once the buffer has its # nosec",
        30_000,
      );
    });

    it('suppresses a finding in .devsecops.yml with a reason, and the diagnostic goes away', async () => {
      await session.workbench.openFile('Dockerfile');
      await session.workbench.goToLine(1);
      await session.workbench.applyQuickFix(/Suppress DL3007 in \.devsecops\.yml/);
      await session.workbench.fillQuickInput('base image pinned by digest at release time');
      await session.page.keyboard.press('Enter');
      const config = await waitForFileText(
        join(session.workspace, '.devsecops.yml'),
        (text) => text.includes('DL3007'),
        'a DL3007 suppression',
      );
      assert.match(config, /rule: DL3007/);
      assert.match(config, /reason: base image pinned by digest at release time/);
      assert.match(config, /expires: \d{4}-\d{2}-\d{2}/);
      await session.workbench.waitForProblems(
        'DL3007',
        (rows) => !rows.some((row) => row.text.includes('devsecops-dockerfile')),
        'no DL3007 of the Dockerfile engine once it is suppressed',
        30_000,
      );
    });

    it("never runs a program the folder's .devsecops.yml names; says so once in the output channel", async () => {
      const canary = join(editor.scratch.dir, 'workspace-bandit-ran');
      const evil = join(session.workspace, 'evil.sh');
      await writeFile(evil, `#!/bin/sh\ntouch '${canary}'\necho '{}'\n`);
      await chmod(evil, 0o755);
      const configPath = join(session.workspace, '.devsecops.yml');
      const configChanges = await countExtensionLogLines(session.userDataDir, CONFIG_FILE_CHANGED_LOG);
      await appendFile(configPath, 'tools:\n  bandit:\n    path: ./evil.sh\n    python: ./evil.sh\n');
      // The extension watches .devsecops.yml: once it says it read the file again, scan the whole folder.
      await waitForExtensionLogLines(session, CONFIG_FILE_CHANGED_LOG, configChanges + 1);
      const spyRunsBefore = (await readFile(marker, 'utf8')).split('\n').length;
      await session.workbench.runCommand('DevSecOps: Scan workspace');
      await session.workbench.waitForNotification(/DevSecOps: scan finished/, 120_000);
      const output = await waitForExtensionLogLines(session, /tools\.bandit\.python is ignored/);
      assert.equal(existsSync(canary), false, "the workspace's program ran");
      const warnings = output.split('\n').filter((line) => line.includes('is ignored: a repository cannot'));
      assert.deepEqual(
        warnings.map((line) => /(tools\.bandit\.\w+) is ignored/.exec(line)?.[1]),
        ['tools.bandit.path', 'tools.bandit.python'],
        output,
      );
      assert.match(warnings[0] ?? '', /use the setting devsecops\.bandit\.path in your user settings/);
      // Bandit still ran: the user's own (devsecops.bandit.path, the spy).
      assert.ok((await readFile(marker, 'utf8')).split('\n').length > spyRunsBefore, 'the user Bandit ran');
    });

    it('on a hash-pinned requirement offers to generate the file again, and edits nothing pip would refuse', async () => {
      const name = 'requirements-hashed.txt';
      const path = join(session.workspace, name);
      const text = `jinja2==2.10 \\\n    --hash=sha256:${'0'.repeat(64)}\n`;
      await writeFile(path, text);
      await session.workbench.openFromExplorer(name);
      await session.workbench.waitForProblem(name, (row) => lineOf(row) === 1);
      await session.workbench.goToLine(1);
      await session.workbench.applyQuickFix(/Upgrade jinja2 to .*: generate the hashed file again/);
      await session.workbench.waitForNotification(/pins jinja2 with hashes/, 30_000);
      await session.workbench.save();
      await session.workbench.waitForSaved(name);
      assert.equal(await readFile(path, 'utf8'), text, 'the hashed requirement was edited');
      await session.workbench.runCommand('View: Close Editor');
      await unlink(path);
    });
  });

  describe('on Python manifests (pyproject.toml with its poetry.lock)', () => {
    let session: Session;
    // flask is declared but not locked (checked as declared); urllib3 is locked: the lockfile reports it.
    const pyproject = [
      '[project]',
      'name = "shop"',
      'version = "1.0.0"',
      'dependencies = [',
      '    "flask==0.12",',
      ']',
      '',
      '[tool.poetry.dependencies]',
      'urllib3 = "1.24.1"',
      '',
    ].join('\n');
    const poetryLock = [
      '[[package]]',
      'name = "urllib3"',
      'version = "1.24.1"',
      'description = "HTTP library"',
      'optional = false',
      'python-versions = "*"',
      'files = []',
      '',
      '[metadata]',
      'lock-version = "2.0"',
      'python-versions = "^3.9"',
      'content-hash = "0"',
      '',
    ].join('\n');

    before(async () => {
      // The manifests are in the folder before the editor starts, as in a real project.
      const workspace = await editor.scratch.workspace('manifests');
      await writeFile(join(workspace, 'pyproject.toml'), pyproject);
      await writeFile(join(workspace, 'poetry.lock'), poetryLock);
      session = await openSession('manifests', { 'security.workspace.trust.enabled': false });
    });

    it('shows one diagnostic per requirement, its advisories in the hover, and the upgrade clears them', async () => {
      await session.workbench.openFromExplorer('pyproject.toml');
      const row = await session.workbench.waitForProblem('pyproject.toml', (candidate) =>
        /flask 0\.12 is affected by 3 advisories/.test(candidate.text),
      );
      assert.equal(lineOf(row), 5);
      // The locked urllib3 is reported on the lockfile, not here.
      const here = await session.workbench.problems('pyproject.toml');
      assert.equal(here.filter((candidate) => candidate.text.includes('urllib3')).length, 0, JSON.stringify(here));
      // Line 5, column 8: inside the requirement string the diagnostic covers.
      await session.workbench.goToLine(5, 8);
      await session.page.keyboard.press('Control+K');
      await session.page.keyboard.press('Control+I');
      const hover = session.page.locator('.monaco-hover', { hasText: 'one upgrade for all of them' }).first();
      await hover.waitFor({ timeout: 15_000 });
      const text = await hover.innerText();
      // One list entry per advisory, each once (the id starts its line; aliases follow in brackets).
      const ids = [...text.matchAll(/^((?:PYSEC|GHSA)-[\w-]+) \(/gm)].map((match) => match[1]);
      assert.equal(ids.length, 3, text);
      assert.equal(new Set(ids).size, 3, text);
      assert.doesNotMatch(text, /\b(\w+) \(\1\)/i, 'no severity repeated as "high (HIGH)"');
      await session.page.keyboard.press('Escape');
      const title = await session.workbench.applyQuickFix(/Upgrade flask to [\d.]+ \(fixes 3 of 3 advisories\)/);
      await session.workbench.save();
      const flaskLineOf = (text: string): string => text.split('\n')[4] ?? '';
      const saved = await waitForFileText(
        join(session.workspace, 'pyproject.toml'),
        (text) => !flaskLineOf(text).includes('0.12'),
        `flask upgraded by "${title}"`,
      );
      assert.match(flaskLineOf(saved), /^ {4}"flask==2\.2\.5",$/, title);
      // Scanned again: the requirement has no advisory left.
      await session.workbench.waitForProblems(
        'pyproject.toml',
        (rows) => !rows.some((candidate) => candidate.text.includes('flask')),
        'no advisory left on the upgraded flask',
        30_000,
      );
    });

    it('on the lockfile offers the command that updates it, not an edit', async () => {
      await session.workbench.openFromExplorer('poetry.lock');
      const row = await session.workbench.waitForProblem('poetry.lock', (candidate) =>
        /urllib3 1\.24\.1 is affected by 7 advisories/.test(candidate.text),
      );
      assert.equal(lineOf(row), 2);
      await session.workbench.goToLine(2);
      await session.workbench.applyQuickFix(
        /Upgrade urllib3 to [\d.]+ \(fixes 7 of 7 advisories\): run poetry update urllib3/,
      );
      const toast = await session.workbench.waitForNotification(/run "poetry update urllib3"/, 30_000);
      assert.match(toast, /Copy command/);
      assert.ok(!toast.includes('`'), toast);
      assert.equal(
        await readFile(join(session.workspace, 'poetry.lock'), 'utf8'),
        poetryLock,
        'the lockfile is not edited',
      );
      await session.workbench.runCommand('Notifications: Clear All Notifications');
    });

    it('shows the advisory data’s age in the status bar, and offers the update when it is stale', async () => {
      // The bundled snapshot is of 2024-10-10: far older than the 30 days allowed by default.
      const item = session.page.locator('.statusbar-item', { hasText: /Advisories \d+ days old/ }).first();
      await item.waitFor({ timeout: 30_000 });
      const days = Number(/Advisories (\d+) days old/.exec(await item.innerText())?.[1]);
      const expected = Math.floor((Date.now() - Date.parse('2024-10-10T00:00:00Z')) / 86_400_000);
      assert.ok(Math.abs(days - expected) <= 1, `${String(days)} days shown, ${String(expected)} expected`);
      await item.click();
      const toast = await session.workbench.waitForNotification(/more than the 30 days/, 30_000);
      assert.match(toast, /Update advisory database/);
      await session.workbench.runCommand('Notifications: Clear All Notifications');
    });
  });

  describe('with Bandit missing', () => {
    let session: Session;

    before(async () => {
      session = await openSession('bandit-missing', {
        'security.workspace.trust.enabled': false,
        'devsecops.bandit.path': join(editor.scratch.dir, 'no-such-dir', 'bandit'),
      });
    });

    it("says so once, with Install…, Choose path… and Don't show again, and not again on later edits and saves", async () => {
      await session.workbench.openFile('app.py');
      const toast = session.page.locator('.notification-toast', { hasText: /Bandit .* was not found/ }).first();
      await toast.waitFor({ timeout: 60_000 });
      const buttons = await toast.locator('.monaco-button').allInnerTexts();
      assert.deepEqual(
        buttons.map((text) => text.trim()).filter((text) => text !== ''),
        ['Install…', 'Choose path…', "Don't show again"],
      );
      await session.workbench.runCommand('Notifications: Clear All Notifications');
      await toast.waitFor({ state: 'detached' });
      const appPath = join(session.workspace, 'app.py');
      for (const edit of ['# first edit', '# second edit']) {
        await session.workbench.goToLine(2);
        await session.page.keyboard.type(edit);
        await session.workbench.save();
        // Saved (each save scans app.py with Bandit again, and finds it missing again).
        await waitForFileText(appPath, (text) => text.includes(edit), `"${edit}"`);
      }
      // A workspace scan reports its tool runs as a save's scan does and finishes after those scans: once its
      // toast is there and the status bar shows no scan running (and Bandit still missing), every report is in.
      await session.workbench.runCommand('DevSecOps: Scan workspace');
      await session.workbench.waitForNotification(/DevSecOps: scan finished/, 120_000);
      await session.workbench.waitForDevsecopsStatus(/bandit missing/);
      assert.equal(await session.page.locator('.notification-toast', { hasText: /was not found/ }).count(), 0);
    });
  });

  describe('in an untrusted folder', () => {
    let session: Session;
    let marker = '';

    before(async () => {
      marker = join(editor.scratch.dir, 'bandit-runs-untrusted.log');
      const spy = await editor.scratch.banditSpy(marker);
      session = await openSession('untrusted', {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.untrustedFiles': 'open',
        'devsecops.bandit.path': spy,
      });
    });

    it('still shows built-in Dockerfile diagnostics and spawns no process', async () => {
      await session.workbench.openFile('app.py');
      await session.workbench.openFile('Dockerfile');
      await session.workbench.waitForProblem('DL3007', (row) => lineOf(row) === 1);
      // The status bar says what became of app.py's scan: Bandit was considered for it, and not run.
      await session.workbench.waitForDevsecopsStatus(/bandit not run \(Restricted Mode\)/);
      assert.equal(existsSync(marker), false, `no process may be spawned in an untrusted folder (marker ${marker})`);
      const banditRows = await session.workbench.problems('B602');
      assert.deepEqual(banditRows, [], 'no Bandit diagnostics without trust');
    });

    it('scans the workspace with the built-in engines only', async () => {
      await session.workbench.runCommand('DevSecOps: Scan workspace');
      await session.workbench.waitForNotification(/DevSecOps: scan finished with \d+ finding/, 120_000);
      // requirements.txt is not open: its finding comes from the workspace scan.
      await session.workbench.waitForProblem('devsecops-sca', (row) => lineOf(row) === 3, 30_000);
      assert.equal(existsSync(marker), false, 'Scan workspace started no process in an untrusted folder');
    });

    it('refuses to run the pipeline until the folder is trusted', async () => {
      await session.workbench.runCommand('Run DevSecOps pipeline');
      const warning = await session.workbench.waitForNotification(/needs a trusted workspace/, 30_000);
      assert.match(warning, /Manage Workspace Trust/);
      assert.equal(existsSync(join(session.workspace, 'reports')), false, 'no pipeline reports were written');
    });
  });
});
