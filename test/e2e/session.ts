import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { installExtension, startCodeServer, writeSettings } from './code-server';
import type { CodeServer } from './code-server';
import { checkPrerequisites, createScratch, packageExtension } from './e2e-environment';
import type { E2eScratch } from './e2e-environment';
import { waitUntil } from './wait-until';
import { launchChromium, Workbench } from './workbench';
import { isCi } from '../../shared/test/require-in-ci';

/** Settings every run uses: a quiet workbench that opens nothing by itself. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  // In a browser VS Code saves after a second by default: an unsaved buffer, which the tests type into and
  // expect to be checked as it is, would reach the disk behind their back, and a later Ctrl+S land on a file
  // a test has just written.
  'files.autoSave': 'off',
  'devsecops.debounceMs': 200,
};

/** One editor session: code-server + Chromium on a copy of the fixture workspace. */
export interface Session {
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly workbench: Workbench;
  readonly workspace: string;
  readonly userDataDir: string;
}

/** What a suite's sessions share: the scratch folder, and how to open a session. */
export interface EditorSessions {
  /** Set by the suite's `before` hook. */
  readonly scratch: E2eScratch;
  openSession(name: string, settings: Record<string, unknown>, env?: Record<string, string>): Promise<Session>;
}

/**
 * Registers, in the calling `describe`, the hooks that package and install the extension once, screenshot every
 * session when a test fails, and close every session at the end; returns how to open sessions.
 */
export function useEditorSessions(): EditorSessions {
  let codeServer = '';
  let scratch: E2eScratch | undefined;
  let extensionsDir = '';
  const sessions: Session[] = [];

  before(async function () {
    const prerequisites = checkPrerequisites();
    if (!prerequisites.ok) {
      // In CI a missing editor is a broken setup, never a silent pass.
      if (isCi()) throw new Error(`e2e prerequisites missing in CI: ${prerequisites.reason}`);
      console.log(`  Skipping the real-editor e2e tests: ${prerequisites.reason}`);
      this.skip();
    }
    codeServer = prerequisites.codeServer;
    scratch = await createScratch();
    console.log(`  e2e scratch folder (screenshots on failure): ${scratch.dir}`);
    const vsix = await packageExtension();
    extensionsDir = join(scratch.dir, 'extensions');
    installExtension(codeServer, vsix, extensionsDir, join(scratch.dir, 'install-user-data'));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !scratch) return;
    for (const [index, session] of sessions.entries()) {
      const file = join(scratch.screenshots, `${(this.currentTest.title || 'test').replace(/\W+/g, '-')}-${index}.png`);
      await session.page.screenshot({ path: file }).catch(() => undefined);
      console.log(`  screenshot: ${file}`);
      console.log(`  code-server output (last 3000 characters):\n${session.server.output().slice(-3000)}`);
    }
  });

  after(async () => {
    for (const session of sessions.splice(0)) {
      await session.browser.close().catch(() => undefined);
      await session.server.stop();
    }
  });

  const scratchOf = (): E2eScratch => {
    if (!scratch) throw new Error('The e2e scratch folder is made in the before hook.');
    return scratch;
  };

  return {
    get scratch() {
      return scratchOf();
    },
    async openSession(name, settings, env = {}) {
      const workspace = await scratchOf().workspace(name);
      const userDataDir = join(scratchOf().dir, `${name}-user-data`);
      await writeSettings(userDataDir, { ...BASE_SETTINGS, ...settings });
      // Each session starts with an empty scan cache, as on a fresh machine: the user's cache, shared with every
      // earlier run, could answer a scan without running the tool a test watches (a spy Bandit).
      const cacheEnv = { DEVSECOPS_CACHE_DIR: join(scratchOf().dir, `${name}-cache`) };
      const server = await startCodeServer({
        codeServer,
        folder: workspace,
        userDataDir,
        extensionsDir,
        env: { ...cacheEnv, ...env },
      });
      const browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const workbench = new Workbench(page);
      const session = { server, browser, page, workbench, workspace, userDataDir };
      sessions.push(session);
      await workbench.open(server.url);
      return session;
    },
  };
}

/** The DevSecOps log channel's file under code-server's user-data folder (logs/<session>/…/DevSecOps.log). */
export async function readExtensionLog(userDataDir: string): Promise<string> {
  const logs = join(userDataDir, 'logs');
  const files = (await readdir(logs, { recursive: true })).filter((name) => name.endsWith('DevSecOps.log'));
  const texts = await Promise.all(files.map((name) => readFile(join(logs, name), 'utf8')));
  return texts.join('\n');
}

/** How many lines of the extension's output channel match `pattern` now. */
export async function countExtensionLogLines(userDataDir: string, pattern: RegExp): Promise<number> {
  return countMatchingLines(await readExtensionLog(userDataDir), pattern);
}

function countMatchingLines(output: string, pattern: RegExp): number {
  return output.split('\n').filter((line) => pattern.test(line)).length;
}

/**
 * Waits until the output channel holds at least `count` lines matching `pattern`, and returns the whole log.
 * The channel's file is written behind the extension host, so it is read again until the line is there.
 */
export async function waitForExtensionLogLines(
  session: { userDataDir: string },
  pattern: RegExp,
  count = 1,
  timeoutMs = 30_000,
): Promise<string> {
  return waitUntil(
    () => readExtensionLog(session.userDataDir),
    (output) => countMatchingLines(output, pattern) >= count,
    { expected: `${count} line(s) matching ${String(pattern)} in the output channel`, describe: (output) => output },
    { timeoutMs, intervalMs: 250 },
  );
}

/** The line of a Problems row ("[Ln 5, Col 1]" in its text, or "line 5" in its label). */
export function lineOf(row: { label: string; text: string }): number | undefined {
  const match = /Ln (\d+)/.exec(row.text) ?? /line (\d+)/i.exec(row.label);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
